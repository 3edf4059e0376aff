/** LARS: layer-wise adaptive rate scaling, as the LARS optimiser of MoCo v3. */
import { logicalAnd, sqrt, sum, where, zerosLike, type PyTree, type Tensor } from "@kiln/tensor";
import { resolveSelection, type LeafSelection } from "./decay-mask.js";
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

export interface LarsOptions {
  /** Learning rate, which may be omitted when every `update` call passes one. */
  lr?: LearningRate;
  /** Momentum factor of the update buffer. */
  momentum?: number;
  /** Uses Nesterov momentum: the step is d + μ·b instead of b. */
  nesterov?: boolean;
  /** L2 penalty added to the gradient of adapted params: g + weightDecay·p. */
  weightDecay?: number;
  /** η in the trust ratio η·‖p‖ / (‖d‖ + eps). */
  trustCoefficient?: number;
  /** Added to the update norm in the trust ratio. */
  eps?: number;
  /**
   * Params that skip both weight decay and the trust ratio (true: excluded). By default the
   * leaves of rank ≤ 1 (biases and normalisation scales) are excluded, as in MoCo v3.
   */
  exclude?: LeafSelection;
}

/** LARS state: the number of completed steps and the momentum buffers. */
export interface LarsState {
  step: Tensor<"i32", []>;
  momentum: PyTree;
}

function norm(x: Tensor): Tensor {
  return sqrt(sum(x.mul(x)));
}

/**
 * Creates a LARS optimiser with the update of MoCo v3's `LARS` class (moco/optimizer.py in
 * facebookresearch/moco-v3). Per param p with gradient g that is not excluded:
 *
 *   d ← g + wd·p
 *   q ← η·‖p‖ / (‖d‖ + eps) if ‖p‖ > 0 and ‖d‖ > 0, else 1
 *   d ← q·d
 *
 * then, for every param, b ← μ·b + d and p ← p − lr·b (p ← p − lr·(d + μ·b) with Nesterov).
 * Excluded params use d = g. The learning
 * rate multiplies the buffer rather than entering it, so a schedule acts on the current step.
 * SimCLR's TensorFlow LARS puts lr inside the buffer, which gives the same steps only for a
 * constant rate.
 * With the default eps = 0 the trust ratio is exactly MoCo v3's.
 */
export function lars(options: LarsOptions = {}): Optimizer<LarsState> {
  const op = "lars";
  const momentum = options.momentum ?? 0.9;
  const nesterov = options.nesterov ?? false;
  const weightDecay = options.weightDecay ?? 0;
  const trustCoefficient = options.trustCoefficient ?? 0.001;
  const eps = options.eps ?? 0;
  checkRange(op, "momentum", momentum, 0);
  checkRange(op, "weightDecay", weightDecay, 0);
  checkRange(op, "trustCoefficient", trustCoefficient, 0);
  checkRange(op, "eps", eps, 0);
  if (options.lr !== undefined) checkLearningRate(op, options.lr);
  const exclude = options.exclude ?? ((_path: string, leaf: Tensor) => leaf.rank <= 1);

  const init = (params: unknown): LarsState => {
    const flat = flattenFloatTree(`${op}.init`, "params", params);
    return { step: initialStep(), momentum: rebuildTree<PyTree>(flat, flat.leaves.map((p) => zerosLike(p))) };
  };

  const update = <P>(grads: P, state: LarsState, params: P, stepOptions: UpdateOptions = {}): OptimizerStep<P, LarsState> => {
    const name = `${op}.update`;
    const lr = resolveLearningRate(name, options.lr, stepOptions.lr);
    const flat = flattenFloatTree(name, "params", params);
    const g = matchLeaves(name, "grads", grads, flat);
    const buffers = matchLeaves(name, "state.momentum", state.momentum, flat);
    const excluded = resolveSelection(name, "exclude", exclude, flat);
    const step = nextStep(name, state.step);

    const nextParams: Tensor[] = [];
    const nextBuffers: Tensor[] = [];
    flat.leaves.forEach((p, i) => {
      let d = g[i];
      if (!excluded[i]) {
        if (weightDecay !== 0) d = d.add(p.mul(weightDecay));
        const paramNorm = norm(p);
        const updateNorm = norm(d);
        // The ratio is evaluated everywhere (0/0 gives NaN) but selected only where both norms are positive.
        const ratio = paramNorm.mul(trustCoefficient).div(updateNorm.add(eps));
        const trust = where(logicalAnd(paramNorm.greater(0), updateNorm.greater(0)), ratio, 1);
        d = d.mul(trust);
      }
      const b = buffers[i].mul(momentum).add(d);
      nextBuffers.push(b);
      const direction = nesterov ? d.add(b.mul(momentum)) : b;
      nextParams.push(p.sub(direction.mul(lr)));
    });
    return {
      params: rebuildTree<P>(flat, nextParams),
      state: { step, momentum: rebuildTree<PyTree>(flat, nextBuffers) },
    };
  };

  return { init, update };
}
