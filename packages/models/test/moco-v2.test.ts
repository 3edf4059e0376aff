import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { matmul, mean, normalize, random, scalar, setDefaultBackend, take, tensor, valueAndGrad, type PRNGKey, type Tensor } from "@kiln/tensor";
import {
  enqueue,
  mocoV2,
  mocoV2InitState,
  mocoV2Optimizer,
  mocoV2Tiny,
  mocoV2TrainStep,
  projectionMlp,
  vit,
  type MocoV2Config,
  type MocoV2Encoder,
  type MocoV2TrainState,
} from "@kiln/models";
import { expectClose, expectFinite, expectGradients, images, maxAbs, read, readTree, smallVit } from "./helpers.js";

const BATCH = 4;

/**
 * The backbone's last LayerNorm feeds a bias-free linear layer and then batch norm, which
 * subtracts every per-channel constant, so the LayerNorm's bias has zero gradient.
 */
const LN_POST_BIAS = /^backbone\.lnPost\.bias$/;

/** Returns a reduced MoCo v2 config: the small ViT (width 32, depth 1, 8×8 images), head 32→32→16, K = 4·batch. */
function smallMoco(overrides: Partial<MocoV2Config> = {}): MocoV2Config {
  return mocoV2Tiny({ backbone: smallVit(), hiddenDim: 32, outDim: 16, queueSize: 4 * BATCH, ...overrides });
}

/** Computes the normalised keys of a key encoder for a batch, outside the model. */
function manualKeys(config: MocoV2Config, encoder: MocoV2Encoder, imagesK: Tensor<"f32">, groups: number): Tensor<"f32"> {
  const backbone = vit(config.backbone);
  const head = projectionMlp({ dims: [config.backbone.width, config.hiddenDim, config.outDim] });
  const [k] = head.apply(encoder.head, backbone.apply(encoder.backbone, imagesK), { state: head.initState(), train: true, groups });
  return normalize(k, -1);
}

describe("mocoV2Tiny", () => {
  test("shapes, values, gradients", () => {
    const model = mocoV2(mocoV2Tiny());
    const { params, state } = model.init(random.key(0));
    expect(state.queue.shape).toEqual([4096, 64]);
    expect(read(state.pointer)).toEqual([0]);
    expect(model.encode(params, images(BATCH, [28, 28], 1)).shape).toEqual([BATCH, 64]);

    const x = images(BATCH, [28, 28], 2);
    const y = images(BATCH, [28, 28], 3);
    const fn = (query: MocoV2Encoder, key: MocoV2Encoder) => model.loss(query, key, state, x, y, random.key(4));
    const [[loss, next], [queryGrads, keyGrads]] = valueAndGrad(fn, { argnums: [0, 1], hasAux: true })(params.query, params.key);
    expect(loss.shape).toEqual([]);
    expectFinite(read(loss), "loss");
    expect(next.queue.shape).toEqual([4096, 64]);
    const paths = expectGradients(queryGrads, { zero: LN_POST_BIAS });
    expect(paths).toEqual(expect.arrayContaining(["backbone.patch", "head.linears.1.weight", "head.norms.0.bias"]));
    for (const [path, g] of readTree(keyGrads)) expect(maxAbs(g), `key encoder gradient of ${path}`).toBe(0);
  });

  test("queue rows have unit norm", () => {
    const { state } = mocoV2(mocoV2Tiny()).init(random.key(0));
    const queue = read(state.queue);
    const norms = Array.from({ length: 4096 }, (_, i) => Math.hypot(...queue.slice(i * 64, (i + 1) * 64)));
    expectClose(norms, new Array(4096).fill(1), 1e-5);
  });

  test("key encoder starts as a copy", () => {
    const { params } = mocoV2(mocoV2Tiny()).init(random.key(0));
    const query = readTree(params.query);
    for (const [path, values] of readTree(params.key)) expect(values, path).toEqual(query.get(path));
  });
});

describe("enqueue", () => {
  test("writes the window at the pointer", () => {
    const queue = tensor([[0, 0], [1, 1], [2, 2], [3, 3], [4, 4], [5, 5]]);
    const keys = tensor([[7, 8], [9, 10]]);
    expect(read(enqueue(queue, keys, scalar(4, "i32")))).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 7, 8, 9, 10]);
    expect(read(enqueue(queue, keys, scalar(0, "i32")))).toEqual([7, 8, 9, 10, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  test("wraps past the last row", () => {
    const queue = tensor([[0, 0], [1, 1], [2, 2], [3, 3], [4, 4], [5, 5]]);
    const keys = tensor([[7, 8], [9, 10], [11, 12]]);
    expect(read(enqueue(queue, keys, scalar(5, "i32")))).toEqual([9, 10, 11, 12, 2, 2, 3, 3, 4, 4, 7, 8]);
  });

  test("more keys than rows", () => {
    const queue = tensor([[0, 0], [1, 1]]);
    expect(() => enqueue(queue, tensor([[1, 1], [2, 2], [3, 3]]), scalar(0, "i32"))).toThrow("enqueue: 3 keys do not fit in a queue of 2 rows");
  });
});

describe("mocoV2 training step", () => {
  beforeAll(() => setDefaultBackend("cpu64"));
  afterAll(() => setDefaultBackend("cpu"));

  const optimizer = mocoV2Optimizer();

  test("queue pointer wraps around", () => {
    // One shuffle-BN group: batch statistics ignore the order, so the keys do not depend on the shuffle.
    const config = smallMoco({ shuffleGroups: 1 });
    const model = mocoV2(config);
    const step = mocoV2TrainStep(model, optimizer);
    let train = mocoV2InitState(model, optimizer, random.key(1));
    const pointers: number[] = [];

    for (let i = 0; i < 6; i++) {
      const before = read(train.state.queue);
      const start = read(train.state.pointer)[0];
      const imagesK = () => images(BATCH, [8, 8], 100 + i);
      train = step(train, images(BATCH, [8, 8], 200 + i), imagesK(), random.key(300 + i), 1e-2, 0.99).train;

      pointers.push(read(train.state.pointer)[0]);
      const after = read(train.state.queue);
      const window = [start * 16, (start + BATCH) * 16];
      const keys = read(manualKeys(config, train.params.key, imagesK(), 1));
      expectClose(after.slice(...window), keys, 1e-12, 1e-12, `enqueued rows at step ${i}`);
      expect([...after.slice(0, window[0]), ...after.slice(window[1])], `other rows at step ${i}`).toEqual([...before.slice(0, window[0]), ...before.slice(window[1])]);
    }
    expect(pointers).toEqual([4, 8, 12, 0, 4, 8]);
    expect(step.traceCount).toBe(1);
  });

  test("queue wraps with mixed batch sizes", () => {
    // K = 12 takes batches of 4 and 6: pointer 0 → 4 → 10, then 6 keys fill rows 10, 11, 0–3.
    const config = smallMoco({ shuffleGroups: 1, queueSize: 12 });
    const model = mocoV2(config);
    const step = mocoV2TrainStep(model, optimizer);
    let train = mocoV2InitState(model, optimizer, random.key(1));
    const pointers: number[] = [];
    for (const [i, batch] of [4, 6, 6].entries()) {
      const before = read(train.state.queue);
      const imagesK = () => images(batch, [8, 8], 100 + i);
      train = step(train, images(batch, [8, 8], 200 + i), imagesK(), random.key(300 + i), 1e-2, 0.99).train;
      pointers.push(read(train.state.pointer)[0]);
      if (i < 2) continue;

      const after = read(train.state.queue);
      const keys = read(manualKeys(config, train.params.key, imagesK(), 1));
      expectClose(after.slice(10 * 16), keys.slice(0, 2 * 16), 1e-12, 1e-12, "rows 10 and 11");
      expectClose(after.slice(0, 4 * 16), keys.slice(2 * 16), 1e-12, 1e-12, "rows 0 to 3");
      expect(after.slice(4 * 16, 10 * 16), "rows 4 to 9").toEqual(before.slice(4 * 16, 10 * 16));
    }
    expect(pointers).toEqual([4, 10, 4]);
  });

  test("invalid config values name the field", () => {
    const cases: [Partial<MocoV2Config>, string][] = [
      [{ queueSize: 0 }, "mocoV2: queueSize must be a positive integer, got 0"],
      [{ queueSize: -16 }, "mocoV2: queueSize must be a positive integer, got -16"],
      [{ temperature: 0 }, "mocoV2: temperature must be a finite number > 0, got 0"],
      [{ temperature: -0.2 }, "mocoV2: temperature must be a finite number > 0, got -0.2"],
      [{ shuffleGroups: 0 }, "mocoV2: shuffleGroups must be a positive integer, got 0"],
      [{ hiddenDim: 0 }, "mocoV2: hiddenDim must be a positive integer, got 0"],
    ];
    for (const [overrides, message] of cases) expect(() => mocoV2(smallMoco(overrides)), message).toThrow(message);
  });

  test("shuffle-BN keys are unshuffled", () => {
    const config = smallMoco({ shuffleGroups: 2 });
    const model = mocoV2(config);
    const step = mocoV2TrainStep(model, optimizer);
    const shuffleKey = (): PRNGKey => random.key(7);
    const imagesK = () => images(BATCH, [8, 8], 8);
    const train = step(mocoV2InitState(model, optimizer, random.key(2)), images(BATCH, [8, 8], 9), imagesK(), shuffleKey(), 1e-2, 0.99).train;

    // The key batch in shuffled order, two groups of batch statistics, then row i back to image i.
    const order = read(random.permutation(shuffleKey(), BATCH));
    expect([...order].sort()).toEqual([0, 1, 2, 3]);
    const shuffledKeys = read(manualKeys(config, train.params.key, take(imagesK(), tensor(order, "i32"), 0), 2));
    const expected = order.flatMap((_, i) => shuffledKeys.slice(order.indexOf(i) * 16, (order.indexOf(i) + 1) * 16));
    expectClose(read(train.state.queue).slice(0, BATCH * 16), expected, 1e-12, 1e-12, "enqueued keys");
  });

  test("queue size must divide by the batch", () => {
    const model = mocoV2(smallMoco({ queueSize: 10 }));
    const step = mocoV2TrainStep(model, optimizer);
    const train = mocoV2InitState(model, optimizer, random.key(3));
    expect(() => step(train, images(BATCH, [8, 8], 1), images(BATCH, [8, 8], 2), random.key(4), 1e-2, 0.99)).toThrow(
      "mocoV2: queue size 10 must be divisible by the batch size 4",
    );
  });

  test("loss matches float64 reference", () => {
    const config = smallMoco({ shuffleGroups: 1, temperature: 0.2 });
    const model = mocoV2(config);
    const { params, state } = model.init(random.key(5));
    const imagesQ = () => images(BATCH, [8, 8], 10);
    const imagesK = () => images(BATCH, [8, 8], 11);
    const [loss] = model.loss(params.query, params.key, state, imagesQ(), imagesK(), random.key(12));

    // Logits: the positive key first, then the K queued keys, all over τ. The label is 0.
    const q = read(manualKeys(config, params.query, imagesQ(), 1));
    const k = read(manualKeys(config, params.key, imagesK(), 1));
    const queue = read(state.queue);
    const dot = (a: number[], i: number, b: number[], j: number) => a.slice(i * 16, i * 16 + 16).reduce((s, v, d) => s + v * b[j * 16 + d], 0);
    let expected = 0;
    for (let i = 0; i < BATCH; i++) {
      const logits = [dot(q, i, k, i), ...Array.from({ length: 16 }, (_, j) => dot(q, i, queue, j))].map((v) => v / 0.2);
      const max = Math.max(...logits);
      expected += max + Math.log(logits.reduce((s, v) => s + Math.exp(v - max), 0)) - logits[0];
    }
    expect(read(loss)[0]).toBeCloseTo(expected / BATCH, 12);
  });

  test("key encoder moves by the EMA formula", () => {
    const config = smallMoco();
    const model = mocoV2(config);
    const initial = mocoV2InitState(model, optimizer, random.key(6));
    // A key encoder different from the query encoder, so the formula is visible.
    const train: MocoV2TrainState = { ...initial, params: { ...initial.params, key: model.init(random.key(7)).params.query } };
    const queryBefore = readTree(train.params.query);
    const keyBefore = readTree(train.params.key);
    const m = 0.9;

    const step = mocoV2TrainStep(model, optimizer);
    const next = step(train, images(BATCH, [8, 8], 13), images(BATCH, [8, 8], 14), random.key(15), 1e-2, m).train;
    for (const [path, after] of readTree(next.params.key)) {
      const query = queryBefore.get(path)!;
      const expected = keyBefore.get(path)!.map((t, i) => m * t + (1 - m) * query[i]);
      expectClose(after, expected, 1e-12, 1e-12, `key encoder ${path}`);
    }
    for (const [path, after] of readTree(next.params.query)) expect(after, `query ${path}`).not.toEqual(queryBefore.get(path));
  });

  test("batch-norm statistics update", () => {
    const config = smallMoco();
    const model = mocoV2(config);
    const train = mocoV2InitState(model, optimizer, random.key(8));
    const queryParams = train.params.query;
    const imagesQ = () => images(BATCH, [8, 8], 16);
    // The running mean of the query head's first batch norm, computed before the step donates the state.
    const hidden = matmul(vit(config.backbone).apply(queryParams.backbone, imagesQ()), queryParams.head.linears[0].weight as Tensor<"f32">);
    const expectedMean = read(mean(hidden, 0)).map((v) => 0.1 * v);

    const step = mocoV2TrainStep(model, optimizer);
    const next = step(train, imagesQ(), images(BATCH, [8, 8], 17), random.key(18), 1e-2, 0.99).train;
    expectClose(read(next.state.head.query[0].mean), expectedMean, 1e-12, 1e-9, "query head running mean");
    const states = [...next.state.head.query, ...next.state.head.key];
    for (const [i, s] of states.entries()) {
      expect(maxAbs(read(s.mean)), `running mean ${i}`).toBeGreaterThan(0);
      expect(read(s.var), `running variance ${i}`).not.toEqual(new Array(s.var.size).fill(1));
    }
  });

  test("frozen patch projection stays fixed", () => {
    const model = mocoV2(smallMoco({ backbone: smallVit({ freezePatchProjection: true }) }));
    const train = mocoV2InitState(model, optimizer, random.key(9));
    const patch = read(train.params.query.backbone.patch);
    const step = mocoV2TrainStep(model, optimizer);
    const next = step(train, images(BATCH, [8, 8], 19), images(BATCH, [8, 8], 20), random.key(21), 1e-2, 0.99).train;
    expect(read(next.params.query.backbone.patch)).toEqual(patch);
  });
});


