import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { matmul, mean, random, setDefaultBackend, valueAndGrad, variance, type Tensor } from "@kiln/tensor";
import {
  mocoV3,
  mocoV3InitState,
  mocoV3Optimizer,
  mocoV3Tiny,
  mocoV3TrainStep,
  projectionMlp,
  vit,
  vitTiny,
  type MocoV3Config,
  type MocoV3Encoder,
  type MocoV3Params,
  type MocoV3State,
} from "@kiln/models";
import { expectClose, expectFinite, expectGradients, f64, images, maxAbs, read, readTree, smallVit } from "./helpers.js";

const BATCH = 4;

/**
 * The backbone's last LayerNorm feeds a bias-free linear layer and then batch norm, which
 * subtracts every per-channel constant, so the LayerNorm's bias has zero gradient.
 */
const LN_POST_BIAS = /^backbone\.lnPost\.bias$/;

/** Returns a reduced MoCo v3 config: the small ViT (width 32, depth 1, 8×8 images), hidden 32, output 16. */
function smallMoco(overrides: Partial<MocoV3Config> = {}): MocoV3Config {
  return mocoV3Tiny({ backbone: smallVit(), hiddenDim: 32, outDim: 16, ...overrides });
}

/** Gradients of the MoCo v3 loss with respect to both the online and the momentum encoder. */
function lossAndGrads(config: MocoV3Config) {
  const model = mocoV3(config);
  const { params, state } = model.init(random.key(0));
  const size = config.backbone.imageSize;
  const view1 = images(BATCH, [size, size], 1);
  const view2 = images(BATCH, [size, size], 2);
  const fn = (online: MocoV3Params["online"], momentum: MocoV3Encoder) => model.loss(online, momentum, state, view1, view2);
  const [[loss, nextState], [online, momentum]] = valueAndGrad(fn, { argnums: [0, 1], hasAux: true })(params.online, params.momentum);
  return { loss, nextState, online, momentum };
}

describe("mocoV3Tiny", () => {
  test("shapes, values, gradients", () => {
    const model = mocoV3(mocoV3Tiny());
    const { params } = model.init(random.key(0));
    expect(model.encode(params, images(BATCH, [28, 28], 3)).shape).toEqual([BATCH, 64]);

    const { loss, nextState, online, momentum } = lossAndGrads(mocoV3Tiny());
    expect(loss.shape).toEqual([]);
    expectFinite(read(loss), "loss");
    expect(nextState.online.predictor.length).toBe(2);
    expect(nextState.momentum.projector.length).toBe(3);
    const paths = expectGradients(online, { zero: LN_POST_BIAS });
    expect(paths).toEqual(expect.arrayContaining(["backbone.patch", "projector.linears.2.weight", "predictor.norms.0.weight"]));
    for (const [path, g] of readTree(momentum)) expect(maxAbs(g), `momentum gradient of ${path}`).toBe(0);
  });

  test("frozen patch projection", () => {
    const config = mocoV3Tiny({ backbone: vitTiny({ freezePatchProjection: true }) });
    expectGradients(lossAndGrads(config).online, { frozen: /^backbone\.patch$/, zero: LN_POST_BIAS });
  });

  test("parameter structure", () => {
    const { params, state } = mocoV3(mocoV3Tiny()).init(random.key(0));
    expect(params.online.projector.linears.map((l) => l.weight.shape)).toEqual([[64, 256], [256, 256], [256, 64]]);
    expect(params.online.projector.norms.length).toBe(2);
    expect(params.online.predictor.linears.map((l) => l.weight.shape)).toEqual([[64, 256], [256, 64]]);
    expect(params.online.predictor.norms.length).toBe(1);
    expect(state.online.projector.map((s) => s.mean.shape)).toEqual([[256], [256], [64]]);
  });

  test("momentum starts as a copy", () => {
    const { params } = mocoV3(mocoV3Tiny()).init(random.key(0));
    const online = readTree({ backbone: params.online.backbone, projector: params.online.projector });
    const momentum = readTree(params.momentum);
    expect([...momentum.keys()]).toEqual([...online.keys()]);
    for (const [path, values] of momentum) expect(values, path).toEqual(online.get(path));
    expect(params.momentum.backbone.patch).not.toBe(params.online.backbone.patch);
  });
});

describe("mocoV3 loss", () => {
  beforeAll(() => setDefaultBackend("cpu64"));
  afterAll(() => setDefaultBackend("cpu"));

  test("contrastive matches float64 reference", () => {
    const model = mocoV3(smallMoco({ temperature: 0.2 }));
    const q = f64([3, 0, 0, 2], [2, 2]);
    const k = f64([1, 0, 1, 1], [2, 2]);
    // Normalised rows: q̂ = [1, 0], [0, 1] and k̂ = [1, 0], [s, s] with s = √½.
    const s = Math.SQRT1_2;
    const logits = [[1 / 0.2, s / 0.2], [0, s / 0.2]];
    const ce = logits.map((row, i) => Math.log(Math.exp(row[0]) + Math.exp(row[1])) - row[i]);
    expect(read(model.contrastive(q, k))[0]).toBeCloseTo(2 * 0.2 * ((ce[0] + ce[1]) / 2), 12);
  });

  test("pairs each query with the other view's key", () => {
    const config = smallMoco();
    const model = mocoV3(config);
    const { params, state } = model.init(random.key(4));
    // A momentum encoder different from the online one, so that k differs from the online z.
    const momentum = model.init(random.key(5)).params.online;
    const view1 = () => images(BATCH, [8, 8], 6);
    const view2 = () => images(BATCH, [8, 8], 7);

    const backbone = vit(config.backbone);
    const projector = projectionMlp({ dims: [32, 32, 32, 16] });
    const predictor = projectionMlp({ dims: [16, 32, 16] });
    const project = (encoder: MocoV3Encoder, view: Tensor<"f32">) =>
      projector.apply(encoder.projector, backbone.apply(encoder.backbone, view), { state: projector.initState(), train: true })[0];
    const query = (view: Tensor<"f32">) => predictor.apply(params.online.predictor, project(params.online, view), { state: predictor.initState(), train: true })[0];
    const expected = model.contrastive(query(view1()), project(momentum, view2())).add(model.contrastive(query(view2()), project(momentum, view1())));

    const [loss] = model.loss(params.online, momentum, state, view1(), view2());
    expectClose(read(loss), read(expected), 1e-12);
  });
});

describe("mocoV3 training step", () => {
  beforeAll(() => setDefaultBackend("cpu64"));
  afterAll(() => setDefaultBackend("cpu"));

  const config = smallMoco();
  const model = mocoV3(config);
  const optimizer = mocoV3Optimizer();

  /** Creates a training state whose momentum encoder differs from the online one (drawn from another key). */
  function initialState() {
    const train = mocoV3InitState(model, optimizer, random.key(8));
    const other = model.init(random.key(9)).params.online;
    return { ...train, params: { ...train.params, momentum: { backbone: other.backbone, projector: other.projector } } };
  }

  test("momentum moves by the EMA formula", () => {
    const train = initialState();
    const onlineBefore = readTree({ backbone: train.params.online.backbone, projector: train.params.online.projector });
    const momentumBefore = readTree(train.params.momentum);
    const m = 0.9;

    const step = mocoV3TrainStep(model, optimizer);
    const next = step(train, images(BATCH, [8, 8], 10), images(BATCH, [8, 8], 11), 1e-2, m).train;

    for (const [path, after] of readTree(next.params.momentum)) {
      const online = onlineBefore.get(path)!;
      const expected = momentumBefore.get(path)!.map((t, i) => m * t + (1 - m) * online[i]);
      expectClose(after, expected, 1e-12, 1e-12, `momentum ${path}`);
    }
  });

  test("online encoder moves, loss is finite", () => {
    const train = initialState();
    const before = readTree(train.params.online);
    const step = mocoV3TrainStep(model, optimizer);
    const { train: next, loss } = step(train, images(BATCH, [8, 8], 10), images(BATCH, [8, 8], 11), 1e-2, 0.99);
    expectFinite(read(loss), "loss");
    for (const [path, after] of readTree(next.params.online)) expect(after, `online ${path}`).not.toEqual(before.get(path));
    expect(read(next.opt.step)).toEqual([1]);
  });

  test("batch-norm statistics update", () => {
    const train = initialState();
    const step = mocoV3TrainStep(model, optimizer);
    const view1 = () => images(BATCH, [8, 8], 12);
    const view2 = () => images(BATCH, [8, 8], 13);
    const next = step(train, view1(), view2(), 1e-2, 0.99).train;

    // The momentum projector's first batch norm saw view 1, then view 2 (PyTorch momentum 0.1).
    const target = next.params.momentum;
    const backbone = vit(config.backbone);
    const hidden = (view: Tensor<"f32">) => matmul(backbone.apply(target.backbone, view), target.projector.linears[0].weight as Tensor<"f32">);
    const batchMean = (view: Tensor<"f32">) => read(mean(hidden(view), 0));
    const batchVar = (view: Tensor<"f32">) => read(variance(hidden(view), 0, { correction: 1 }));
    const mean1 = batchMean(view1());
    const mean2 = batchMean(view2());
    const var1 = batchVar(view1());
    const var2 = batchVar(view2());
    const first: MocoV3State["momentum"]["projector"][number] = next.state.momentum.projector[0];
    expectClose(read(first.mean), mean1.map((a, i) => 0.9 * 0.1 * a + 0.1 * mean2[i]), 1e-12, 1e-9, "running mean");
    expectClose(read(first.var), var1.map((a, i) => 0.9 * (0.9 + 0.1 * a) + 0.1 * var2[i]), 1e-12, 1e-9, "running variance");

    // Every other batch norm moved away from its initial zeros and ones.
    const states = [...next.state.online.projector, ...next.state.online.predictor, ...next.state.momentum.projector];
    for (const [i, s] of states.entries()) {
      expect(maxAbs(read(s.mean)), `running mean ${i}`).toBeGreaterThan(0);
      expect(read(s.var), `running variance ${i}`).not.toEqual(new Array(s.var.size).fill(1));
    }
  });

  test("frozen patch projection stays fixed", () => {
    const frozenModel = mocoV3(smallMoco({ backbone: smallVit({ freezePatchProjection: true }) }));
    const train = mocoV3InitState(frozenModel, optimizer, random.key(14));
    const patch = read(train.params.online.backbone.patch);
    const step = mocoV3TrainStep(frozenModel, optimizer);
    const next = step(train, images(BATCH, [8, 8], 15), images(BATCH, [8, 8], 16), 1e-2, 0.99).train;
    expect(read(next.params.online.backbone.patch)).toEqual(patch);
  });

  test("traces once", () => {
    const step = mocoV3TrainStep(model, optimizer);
    let train = initialState();
    for (let i = 0; i < 2; i++) train = step(train, images(BATCH, [8, 8], 17 + i), images(BATCH, [8, 8], 19 + i), 1e-2, 0.99).train;
    expect(step.traceCount).toBe(1);
  });
});

describe("mocoV3 config errors", () => {
  test("invalid values name the field", () => {
    const cases: [Partial<MocoV3Config>, string][] = [
      [{ temperature: 0 }, "mocoV3: temperature must be a finite number > 0, got 0"],
      [{ temperature: Infinity }, "mocoV3: temperature must be a finite number > 0, got Infinity"],
      [{ outDim: -1 }, "mocoV3: outDim must be a positive integer, got -1"],
    ];
    for (const [overrides, message] of cases) expect(() => mocoV3(mocoV3Tiny(overrides)), message).toThrow(message);
  });

  test("projection MLP sizes", () => {
    expect(() => projectionMlp({ dims: [4, 0, 2] })).toThrow("projectionMlp: dims[1] must be a positive integer, got 0");
  });
});

describe("projection MLP init", () => {
  test("weights follow PyTorch's nn.Linear default", () => {
    // U(±1/√fanIn): bounds 1/8 for the 64 → 256 layer and 1/16 for the 256 → 64 layer.
    const projector = projectionMlp({ dims: [64, 256, 256, 64] });
    const { linears } = projector.init(random.key(8));
    linears.forEach((layer, i) => {
      const fanIn = layer.weight.shape[0];
      const values = read(layer.weight);
      const largest = Math.max(...values.map(Math.abs));
      expect(largest, `layer ${i}`).toBeLessThanOrEqual(1 / Math.sqrt(fanIn));
      expect(largest, `layer ${i}`).toBeGreaterThan(0.99 / Math.sqrt(fanIn));
    });
  });
});
