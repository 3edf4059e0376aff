/**
 * Backend agreement as a property: fast-check draws random graphs mixing elementwise,
 * broadcast, reduction, movement, matmul and gather steps; the WebGPU backend (through a
 * compiled value-and-gradient function) must agree with the float64 CPU oracle.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import { hasWebGpu } from "./gpu.js";

type Step =
  | { kind: "unary"; fn: "tanh" | "sigmoid" | "sin" | "abs" | "relu" | "gelu" | "softplus" | "square" | "neg" | "exp" }
  | { kind: "binary"; fn: "add" | "sub" | "mul" | "maximum" | "minimum" | "div"; operand: "full" | "row" | "column" | "scalar" }
  | { kind: "center"; fn: "sum" | "max" | "mean"; axis: 0 | 1 }
  | { kind: "softmax"; log: boolean; axis: 0 | 1 }
  | { kind: "transpose" }
  | { kind: "matmul"; columns: number }
  | { kind: "gather"; rows: number[] }
  | { kind: "slice"; step: number; flip: boolean }
  | { kind: "pad"; before: number; after: number }
  | { kind: "concat" }
  | { kind: "where" }
  | { kind: "norm" };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("unary" as const), fn: fc.constantFrom("tanh", "sigmoid", "sin", "abs", "relu", "gelu", "softplus", "square", "neg", "exp") }),
  fc.record({
    kind: fc.constant("binary" as const),
    fn: fc.constantFrom("add", "sub", "mul", "maximum", "minimum", "div"),
    operand: fc.constantFrom("full", "row", "column", "scalar"),
  }),
  fc.record({ kind: fc.constant("center" as const), fn: fc.constantFrom("sum", "max", "mean"), axis: fc.constantFrom(0, 1) }),
  fc.record({ kind: fc.constant("softmax" as const), log: fc.boolean(), axis: fc.constantFrom(0, 1) }),
  fc.record({ kind: fc.constant("transpose" as const) }),
  fc.record({ kind: fc.constant("matmul" as const), columns: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant("gather" as const), rows: fc.array(fc.nat(100), { minLength: 1, maxLength: 6 }) }),
  fc.record({ kind: fc.constant("slice" as const), step: fc.integer({ min: 1, max: 2 }), flip: fc.boolean() }),
  fc.record({ kind: fc.constant("pad" as const), before: fc.nat(2), after: fc.nat(2) }),
  fc.record({ kind: fc.constant("concat" as const) }),
  fc.record({ kind: fc.constant("where" as const) }),
  fc.record({ kind: fc.constant("norm" as const) }),
);

/** Applies a step; `param(shape)` supplies a differentiable parameter of that shape. */
function apply(x: Tensor, step: Step, param: (shape: number[]) => Tensor): Tensor {
  const [rows, cols] = x.shape;
  switch (step.kind) {
    case "unary":
      if (step.fn === "exp") return k.exp(k.tanh(x));
      if (step.fn === "gelu") return k.gelu(x);
      return (k[step.fn] as (t: Tensor) => Tensor)(x);
    case "binary": {
      const shape = { full: [rows, cols], row: [1, cols], column: [rows, 1], scalar: [] }[step.operand];
      const other = param(shape);
      if (step.fn === "div") return x.div(other.abs().add(1));
      return (k[step.fn] as (a: Tensor, b: Tensor) => Tensor)(x, other);
    }
    case "center":
      return x.sub((k[step.fn] as (t: Tensor, a: number, o: object) => Tensor)(x, step.axis, { keepdims: true }));
    case "softmax":
      return step.log ? k.logSoftmax(x, step.axis) : k.softmax(x, step.axis);
    case "transpose":
      return k.transpose(x);
    case "matmul":
      return k.matmul(x, param([cols, step.columns]) as never).mul(0.5);
    case "gather":
      return k.take(x, step.rows.map((r) => r % rows), 0);
    case "slice":
      return k.slice(x, [null, [step.flip ? -1 : 0, null, step.flip ? -step.step : step.step]]);
    case "pad":
      return k.pad(x, [[step.before, step.after], [0, 0]], 0.25);
    case "concat":
      return k.concat([x, x.mul(-1)], 1);
    case "where":
      return k.where(k.greater(x, 0), x, param([rows, cols]));
    case "norm": {
      // Layer-norm shape: mean and variance of each row, then an elementwise scale.
      const centered = x.sub(k.mean(x, -1, { keepdims: true }));
      return centered.mul(k.rsqrt(k.variance(x, -1, { keepdims: true }).add(1e-5))).mul(param([cols]));
    }
  }
}

const caseArb = fc.record({
  rows: fc.integer({ min: 1, max: 5 }),
  cols: fc.integer({ min: 1, max: 5 }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 6 }),
  seed: fc.nat(1000),
});

/** Builds the loss for a drawn case; parameters are created in order, so both backends see the same ones. */
function buildLoss(c: fc.Arbitrary<unknown> extends never ? never : { rows: number; cols: number; steps: Step[]; seed: number }) {
  const shapes: number[][] = [];
  const probe = (x: Tensor): Tensor => {
    let out = x;
    for (const step of c.steps) {
      out = apply(out, step, (shape) => {
        shapes.push(shape);
        return k.zeros(shape);
      });
    }
    return out;
  };
  probe(k.zeros([c.rows, c.cols]));
  const loss = (x: Tensor, params: Tensor[]): Tensor => {
    let next = 0;
    let out = x;
    for (const step of c.steps) out = apply(out, step, () => params[next++]);
    const weights = k.random.normal(k.random.key(c.seed + 1), out.shape);
    return out.mul(weights).sum();
  };
  const key = k.random.key(c.seed);
  const keys = k.random.split(key, shapes.length + 1);
  const x = k.random.normal(keys[0], [c.rows, c.cols]);
  const params = shapes.map((s, i) => k.random.normal(keys[i + 1], s));
  return { loss, x, params };
}

function close(got: ArrayLike<number>, want: ArrayLike<number>, label: string): void {
  expect(got.length, label).toBe(want.length);
  let scale = 1;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  for (let i = 0; i < want.length; i++) {
    const tolerance = 2e-4 * scale + 1e-3 * Math.abs(want[i]);
    if (Math.abs(got[i] - want[i]) > tolerance) {
      expect.fail(`${label}[${i}]: webgpu ${got[i]} vs cpu64 ${want[i]} (tolerance ${tolerance.toExponential(2)})`);
    }
  }
}

describe.runIf(hasWebGpu)("webgpu agrees with the CPU oracle", () => {
  it("random graphs and their gradients", async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const { loss, x, params } = buildLoss(c);
        const valueAndGrads = k.valueAndGrad(loss, { argnums: [0, 1] });
        const want = k.withBackend("cpu64", () => {
          const [value, [gx, gp]] = valueAndGrads(x, params);
          return { value: value.dataSync(), gx: gx.dataSync(), gp: gp.map((g) => g.dataSync()) };
        });
        const compiled = k.compile((a: Tensor, p: Tensor[]) => valueAndGrads(a, p), { backend: "webgpu" });
        const [value, [gx, gp]] = compiled(x, params);
        close(await value.data(), want.value, "loss");
        close(await gx.data(), want.gx, "grad x");
        for (let i = 0; i < gp.length; i++) close(await gp[i].data(), want.gp[i], `grad param ${i}`);
      }),
      { numRuns: 25, seed: 4242 },
    );
  }, 300_000);
});
