import { describe, expect, test } from "vitest";
import {
  arange,
  eye,
  fromArray,
  full,
  fullLike,
  iota,
  linspace,
  ones,
  onesLike,
  random,
  scalar,
  tensor,
  withBackend,
  zeros,
  zerosLike,
  type Tensor,
} from "@kiln/tensor";
import { BACKENDS, describeBackends, read, readItem, readNested } from "./helpers.js";

describe("tensor metadata", () => {
  test("nested data shape", () => {
    expect(tensor([[1, 2, 3], [4, 5, 6]]).shape).toEqual([2, 3]);
  });

  test("numbers default to f32", () => {
    expect(tensor([1, 2]).dtype).toBe("f32");
  });

  test("empty array", () => {
    expect(tensor([]).shape).toEqual([0]);
  });

  test("empty rows", () => {
    expect(tensor([[], []]).shape).toEqual([2, 0]);
  });

  test("rank and size", () => {
    const t = tensor([[[1], [2]]]);
    expect(t.rank).toBe(3);
    expect(t.size).toBe(2);
  });

  test("i32 dtype from fromArray", () => {
    expect(fromArray([7], [1], "i32").dtype).toBe("i32");
  });

  test("full with boolean is bool", () => {
    expect(full([2], true).dtype).toBe("bool");
  });

  test("arange empty when stop below start", () => {
    expect(arange(3, 1).shape).toEqual([0]);
  });

  test("linspace of zero", () => {
    expect(linspace(3, 7, 0).shape).toEqual([0]);
  });
});

describeBackends("creation", (backend) => {
  const values = (t: Tensor) => readNested(t, backend);
  const item = (t: Tensor) => readItem(t, backend);

  describe("tensor", () => {
    test("nested data values", async () => {
      expect(await values(tensor([[1, 2], [3, 4]]))).toEqual([[1, 2], [3, 4]]);
    });

    test("booleans become bool", async () => {
      const t = tensor([[true, false]]);
      expect(t.dtype).toBe("bool");
      expect(await values(t)).toEqual([[true, false]]);
    });

    test("explicit i32 dtype", async () => {
      expect(await withBackend(backend.name, () => tensor([1, -2], "i32").data())).toEqual(Int32Array.of(1, -2));
    });

    test("mixed data with a dtype", async () => {
      expect(await values(tensor([true, 2] as never, "f32"))).toEqual([1, 2]);
    });

    test("rank-0 from a number", async () => {
      const t = tensor(3.5);
      expect(t.shape).toEqual([]);
      expect(await values(t)).toBe(3.5);
    });

    // cpu64 keeps f32 tensors in float64.
    test("f32 data precision", async () => {
      expect(await read(tensor([0.1]), backend)).toEqual([backend.roundF32(0.1)]);
    });

    test("special values survive", async () => {
      expect(await values(tensor([NaN, Infinity, -Infinity, -0]))).toEqual([NaN, Infinity, -Infinity, -0]);
    });

    test("special values survive an op", async () => {
      expect(await values(tensor([NaN, Infinity, -Infinity, -0]).mul(1))).toEqual([NaN, Infinity, -Infinity, -0]);
    });
  });

  describe("fromArray", () => {
    test("reshapes flat data", async () => {
      expect(await values(fromArray([1, 2, 3, 4, 5, 6], [3, 2]))).toEqual([[1, 2], [3, 4], [5, 6]]);
    });

    test("copies its input", async () => {
      const data = [1, 2];
      const t = fromArray(data, [2]);
      data[0] = 9;
      expect(await values(t)).toEqual([1, 2]);
    });

    test("bool from numbers", async () => {
      expect(await values(fromArray([0, 2, -1], [3], "bool"))).toEqual([false, true, true]);
    });
  });

  describe("filled tensors", () => {
    test("zeros", async () => {
      expect(await values(zeros([2, 2]))).toEqual([[0, 0], [0, 0]]);
    });

    test("ones i32", async () => {
      const t = ones([3], "i32");
      expect(t.dtype).toBe("i32");
      expect(await values(t)).toEqual([1, 1, 1]);
    });

    test("full with boolean", async () => {
      expect(await values(full([2], true))).toEqual([true, true]);
    });

    test("full with number", async () => {
      expect(await values(full([2], -1.5))).toEqual([-1.5, -1.5]);
    });

    test("zeros of rank 0", async () => {
      expect(await item(zeros([]))).toBe(0);
    });

    test("zeros of zero size", async () => {
      expect(await values(zeros([2, 0]))).toEqual([[], []]);
    });

    test("like variants keep shape and dtype", async () => {
      const x = tensor([[1, 2]], "i32");
      expect(await values(zerosLike(x))).toEqual([[0, 0]]);
      expect(onesLike(x).dtype).toBe("i32");
      expect(await values(fullLike(x, 4))).toEqual([[4, 4]]);
    });

    test("scalar", async () => {
      expect(await item(scalar(2, "i32"))).toBe(2);
    });
  });

  describe("ranges", () => {
    test("iota along axis 1", async () => {
      expect(await values(iota([2, 3], 1))).toEqual([[0, 1, 2], [0, 1, 2]]);
    });

    test("iota along axis 0", async () => {
      expect(await values(iota([2, 2], 0, "f32"))).toEqual([[0, 0], [1, 1]]);
    });

    test("arange with one argument", async () => {
      const t = arange(4);
      expect(t.dtype).toBe("i32");
      expect(await values(t)).toEqual([0, 1, 2, 3]);
    });

    test("arange with negative step", async () => {
      expect(await values(arange(5, 0, -2))).toEqual([5, 3, 1]);
    });

    test("arange with float step", async () => {
      const t = arange(0, 1, 0.25);
      expect(t.dtype).toBe("f32");
      expect(await values(t)).toEqual([0, 0.25, 0.5, 0.75]);
    });

    test("linspace inclusive", async () => {
      expect(await values(linspace(0, 1, 5))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    });

    test("linspace of one", async () => {
      expect(await values(linspace(3, 7, 1))).toEqual([3]);
    });

    test("eye square", async () => {
      expect(await values(eye(2))).toEqual([[1, 0], [0, 1]]);
    });

    test("eye rectangular", async () => {
      expect(await values(eye(2, 3, "i32"))).toEqual([[1, 0, 0], [0, 1, 0]]);
    });
  });

  describe("readers", () => {
    test("async data", async () => {
      expect(await withBackend(backend.name, () => tensor([1, 2]).add(1).data())).toEqual(backend.name === "cpu64" ? Float64Array.of(2, 3) : Float32Array.of(2, 3));
    });

    test("async item", async () => {
      expect(await item(tensor([[4]]))).toBe(4);
    });

    test("async toArray", async () => {
      expect(await values(tensor([[true], [false]]))).toEqual([[true], [false]]);
    });

    test("async bool item", async () => {
      expect(await item(tensor(true))).toBe(true);
    });

    test("data returns a copy", async () => {
      const t = tensor([1, 2]).add(0);
      const first = await withBackend(backend.name, () => t.data());
      first[0] = 9;
      expect(await values(t)).toEqual([1, 2]);
    });

    test("reading twice is stable", async () => {
      const t = random.uniform(random.key(1), [4]);
      expect(await values(t)).toEqual(await values(t));
    });
  });
});

describe("sync readers", () => {
  test("dataSync returns a copy", () => {
    const t = tensor([1, 2]);
    t.dataSync()[0] = 9;
    expect(t.toArraySync()).toEqual([1, 2]);
  });

  test("cpu64 data is Float64Array", () => {
    expect(withBackend("cpu64", () => tensor([1]).mul(2).dataSync())).toBeInstanceOf(Float64Array);
  });

  const webgpu = BACKENDS.find((b) => b.name === "webgpu");
  test.runIf(webgpu?.available)("dataSync raises on webgpu", () => {
    expect(() => withBackend("webgpu", () => tensor([1]).add(1).dataSync())).toThrow(/cannot be read synchronously; use await t.data\(\)/);
  });
});
