/**
 * MoCo v2 (Chen, Fan, Girshick and He, "Improved Baselines with Momentum Contrastive
 * Learning", 2020): a query encoder and a momentum key encoder (backbone + MLP head), a queue of
 * K negative keys kept as a ring buffer in the state, temperature 0.2, L2-normalised keys.
 * Order within a step: the key encoder moves by EMA, keys are computed, logits are formed
 * against the queue, then the keys are enqueued. Shuffle-BN is emulated on one device by
 * permuting the key batch and normalising each sub-batch separately in the head.
 */
import { adamw, emaUpdate, type AdamWState, type Optimizer } from "@kiln/nn";
import {
  KilnError,
  argsort,
  cast,
  compile,
  concat,
  crossEntropy,
  expandDims,
  iota,
  lessEqual,
  less,
  matmul,
  matrixTranspose,
  normalize,
  random,
  stopGradient,
  sum,
  take,
  treeMap,
  valueAndGrad,
  where,
  zeros,
  type PRNGKey,
  type Tensor,
} from "@kiln/tensor";
import { checkInteger, checkPositiveNumber } from "./config-check.js";
import { projectionMlp, type ProjectionMlpParams, type ProjectionMlpState } from "./projection-mlp.js";
import { keepFrozenPatch, vit, type VitConfig, type VitParams } from "./vit.js";

export interface MocoV2Config {
  backbone: VitConfig;
  hiddenDim: number;
  outDim: number;
  /** Number of queued negative keys K (65,536 in the paper); must divide by the batch size. */
  queueSize: number;
  temperature: number;
  /** Sub-batches for shuffle-BN in the key encoder's head (1 disables it). */
  shuffleGroups: number;
}

export interface MocoV2Encoder {
  backbone: VitParams;
  head: ProjectionMlpParams;
}

export interface MocoV2Params {
  query: MocoV2Encoder;
  key: MocoV2Encoder;
}

export interface MocoV2State {
  /** Queued keys [K, outDim], L2-normalised. */
  queue: Tensor<"f32">;
  /** Next queue row to overwrite (i32 scalar), in [0, K); a multiple of the batch size while the batch size stays the same. */
  pointer: Tensor<"i32">;
  head: { query: ProjectionMlpState; key: ProjectionMlpState };
}

export interface MocoV2 {
  readonly config: Readonly<MocoV2Config>;
  init(key: PRNGKey): { params: MocoV2Params; state: MocoV2State };
  encode(params: MocoV2Params, images: Tensor<"f32">): Tensor<"f32">;
  /**
   * The InfoNCE loss of queries against their keys and the queue; returns the loss and the new
   * state, whose queue contains the normalised keys at the old pointer.
   */
  loss(query: MocoV2Encoder, key: MocoV2Encoder, state: MocoV2State, imagesQ: Tensor<"f32">, imagesK: Tensor<"f32">, shuffleKey: PRNGKey): [Tensor<"f32">, MocoV2State];
}

/**
 * Writes `keys` [N, D] into rows [pointer, pointer + N) of `queue` [K, D], wrapping past row
 * K − 1 to row 0; `pointer` is in [0, K) and N ≤ K.
 */
export function enqueue(queue: Tensor<"f32">, keys: Tensor<"f32">, pointer: Tensor<"i32">): Tensor<"f32"> {
  const [size] = queue.shape;
  const batch = keys.shape[0];
  if (batch > size) throw new KilnError("enqueue", `${batch} keys do not fit in a queue of ${size} rows`);
  // Offset of each row from the pointer, modulo K: rows before the pointer come after row K − 1.
  const difference = iota([size], 0, "i32").sub(pointer) as Tensor<"i32">;
  const offset = where(less(difference, 0), difference.add(size), difference) as Tensor<"i32">;
  const inWindow = less(offset, batch);
  const rows = take(keys, where(inWindow, offset, 0) as Tensor<"i32">, 0);
  return where(expandDims(inWindow, 1), rows, queue) as Tensor<"f32">;
}

export function mocoV2(config: MocoV2Config): MocoV2 {
  checkInteger("mocoV2", "queueSize", config.queueSize);
  checkPositiveNumber("mocoV2", "temperature", config.temperature);
  checkInteger("mocoV2", "shuffleGroups", config.shuffleGroups);
  checkInteger("mocoV2", "hiddenDim", config.hiddenDim);
  checkInteger("mocoV2", "outDim", config.outDim);
  const backbone = vit(config.backbone);
  const width = config.backbone.outputDim ?? config.backbone.width;
  const head = projectionMlp({ dims: [width, config.hiddenDim, config.outDim] });
  const tau = config.temperature;

  const init = (key: PRNGKey) => {
    const [b, h, q] = random.split(key, 3);
    const query = { backbone: backbone.init(b), head: head.init(h) };
    const keyEncoder = treeMap((t) => t.mul(1), query) as MocoV2Encoder;
    const state: MocoV2State = {
      queue: normalize(random.normal(q, [config.queueSize, config.outDim]), -1),
      pointer: zeros([], "i32"),
      head: { query: head.initState(), key: head.initState() },
    };
    return { params: { query, key: keyEncoder }, state };
  };

  const loss: MocoV2["loss"] = (query, key, state, imagesQ, imagesK, shuffleKey) => {
    const batch = imagesQ.shape[0];
    if (config.queueSize % batch !== 0) {
      throw new KilnError("mocoV2", `queue size ${config.queueSize} must be divisible by the batch size ${batch}`);
    }
    const [q, queryHead] = head.apply(query.head, backbone.apply(query.backbone, imagesQ), { state: state.head.query, train: true });
    const qn = normalize(q, -1);

    // Keys: shuffle the batch, normalise sub-batches separately (shuffle-BN), unshuffle.
    const order = random.permutation(shuffleKey, batch);
    const inverse = argsort(order);
    const shuffled = take(imagesK, order, 0);
    const [kShuffled, keyHead] = head.apply(key.head, backbone.apply(key.backbone, shuffled), { state: state.head.key, train: true, groups: config.shuffleGroups });
    const kn = stopGradient(normalize(take(kShuffled, inverse, 0), -1));

    // Logits: the positive key first, then the queue.
    const positive = expandDims(sum(qn.mul(kn), -1), 1);
    const negative = matmul(qn, matrixTranspose(stopGradient(state.queue)) as never);
    const logits = concat([positive, negative], 1).div(tau) as Tensor<"f32">;
    const total = crossEntropy(logits, zeros([batch], "i32"));

    // Enqueue after the logits, advancing the pointer modulo K.
    const queue = enqueue(state.queue, kn as Tensor<"f32">, state.pointer);
    const advanced = state.pointer.add(batch) as Tensor<"i32">;
    const pointer = advanced.sub(cast(lessEqual(config.queueSize, advanced), "i32").mul(config.queueSize)) as Tensor<"i32">;
    return [total, { queue, pointer, head: { query: queryHead, key: keyHead } }];
  };

  const encode = (params: MocoV2Params, images: Tensor<"f32">) => backbone.apply(params.query.backbone, images);
  return { config, init, encode, loss };
}

export interface MocoV2TrainState {
  params: MocoV2Params;
  state: MocoV2State;
  opt: AdamWState;
}

export function mocoV2InitState(model: MocoV2, optimizer: Optimizer<AdamWState>, key: PRNGKey): MocoV2TrainState {
  const { params, state } = model.init(key);
  return { params, state, opt: optimizer.init(params.query) };
}

/** AdamW for the query encoder (weight decay on every parameter by default). */
export function mocoV2Optimizer(options: { weightDecay?: number } = {}): Optimizer<AdamWState> {
  return adamw({ weightDecay: options.weightDecay ?? 1e-4, decayMask: () => true });
}

/** Returns `step(train, imagesQ, imagesK, shuffleKey, lr, momentum) → { train, loss }`, compiled with the state donated. */
export function mocoV2TrainStep(model: MocoV2, optimizer: Optimizer<AdamWState>) {
  return compile(
    (train: MocoV2TrainState, imagesQ: Tensor<"f32">, imagesK: Tensor<"f32">, shuffleKey: PRNGKey, lr: number, momentum: number) => {
      const keyEncoder = emaUpdate(train.params.key, train.params.query, momentum);
      const frozen = treeMap((t) => stopGradient(t), keyEncoder) as MocoV2Encoder;
      const [[loss, state], grads] = valueAndGrad((p: MocoV2Encoder) => model.loss(p, frozen, train.state, imagesQ, imagesK, shuffleKey), { hasAux: true })(train.params.query);
      const updated = optimizer.update(grads, train.opt, train.params.query, { lr });
      const backbone = keepFrozenPatch(model.config.backbone, updated.params.backbone, train.params.query.backbone);
      return { train: { params: { query: { ...updated.params, backbone }, key: keyEncoder }, state, opt: updated.state }, loss };
    },
    { donate: [0] },
  );
}

