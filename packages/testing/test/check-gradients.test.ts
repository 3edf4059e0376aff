import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import { checkGradients } from "@kiln/testing";

const f64 = (values: number[], shape: number[]) => k.fromArray(Float64Array.from(values), shape, "f32");

describe("checkGradients on correct functions", () => {
  it("passes elementwise ops at order 2", () => {
    const x = f64([0.3, -0.7, 1.2, 0.5], [2, 2]);
    const report = checkGradients((t: Tensor) => t.sin().mul(t.exp()).add(t.tanh().square()), [x], { order: 2 });
    expect(report.layers).toEqual(["JVP", "JVP of JVP", "VJP of JVP", "VJP", "JVP of VJP", "VJP of VJP"]);
  });

  it("passes broadcasting binary ops", () => {
    const a = f64([0.3, -0.7, 1.2, 0.5, 0.9, -1.1], [2, 3]);
    const b = f64([1.5, 2.0, 0.8], [3]);
    const report = checkGradients((x: Tensor, y: Tensor) => x.div(y).sub(x.mul(y).pow(2)).sum(0), [a, b], { order: 2 });
    expect(report.layers).toHaveLength(6);
  });

  it("passes reductions and matmul", () => {
    const a = f64([0.3, -0.7, 1.2, 0.5, 0.9, -1.1], [2, 3]);
    const w = f64([0.1, 0.2, -0.3, 0.4, 0.5, -0.6], [3, 2]);
    const fn = (x: Tensor, m: Tensor) => k.logsumexp(k.matmul(x, m), -1).add(k.softmax(x, 0).max(1));
    expect(() => checkGradients(fn, [a, w], { order: 2 })).not.toThrow();
  });

  it("passes a small MLP loss with pytree parameters", () => {
    const params = {
      w1: f64([0.5, -0.2, 0.1, 0.3, 0.7, -0.4], [2, 3]),
      b1: f64([0.05, -0.1, 0.2], [3]),
      layers: [{ w: f64([0.6, -0.5, 0.4], [3, 1]), b: f64([0.1], [1]) }],
    };
    const x = f64([1, 2, -1, 0.5], [2, 2]);
    const labels = k.tensor([0, 1], "i32");
    const loss = (p: typeof params, input: Tensor, y: Tensor) => {
      const h = k.matmul(input, p.w1).add(p.b1).tanh();
      const logits = k.matmul(h, p.layers[0].w).add(p.layers[0].b);
      const twoClass = k.concat([logits, logits.neg()], 1);
      return k.crossEntropy(twoClass as Tensor<"f32">, y as Tensor<"i32">);
    };
    expect(checkGradients(loss, [params, x, labels], { order: 2 }).layers).toHaveLength(6);
  });
});
