/**
 * One SGD training step of an MLP 784-256-256-10 (ReLU) with softmax cross-entropy, batch 128,
 * in steps/s. Kiln: one compiled step with donated parameters. tfjs: an SGD optimizer's
 * minimize. jax-js: jit of valueAndGrad and the update. The same batch is used for every step.
 */
import * as k from "@kiln/tensor";
import type { WebGpuBackend } from "@kiln/webgpu";
import type { Peers } from "../lib/peers.js";
import type { ResultRow } from "../lib/results.js";
import type { TimingOptions } from "../lib/timing.js";
import { jaxStepContender, kilnStepContender, tfjsStepContender, timeTrainingSteps, type StepContender } from "../lib/train-step.js";

import { hostMatrix } from "./matmul.js";

const BATCH = 128;
const DIMS = [784, 256, 256, 10];
const LR = 0.01;
/** Matmul flops of one step: forward, and two products per layer backward. */
export const MLP_STEP_FLOPS = 3 * 2 * BATCH * (DIMS[0] * DIMS[1] + DIMS[1] * DIMS[2] + DIMS[2] * DIMS[3]);

/** Host data shared by all frameworks: inputs, one-hot labels, initial weights (He-scaled). */
function hostData() {
  const x = hostMatrix(BATCH * DIMS[0], 11);
  const y = new Float32Array(BATCH * 10);
  for (let i = 0; i < BATCH; i++) y[i * 10 + (i % 10)] = 1;
  const layers = [0, 1, 2].map((l) => {
    const w = hostMatrix(DIMS[l] * DIMS[l + 1], 20 + l).map((v) => v * Math.sqrt(6 / DIMS[l]));
    return { w, b: new Float32Array(DIMS[l + 1]), shape: [DIMS[l], DIMS[l + 1]] };
  });
  return { x, y, layers };
}

const row = (framework: string, medianMs: number | null, rest: Partial<ResultRow> = {}): ResultRow => ({
  case: "MLP train step",
  framework,
  config: "784-256-256-10, batch 128",
  value: medianMs === null ? null : 1000 / medianMs,
  unit: "steps/s",
  ...(medianMs === null ? {} : { medianMs }),
  ...rest,
});

type KilnParams = Record<string, k.Tensor>;

async function kiln(backend: WebGpuBackend): Promise<StepContender> {
  const data = hostData();
  const params: KilnParams = {};
  data.layers.forEach((layer, l) => {
    params[`w${l}`] = k.fromArray(layer.w, layer.shape);
    params[`b${l}`] = k.fromArray(layer.b, [layer.b.length]);
  });
  const x = k.fromArray(data.x, [BATCH, DIMS[0]]);
  const y = k.fromArray(data.y, [BATCH, 10]);
  const loss = (p: KilnParams, inputs: k.Tensor, labels: k.Tensor) => {
    const h1 = k.relu(k.matmul(inputs, p.w0 as never).add(p.b0));
    const h2 = k.relu(k.matmul(h1, p.w1 as never).add(p.b1));
    const logits = k.matmul(h2, p.w2 as never).add(p.b2);
    return k.mean(k.sum(labels.mul(k.logSoftmax(logits, -1)), -1)).neg();
  };
  const step = k.compile(
    (p: KilnParams, inputs: k.Tensor, labels: k.Tensor) => {
      const [value, grads] = k.valueAndGrad(loss)(p, inputs, labels);
      const next: KilnParams = {};
      for (const name of Object.keys(p)) next[name] = p[name].sub((grads as KilnParams)[name].mul(LR));
      return { params: next, loss: value };
    },
    { donate: [0] },
  );
  return kilnStepContender(backend, step, params, [x, y]);
}

async function tfjs(peers: Peers): Promise<StepContender> {
  const tf = await peers.tfjs();
  const data = hostData();
  const vars = data.layers.map((layer) => ({ w: tf.variable(tf.tensor2d(layer.w, layer.shape as [number, number])), b: tf.variable(tf.tensor1d(layer.b)) }));
  const x = tf.tensor2d(data.x, [BATCH, DIMS[0]]);
  const y = tf.tensor2d(data.y, [BATCH, 10]);
  const loss = () => {
    const h1 = tf.relu(tf.add(tf.matMul(x, vars[0].w), vars[0].b));
    const h2 = tf.relu(tf.add(tf.matMul(h1, vars[1].w), vars[1].b));
    const logits = tf.add(tf.matMul(h2, vars[2].w), vars[2].b);
    return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(logits)), -1))) as import("@tensorflow/tfjs-core").Scalar;
  };
  return tfjsStepContender(tf, loss, LR);
}

async function jax(peers: Peers): Promise<StepContender> {
  const jx = await peers.jax();
  const np = jx.numpy;
  const nn = jx.nn;
  const data = hostData();
  const params: Record<string, any> = {};
  data.layers.forEach((layer, l) => {
    params[`w${l}`] = np.array(layer.w, { shape: layer.shape });
    params[`b${l}`] = np.array(layer.b);
  });
  const x = np.array(data.x, { shape: [BATCH, DIMS[0]] });
  const y = np.array(data.y, { shape: [BATCH, 10] });
  // jax-js arrays are reference-counted: each use consumes one reference (see its README).
  const loss = (p: Record<string, any>, inputs: any, labels: any) => {
    const h1 = nn.relu(np.matmul(inputs, p.w0).add(p.b0));
    const h2 = nn.relu(np.matmul(h1, p.w1).add(p.b1));
    const logits = np.matmul(h2, p.w2).add(p.b2);
    return np.negative(np.mean(np.sum(labels.mul(nn.logSoftmax(logits, -1)), -1)));
  };
  const step = jx.jit((p: Record<string, any>, inputs: any, labels: any) => {
    const [value, grads] = jx.valueAndGrad(loss)(jx.tree.ref(p), inputs, labels);
    const next = jx.tree.map((w: any, g: any) => w.sub(g.mul(LR)), p, grads as Record<string, any>);
    return [next, value];
  });
  return jaxStepContender(step, params, [x, y]);
}

export async function runMlp(backend: WebGpuBackend, peers: Peers, timing: TimingOptions, log: (line: string) => void): Promise<ResultRow[]> {
  const attempts: [string, () => Promise<StepContender>][] = [
    ["kiln", () => kiln(backend)],
    ["tfjs-webgpu", () => tfjs(peers)],
    ["jax-js", () => jax(peers)],
  ];
  return timeTrainingSteps("MLP step", attempts, row, timing, log);
}
