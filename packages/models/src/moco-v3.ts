/**
 * MoCo v3 (Chen, Xie and He, "An Empirical Study of Training Self-Supervised Vision
 * Transformers", ICCV 2021): a backbone with a 3-layer projector and a 2-layer predictor; the
 * momentum encoder (backbone + projector) is an EMA of the online one, updated before the keys
 * are computed; the loss is ctr(q1, k2) + ctr(q2, k1) with ctr(q, k) = 2τ·CE(q̂·k̂ᵀ/τ).
 */
import { adamw, emaUpdate, type AdamWState, type DecayMask, type Optimizer } from "@kiln/nn";
import { compile, crossEntropy, iota, matmul, matrixTranspose, normalize, random, stopGradient, treeMap, valueAndGrad, type PRNGKey, type Tensor } from "@kiln/tensor";
import { checkInteger, checkPositiveNumber } from "./config-check.js";
import { projectionMlp, type ProjectionMlpParams, type ProjectionMlpState } from "./projection-mlp.js";
import { keepFrozenPatch, vit, type VitConfig, type VitParams } from "./vit.js";

export interface MocoV3Config {
  backbone: VitConfig;
  hiddenDim: number;
  outDim: number;
  temperature: number;
}

export interface MocoV3Encoder {
  backbone: VitParams;
  projector: ProjectionMlpParams;
}

export interface MocoV3Params {
  online: MocoV3Encoder & { predictor: ProjectionMlpParams };
  momentum: MocoV3Encoder;
}

export interface MocoV3State {
  online: { projector: ProjectionMlpState; predictor: ProjectionMlpState };
  momentum: { projector: ProjectionMlpState };
}

export interface MocoV3 {
  readonly config: Readonly<MocoV3Config>;
  init(key: PRNGKey): { params: MocoV3Params; state: MocoV3State };
  /** Backbone features for evaluation [B, width]. */
  encode(params: MocoV3Params, images: Tensor<"f32">): Tensor<"f32">;
  /** ctr(q, k) = 2τ·CE(q̂·k̂ᵀ/τ, diagonal). */
  contrastive(q: Tensor<"f32">, k: Tensor<"f32">): Tensor<"f32">;
  /** The symmetric loss of two views; returns the loss and the new batch-norm state. */
  loss(online: MocoV3Params["online"], momentum: MocoV3Encoder, state: MocoV3State, view1: Tensor<"f32">, view2: Tensor<"f32">): [Tensor<"f32">, MocoV3State];
}

export function mocoV3(config: MocoV3Config): MocoV3 {
  checkPositiveNumber("mocoV3", "temperature", config.temperature);
  checkInteger("mocoV3", "hiddenDim", config.hiddenDim);
  checkInteger("mocoV3", "outDim", config.outDim);
  const backbone = vit(config.backbone);
  const width = config.backbone.outputDim ?? config.backbone.width;
  const projector = projectionMlp({ dims: [width, config.hiddenDim, config.hiddenDim, config.outDim] });
  const predictor = projectionMlp({ dims: [config.outDim, config.hiddenDim, config.outDim] });
  const tau = config.temperature;

  const init = (key: PRNGKey) => {
    const [b, p, q] = random.split(key, 3);
    const online = { backbone: backbone.init(b), projector: projector.init(p), predictor: predictor.init(q) };
    // The momentum encoder starts as a copy (new tensors, not shared ones) of the online encoder.
    const momentum = treeMap((t) => t.mul(1), { backbone: online.backbone, projector: online.projector }) as MocoV3Encoder;
    const state: MocoV3State = {
      online: { projector: projector.initState(), predictor: predictor.initState() },
      momentum: { projector: projector.initState() },
    };
    return { params: { online, momentum }, state };
  };

  const contrastive = (q: Tensor<"f32">, k: Tensor<"f32">): Tensor<"f32"> => {
    const logits = matmul(normalize(q, -1), matrixTranspose(normalize(k, -1)) as never).div(tau) as Tensor<"f32">;
    return crossEntropy(logits, iota([q.shape[0]], 0, "i32")).mul(2 * tau) as Tensor<"f32">;
  };

  const loss: MocoV3["loss"] = (online, momentum, state, view1, view2) => {
    // Queries from the online encoder, one forward pass (and batch statistics) per view.
    const query = (images: Tensor<"f32">, projState: ProjectionMlpState, predState: ProjectionMlpState) => {
      const [z, nextProj] = projector.apply(online.projector, backbone.apply(online.backbone, images), { state: projState, train: true });
      const [q, nextPred] = predictor.apply(online.predictor, z, { state: predState, train: true });
      return { q, nextProj, nextPred };
    };
    const q1 = query(view1, state.online.projector, state.online.predictor);
    const q2 = query(view2, q1.nextProj, q1.nextPred);

    // Keys from the momentum encoder, without gradient.
    const key = (images: Tensor<"f32">, projState: ProjectionMlpState) =>
      projector.apply(momentum.projector, backbone.apply(momentum.backbone, images), { state: projState, train: true });
    const [k1, kState1] = key(view1, state.momentum.projector);
    const [k2, kState2] = key(view2, kState1);

    const total = contrastive(q1.q, stopGradient(k2)).add(contrastive(q2.q, stopGradient(k1))) as Tensor<"f32">;
    return [total, { online: { projector: q2.nextProj, predictor: q2.nextPred }, momentum: { projector: kState2 } }];
  };

  const encode = (params: MocoV3Params, images: Tensor<"f32">) => backbone.apply(params.online.backbone, images);

  return { config, init, encode, contrastive, loss };
}

export interface MocoV3TrainState {
  params: MocoV3Params;
  state: MocoV3State;
  opt: AdamWState;
}

/** AdamW with weight decay on every online parameter by default, as moco-v3. */
export function mocoV3Optimizer(options: { weightDecay?: number; betas?: [number, number]; eps?: number; decayMask?: DecayMask } = {}): Optimizer<AdamWState> {
  return adamw({ weightDecay: options.weightDecay ?? 0.1, betas: options.betas ?? [0.9, 0.999], eps: options.eps ?? 1e-8, decayMask: options.decayMask ?? (() => true) });
}

export function mocoV3InitState(model: MocoV3, optimizer: Optimizer<AdamWState>, key: PRNGKey): MocoV3TrainState {
  const { params, state } = model.init(key);
  return { params, state, opt: optimizer.init(params.online) };
}

/**
 * Returns `step(train, view1, view2, lr, momentum) → { train, loss }`: the momentum encoder moves
 * by the EMA formula first, then the loss, its gradient with respect to the online encoder and
 * the AdamW update, all in one compiled call with the state donated.
 */
export function mocoV3TrainStep(model: MocoV3, optimizer: Optimizer<AdamWState>) {
  return compile(
    (train: MocoV3TrainState, view1: Tensor<"f32">, view2: Tensor<"f32">, lr: number, momentum: number) => {
      const { online } = train.params;
      const target: MocoV3Encoder = emaUpdate(train.params.momentum, { backbone: online.backbone, projector: online.projector }, momentum);
      const frozenTarget = treeMap((t) => stopGradient(t), target) as MocoV3Encoder;
      const [[loss, state], grads] = valueAndGrad((p: MocoV3Params["online"]) => model.loss(p, frozenTarget, train.state, view1, view2), { hasAux: true })(online);
      const updated = optimizer.update(grads, train.opt, online, { lr });
      const backbone = keepFrozenPatch(model.config.backbone, updated.params.backbone, online.backbone);
      return { train: { params: { online: { ...updated.params, backbone }, momentum: target }, state, opt: updated.state }, loss };
    },
    { donate: [0] },
  );
}
