/**
 * The optimiser contract and the checks its hyperparameters share. Optimisers are pure: `update`
 * returns new params and a new state and never mutates its arguments, so a whole training step
 * can be one `compile`d function.
 */
import { isTensor, KilnError, scalar, type Tensor } from "@kiln/tensor";

/**
 * A learning rate: a JavaScript number or an f32 scalar tensor. Inside `compile`, a number
 * argument of the compiled function arrives as a traced f32 scalar, so a schedule evaluated
 * outside the step changes the rate without retracing.
 */
export type LearningRate = number | Tensor;

/** Per-step options of `update`. */
export interface UpdateOptions {
  /** Learning rate for this step, which replaces the one given to the optimiser's constructor. */
  lr?: LearningRate;
}

/** The result of one optimiser step. */
export interface OptimizerStep<P, S> {
  params: P;
  state: S;
}

/**
 * An optimiser over pytrees of f32 tensors. `init` builds the state for a parameter tree.
 * `update(grads, state, params)` returns the stepped params and the next state. `grads` must
 * have the structure, shapes and dtypes of `params`.
 */
export interface Optimizer<S> {
  init(params: unknown): S;
  update<P>(grads: P, state: S, params: P, options?: UpdateOptions): OptimizerStep<P, S>;
}

/** Raises unless `value` is a finite number in [min, max], or in [min, max) when `maxExclusive` is set. */
export function checkRange(op: string, name: string, value: number, min: number, max = Infinity, maxExclusive = false): void {
  const belowMax = maxExclusive ? value < max : value <= max;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || !belowMax) {
    let upper = "";
    if (max !== Infinity) upper = maxExclusive ? ` and below ${max}` : ` and at most ${max}`;
    throw new KilnError(op, `${name} must be a finite number of at least ${min}${upper}, got ${String(value)}`);
  }
}

/** Checks a learning rate: a non-negative finite number, or an f32 scalar tensor. */
export function checkLearningRate(op: string, lr: LearningRate): LearningRate {
  if (isTensor(lr)) {
    if (lr.dtype !== "f32" || lr.rank !== 0) {
      throw new KilnError(op, `a learning-rate tensor must be an f32 scalar, got ${lr.dtype} [${lr.shape.join(", ")}]`);
    }
    return lr;
  }
  checkRange(op, "lr", lr, 0);
  return lr;
}

/** Picks the learning rate of one step: the per-step value if given, else the configured one. */
export function resolveLearningRate(op: string, configured: LearningRate | undefined, override: LearningRate | undefined): LearningRate {
  const lr = override ?? configured;
  if (lr === undefined) throw new KilnError(op, "no learning rate: pass { lr } to the optimiser or to update()");
  return checkLearningRate(op, lr);
}

/** Creates the initial step count, an i32 scalar 0. */
export function initialStep(): Tensor<"i32", []> {
  return scalar(0, "i32");
}

/** Checks that the state's step count is an i32 scalar and returns it incremented. */
export function nextStep(op: string, step: unknown): Tensor<"i32", []> {
  if (!isTensor(step) || step.dtype !== "i32" || step.rank !== 0) {
    throw new KilnError(op, "state.step must be an i32 scalar tensor; build the state with init()");
  }
  return step.add(1) as Tensor<"i32", []>;
}

