import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import { checkGradients } from "@kiln/testing";
import { describeBackends, read, readItem, readNested } from "./helpers.js";

describeBackends("transforms", (backend) => {
  const arr = (t: Tensor) => readNested(t, backend);
  const item = (t: Tensor) => readItem(t, backend);

  describe("grad semantics", () => {
    it("gather with repeated indices accumulates", async () => {
      const x = k.tensor([1, 2, 3, 4]);
      const g = k.grad((t: Tensor) => k.take(t, [0, 2, 2, 2, 3, 0]).sum())(x);
      expect(await arr(g)).toEqual([2, 0, 3, 1]);
    });

    it("fan-out sums both uses", async () => {
      const g = k.grad((t: Tensor) => t.mul(3).add(t.square()).sum())(k.tensor([1, -2]));
      expect(await arr(g)).toEqual([5, -1]);
    });

    it("broadcast input gradient reduces to its shape", async () => {
      const b = k.tensor([[1], [2]]);
      const g = k.grad((t: Tensor) => k.add(t, k.ones([2, 3])).sum())(b);
      expect(g.shape).toEqual([2, 1]);
      expect(await arr(g)).toEqual([[3], [3]]);
    });

    it("stopGradient gives exactly zero", async () => {
      const g = k.grad((t: Tensor) => k.stopGradient(t.square()).mul(t).sum())(k.tensor([2, 3]));
      expect(await arr(g)).toEqual([4, 9]);
      const zero = k.grad((t: Tensor) => k.stopGradient(t).sum())(k.tensor([2, 3]));
      expect(await arr(zero)).toEqual([0, 0]);
    });

    it("nested grad does not confuse variables", async () => {
      const outer = k.grad((x: Tensor) => k.grad((y: Tensor) => x.mul(y))(x));
      expect(await item(outer(k.scalar(3)))).toBe(1);
    });

    it("grad of grad of tanh matches the closed form", async () => {
      const x = 0.7;
      const t = Math.tanh(x);
      const d2 = await item(k.grad(k.grad((v: Tensor) => v.tanh()))(k.scalar(x)));
      expect(d2).toBeCloseTo(-2 * t * (1 - t * t), 6);
    });

    it("jvp of grad gives the Hessian-vector product", async () => {
      const f = (v: Tensor) => v.mul(v).mul(v).sum();
      const x = k.tensor([1, 2]);
      const [, hv] = k.jvp((v: Tensor) => k.grad(f)(v), [x], [k.tensor([1, 0])]);
      expect(await arr(hv)).toEqual([6, 0]);
    });

    it("valueAndGrad handles argnums and aux", async () => {
      const f = (a: Tensor, b: Tensor) => [a.mul(b).sum(), a.add(b)] as const;
      const [[value, aux], [ga, gb]] = k.valueAndGrad(f, { argnums: [0, 1], hasAux: true })(k.tensor([1, 2]), k.tensor([3, 4]));
      expect(await item(value)).toBe(11);
      expect(await arr(aux)).toEqual([4, 6]);
      expect(await arr(ga)).toEqual([3, 4]);
      expect(await arr(gb)).toEqual([1, 2]);
    });

    it("argnums listing an argument twice", async () => {
      const f = (a: Tensor, b: Tensor) => a.mul(b).sum();
      const [ga, gb, gaAgain] = k.grad(f, { argnums: [0, 1, 0] })(k.tensor([1, 2]), k.tensor([3, 4]));
      expect(await arr(ga)).toEqual([3, 4]);
      expect(await arr(gb)).toEqual([1, 2]);
      expect(await arr(gaAgain)).toEqual([3, 4]);
    });

    it("grad keeps pytree structure", async () => {
      const params = { layers: [{ w: k.tensor([1, 2]) }, { w: k.tensor([3]) }], scale: 2 };
      const g = k.grad((p: typeof params) => p.layers[0].w.sum().add(p.layers[1].w.sum()).mul(p.scale))(params);
      expect(await arr(g.layers[0].w)).toEqual([2, 2]);
      expect(await arr(g.layers[1].w)).toEqual([2]);
      expect(await item(g.scale as unknown as Tensor)).toBe(6);
    });

    it("vjp pulls back a cotangent tree", async () => {
      const [out, pullback] = k.vjp((a: Tensor) => ({ double: a.mul(2), square: a.square() }), k.tensor([1, 3]));
      expect(await arr(out.square)).toEqual([1, 9]);
      const [ga] = pullback({ double: k.tensor([1, 1]), square: k.tensor([1, 0]) });
      expect(await arr(ga)).toEqual([4, 2]);
    });

    it("vjp matches cotangent keys by name", async () => {
      const [, pullback] = k.vjp((a: Tensor) => ({ same: a, double: a.mul(2) }), k.tensor([1, 3]));
      // The keys come in the other order, so matching by position would swap the cotangents.
      const [ga] = pullback({ double: k.tensor([1, 1]), same: k.tensor([1, 0]) });
      expect(await arr(ga)).toEqual([3, 2]);
    });

    it("jvp matches tangent keys by name", async () => {
      const primal = { a: k.tensor([3]), b: k.tensor([2]) };
      const [, tangent] = k.jvp((p: typeof primal) => p.a.mul(p.b), [primal], [{ b: k.tensor([1]), a: k.tensor([0]) }]);
      expect(await arr(tangent)).toEqual([3]);
    });

    it("customVjp matches cotangent keys by name", async () => {
      const weighted = k.customVjp(
        (p: { a: Tensor; b: Tensor }) => [p.a.add(p.b.mul(2)), null] as [Tensor, null],
        (_res, g) => [{ b: g.mul(2), a: g }],
      );
      const g = k.grad((p: { a: Tensor; b: Tensor }) => weighted(p).sum())({ a: k.tensor([1]), b: k.tensor([1]) });
      expect(await arr(g.a)).toEqual([1]);
      expect(await arr(g.b)).toEqual([2]);
    });

    it("pullback works after the output was read", async () => {
      const [out, pullback] = k.vjp((a: Tensor) => a.exp().sum(), k.tensor([0, 1]));
      await item(out);
      const [ga] = pullback(k.scalar(1));
      const [g0, g1] = await read(ga, backend);
      expect(g0).toBeCloseTo(1, 6);
      expect(g1).toBeCloseTo(Math.E, 5);
    });

    it("customVjp uses the hand-written rule", async () => {
      const clipGradient = k.customVjp(
        (x: Tensor) => [x, null] as [Tensor, null],
        (_res, g) => [k.clip(g, -1, 1)],
      );
      const g = k.grad((x: Tensor) => clipGradient(x).mul(10).sum())(k.tensor([1, 2]));
      expect(await arr(g)).toEqual([1, 1]);
    });

    it("customVjp with a number argument", async () => {
      const scaled = k.customVjp(
        (x: Tensor, factor: number) => [x.mul(factor), factor] as [Tensor, number],
        (factor, g) => [g.mul(factor), null],
      );
      const g = k.grad((x: Tensor) => scaled(x, 3).sum())(k.tensor([1, 2]));
      expect(await arr(g)).toEqual([3, 3]);
    });

    it("customVjp with a static tree leaf", async () => {
      const shifted = k.customVjp(
        (p: { x: Tensor; mode: string }) => [p.x.add(1), null] as [Tensor, null],
        (_res, g) => [{ x: g.mul(2), mode: null }],
      );
      const g = k.grad((x: Tensor) => shifted({ x, mode: "train" }).sum())(k.tensor([1, 2]));
      expect(await arr(g)).toEqual([2, 2]);
    });

    it("allowInt gives zero gradients", async () => {
      const g = k.grad((p: { x: Tensor; n: Tensor }) => p.x.sum(), { allowInt: true })({ x: k.tensor([1]), n: k.tensor([2], "i32") });
      expect(await arr(g.n)).toEqual([0]);
    });
  });

  describe("gradients at hard points", () => {
    it("relu and abs have zero gradient at 0", async () => {
      expect(await item(k.grad((x: Tensor) => x.relu())(k.scalar(0)))).toBe(0);
      expect(await item(k.grad((x: Tensor) => x.abs())(k.scalar(0)))).toBe(0);
    });

    it("max with ties splits the gradient equally", async () => {
      const g = k.grad((x: Tensor) => x.max())(k.tensor([1, 3, 3, 2, 3]));
      expect(await arr(g)).toEqual([0, 1 / 3, 1 / 3, 0, 1 / 3].map(backend.roundF32));
    });

    it("normalize of a zero vector has a finite gradient", async () => {
      const g = k.grad((x: Tensor) => k.normalize(x).sum())(k.zeros([3]));
      for (const v of await arr(g)) expect(Number.isFinite(v)).toBe(true);
    });

    it("l2Norm at zero has zero gradient", async () => {
      expect(await arr(k.grad((x: Tensor) => k.l2Norm(x))(k.zeros([3])))).toEqual([0, 0, 0]);
    });

    it("logsumexp gradient at ±1000 and -Infinity", async () => {
      const g = await arr(k.grad((x: Tensor) => k.logsumexp(x))(k.tensor([1000, -1000, -Infinity, 1000])));
      expect(g).toEqual([0.5, 0, 0, 0.5]);
      const masked = await arr(k.grad((x: Tensor) => k.logsumexp(x))(k.tensor([-Infinity, -Infinity])));
      expect(masked).toEqual([0, 0]);
    });

    it("softmax gradient at ±1000 and ties", async () => {
      // y = [0.5, 0.5, 0], so y · (g − Σ g·y) with g = [1, 2, 3] is [−0.25, 0.25, 0].
      const g = await arr(k.grad((t: Tensor) => k.softmax(t).mul(k.tensor([1, 2, 3])).sum())(k.tensor([1000, 1000, -1000])));
      expect(g).toEqual([-0.25, 0.25, 0]);
    });

    it("softmax of a fully masked row has zero gradient", async () => {
      const x = k.tensor([[-Infinity, -Infinity], [0, -Infinity]]);
      const g = await arr(k.grad((t: Tensor) => k.softmax(t).mul(k.tensor([[1, 2], [3, 4]])).sum())(x));
      expect(g).toEqual([[0, 0], [0, 0]]);
    });

    it("crossEntropy gradient from ±1000 logits", async () => {
      const logits = k.tensor([[1000, -1000, 0], [-1000, 1000, -Infinity]]);
      const [loss, g] = k.valueAndGrad((z: Tensor) => k.crossEntropy(z, k.tensor([1, 1], "i32")))(logits);
      expect(await item(loss)).toBe(1000);
      expect(await arr(g)).toEqual([[0.5, -0.5, 0], [0, 0, 0]]);
    });
  });
});

// checkGradients compares against central differences on the cpu64 oracle, so it runs once.
describe("finite differences", () => {
  it("second order of a small MLP loss matches finite differences", () => {
    const key = k.random.key(3);
    const [k1, k2, k3] = k.random.split(key, 3);
    const x = k.random.normal(k1, [4, 3]);
    const w1 = k.random.normal(k2, [3, 5]);
    const w2 = k.random.normal(k3, [5, 2]);
    const loss = (a: Tensor, b: Tensor) => k.crossEntropy(k.matmul(k.tanh(k.matmul(x, a)), b), k.tensor([0, 1, 1, 0], "i32"));
    expect(() => checkGradients(loss, [w1, w2], { order: 2 })).not.toThrow();
  });

  it("softmax gradients to second order", () => {
    // The softmax's rule computes its gradient from the output, y · (g − Σ g·y). Its own
    // derivative, through y, must still be the softmax's second derivative.
    const [k1, k2] = k.random.split(k.random.key(5), 2);
    const x = k.random.normal(k1, [3, 5]);
    const w = k.random.normal(k2, [3, 5]);
    const lastAxis = (a: Tensor, b: Tensor) => k.softmax(a, -1).mul(b).sum();
    const firstAxis = (a: Tensor, b: Tensor) => k.softmax(a.mul(3), 0).mul(b).square().sum();
    expect(() => checkGradients(lastAxis, [x, w], { order: 2 })).not.toThrow();
    expect(() => checkGradients(firstAxis, [x, w], { order: 2 })).not.toThrow();
  });

  it("softmax jvp matches central differences", () => {
    // Forward mode differentiates the softmax's own computation, not its reverse-mode rule.
    const x = k.fromArray(Float64Array.from([0.3, -1, 2, 0.5, 0.1, 1]), [2, 3]);
    const v = k.fromArray(Float64Array.from([1, 0.5, -0.25, 2, -1, 0.3]), [2, 3]);
    k.withBackend("cpu64", () => {
      const [, tangent] = k.jvp((a: Tensor) => k.softmax(a, -1), [x], [v]) as unknown as [Tensor, Tensor];
      const eps = 1e-6;
      const central = k.softmax(x.add(v.mul(eps)), -1).sub(k.softmax(x.sub(v.mul(eps)), -1)).div(2 * eps).dataSync();
      const got = tangent.dataSync();
      for (let i = 0; i < central.length; i++) expect(Math.abs(Number(got[i]) - Number(central[i]))).toBeLessThan(1e-6);
    });
  });
});

describe("grad errors", () => {
  it("rejects integer inputs by dtype", () => {
    expect(() => k.grad((x: Tensor) => k.cast(x, "f32").sum())(k.tensor([1, 2], "i32"))).toThrow(/dtype i32/);
    expect(() => k.grad((x: Tensor) => k.cast(x, "f32").sum())(k.tensor([true]))).toThrow(/dtype bool/);
  });

  it("customVjp rejects integer cotangents", () => {
    const identity = k.customVjp(
      (x: Tensor) => [x, null] as [Tensor, null],
      () => [k.tensor([1, 1], "i32")],
    );
    expect(() => k.grad((x: Tensor) => identity(x).sum())(k.tensor([1, 2]))).toThrow(/cotangent of dtype i32 for an f32 input/);
  });

  it("customVjp rejects a tensor tree mismatch", () => {
    const identity = k.customVjp(
      (p: { a: Tensor; b: Tensor }) => [p.a.add(p.b), null] as [Tensor, null],
      (_res, g) => [[g]],
    );
    const run = () => k.grad((a: Tensor) => identity({ a, b: a }).sum())(k.tensor([1, 2]));
    expect(run).toThrow(/cotangent backward returned for argument 0 does not match the argument: expected an object with keys \[a, b\], got an array of length 1/);
  });

  it("customVjp shape error names the leaf", () => {
    const addPair = k.customVjp(
      function addPairForward(p: { a: Tensor; b: Tensor }) {
        return [p.a.add(p.b), null] as [Tensor, null];
      },
      (_res, g) => [{ a: g, b: g.sum() }],
    );
    const run = () => k.grad((a: Tensor) => addPair({ a, b: a }).sum())(k.tensor([1, 2]));
    expect(run).toThrow(/^addPairForward: backward returned a cotangent of shape \[\] for leaf 1 of argument 0, which has shape \[2\]/);
  });

  it("customVjp name option wins", () => {
    const double = k.customVjp(
      (x: Tensor) => [x.mul(2), null] as [Tensor, null],
      (_res, g) => [g.sum()],
      "double",
    );
    expect(() => k.grad((x: Tensor) => double(x).sum())(k.tensor([1, 2]))).toThrow(/^double: backward returned a cotangent of shape \[\] for leaf 0 of argument 0/);
  });

  it("jvp rejects integer tangents", () => {
    const run = () => k.jvp((x: Tensor) => x.mul(2), [k.tensor([1, 2])], [k.tensor([1, 1], "i32")]);
    expect(run).toThrow(/jvp: tangent leaf 0 of argument 0 has dtype i32 but its primal is f32/);
  });

  it("vjp rejects integer cotangents", () => {
    const [, pullback] = k.vjp((x: Tensor) => x.mul(2), k.tensor([1, 2]));
    expect(() => pullback(k.tensor([1, 1], "i32"))).toThrow(/vjp: cotangent 0 has dtype i32 but the output is f32/);
  });

  it("rejects non-scalar outputs with the shape", () => {
    expect(() => k.grad((x: Tensor) => x.mul(2))(k.zeros([2, 3]))).toThrow(/scalar f32 tensor \(shape \[\]\), got f32\[2, 3\]/);
  });
});
