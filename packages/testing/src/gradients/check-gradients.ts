import { jvp, vjp, withBackend, type Tensor } from "@kiln/tensor";
import { randomDirection } from "./directions.js";
import { flattenProblem } from "./flat-function.js";
import { checkJvpLayer, checkVjpLayer, type CheckInputs, type CheckSettings, type LayerFunction } from "./layer-checks.js";

/** "fwd" checks forward mode (jvp), "rev" checks reverse mode (vjp). */
export type GradientMode = "fwd" | "rev";

export interface CheckGradientsOptions {
  /**
   * Highest derivative order to check (default 1). With both modes, order k checks
   * 2 + 4 + … + 2ᵏ layers (6 at order 2), each with roughly five function evaluations.
   */
  order?: number;
  /** Autodiff modes to check (default both). Drop "fwd" when forward mode of `fn` is deliberately not differentiable. */
  modes?: readonly GradientMode[];
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance (default 1e-4). */
  rtol?: number;
  /** Central-difference step (default 1e-5). Each input element moves by at most eps. */
  eps?: number;
  /** Seed of the random directions u and v (default 0). */
  seed?: number;
  /**
   * When a reverse-mode check fails, each input element is probed on its own to find the
   * failing one, at up to two function evaluations per element. Above this many input elements
   * (default 256) the search is skipped and only the directional values are reported.
   */
  maxLocateElements?: number;
}

/** Defaults for float64 central differences on the cpu64 oracle. */
export const GRADIENT_CHECK_DEFAULTS = {
  order: 1,
  modes: ["fwd", "rev"] as readonly GradientMode[],
  atol: 1e-5,
  rtol: 1e-4,
  eps: 1e-5,
  seed: 0,
  maxLocateElements: 256,
} as const;

/** The layers that were checked, in order, such as ["JVP", "JVP of JVP", "VJP of JVP", …]. */
export interface GradientCheckReport {
  layers: string[];
}

function resolveSettings(options: CheckGradientsOptions): CheckSettings & { order: number; modes: readonly GradientMode[] } {
  const d = GRADIENT_CHECK_DEFAULTS;
  const settings = {
    order: options.order ?? d.order,
    modes: options.modes ?? d.modes,
    atol: options.atol ?? d.atol,
    rtol: options.rtol ?? d.rtol,
    eps: options.eps ?? d.eps,
    seed: options.seed ?? d.seed,
    maxLocateElements: options.maxLocateElements ?? d.maxLocateElements,
  };
  if (!Number.isInteger(settings.order) || settings.order < 1) throw new RangeError(`checkGradients: order must be an integer ≥ 1, got ${settings.order}`);
  if (settings.modes.length === 0 || settings.modes.some((m) => m !== "fwd" && m !== "rev")) {
    throw new RangeError(`checkGradients: modes must be a non-empty list of "fwd" and "rev", got [${settings.modes.join(", ")}]`);
  }
  for (const key of ["atol", "rtol"] as const) {
    if (!(settings[key] >= 0 && Number.isFinite(settings[key]))) throw new RangeError(`checkGradients: ${key} must be a finite number ≥ 0, got ${settings[key]}`);
  }
  if (!(settings.eps > 0 && Number.isFinite(settings.eps))) throw new RangeError(`checkGradients: eps must be a finite number > 0, got ${settings.eps}`);
  if (!Number.isSafeInteger(settings.seed)) throw new RangeError(`checkGradients: seed must be an integer, got ${settings.seed}`);
  if (!Number.isInteger(settings.maxLocateElements) || settings.maxLocateElements < 0) {
    throw new RangeError(`checkGradients: maxLocateElements must be an integer ≥ 0, got ${settings.maxLocateElements}`);
  }
  return settings;
}

/** x ↦ jvp(f)(x; v) for a fixed direction v: the function that "… of JVP" layers check. */
function jvpOf(layer: LayerFunction, inputs: CheckInputs, seed: number, name: string): LayerFunction {
  const v = randomDirection(inputs.leaves.map((l) => l.shape), seed, `${name}/fixed tangent`);
  return {
    fn: (xs) => jvp((...ys: Tensor[]) => layer.fn(ys), [...xs], v.tensors)[1],
    outputLeaves: layer.outputLeaves.map((l) => ({ path: `tangent of ${l.path}`, shape: l.shape })),
  };
}

/** x ↦ vjp(f)(x)(u) for a fixed cotangent u: the function that "… of VJP" layers check. */
function vjpOf(layer: LayerFunction, inputs: CheckInputs, seed: number, name: string): LayerFunction {
  const u = randomDirection(layer.outputLeaves.map((l) => l.shape), seed, `${name}/fixed cotangent`);
  return {
    fn: (xs) => vjp((...ys: Tensor[]) => layer.fn(ys), ...xs)[1](u.tensors),
    outputLeaves: inputs.leaves.map((l) => ({ path: `cotangent of ${l.path}`, shape: l.shape })),
  };
}

function checkLayers(
  layer: LayerFunction,
  prefix: string,
  remainingOrder: number,
  inputs: CheckInputs,
  settings: ReturnType<typeof resolveSettings>,
  checked: string[],
): void {
  const nameOf = (mode: string) => (prefix === "" ? mode : `${mode} of ${prefix}`);
  if (settings.modes.includes("fwd")) {
    const name = nameOf("JVP");
    checkJvpLayer(name, layer, inputs, settings);
    checked.push(name);
    if (remainingOrder > 1) checkLayers(jvpOf(layer, inputs, settings.seed, name), name, remainingOrder - 1, inputs, settings, checked);
  }
  if (settings.modes.includes("rev")) {
    const name = nameOf("VJP");
    checkVjpLayer(name, layer, inputs, settings, settings.modes.includes("fwd"));
    checked.push(name);
    if (remainingOrder > 1) checkLayers(vjpOf(layer, inputs, settings.seed, name), name, remainingOrder - 1, inputs, settings, checked);
  }
}

/**
 * Checks the derivatives of `fn` at `args` against central differences, like JAX's
 * `check_grads`. Everything runs on the cpu64 backend with the f32 tensors of `args` copied
 * to float64 constants. Integer and boolean tensors and other values are passed through
 * unchanged and not differentiated, and only the f32 leaves of the output are checked.
 *
 * Each layer draws seeded random directions v (inputs) and u (outputs) with entries in
 * [-1, 1]. Forward mode compares the JVP along v with (f(x+εv) − f(x−εv))/2ε elementwise.
 * Reverse mode compares ⟨Jᵀu, v⟩ with ⟨u, central difference along v⟩ and, when "fwd" is also
 * checked, with ⟨u, Jv⟩ from the JVP. With `order` 2 the same checks run on x ↦ jvp(f)(x; v)
 * (layers "JVP of JVP" and "VJP of JVP") and on x ↦ vjp(f)(x)(u) ("JVP of VJP", "VJP of VJP").
 *
 * Throws a `GradientCheckError` at the first layer that fails.
 */
export function checkGradients<Args extends unknown[]>(fn: (...args: Args) => unknown, args: Args, options: CheckGradientsOptions = {}): GradientCheckReport {
  const settings = resolveSettings(options);
  return withBackend("cpu64", () => {
    const problem = flattenProblem(fn as (...args: never[]) => unknown, args);
    const inputs: CheckInputs = { tensors: problem.inputs, data: problem.inputData, leaves: problem.inputLeaves };
    const checked: string[] = [];
    checkLayers({ fn: problem.fn, outputLeaves: problem.outputLeaves }, "", settings.order, inputs, settings, checked);
    return { layers: checked };
  });
}
