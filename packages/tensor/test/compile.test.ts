import { describe, expect, test } from "vitest";
import { compile, isTensor, KilnError, tensor, zeros, type Tensor } from "@kiln/tensor";

/** Wraps `fn` so that each trace (each call of the body) is counted. */
function counted<A extends unknown[], R>(fn: (...args: A) => R): { fn: (...args: A) => R; calls: () => number } {
  let calls = 0;
  return {
    fn: (...args: A) => {
      calls++;
      return fn(...args);
    },
    calls: () => calls,
  };
}

describe("compile tracing", () => {
  test("traces once per signature", () => {
    const body = counted((x: Tensor) => x.mul(2));
    const f = compile(body.fn);
    f(tensor([1, 2]));
    f(tensor([3, 4]));
    expect(f.traceCount).toBe(1);
    expect(body.calls()).toBe(1);
  });

  test("runs the traced program", () => {
    const f = compile((x: Tensor) => x.mul(2).add(1));
    f(tensor([1, 2]));
    expect(f(tensor([3, 4])).toArraySync()).toEqual([7, 9]);
  });

  test("retraces on new shape", () => {
    const f = compile((x: Tensor) => x.sum());
    f(tensor([1, 2]));
    expect(f(tensor([1, 2, 3])).itemSync()).toBe(6);
    expect(f.traceCount).toBe(2);
  });

  test("retraces on new dtype", () => {
    const f = compile((x: Tensor) => x.add(x));
    f(tensor([1, 2]));
    const out = f(tensor([1, 2], "i32"));
    expect(out.dtype).toBe("i32");
    expect(f.traceCount).toBe(2);
  });

  test("retraces on new tree structure", () => {
    const f = compile((tree: Tensor[] | { a: Tensor }) => (Array.isArray(tree) ? tree[0] : tree.a).neg());
    f([tensor([1])]);
    f({ a: tensor([1]) });
    f([tensor([2])]);
    expect(f.traceCount).toBe(2);
  });

  test("retraces on new static value", () => {
    const f = compile((x: Tensor, mode: string) => (mode === "double" ? x.mul(2) : x));
    expect(f(tensor([3]), "double").toArraySync()).toEqual([6]);
    expect(f(tensor([3]), "same").toArraySync()).toEqual([3]);
    expect(f.traceCount).toBe(2);
  });

  test("numbers are traced scalars", () => {
    const body = counted((x: Tensor, scale: number | Tensor) => x.mul(scale as Tensor));
    const f = compile(body.fn);
    expect(f(tensor([1, 2]), 2).toArraySync()).toEqual([2, 4]);
    expect(f(tensor([1, 2]), 3).toArraySync()).toEqual([3, 6]);
    expect(f.traceCount).toBe(1);
    expect(body.calls()).toBe(1);
  });

  test("number is a tensor inside trace", () => {
    let seen: unknown;
    const f = compile((x: Tensor, scale: unknown) => {
      seen = scale;
      return x;
    });
    f(tensor([1]), 2);
    expect(isTensor(seen)).toBe(true);
    expect((seen as Tensor).shape).toEqual([]);
    expect((seen as Tensor).dtype).toBe("f32");
  });

  test("closed-over tensors are captured", () => {
    const weights = tensor([1, 2]).mul(10);
    const f = compile((x: Tensor) => x.add(weights));
    f(tensor([0, 0]));
    expect(f(tensor([1, 1])).toArraySync()).toEqual([11, 21]);
  });

  test("outputs keep pytree structure", () => {
    const f = compile((x: Tensor) => ({ total: x.sum(), parts: [x.neg(), x.mul(2)], label: "stats" }));
    const out = f(tensor([1, 2]));
    expect(out.total.itemSync()).toBe(3);
    expect(out.parts[0].toArraySync()).toEqual([-1, -2]);
    expect(out.parts[1].toArraySync()).toEqual([2, 4]);
    expect(out.label).toBe("stats");
  });

  test("returns an input unchanged", () => {
    const x = tensor([5]);
    const f = compile((a: Tensor) => a);
    expect(f(x)).toBe(x);
  });

  test("duplicate outputs share values", () => {
    const f = compile((x: Tensor) => {
      const y = x.add(1);
      return [y, y];
    });
    const [a, b] = f(tensor([1]));
    expect(a.toArraySync()).toEqual([2]);
    expect(b.toArraySync()).toEqual([2]);
  });

  test("constants created inside trace", () => {
    const f = compile((x: Tensor) => x.add(zeros([2]).add(4)));
    expect(f(tensor([1, 2])).toArraySync()).toEqual([5, 6]);
  });

  test("backend option runs on cpu64", () => {
    const f = compile((x: Tensor) => x.div(3), { backend: "cpu64" });
    expect(f(tensor([1])).dataSync()).toBeInstanceOf(Float64Array);
  });

  test("trace does not run", () => {
    const body = counted((x: Tensor) => x.exp());
    const f = compile(body.fn);
    const trace = f.trace(tensor([1, 2]));
    expect(trace.argCount).toBe(1);
    expect(f.traceCount).toBe(1);
  });

  test("matches eager results", () => {
    const fn = (x: Tensor, y: Tensor) => x.matmul(y).softmax(-1).sum(0);
    const x = tensor([[1, 2], [3, 4]]);
    const y = tensor([[0.5, -1], [2, 0]]);
    expect(compile(fn)(x, y).toArraySync()).toEqual(fn(x, y).toArraySync());
  });
});

describe("compile donation", () => {
  function donatingStep() {
    return compile((params: Tensor, grads: Tensor) => params.sub(grads.mul(0.1)), { donate: [0] });
  }

  test("donated argument cannot be read", () => {
    const params = tensor([1, 2]);
    donatingStep()(params, tensor([1, 1]));
    expect(() => params.dataSync()).toThrow(/donated to a compiled call and can no longer be read/);
  });

  test("donated argument cannot be used in ops", () => {
    const params = tensor([1, 2]);
    donatingStep()(params, tensor([1, 1]));
    expect(() => params.add(1)).toThrow(/donated to a compiled call and can no longer be used/);
  });

  test("donated argument cannot be passed again", () => {
    const step = donatingStep();
    const params = tensor([1, 2]);
    step(params, tensor([1, 1]));
    expect(() => step(params, tensor([1, 1]))).toThrow(/compile: .*donated to a compiled call/);
  });

  test("donation error is a KilnError", () => {
    const params = tensor([1, 2]);
    donatingStep()(params, tensor([1, 1]));
    expect(() => params.dataSync()).toThrow(KilnError);
  });

  test("result of donating call is readable", () => {
    const out = donatingStep()(tensor([1, 2]), tensor([10, 10]));
    expect(out.toArraySync()).toEqual([0, 1]);
  });

  test("other arguments stay usable", () => {
    const grads = tensor([1, 1]);
    donatingStep()(tensor([1, 2]), grads);
    expect(grads.toArraySync()).toEqual([1, 1]);
  });

  test("donates every leaf of a pytree argument", () => {
    const params = { w: tensor([1]), b: tensor([2]) };
    const f = compile((p: { w: Tensor; b: Tensor }) => p.w.add(p.b), { donate: [0] });
    f(params);
    expect(() => params.w.dataSync()).toThrow(/donated/);
    expect(() => params.b.dataSync()).toThrow(/donated/);
  });

  test("returned donated input stays usable", () => {
    const x = tensor([1, 2]);
    const f = compile((a: Tensor) => a, { donate: [0] });
    f(x);
    expect(x.toArraySync()).toEqual([1, 2]);
  });
});

describe("compile read errors", () => {
  test("dataSync inside trace raises", () => {
    const f = compile((x: Tensor) => {
      x.dataSync();
      return x;
    });
    expect(() => f(tensor([1]))).toThrow(/cannot read the value of a tensor while compile\(\) is tracing/);
  });

  test("itemSync inside trace raises", () => {
    const f = compile((x: Tensor) => tensor(x.sum().itemSync()));
    expect(() => f(tensor([1]))).toThrow(/while compile\(\) is tracing; return it from the function instead/);
  });

  test("reading a closed-over tensor raises", () => {
    const outside = tensor([1]);
    const f = compile((x: Tensor) => x.add(outside.itemSync()));
    expect(() => f(tensor([1]))).toThrow(/compile\(\) is tracing/);
  });

  test("failed trace is not cached", () => {
    let fail = true;
    const f = compile((x: Tensor) => {
      if (fail) x.dataSync();
      return x.neg();
    });
    expect(() => f(tensor([1]))).toThrow(KilnError);
    fail = false;
    expect(f(tensor([1])).toArraySync()).toEqual([-1]);
  });

  test("reading works after a failed trace", () => {
    const f = compile((x: Tensor) => {
      x.dataSync();
      return x;
    });
    expect(() => f(tensor([1]))).toThrow(KilnError);
    expect(tensor([2]).add(1).toArraySync()).toEqual([3]);
  });
});
