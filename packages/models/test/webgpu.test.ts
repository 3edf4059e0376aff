/**
 * Compiled training steps of each model on the WebGPU backend against the cpu backend: same
 * initial state, same batches. Skipped where no WebGPU adapter exists, and a failure when
 * CI=true.
 *
 * The models are reduced (width 32, depth 1, 8×8 images, context 5, batch 4) and share shapes,
 * so the MoCo steps reuse kernels of the CLIP step. Measured on a 2-core machine with lavapipe:
 * the CLIP step compiles 137 pipelines, MoCo v3 and v2 about 70 and 35 more. With a cold Mesa
 * shader cache the CLIP step took 62 s of CPU time (longer on a busy machine, hence the
 * timeout), and with a warm cache the whole file runs in about 10 s.
 */
import { describe, expect, test } from "vitest";
import { fromArray, random, treeLeaves, treeMap, withBackend } from "@kiln/tensor";
import { leafPaths } from "@kiln/nn";
import {
  clip,
  clipInitState,
  clipOptimizer,
  clipTrainStep,
  mocoV2,
  mocoV2InitState,
  mocoV2Optimizer,
  mocoV2Tiny,
  mocoV2TrainStep,
  mocoV3,
  mocoV3InitState,
  mocoV3Optimizer,
  mocoV3Tiny,
  mocoV3TrainStep,
} from "@kiln/models";
import { hasWebGpu } from "../../webgpu/test/gpu.js";
import { KEY_BIAS, captions, expectClose, images, maxAbs, smallText, smallVit } from "./helpers.js";

const BATCH = 4;
const TIMEOUT_MS = 600_000;

/**
 * Leaves whose exact value is zero or set by rounding noise, which differs between backends,
 * so they are left out of the comparison:
 * - parameters whose exact gradient is zero, with their Adam moments: the key biases (see
 *   KEY_BIAS) and the backbone's last LayerNorm bias, which MoCo's batch-normed projector
 *   cancels. Adam scales their noise up to a step of about lr.
 * - the running mean of MoCo v3's first predictor batch norm: its input is a bias-free linear
 *   map of the projector's batch-normed output, so the batch mean is exactly zero.
 */
const NOISE_ONLY = [KEY_BIAS, /backbone\.lnPost\.bias$/, /online\.predictor\.0\.mean$/];

/** Each leaf must agree within this fraction of the largest magnitude in the cpu leaf. */
const LEAF_TOLERANCE = 1e-3;

type Step = (...args: never[]) => { loss: unknown; state?: unknown; train?: unknown };

/**
 * Runs two steps of `step` on cpu and on webgpu from fresh states, with a fresh batch from
 * `makeBatch` for each step, and returns the outputs of the second step as flat values by path.
 * The initial state and the batches are computed on cpu, so only the step compiles for the GPU.
 */
async function runOnBoth(step: Step, makeState: () => unknown, makeBatch: () => unknown[]): Promise<{ cpu: Map<string, number[]>; gpu: Map<string, number[]> }> {
  const run = (backend: string) => {
    // On webgpu the state starts as host data, which the first step uploads, so the state lives
    // on the GPU, where the buffers of donated arguments are reused for outputs.
    let state = backend === "cpu" ? makeState() : withBackend("cpu", () => treeMap((leaf) => fromArray(leaf.dataSync(), leaf.shape, leaf.dtype), makeState()));
    let out: ReturnType<Step> | null = null;
    for (let i = 0; i < 2; i++) {
      const batch = makeBatch();
      withBackend("cpu", () => treeLeaves(batch).forEach((leaf) => leaf.dataSync()));
      out = withBackend(backend, () => step(...([state, ...batch] as never[])));
      state = out.state ?? out.train;
    }
    return out!;
  };

  const cpuOut = run("cpu");
  const cpu = new Map(leafPaths(cpuOut).map((path, i) => [path, Array.from(treeLeaves(cpuOut)[i].dataSync(), Number)]));
  const gpuOut = run("webgpu");
  const values = await Promise.all(treeLeaves(gpuOut).map((leaf) => leaf.data()));
  const gpu = new Map(leafPaths(gpuOut).map((path, i) => [path, Array.from(values[i], Number)]));
  return { cpu, gpu };
}

/** Compares the loss within 1e-5 relative, then every other leaf within LEAF_TOLERANCE. */
function expectAgreement(cpu: Map<string, number[]>, gpu: Map<string, number[]>): void {
  expect([...gpu.keys()]).toEqual([...cpu.keys()]);
  const loss = cpu.get("loss")!;
  expectClose(gpu.get("loss")!, loss, 0, 1e-5, "loss");
  let compared = 0;
  for (const [path, expected] of cpu) {
    if (path === "loss" || NOISE_ONLY.some((pattern) => pattern.test(path))) continue;
    expectClose(gpu.get(path)!, expected, LEAF_TOLERANCE * maxAbs(expected), 0, path);
    compared++;
  }
  expect(compared).toBeGreaterThan(cpu.size / 2);
}

describe.skipIf(!hasWebGpu)("training step on webgpu", () => {
  test(
    "clip step matches cpu",
    async () => {
      const model = clip({ embedDim: 32, vision: smallVit({ outputDim: 32 }), text: smallText({ outputDim: 32 }) });
      const optimizer = clipOptimizer();
      const step = clipTrainStep(model, optimizer);
      const makeState = () => clipInitState(model, optimizer, model.init(random.key(0)));
      const makeBatch = () => [images(BATCH, [8, 8], 1), captions([[1, 2], [3], [4, 5, 6], [7, 8]], 5, 11), 1e-3];
      const { cpu, gpu } = await runOnBoth(step, makeState, makeBatch);
      expectAgreement(cpu, gpu);
      expect(gpu.get("state.params.logitScale")).toEqual(cpu.get("state.params.logitScale"));
    },
    TIMEOUT_MS,
  );

  test(
    "mocoV3 step matches cpu",
    async () => {
      // MoCo v3's frozen random patch projection, which must come back unchanged.
      const model = mocoV3(mocoV3Tiny({ backbone: smallVit({ freezePatchProjection: true }), hiddenDim: 32, outDim: 32 }));
      const optimizer = mocoV3Optimizer();
      const step = mocoV3TrainStep(model, optimizer);
      // A momentum encoder drawn from another key, so the EMA visibly mixes two encoders.
      const initialState = () => {
        const train = mocoV3InitState(model, optimizer, random.key(0));
        const other = model.init(random.key(1)).params.online;
        return { ...train, params: { ...train.params, momentum: { backbone: other.backbone, projector: other.projector } } };
      };
      const makeBatch = () => [images(BATCH, [8, 8], 1), images(BATCH, [8, 8], 2), 1e-3, 0.99];
      const { cpu, gpu } = await runOnBoth(step, initialState, makeBatch);
      expectAgreement(cpu, gpu);

      const initialPatch = withBackend("cpu", () => Array.from(initialState().params.online.backbone.patch.dataSync()));
      expect(gpu.get("train.params.online.backbone.patch")).toEqual(initialPatch);
    },
    TIMEOUT_MS,
  );

  test(
    "mocoV2 step matches cpu",
    async () => {
      const model = mocoV2(mocoV2Tiny({ backbone: smallVit(), hiddenDim: 32, outDim: 32, queueSize: 4 * BATCH }));
      const optimizer = mocoV2Optimizer();
      const step = mocoV2TrainStep(model, optimizer);
      const makeState = () => mocoV2InitState(model, optimizer, random.key(0));
      const makeBatch = () => [images(BATCH, [8, 8], 1), images(BATCH, [8, 8], 2), random.key(3), 1e-3, 0.99];
      const { cpu, gpu } = await runOnBoth(step, makeState, makeBatch);
      expectAgreement(cpu, gpu);
      expect(gpu.get("train.state.pointer")).toEqual([2 * BATCH]);
    },
    TIMEOUT_MS,
  );
});
