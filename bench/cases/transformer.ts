/**
 * One SGD training step of a pre-LN Transformer encoder block: width 64, 4 heads of 16, MLP 256
 * (exact GELU), sequence 17, batch 64, loss = mean squared error against a fixed target. The
 * projections run as [1088, 64] matrices; attention as batched [64·4, 17, ·] products.
 * Reported in steps/s, and for Kiln also the useful GFLOP/s: the matmul flops of the step
 * (forward plus two products per matmul backward) over its time.
 */
import * as k from "@kiln/tensor";
import type { WebGpuBackend } from "@kiln/webgpu";
import type { Peers } from "../lib/peers.js";
import type { ResultRow } from "../lib/results.js";
import type { TimingOptions } from "../lib/timing.js";
import { jaxStepContender, kilnStepContender, tfjsStepContender, timeTrainingSteps, type StepContender } from "../lib/train-step.js";

import { hostMatrix } from "./matmul.js";

const B = 64;
const S = 17;
const D = 64;
const H = 4;
const DH = D / H;
const F = 256;
const T = B * S;
const LR = 0.01;

/** Matmul flops of one step: projections q, k, v, o and the MLP, plus scores and weighted values; ×3 for backward. */
export const TRANSFORMER_STEP_FLOPS = 3 * (2 * T * D * D * 4 + 2 * T * D * F * 2 + 2 * 2 * B * H * S * S * DH);

const SHAPES: Record<string, number[]> = {
  ln1g: [D],
  ln1b: [D],
  wq: [D, D],
  bq: [D],
  wk: [D, D],
  bk: [D],
  wv: [D, D],
  bv: [D],
  wo: [D, D],
  bo: [D],
  ln2g: [D],
  ln2b: [D],
  w1: [D, F],
  b1: [F],
  w2: [F, D],
  b2: [D],
};

/** Initial parameters (uniform, scaled by 1/sqrt(fan-in); LayerNorm gains 1, biases 0), input and target. */
function hostData() {
  const params: Record<string, Float32Array> = {};
  Object.entries(SHAPES).forEach(([name, shape], i) => {
    const size = shape.reduce((a, b) => a * b, 1);
    if (name.startsWith("w")) params[name] = hostMatrix(size, 100 + i).map((v) => v * Math.sqrt(3 / shape[0]));
    else params[name] = new Float32Array(size).fill(name.endsWith("g") ? 1 : 0);
  });
  return { params, x: hostMatrix(T * D, 7), target: hostMatrix(T * D, 8) };
}

const row = (framework: string, medianMs: number | null, rest: Partial<ResultRow> = {}): ResultRow => ({
  case: "Transformer train step",
  framework,
  config: "width 64, 4 heads, MLP 256, seq 17, batch 64",
  value: medianMs === null ? null : 1000 / medianMs,
  unit: "steps/s",
  ...(medianMs === null ? {} : { medianMs }),
  ...rest,
});

type KilnParams = Record<string, k.Tensor>;

/** Compiles Kiln's step and runs it once. This case and the interleaved ratio (step-ratio.ts) time it. */
export async function kilnTransformerStep(backend: WebGpuBackend): Promise<StepContender> {
  const data = hostData();
  const params: KilnParams = {};
  for (const [name, values] of Object.entries(data.params)) params[name] = k.fromArray(values, SHAPES[name]);
  const x = k.fromArray(data.x, [T, D]);
  const target = k.fromArray(data.target, [T, D]);

  const layerNorm = (v: k.Tensor, gain: k.Tensor, bias: k.Tensor) => {
    const centered = v.sub(k.mean(v, -1, { keepdims: true }));
    const variance = k.mean(centered.mul(centered), -1, { keepdims: true });
    return centered.mul(k.rsqrt(variance.add(1e-5))).mul(gain).add(bias);
  };
  const linear = (v: k.Tensor, w: k.Tensor, b: k.Tensor) => k.matmul(v, w as never).add(b);
  // [T, D] → [B, H, S, DH]
  const heads = (v: k.Tensor) => k.transpose(v.reshape([B, S, H, DH]), [0, 2, 1, 3]);
  const block = (p: KilnParams, input: k.Tensor) => {
    const a = layerNorm(input, p.ln1g, p.ln1b);
    const q = heads(linear(a, p.wq, p.bq));
    const keys = heads(linear(a, p.wk, p.bk));
    const values = heads(linear(a, p.wv, p.bv));
    const scores = k.matmul(q, k.transpose(keys, [0, 1, 3, 2]) as never).mul(1 / Math.sqrt(DH));
    const attended = k.matmul(k.softmax(scores, -1), values as never);
    const merged = k.transpose(attended, [0, 2, 1, 3]).reshape([T, D]);
    const h = input.add(linear(merged, p.wo, p.bo));
    const m = k.gelu(linear(layerNorm(h, p.ln2g, p.ln2b), p.w1, p.b1));
    return h.add(linear(m, p.w2, p.b2));
  };
  const loss = (p: KilnParams, input: k.Tensor, goal: k.Tensor) => {
    const error = block(p, input).sub(goal);
    return k.mean(error.mul(error));
  };
  const step = k.compile(
    (p: KilnParams, input: k.Tensor, goal: k.Tensor) => {
      const [value, grads] = k.valueAndGrad(loss)(p, input, goal);
      const next: KilnParams = {};
      for (const name of Object.keys(p)) next[name] = p[name].sub((grads as KilnParams)[name].mul(LR));
      return { params: next, loss: value };
    },
    { donate: [0] },
  );
  return kilnStepContender(backend, step, params, [x, target], (exe) => {
    // Copies of buffers into the textures that products read, at most one per texture and run.
    const copies = exe.kernels.flatMap((kernel) => kernel.copies);
    return {
      matmulKernels: exe.kernels.filter((kernel) => kernel.kernel.name.startsWith("matmul")).length,
      stepFlops: TRANSFORMER_STEP_FLOPS,
      textureCopies: copies.length,
      textureCopyBytes: copies.reduce((bytes, copy) => bytes + copy.layout.width * copy.layout.height * 16, 0),
    };
  });
}

async function tfjs(peers: Peers): Promise<StepContender> {
  const tf = await peers.tfjs();
  type Tensor = import("@tensorflow/tfjs-core").Tensor;
  const data = hostData();
  const p: Record<string, import("@tensorflow/tfjs-core").Variable> = {};
  for (const [name, values] of Object.entries(data.params)) p[name] = tf.variable(tf.tensor(values, SHAPES[name]));
  const x = tf.tensor2d(data.x, [T, D]);
  const target = tf.tensor2d(data.target, [T, D]);
  const layerNorm = (v: Tensor, gain: Tensor, bias: Tensor) => {
    const { mean, variance } = tf.moments(v, -1, true);
    return tf.add(tf.mul(tf.mul(tf.sub(v, mean), tf.rsqrt(tf.add(variance, 1e-5))), gain), bias);
  };
  const linear = (v: Tensor, w: Tensor, b: Tensor) => tf.add(tf.matMul(v as never, w as never), b);
  const heads = (v: Tensor) => tf.transpose(tf.reshape(v, [B, S, H, DH]), [0, 2, 1, 3]);
  const gelu = (v: Tensor) => tf.mul(tf.mul(v, 0.5), tf.add(tf.erf(tf.mul(v, Math.SQRT1_2)), 1));
  const loss = () => {
    const a = layerNorm(x, p.ln1g, p.ln1b);
    const q = heads(linear(a, p.wq, p.bq));
    const keys = heads(linear(a, p.wk, p.bk));
    const values = heads(linear(a, p.wv, p.bv));
    const scores = tf.mul(tf.matMul(q as never, keys as never, false, true), 1 / Math.sqrt(DH));
    const attended = tf.matMul(tf.softmax(scores) as never, values as never);
    const merged = tf.reshape(tf.transpose(attended, [0, 2, 1, 3]), [T, D]);
    const h = tf.add(x, linear(merged, p.wo, p.bo));
    const out = tf.add(h, linear(gelu(linear(layerNorm(h, p.ln2g, p.ln2b), p.w1, p.b1)), p.w2, p.b2));
    return tf.mean(tf.square(tf.sub(out, target))) as import("@tensorflow/tfjs-core").Scalar;
  };
  return tfjsStepContender(tf, loss, LR);
}

async function jax(peers: Peers): Promise<StepContender> {
  const jx = await peers.jax();
  const np = jx.numpy;
  const data = hostData();
  const params: Record<string, any> = {};
  for (const [name, values] of Object.entries(data.params)) params[name] = np.array(values, { shape: SHAPES[name] });
  const x = np.array(data.x, { shape: [T, D] });
  const target = np.array(data.target, { shape: [T, D] });
  // jax-js arrays are reference-counted: every use but the last takes `.ref` (see its README).
  const layerNorm = (v: any, gain: any, bias: any) => {
    const centered = v.ref.sub(np.mean(v, -1, { keepdims: true }));
    const variance = np.mean(np.square(centered.ref), -1, { keepdims: true });
    return np.divide(centered, np.sqrt(variance.add(1e-5))).mul(gain).add(bias);
  };
  const linear = (v: any, w: any, b: any) => np.matmul(v, w).add(b);
  const heads = (v: any) => np.transpose(np.reshape(v, [B, S, H, DH]), [0, 2, 1, 3]);
  const loss = (p: Record<string, any>, input: any, goal: any) => {
    const a = layerNorm(input.ref, p.ln1g, p.ln1b);
    const q = heads(linear(a.ref, p.wq, p.bq));
    const keys = heads(linear(a.ref, p.wk, p.bk));
    const values = heads(linear(a, p.wv, p.bv));
    const scores = np.matmul(q, np.transpose(keys, [0, 1, 3, 2])).mul(1 / Math.sqrt(DH));
    const attended = np.matmul(jx.nn.softmax(scores, -1), values);
    const merged = np.reshape(np.transpose(attended, [0, 2, 1, 3]), [T, D]);
    const h = input.add(linear(merged, p.wo, p.bo));
    const m = jx.nn.gelu(linear(layerNorm(h.ref, p.ln2g, p.ln2b), p.w1, p.b1), { approximate: false });
    const error = h.add(linear(m, p.w2, p.b2)).sub(goal);
    return np.mean(np.square(error));
  };
  const step = jx.jit((p: Record<string, any>, input: any, goal: any) => {
    const [value, grads] = jx.valueAndGrad(loss)(jx.tree.ref(p), input, goal);
    const next = jx.tree.map((w: any, g: any) => w.sub(g.mul(LR)), p, grads as Record<string, any>);
    return [next, value];
  });
  return jaxStepContender(step, params, [x, target]);
}

export async function runTransformer(backend: WebGpuBackend, peers: Peers, timing: TimingOptions, log: (line: string) => void): Promise<ResultRow[]> {
  const attempts: [string, () => Promise<StepContender>][] = [
    ["kiln", () => kilnTransformerStep(backend)],
    ["tfjs-webgpu", () => tfjs(peers)],
    ["jax-js", () => jax(peers)],
  ];
  return timeTrainingSteps("Transformer step", attempts, row, timing, log, (p, t, details) => {
    if (p.name !== "kiln") return;
    details.usefulGflops = TRANSFORMER_STEP_FLOPS / (t.medianMs * 1e6);
    details.note = `${details.kernelCount} kernels/step, ${(details.usefulGflops as number).toFixed(2)} useful GFLOP/s`;
  });
}
