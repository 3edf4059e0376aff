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
} from "@kiln/tensor";

describe("tensor", () => {
  test("nested data shape", () => {
    expect(tensor([[1, 2, 3], [4, 5, 6]]).shape).toEqual([2, 3]);
  });

  test("nested data values", () => {
    expect(tensor([[1, 2], [3, 4]]).toArraySync()).toEqual([[1, 2], [3, 4]]);
  });

  test("numbers default to f32", () => {
    expect(tensor([1, 2]).dtype).toBe("f32");
  });

  test("booleans become bool", () => {
    const t = tensor([[true, false]]);
    expect(t.dtype).toBe("bool");
    expect(t.toArraySync()).toEqual([[true, false]]);
  });

  test("explicit i32 dtype", () => {
    expect(tensor([1, -2], "i32").dataSync()).toEqual(Int32Array.of(1, -2));
  });

  test("rank-0 from a number", () => {
    const t = tensor(3.5);
    expect(t.shape).toEqual([]);
    expect(t.toArraySync()).toBe(3.5);
  });

  test("empty array", () => {
    expect(tensor([]).shape).toEqual([0]);
  });

  test("empty rows", () => {
    expect(tensor([[], []]).shape).toEqual([2, 0]);
  });

  test("f32 rounds on cpu", () => {
    expect(tensor([0.1]).dataSync()[0]).toBe(Math.fround(0.1));
  });

  test("f32 keeps float64 on cpu64", () => {
    expect(withBackend("cpu64", () => tensor([0.1]).dataSync()[0])).toBe(0.1);
  });

  test("special values survive", () => {
    expect(tensor([NaN, Infinity, -Infinity, -0]).toArraySync()).toEqual([NaN, Infinity, -Infinity, -0]);
  });

  test("rank and size", () => {
    const t = tensor([[[1], [2]]]);
    expect(t.rank).toBe(3);
    expect(t.size).toBe(2);
  });
});

describe("fromArray", () => {
  test("reshapes flat data", () => {
    expect(fromArray([1, 2, 3, 4, 5, 6], [3, 2]).toArraySync()).toEqual([[1, 2], [3, 4], [5, 6]]);
  });

  test("copies its input", () => {
    const data = [1, 2];
    const t = fromArray(data, [2]);
    data[0] = 9;
    expect(t.toArraySync()).toEqual([1, 2]);
  });

  test("bool from numbers", () => {
    expect(fromArray([0, 2, -1], [3], "bool").toArraySync()).toEqual([false, true, true]);
  });

  test("i32 dtype", () => {
    expect(fromArray([7], [1], "i32").dtype).toBe("i32");
  });
});

describe("filled tensors", () => {
  test("zeros", () => {
    expect(zeros([2, 2]).toArraySync()).toEqual([[0, 0], [0, 0]]);
  });

  test("ones i32", () => {
    const t = ones([3], "i32");
    expect(t.dtype).toBe("i32");
    expect(t.toArraySync()).toEqual([1, 1, 1]);
  });

  test("full with boolean is bool", () => {
    expect(full([2], true).dtype).toBe("bool");
  });

  test("full with number", () => {
    expect(full([2], -1.5).toArraySync()).toEqual([-1.5, -1.5]);
  });

  test("zeros of rank 0", () => {
    expect(zeros([]).itemSync()).toBe(0);
  });

  test("zeros of zero size", () => {
    expect(zeros([2, 0]).toArraySync()).toEqual([[], []]);
  });

  test("like variants keep shape and dtype", () => {
    const x = tensor([[1, 2]], "i32");
    expect(zerosLike(x).toArraySync()).toEqual([[0, 0]]);
    expect(onesLike(x).dtype).toBe("i32");
    expect(fullLike(x, 4).toArraySync()).toEqual([[4, 4]]);
  });

  test("scalar", () => {
    expect(scalar(2, "i32").itemSync()).toBe(2);
  });
});

describe("ranges", () => {
  test("iota along axis 1", () => {
    expect(iota([2, 3], 1).toArraySync()).toEqual([[0, 1, 2], [0, 1, 2]]);
  });

  test("iota along axis 0", () => {
    expect(iota([2, 2], 0, "f32").toArraySync()).toEqual([[0, 0], [1, 1]]);
  });

  test("arange with one argument", () => {
    const t = arange(4);
    expect(t.dtype).toBe("i32");
    expect(t.toArraySync()).toEqual([0, 1, 2, 3]);
  });

  test("arange with negative step", () => {
    expect(arange(5, 0, -2).toArraySync()).toEqual([5, 3, 1]);
  });

  test("arange with float step", () => {
    const t = arange(0, 1, 0.25);
    expect(t.dtype).toBe("f32");
    expect(t.toArraySync()).toEqual([0, 0.25, 0.5, 0.75]);
  });

  test("arange empty when stop below start", () => {
    expect(arange(3, 1).shape).toEqual([0]);
  });

  test("linspace inclusive", () => {
    expect(linspace(0, 1, 5).toArraySync()).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  test("linspace of one", () => {
    expect(linspace(3, 7, 1).toArraySync()).toEqual([3]);
  });

  test("linspace of zero", () => {
    expect(linspace(3, 7, 0).shape).toEqual([0]);
  });

  test("eye square", () => {
    expect(eye(2).toArraySync()).toEqual([[1, 0], [0, 1]]);
  });

  test("eye rectangular", () => {
    expect(eye(2, 3, "i32").toArraySync()).toEqual([[1, 0, 0], [0, 1, 0]]);
  });
});

describe("readers", () => {
  test("async data", async () => {
    expect(await tensor([1, 2]).add(1).data()).toEqual(Float32Array.of(2, 3));
  });

  test("async item", async () => {
    expect(await tensor([[4]]).item()).toBe(4);
  });

  test("async toArray", async () => {
    expect(await tensor([[true], [false]]).toArray()).toEqual([[true], [false]]);
  });

  test("async bool item", async () => {
    expect(await tensor(true).item()).toBe(true);
  });

  test("dataSync returns a copy", () => {
    const t = tensor([1, 2]);
    t.dataSync()[0] = 9;
    expect(t.toArraySync()).toEqual([1, 2]);
  });

  test("cpu64 data is Float64Array", () => {
    expect(withBackend("cpu64", () => tensor([1]).mul(2).dataSync())).toBeInstanceOf(Float64Array);
  });

  test("reading twice is stable", () => {
    const t = random.uniform(random.key(1), [4]);
    expect(t.toArraySync()).toEqual(t.toArraySync());
  });
});
