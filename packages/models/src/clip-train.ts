/**
 * CLIP's compiled training step: forward, backward, AdamW update and the logit-scale clamp as
 * one compiled call whose parameter and optimiser state are donated (updated in place).
 */
import { adamw, defaultDecayMask, type AdamWState, type DecayMask, type Optimizer } from "@kiln/nn";
import { compile, valueAndGrad, type Tensor } from "@kiln/tensor";
import type { Clip, ClipParams } from "./clip.js";
import { keepFrozenPatch } from "./vit.js";

export interface ClipTrainState {
  params: ClipParams;
  opt: AdamWState;
}

export interface ClipOptimizerConfig {
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  /**
   * Decayed parameters. The default, `defaultDecayMask`, decays weight matrices only: no gains,
   * biases, token or position embeddings, class token or logit scale, as the reference recipe.
   * open_clip also decays the embeddings: `(path, leaf) => leaf.rank >= 2`.
   */
  decayMask?: DecayMask;
}

/** AdamW for CLIP: betas (0.9, 0.98), eps 1e-6, weight decay 0.1 on weight matrices. */
export function clipOptimizer(config: ClipOptimizerConfig = {}): Optimizer<AdamWState> {
  return adamw({ betas: config.betas ?? [0.9, 0.98], eps: config.eps ?? 1e-6, weightDecay: config.weightDecay ?? 0.1, decayMask: config.decayMask ?? defaultDecayMask });
}

export function clipInitState(model: Clip, optimizer: Optimizer<AdamWState>, params: ClipParams): ClipTrainState {
  return { params, opt: optimizer.init(params) };
}

/**
 * Returns `step(state, images, tokens, lr) → { state, loss }`. `lr` is a plain number (a traced
 * scalar, so a schedule does not retrace). The previous state is donated and unusable after.
 */
export function clipTrainStep(model: Clip, optimizer: Optimizer<AdamWState>) {
  return compile(
    (state: ClipTrainState, images: Tensor<"f32">, tokens: Tensor<"i32">, lr: number) => {
      const [loss, grads] = valueAndGrad((p: ClipParams) => model.loss(p, images, tokens))(state.params);
      const updated = optimizer.update(grads, state.opt, state.params, { lr });
      const visual = keepFrozenPatch(model.config.vision, updated.params.visual, state.params.visual);
      const params = model.clampLogitScale({ ...updated.params, visual });
      return { state: { params, opt: updated.state }, loss };
    },
    { donate: [0] },
  );
}
