/** Stochastic gradient descent with momentum, as `torch.optim.SGD`. */
import { equal, KilnError, where, zerosLike, type PyTree, type Tensor } from "@kiln/tensor";
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

export interface SgdOptions {
  /** Learning rate, which may be omitted when every `update` call passes one. */
  lr?: LearningRate;
  /** Momentum factor. 0 disables the momentum buffer. */
  momentum?: number;
  /** Uses Nesterov momentum, which needs momentum > 0 and dampening 0. */
  nesterov?: boolean;
  /** L2 penalty added to the gradient: g + weightDecay·p. */
  weightDecay?: number;
  /** Scales the gradient's contribution to the momentum buffer by 1 − dampening (after the first step). */
  dampening?: number;
  /** Decay selection, true for params that get weight decay. Every param does when it is omitted, as in PyTorch. */
  decayMask?: DecayMask;
}

/** SGD state: the number of completed steps and the momentum buffers (null without momentum). */
export interface SgdState {
  step: Tensor<"i32", []>;
  momentum: PyTree | null;
}

/**
 * Creates an SGD optimiser with PyTorch's semantics. Per param p with gradient g:
 *
 *   d ← g + wd·p                                   (where the decay mask is true)
 *   b ← d on the first step, else μ·b + (1 − dampening)·d
 *   d ← d + μ·b with Nesterov, else b              (only when μ > 0)
 *   p ← p − lr·d
 */
export function sgd(options: SgdOptions = {}): Optimizer<SgdState> {
  const op = "sgd";
  const momentum = options.momentum ?? 0;
  const nesterov = options.nesterov ?? false;
  const weightDecay = options.weightDecay ?? 0;
  const dampening = options.dampening ?? 0;
  checkRange(op, "momentum", momentum, 0);
  checkRange(op, "weightDecay", weightDecay, 0);
  checkRange(op, "dampening", dampening, 0, 1);
  if (nesterov && (momentum <= 0 || dampening !== 0)) {
    throw new KilnError(op, `Nesterov momentum needs momentum > 0 and dampening 0, got momentum ${momentum} and dampening ${dampening}`);
  }
  if (options.lr !== undefined) checkLearningRate(op, options.lr);
  const decayMask = options.decayMask ?? (() => true);

  const init = (params: unknown): SgdState => {
    const flat = flattenFloatTree(`${op}.init`, "params", params);
    const buffers = momentum === 0 ? null : rebuildTree<PyTree>(flat, flat.leaves.map((p) => zerosLike(p)));
    return { step: initialStep(), momentum: buffers };
  };

  const update = <P>(grads: P, state: SgdState, params: P, stepOptions: UpdateOptions = {}): OptimizerStep<P, SgdState> => {
    const name = `${op}.update`;
    const lr = resolveLearningRate(name, options.lr, stepOptions.lr);
    const flat = flattenFloatTree(name, "params", params);
    const g = matchLeaves(name, "grads", grads, flat);
    const buffers = momentum === 0 ? [] : matchLeaves(name, "state.momentum", state.momentum, flat);
    const decayed = resolveSelection(name, "decayMask", decayMask, flat);
    const step = nextStep(name, state.step);
    const isFirstStep = equal(state.step, 0);

    const nextParams: Tensor[] = [];
    const nextBuffers: Tensor[] = [];
    flat.leaves.forEach((p, i) => {
      let d = decayed[i] && weightDecay !== 0 ? g[i].add(p.mul(weightDecay)) : g[i];
      if (momentum !== 0) {
        // A zero buffer times μ plus d is exactly d, so the first-step special case only
        // matters when dampening scales d.
        const accumulated = buffers[i].mul(momentum).add(dampening === 0 ? d : d.mul(1 - dampening));
        const b = dampening === 0 ? accumulated : where(isFirstStep, d, accumulated);
        nextBuffers.push(b);
        d = nesterov ? d.add(b.mul(momentum)) : b;
      }
      nextParams.push(p.sub(d.mul(lr)));
    });
    return {
      params: rebuildTree<P>(flat, nextParams),
      state: { step, momentum: momentum === 0 ? null : rebuildTree<PyTree>(flat, nextBuffers) },
    };
  };

  return { init, update };
}
