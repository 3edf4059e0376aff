import { describe, expect, test } from "vitest";
import { compile, grad, isTensor, jvp, KilnError, tensor, withBackend, zeros, type Tensor } from "@kiln/tensor";
import { describeBackends, read, readItem, readNested } from "./helpers.js";

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

describe("compile without reads", () => {
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

  test("returns an input unchanged", () => {
    const x = tensor([5]);
    const f = compile((a: Tensor) => a);
    expect(f(x)).toBe(x);
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
});

describeBackends("compile", (backend) => {
  /** Calls `f` with `backend` as the default backend, where compiled calls run. */
  const on = <R>(f: () => R): R => withBackend(backend.name, f);
  const values = (t: Tensor) => readNested(t, backend);
  const item = (t: Tensor) => readItem(t, backend);

  describe("tracing", () => {
    test("traces once per signature", async () => {
      const body = counted((x: Tensor) => x.mul(2));
      const f = compile(body.fn);
      const first = on(() => f(tensor([1, 2])));
      const second = on(() => f(tensor([3, 4])));
      expect(f.traceCount).toBe(1);
      expect(body.calls()).toBe(1);
      expect(await values(first)).toEqual([2, 4]);
      expect(await values(second)).toEqual([6, 8]);
    });

    test("runs the traced program", async () => {
      const f = compile((x: Tensor) => x.mul(2).add(1));
      on(() => f(tensor([1, 2])));
      expect(await values(on(() => f(tensor([3, 4]))))).toEqual([7, 9]);
    });

    test("retraces on new shape", async () => {
      const f = compile((x: Tensor) => x.sum());
      on(() => f(tensor([1, 2])));
      expect(await item(on(() => f(tensor([1, 2, 3]))))).toBe(6);
      expect(f.traceCount).toBe(2);
    });

    test("retraces on new dtype", async () => {
      const f = compile((x: Tensor) => x.add(x));
      on(() => f(tensor([1, 2])));
      const out = on(() => f(tensor([1, 2], "i32")));
      expect(out.dtype).toBe("i32");
      expect(f.traceCount).toBe(2);
      expect(await values(out)).toEqual([2, 4]);
    });

    test("retraces on new tree structure", async () => {
      const f = compile((tree: Tensor[] | { a: Tensor }) => (Array.isArray(tree) ? tree[0] : tree.a).neg());
      on(() => f([tensor([1])]));
      on(() => f({ a: tensor([1]) }));
      const out = on(() => f([tensor([2])]));
      expect(f.traceCount).toBe(2);
      expect(await values(out)).toEqual([-2]);
    });

    test("retraces on new static value", async () => {
      const f = compile((x: Tensor, mode: string) => (mode === "double" ? x.mul(2) : x));
      expect(await values(on(() => f(tensor([3]), "double")))).toEqual([6]);
      expect(await values(on(() => f(tensor([3]), "same")))).toEqual([3]);
      expect(f.traceCount).toBe(2);
    });

    test("retraces on new static function", async () => {
      const f = compile((x: Tensor, act: (t: Tensor) => Tensor) => act(x));
      expect(await values(on(() => f(tensor([-1, 2]), (t) => t.mul(2))))).toEqual([-2, 4]);
      expect(await values(on(() => f(tensor([-1, 2]), (t) => t.neg())))).toEqual([1, -2]);
      expect(f.traceCount).toBe(2);
    });

    test("keys static objects by identity", async () => {
      const f = compile((x: Tensor, scales: Map<string, number>) => x.mul(scales.get("a") ?? 0));
      const first = new Map([["a", 2]]);
      expect(await values(on(() => f(tensor([1]), first)))).toEqual([2]);
      expect(await values(on(() => f(tensor([1]), new Map([["a", 5]]))))).toEqual([5]);
      expect(await values(on(() => f(tensor([1]), first)))).toEqual([2]);
      expect(f.traceCount).toBe(2);
    });

    test("keys bigint statics by value", async () => {
      const f = compile((x: Tensor, n: bigint) => x.mul(Number(n)));
      expect(await values(on(() => f(tensor([1]), 3n)))).toEqual([3]);
      expect(await values(on(() => f(tensor([1]), 3n)))).toEqual([3]);
      expect(await values(on(() => f(tensor([1]), 4n)))).toEqual([4]);
      expect(f.traceCount).toBe(2);
    });

    test("numbers are traced scalars", async () => {
      const body = counted((x: Tensor, scale: number | Tensor) => x.mul(scale as Tensor));
      const f = compile(body.fn);
      expect(await values(on(() => f(tensor([1, 2]), 2)))).toEqual([2, 4]);
      expect(await values(on(() => f(tensor([1, 2]), 3)))).toEqual([3, 6]);
      expect(f.traceCount).toBe(1);
      expect(body.calls()).toBe(1);
    });

    test("closed-over tensors are captured", async () => {
      const weights = tensor([1, 2]).mul(10);
      const f = compile((x: Tensor) => x.add(weights));
      on(() => f(tensor([0, 0])));
      expect(await values(on(() => f(tensor([1, 1]))))).toEqual([11, 21]);
    });

    test("outputs keep pytree structure", async () => {
      const f = compile((x: Tensor) => ({ total: x.sum(), parts: [x.neg(), x.mul(2)], label: "stats" }));
      const out = on(() => f(tensor([1, 2])));
      expect(await item(out.total)).toBe(3);
      expect(await values(out.parts[0])).toEqual([-1, -2]);
      expect(await values(out.parts[1])).toEqual([2, 4]);
      expect(out.label).toBe("stats");
    });

    test("duplicate outputs share values", async () => {
      const f = compile((x: Tensor) => {
        const y = x.add(1);
        return [y, y];
      });
      const [a, b] = on(() => f(tensor([1])));
      expect(await values(a)).toEqual([2]);
      expect(await values(b)).toEqual([2]);
    });

    test("constants created inside trace", async () => {
      const f = compile((x: Tensor) => x.add(zeros([2]).add(4)));
      expect(await values(on(() => f(tensor([1, 2]))))).toEqual([5, 6]);
    });

    test("matches eager results", async () => {
      const fn = (x: Tensor, y: Tensor) => x.matmul(y).softmax(-1).sum(0);
      const x = tensor([[1, 2], [3, 4]]);
      const y = tensor([[0.5, -1], [2, 0]]);
      expect(await values(on(() => compile(fn)(x, y)))).toEqual(await values(fn(x, y)));
    });
  });

  describe("donation", () => {
    function donatingStep() {
      return compile((params: Tensor, grads: Tensor) => params.sub(grads.mul(0.1)), { donate: [0] });
    }

    test("donated argument cannot be read", async () => {
      const params = tensor([1, 2]);
      on(() => donatingStep()(params, tensor([1, 1])));
      await expect(values(params)).rejects.toThrow(/donated to a compiled call and can no longer be read/);
    });

    test("donated argument cannot be used in ops", () => {
      const params = tensor([1, 2]);
      on(() => donatingStep()(params, tensor([1, 1])));
      expect(() => params.add(1)).toThrow(/donated to a compiled call and can no longer be used/);
    });

    test("donated argument cannot be passed again", () => {
      const step = donatingStep();
      const params = tensor([1, 2]);
      on(() => step(params, tensor([1, 1])));
      expect(() => on(() => step(params, tensor([1, 1])))).toThrow(/compile: .*donated to a compiled call/);
    });

    test("donation error is a KilnError", async () => {
      const params = tensor([1, 2]);
      on(() => donatingStep()(params, tensor([1, 1])));
      await expect(values(params)).rejects.toThrow(KilnError);
    });

    test("result of donating call is readable", async () => {
      const out = on(() => donatingStep()(tensor([1, 2]), tensor([10, 10])));
      expect(await values(out)).toEqual([0, 1]);
    });

    test("other arguments stay usable", async () => {
      const grads = tensor([1, 1]);
      on(() => donatingStep()(tensor([1, 2]), grads));
      expect(await values(grads)).toEqual([1, 1]);
    });

    test("donates every leaf of a pytree argument", async () => {
      const params = { w: tensor([1]), b: tensor([2]) };
      const f = compile((p: { w: Tensor; b: Tensor }) => p.w.add(p.b), { donate: [0] });
      on(() => f(params));
      await expect(values(params.w)).rejects.toThrow(/donated/);
      await expect(values(params.b)).rejects.toThrow(/donated/);
    });

    test("lazy result of donated argument names both", async () => {
      const params = tensor([1, 2]);
      const doubled = params.mul(2);
      on(() => donatingStep()(params, tensor([1, 1])));
      const error = await values(doubled).catch((e: unknown) => e as Error);
      expect(error).toBeInstanceOf(KilnError);
      expect((error as Error).message).toContain(`cannot read ${doubled}: it depends on ${params}, which was donated to a compiled call before the value was read`);
    });

    test("read before donation stays readable", async () => {
      const params = tensor([1, 2]);
      const doubled = params.mul(2);
      await values(doubled);
      on(() => donatingStep()(params, tensor([1, 1])));
      expect(await values(doubled)).toEqual([2, 4]);
    });

    test("returned donated input stays usable", async () => {
      const x = tensor([1, 2]);
      const f = compile((a: Tensor) => a, { donate: [0] });
      on(() => f(x));
      expect(await values(x)).toEqual([1, 2]);
    });

    test("view of donated input keeps its values", async () => {
      // The new value takes the donated buffer, so the view must be copied out of it first.
      const f = compile((a: Tensor) => [a.add(1), a.reshape([3, 1]), a.expandDims(0)], { donate: [0] });
      for (const start of [1, 5]) {
        const [next, column, row] = on(() => f(tensor([start, start + 1, start + 2]))) as Tensor[];
        expect(await values(next)).toEqual([start + 1, start + 2, start + 3]);
        expect(await values(column)).toEqual([[start], [start + 1], [start + 2]]);
        expect(await values(row)).toEqual([[start, start + 1, start + 2]]);
      }
    });

    test("views of two donated inputs swap", async () => {
      const f = compile((a: Tensor, b: Tensor) => [b.reshape([2, 1]), a.reshape([2, 1])], { donate: [0, 1] });
      const [first, second] = on(() => f(tensor([1, 2]), tensor([3, 4]))) as Tensor[];
      expect(await values(first)).toEqual([[3], [4]]);
      expect(await values(second)).toEqual([[1], [2]]);
    });

    test("view of a tensor donated twice", async () => {
      const f = compile((a: Tensor, b: Tensor) => [a.add(b), b.reshape([2, 1])], { donate: [0, 1] });
      const x = tensor([1, 2]);
      const [sum, column] = on(() => f(x, x)) as Tensor[];
      expect(await values(sum)).toEqual([2, 4]);
      expect(await values(column)).toEqual([[1], [2]]);
    });
  });

  describe("inside other transforms", () => {
    const f = (x: Tensor, scale: Tensor | number) => x.sin().mul(x).mul(scale).sum();
    const x = () => tensor([0.5, 1, 2]);
    const flat = (t: Tensor) => read(t, backend);
    const scalarOf = async (t: Tensor) => Number(await item(t));
    const expectNear = (actual: number[], expected: number[]) => {
      expect(actual).toHaveLength(expected.length);
      actual.forEach((a, i) => expect(a).toBeCloseTo(expected[i], 5));
    };

    test("grad through a compiled call", async () => {
      const compiled = compile(f);
      const expected = await flat(grad((a: Tensor) => f(a, 2))(x()));
      expectNear(await flat(on(() => grad((a: Tensor) => compiled(a, 2))(x()))), expected);
    });

    test("grad of a number argument", async () => {
      const compiled = compile(f);
      const expected = await scalarOf(grad((s: Tensor) => f(x(), s))(tensor(2)));
      expect(await scalarOf(on(() => grad((s: number) => compiled(x(), s))(2)))).toBeCloseTo(expected, 5);
    });

    test("jvp and second order", async () => {
      const compiled = compile(f);
      const tangent = tensor([1, -1, 0.5]);
      const [, expectedTangent] = jvp((a: Tensor) => f(a, 2), [x()], [tangent]);
      const [, tangentOut] = on(() => jvp((a: Tensor) => compiled(a, 2), [x()], [tangent]));
      expect(await scalarOf(tangentOut)).toBeCloseTo(await scalarOf(expectedTangent), 5);

      const hessianTimesTangent = (g: (a: Tensor) => Tensor) => jvp(grad(g), [x()], [tangent])[1];
      const expectedHvp = await flat(hessianTimesTangent((a) => f(a, 2)));
      expectNear(await flat(on(() => hessianTimesTangent((a) => compiled(a, 2)))), expectedHvp);
    });

    test("compiled call inside a compiled function", async () => {
      const inner = compile(f);
      const outer = compile((a: Tensor) => inner(a, 2).add(1));
      expect(await scalarOf(on(() => outer(x())))).toBeCloseTo((await scalarOf(f(x(), 2))) + 1, 5);
    });
  });

  describe("read errors", () => {
    test("dataSync inside trace raises", () => {
      const f = compile((x: Tensor) => {
        x.dataSync();
        return x;
      });
      expect(() => on(() => f(tensor([1])))).toThrow(/cannot read the value of a tensor while compile\(\) is tracing/);
    });

    test("itemSync inside trace raises", () => {
      const f = compile((x: Tensor) => tensor(x.sum().itemSync()));
      expect(() => on(() => f(tensor([1])))).toThrow(/while compile\(\) is tracing; return it from the function instead/);
    });

    test("reading a closed-over tensor raises", () => {
      const outside = tensor([1]);
      const f = compile((x: Tensor) => x.add(outside.itemSync()));
      expect(() => on(() => f(tensor([1])))).toThrow(/compile\(\) is tracing/);
    });

    test("failed trace is not cached", async () => {
      let fail = true;
      const f = compile((x: Tensor) => {
        if (fail) x.dataSync();
        return x.neg();
      });
      expect(() => on(() => f(tensor([1])))).toThrow(KilnError);
      fail = false;
      expect(await values(on(() => f(tensor([1]))))).toEqual([-1]);
    });

    test("reading works after a failed trace", async () => {
      const f = compile((x: Tensor) => {
        x.dataSync();
        return x;
      });
      expect(() => on(() => f(tensor([1])))).toThrow(KilnError);
      expect(await values(tensor([2]).add(1))).toEqual([3]);
    });
  });
});
