import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import { checkGradients, GradientCheckError } from "@kiln/testing";

const f64 = (values: number[], shape: number[]) => k.fromArray(Float64Array.from(values), shape, "f32");

/** Runs `action`, expecting a GradientCheckError, and returns it. */
function gradientError(action: () => unknown): GradientCheckError {
  try {
    action();
  } catch (error) {
    if (error instanceof GradientCheckError) return error;
    throw error;
  }
  throw new Error("expected a GradientCheckError, but the check passed");
}

// x² with a backward rule that drops the factor 2.
const squareMissingFactor = k.customVjp(
  (x: Tensor): [Tensor, Tensor] => [x.mul(x), x],
  (x: Tensor, ct: Tensor) => [ct.mul(x)],
);

// sin(x) whose backward value is right, but whose own derivative is zero because the residual
// is cut from the graph: only second-order reverse checks can see it.
const sinDetachedResidual = k.customVjp(
  (x: Tensor): [Tensor, Tensor] => [x.sin(), x],
  (x: Tensor, ct: Tensor) => [ct.mul(k.stopGradient(x).cos())],
);

// sin(x) whose forward computation is detached, so forward mode (which differentiates the
// forward computation of a customVjp) returns zero while reverse mode is right.
const sinDetachedForward = k.customVjp(
  (x: Tensor): [Tensor, Tensor] => [k.stopGradient(x).sin(), x],
  (x: Tensor, ct: Tensor) => [ct.mul(x.cos())],
);

describe("checkGradients on wrong derivatives", () => {
  const x = f64([0.3, -0.7, 1.2, 0.5], [2, 2]);

  it("names the VJP layer for a wrong first-order VJP", () => {
    const error = gradientError(() => checkGradients(squareMissingFactor, [x]));
    expect(error.layer).toBe("VJP");
    expect(error.kind).toBe("finite difference");
    expect(error.inputLeaf).toBe("args[0]");
    expect(error.message).toMatch(/^VJP check failed \(finite difference\) at input leaf args\[0\] \(shape \[2, 2\]\), flat index \d/);
  });

  it("locates the wrong element and input leaf", () => {
    // The backward rule is wrong only for element 3 of the second argument.
    const mask = f64([1, 1, 1, 3], [2, 2]);
    const product = k.customVjp(
      (a: Tensor, b: Tensor): [Tensor, [Tensor, Tensor]] => [a.mul(b), [a, b]],
      ([a, b]: [Tensor, Tensor], ct: Tensor) => [ct.mul(b), ct.mul(a).mul(mask)],
    );
    const b = f64([0.9, -0.4, 0.8, -1.5], [2, 2]);
    const error = gradientError(() => checkGradients(product, [x, b]));
    expect(error.layer).toBe("VJP");
    expect(error.inputLeaf).toBe("args[1]");
    expect(error.flatIndex).toBe(3);
    // d(a·b)/db at element 3 is a[3] = 0.5 per unit cotangent; the wrong rule returns three times that.
    expect(error.got / error.expected).toBeCloseTo(3, 6);
    expect(error.absError).toBeGreaterThan(error.tolerance);
    expect(error.message).toContain("flat index 3");
    expect(error.message).toContain("Directional check: ⟨Jᵀu, v⟩");
  });

  it("reports the directional values when locating is skipped", () => {
    const error = gradientError(() => checkGradients(squareMissingFactor, [x], { maxLocateElements: 0 }));
    expect(error.layer).toBe("VJP");
    expect(error.flatIndex).toBeUndefined();
    expect(error.message).toContain("was skipped: there are 4, more than maxLocateElements (0)");
  });

  it("says when a smaller step still disagrees", () => {
    const error = gradientError(() => checkGradients(squareMissingFactor, [x]));
    expect(error.message).toContain("With a step of ε/10 the central difference is");
    expect(error.message).toContain("which still disagrees with the derivative");
  });

  it("says when a smaller step agrees", () => {
    // normalize of vectors with norm ≈ 0.014 has fourth derivatives of order 4!/‖x‖⁴ ≈ 1e8
    // (an estimate), so with ε = 1e-5 the central difference of its second derivative is off
    // by about 1e-4 relative.
    const tiny = k.tensor([[0.01, 0.01], [0.01, 0.01], [-0.01, -0.01], [0.01, 0.01], [0.01, 0.01], [0.01, 0.01]]);
    const error = gradientError(() => checkGradients((t: Tensor) => k.normalize(t, -1), [tiny], { order: 2 }));
    expect(error.layer).toBe("JVP of JVP");
    expect(error.message).toContain("which agrees with the derivative: the step ε is probably too large");
    expect(checkGradients((t: Tensor) => k.normalize(t, -1), [tiny], { order: 2, eps: 1e-6 }).layers).toHaveLength(6);
  });

  it("passes a second-order bug at order 1", () => {
    expect(checkGradients(sinDetachedResidual, [x]).layers).toEqual(["JVP", "VJP"]);
  });

  it("names JVP of VJP for a second-order bug", () => {
    const error = gradientError(() => checkGradients(sinDetachedResidual, [x], { order: 2 }));
    expect(error.layer).toBe("JVP of VJP");
    expect(error.outputLeaf).toBe("cotangent of args[0]");
    expect(error.message).toMatch(/^JVP of VJP check failed/);
  });

  it("names VJP of VJP when only reverse mode is checked", () => {
    const error = gradientError(() => checkGradients(sinDetachedResidual, [x], { order: 2, modes: ["rev"] }));
    expect(error.layer).toBe("VJP of VJP");
    expect(error.inputLeaf).toBe("args[0]");
  });

  it("names the JVP layer and output leaf for a wrong forward mode", () => {
    const fn = (t: Tensor) => ({ fine: t.sin(), broken: [sinDetachedForward(t)] });
    const error = gradientError(() => checkGradients(fn, [x]));
    expect(error.layer).toBe("JVP");
    expect(error.outputLeaf).toBe("out.broken[0]");
    expect(error.got).toBe(0);
    expect(checkGradients(fn, [x], { modes: ["rev"] }).layers).toEqual(["VJP"]);
  });
});

describe("checkGradients with NaN outputs", () => {
  const negative = f64([-1, 0.5], [2]);
  const b = f64([0.5, 0.7], [2]);

  it("finds a wrong VJP beside a NaN output", () => {
    // sqrt(-1) is NaN. It must not hide the wrong backward rule of the other output leaf.
    const fn = (a: Tensor, c: Tensor) => ({ root: a.sqrt(), square: squareMissingFactor(c) });
    const error = gradientError(() => checkGradients(fn, [negative, b], { modes: ["rev"] }));
    expect(error.layer).toBe("VJP");
    expect(error.inputLeaf).toBe("args[1]");
    expect(error.got / error.expected).toBeCloseTo(0.5, 6);
    expect(error.message).toContain("1 output element is NaN or infinite");
  });

  it("finds a wrong VJP in the same leaf", () => {
    const fn = (a: Tensor, c: Tensor) => k.concat([a.sqrt(), squareMissingFactor(c)]);
    const error = gradientError(() => checkGradients(fn, [negative, b]));
    expect(error.layer).toBe("VJP");
    expect(error.inputLeaf).toBe("args[1]");
  });

  it("passes correct rules at NaN outputs", () => {
    const fn = (a: Tensor, c: Tensor) => k.concat([a.sqrt(), c.square()]);
    expect(checkGradients(fn, [negative, b], { order: 2 }).layers).toHaveLength(6);
  });
});

describe("checkGradients inputs", () => {
  it("passes integer arguments through unperturbed", () => {
    const table = f64([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [3, 2]);
    const rows = k.tensor([2, 0, 2], "i32");
    const fn = (t: Tensor, index: Tensor) => k.take(t, index as Tensor<"i32">, 0).square().sum();
    expect(checkGradients(fn, [table, rows], { order: 2 }).layers).toHaveLength(6);
  });

  it("ignores integer outputs", () => {
    const t = f64([0.1, 0.5, 0.3], [3]);
    expect(checkGradients((v: Tensor) => [v.exp(), v.argmax()], [t]).layers).toEqual(["JVP", "VJP"]);
  });

  it("rejects arguments without f32 tensors", () => {
    expect(() => checkGradients((v: Tensor) => v.cast("f32"), [k.tensor([1, 2], "i32")])).toThrow(/no f32 tensor to differentiate/);
  });

  it("rejects outputs without f32 tensors", () => {
    expect(() => checkGradients((v: Tensor) => v.argmax(), [f64([1, 2], [2])])).toThrow(/returned no f32 tensor/);
  });

  it("rejects invalid options", () => {
    const t = f64([1], [1]);
    expect(() => checkGradients((v: Tensor) => v, [t], { order: 0 })).toThrow(/order must be an integer ≥ 1/);
    expect(() => checkGradients((v: Tensor) => v, [t], { modes: [] })).toThrow(/modes must be a non-empty list/);
    expect(() => checkGradients((v: Tensor) => v, [t], { eps: 0 })).toThrow(/eps must be a finite number > 0/);
  });

  it("keeps float64 inputs exact", () => {
    // The kink sits at 1. In float64, x = 1 + 1e-10 stays above it for steps of 1e-11, but
    // rounded to float32 x would be exactly 1 and the central difference would straddle it.
    const kinked = (v: Tensor) => k.where(v.greater(1), v.mul(2), v.mul(3));
    const t = f64([1 + 1e-10], [1]);
    // A step this small loses about five digits to rounding, hence the looser tolerances.
    const options = { eps: 1e-11, atol: 1e-3, rtol: 1e-3 };
    expect(checkGradients(kinked, [t], options).layers).toEqual(["JVP", "VJP"]);
    const rounded = f64([Math.fround(1 + 1e-10)], [1]);
    expect(() => checkGradients(kinked, [rounded], options)).toThrow(GradientCheckError);
  });
});
