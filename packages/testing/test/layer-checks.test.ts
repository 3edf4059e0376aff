import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import { GRADIENT_CHECK_DEFAULTS, GradientCheckError } from "@kiln/testing";
import { flattenProblem } from "../src/gradients/flat-function.js";
import { checkVjpLayer } from "../src/gradients/layer-checks.js";

// sin(x) whose forward computation is detached: forward mode (which differentiates the forward
// computation of a customVjp) returns zero while the reverse rule is right.
const sinDetachedForward = k.customVjp(
  (x: Tensor): [Tensor, Tensor] => [k.stopGradient(x).sin(), x],
  (x: Tensor, ct: Tensor) => [ct.mul(x.cos())],
);

/** Runs the first-order VJP layer check alone, so the JVP layer cannot fail first. */
function runVjpLayer(compareWithJvp: boolean): void {
  k.withBackend("cpu64", () => {
    const x = k.fromArray(Float64Array.of(0.3, -0.7, 1.2), [3], "f32");
    const problem = flattenProblem(sinDetachedForward, [x]);
    const inputs = { tensors: problem.inputs, data: problem.inputData, leaves: problem.inputLeaves };
    checkVjpLayer("VJP", { fn: problem.fn, outputLeaves: problem.outputLeaves }, inputs, GRADIENT_CHECK_DEFAULTS, compareWithJvp);
  });
}

describe("VJP layer inner-product identity", () => {
  it("passes against central differences alone", () => {
    expect(() => runVjpLayer(false)).not.toThrow();
  });

  it("fails when the JVP disagrees with the VJP", () => {
    let error: unknown;
    try {
      runVjpLayer(true);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GradientCheckError);
    const mismatch = error as GradientCheckError;
    expect(mismatch.kind).toBe("inner product");
    expect(mismatch.inputLeaf).toBe("args[0]");
    // The JVP is zero, so ⟨u, JVP along the element⟩ is zero while the cotangent is not.
    expect(mismatch.expected).toBe(0);
    expect(mismatch.got).not.toBe(0);
    expect(mismatch.message).toContain("⟨u, Jv⟩ from the JVP");
  });
});
