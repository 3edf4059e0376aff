import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import { assertGradients, broadcastShapes, GradientCheckError, gradientProperty, shapes, tensors } from "@kiln/testing";

// x² with a backward rule that drops the factor 2.
const squareMissingFactor = k.customVjp(
  (x: Tensor): [Tensor, Tensor] => [x.mul(x), x],
  (x: Tensor, ct: Tensor) => [ct.mul(x)],
);

describe("assertGradients", () => {
  it("passes a correct loss", () => {
    const loss = (x: Tensor, w: Tensor) => x.mul(w).sigmoid().log().add(x.sub(w).tanh().square()).mean();
    assertGradients(loss, [tensors({ shape: [3] }), tensors({ shape: [3] })], { order: 2, parameters: { numRuns: 15 } });
  });

  it("passes relu away from its kink", () => {
    const arb = tensors({ shapeArb: shapes({ maxRank: 2 }), avoid: { awayFromZero: 1e-3 } });
    assertGradients((x: Tensor) => x.relu().mul(x.abs()).sum(), [arb], { order: 2, parameters: { numRuns: 20 } });
  });

  it("passes max when values have no near-ties", () => {
    const arb = tensors({ shape: [2, 3], min: -2, max: 2, avoid: { distinct: 1e-3 } });
    assertGradients((x: Tensor) => x.max(1).add(x.min(0).sum()), [arb], { parameters: { numRuns: 20 } });
  });

  it("passes broadcast pairs passed as one pytree argument", () => {
    const pairs = broadcastShapes({ maxRank: 3, maxDim: 3 }).chain(([a, b]) => fc.tuple(tensors({ shape: a }), tensors({ shape: b })));
    assertGradients(([a, b]: [Tensor, Tensor]) => a.mul(b).sin(), [pairs], { order: 2, parameters: { numRuns: 15 } });
  });

  it("reports the counterexample and the failing layer", () => {
    const run = () => assertGradients(squareMissingFactor, [tensors({ shapeArb: shapes({ maxRank: 2 }) })], { parameters: { numRuns: 20, seed: 42 } });
    expect(run).toThrow(/Counterexample: \[tensor\([^\n]*\)\][\s\S]*VJP check failed \(finite difference\) at input leaf args\[0\]/);
  });
});

describe("gradientProperty", () => {
  it("shrinks a wrong custom VJP to a scalar", () => {
    const property = gradientProperty(squareMissingFactor, [tensors({ shapeArb: shapes({ maxRank: 3 }) })]);
    const result = fc.check(property, { numRuns: 20, seed: 42 });
    expect(result.failed).toBe(true);
    // Any shape fails, so shrinking reaches rank 0.
    expect(result.counterexample?.[0].shape).toEqual([]);
    expect(result.errorInstance).toBeInstanceOf(GradientCheckError);
    expect((result.errorInstance as GradientCheckError).layer).toBe("VJP");
  });

  it("reaches a second-order bug only at order 2", () => {
    const sinDetachedResidual = k.customVjp(
      (x: Tensor): [Tensor, Tensor] => [x.sin(), x],
      (x: Tensor, ct: Tensor) => [ct.mul(k.stopGradient(x).cos())],
    );
    const arb = [tensors({ shape: [2], min: 0.5, max: 1.5 })] as [fc.Arbitrary<Tensor>];
    expect(fc.check(gradientProperty(sinDetachedResidual, arb), { numRuns: 10 }).failed).toBe(false);
    const result = fc.check(gradientProperty(sinDetachedResidual, arb, { order: 2 }), { numRuns: 10 });
    expect(result.failed).toBe(true);
    expect((result.errorInstance as GradientCheckError).layer).toBe("JVP of VJP");
  });
});
