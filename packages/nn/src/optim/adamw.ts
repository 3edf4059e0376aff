/** AdamW: Adam with decoupled weight decay, as `torch.optim.AdamW` (amsgrad off). */
import { cast, div, expm1, mul, neg, sqrt, sub, zerosLike, type PyTree, type Tensor } from "@kiln/tensor";
import { resolveSelection, type DecayMask } from "./decay-mask.js";
import { flattenFloatTree, matchLeaves, rebuildTree } from "./tree.js";
import {
  checkLearningRate,
  checkRange,
  initialStep,
  nextStep,
  resolveLearningRate,
  type LearningRate,
  type Optimizer,
  type OptimizerStep,
  type UpdateOptions,
} from "./types.js";

export interface AdamWOptions {
  /** Learning rate, which may be omitted when every `update` call passes one. */
  lr?: LearningRate;
  /** Decay rates of the first and second moment estimates, each in [0, 1). */
  betas?: readonly [number, number];
  /** Added to the bias-corrected root of the second moment. */
  eps?: number;
  /** Decoupled weight-decay coefficient: decayed params are multiplied by 1 − lr·weightDecay. */
  weightDecay?: number;
  /** Decay selection, true for params that are decayed. Every param is decayed when it is omitted. */
  decayMask?: DecayMask;
}

/** AdamW state: the number of completed steps and the first (mu) and second (nu) moments. */
export interface AdamWState {
  step: Tensor<"i32", []>;
  mu: PyTree;
  nu: PyTree;
}

/**
 * Creates an AdamW optimiser: Adam with decoupled weight decay. With t the step count after
 * increment, each step computes, per param p with gradient g:
 *
 *   p ← p·(1 − lr·wd)                  (only where the decay mask is true)
 *   m ← β₁·m + (1 − β₁)·g,  v ← β₂·v + (1 − β₂)·g²
 *   p ← p − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + eps)
 *
 * which is PyTorch's AdamW. The corrections 1 − βᵗ are computed as −expm1(t·ln β), which stays
 * accurate in f32 where 1 − βᵗ would cancel.
 */
export function adamw(options: AdamWOptions = {}): Optimizer<AdamWState> {
  const op = "adamw";
  const [beta1, beta2] = options.betas ?? [0.9, 0.999];
  const eps = options.eps ?? 1e-8;
  const weightDecay = options.weightDecay ?? 0.01;
  checkRange(op, "betas[0]", beta1, 0, 1, true);
  checkRange(op, "betas[1]", beta2, 0, 1, true);
  checkRange(op, "eps", eps, 0);
  checkRange(op, "weightDecay", weightDecay, 0);
  if (options.lr !== undefined) checkLearningRate(op, options.lr);
  const decayMask = options.decayMask ?? (() => true);

  const init = (params: unknown): AdamWState => {
    const flat = flattenFloatTree(`${op}.init`, "params", params);
    return {
      step: initialStep(),
      mu: rebuildTree(flat, flat.leaves.map((p) => zerosLike(p))),
      nu: rebuildTree(flat, flat.leaves.map((p) => zerosLike(p))),
    };
  };

  const update = <P>(grads: P, state: AdamWState, params: P, stepOptions: UpdateOptions = {}): OptimizerStep<P, AdamWState> => {
    const name = `${op}.update`;
    const lr = resolveLearningRate(name, options.lr, stepOptions.lr);
    const flat = flattenFloatTree(name, "params", params);
    const g = matchLeaves(name, "grads", grads, flat);
    const mu = matchLeaves(name, "state.mu", state.mu, flat);
    const nu = matchLeaves(name, "state.nu", state.nu, flat);
    const decayed = resolveSelection(name, "decayMask", decayMask, flat);

    const step = nextStep(name, state.step);
    const t = cast(step, "f32");
    const correction1 = neg(expm1(t.mul(Math.log(beta1))));
    const correction2Root = sqrt(neg(expm1(t.mul(Math.log(beta2)))));
    const stepSize = div(lr, correction1);
    const decayFactor = typeof lr === "number" ? 1 - lr * weightDecay : sub(1, mul(lr, weightDecay));

    const nextParams: Tensor[] = [];
    const nextMu: Tensor[] = [];
    const nextNu: Tensor[] = [];
    flat.leaves.forEach((p, i) => {
      const base = decayed[i] && weightDecay !== 0 ? p.mul(decayFactor) : p;
      const m = mu[i].mul(beta1).add(g[i].mul(1 - beta1));
      const v = nu[i].mul(beta2).add(g[i].mul(g[i]).mul(1 - beta2));
      const denominator = v.sqrt().div(correction2Root).add(eps);
      nextParams.push(base.sub(m.div(denominator).mul(stepSize)));
      nextMu.push(m);
      nextNu.push(v);
    });
    return {
      params: rebuildTree<P>(flat, nextParams),
      state: { step, mu: rebuildTree(flat, nextMu), nu: rebuildTree(flat, nextNu) },
    };
  };

  return { init, update };
}
