/**
 * f32 matmul C = A · B of n × n matrices in GFLOP/s (2n³ flops per product): Kiln, the
 * hand-written kernels of lib/handwritten.ts on Kiln's device, tfjs-backend-webgpu and jax-js.
 * Every framework gets the same operands, already on its device. A sample enqueues several
 * products and then waits for the last one, and the contenders of one size are timed side by
 * side (lib/timing.ts, measureInterleaved).
 */
import * as k from "@kiln/tensor";
import type { WebGpuBackend } from "@kiln/webgpu";
import { HANDWRITTEN_SPECS, prepareHandwritten, type HandwrittenSpec } from "../lib/handwritten.js";
import type { Peers } from "../lib/peers.js";
import type { ResultRow } from "../lib/results.js";
import { errorMessage, measureInterleaved, type Contender, type Timing, type TimingOptions } from "../lib/timing.js";

/** Deterministic values in [-1, 1). */
export function hostMatrix(size: number, seed: number): Float32Array<ArrayBuffer> {
  const out = new Float32Array(size);
  let state = seed >>> 0;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

/** Checks a few entries of C against float64 dot products; throws on a mismatch. */
function check(label: string, c: ArrayLike<number>, a: Float32Array<ArrayBuffer>, b: Float32Array<ArrayBuffer>, n: number): void {
  for (const [i, j] of [[0, 0], [n - 1, n - 1], [n >> 1, 7 % n], [3 % n, n >> 2]]) {
    let want = 0;
    for (let q = 0; q < n; q++) want += a[i * n + q] * b[q * n + j];
    const got = c[i * n + j];
    if (!(Math.abs(got - want) <= 1e-3 * Math.max(1, Math.abs(want)))) throw new Error(`${label}: C[${i},${j}] = ${got}, expected ${want}`);
  }
}

const gflops = (n: number, ms: number) => (2 * n ** 3) / (ms * 1e6);

/** A framework ready to time, with the facts its result row reports. */
interface Prepared extends Contender {
  framework: string;
  details?: Record<string, unknown>;
  release?: () => void;
}

const operands = new Map<number, [k.Tensor, k.Tensor]>();
function kilnOperands(n: number, a: Float32Array<ArrayBuffer>, b: Float32Array<ArrayBuffer>): [k.Tensor, k.Tensor] {
  let pair = operands.get(n);
  if (!pair) {
    pair = [k.fromArray(a, [n, n]), k.fromArray(b, [n, n])];
    operands.set(n, pair);
  }
  return pair;
}

/**
 * Kiln's compiled product. Like the peers' loops, each product is disposed once enqueued, so
 * the next call writes into its buffer. With `collected`, the products are left to the garbage
 * collector instead (Kiln's default), and most calls write into a new buffer.
 */
async function kiln(backend: WebGpuBackend, n: number, a: Float32Array<ArrayBuffer>, b: Float32Array<ArrayBuffer>, collected = false): Promise<Prepared> {
  const product = k.compile((x: k.Tensor, y: k.Tensor) => k.matmul(x, y as never));
  // Both Kiln contenders run one executable. With the same operands, it copies them into its
  // textures once, not at every switch between the two.
  const [x, y] = kilnOperands(n, a, b);
  check("kiln", await product(x, y).data(), a, b, n);
  const exe = backend.executable(product.trace(x, y).program);
  const name = collected ? "kiln, products collected by the garbage collector" : "kiln";
  const kernels = exe.kernels.map((kernel) => kernel.kernel.name).join(", ");
  return {
    name,
    framework: name,
    details: { kernel: kernels, variant: backend.matmulSelection?.name, note: kernels },
    async run(count) {
      for (let i = 0; i < count; i++) {
        const c = product(x, y);
        if (!collected) c.dispose();
      }
      await backend.ctx.device.queue.onSubmittedWorkDone();
    },
  };
}

async function handwritten(backend: WebGpuBackend, spec: HandwrittenSpec, n: number, a: Float32Array<ArrayBuffer>, b: Float32Array<ArrayBuffer>, submitEach = false): Promise<Prepared> {
  const kernel = await prepareHandwritten(backend.ctx.device, spec, n, a, b, submitEach);
  await kernel.run(1);
  check(spec.name, await kernel.read(), a, b, n);
  const name = submitEach ? `${spec.name}, one submit per call` : spec.name;
  const framework = submitEach ? `hand-written ${spec.family}, one submit per call` : `hand-written ${spec.family}`;
  return { name, framework, details: { kernel: spec.name, note: name }, run: (count) => kernel.run(count), release: () => kernel.destroy() };
}

async function tfjs(peers: Peers, n: number, a: Float32Array<ArrayBuffer>, b: Float32Array<ArrayBuffer>): Promise<Prepared> {
  const tf = await peers.tfjs();
  const x = tf.tensor2d(a, [n, n]);
  const y = tf.tensor2d(b, [n, n]);
  const first = tf.matMul(x, y);
  check("tfjs", await first.data(), a, b, n);
  first.dispose();
  return {
    name: "tfjs-webgpu",
    framework: "tfjs-webgpu",
    async run(count) {
      const outputs = [];
      for (let i = 0; i < count; i++) outputs.push(tf.matMul(x, y));
      // Reading one element flushes tfjs's command queue and waits for the products.
      const corner = tf.slice(outputs[outputs.length - 1], [0, 0], [1, 1]);
      await corner.data();
      corner.dispose();
      for (const t of outputs) t.dispose();
    },
    release() {
      x.dispose();
      y.dispose();
    },
  };
}

async function jax(peers: Peers, n: number, a: Float32Array<ArrayBuffer>, b: Float32Array<ArrayBuffer>): Promise<Prepared> {
  const jx = await peers.jax();
  const np = jx.numpy;
  const x = np.array(a, { shape: [n, n] });
  const y = np.array(b, { shape: [n, n] });
  const product = jx.jit((p: typeof x, q: typeof x) => np.matmul(p, q));
  check("jax-js", await product(x.ref, y.ref).data(), a, b, n);
  return {
    name: "jax-js",
    framework: "jax-js",
    async run(count) {
      const outputs = [];
      for (let i = 0; i < count; i++) outputs.push(product(x.ref, y.ref));
      for (const out of outputs) await out.blockUntilReady();
      for (const out of outputs) out.dispose();
    },
    release() {
      x.dispose();
      y.dispose();
    },
  };
}

/** Frees Kiln's operands of size n. */
function releaseOperands(n: number): void {
  for (const t of operands.get(n) ?? []) t.dispose();
  operands.delete(n);
}

/**
 * Prepares Kiln's product of two n × n matrices (checked once) as a contender named
 * `matmul n` for step-ratio.ts. `release` frees its operands.
 */
export async function kilnMatmul(backend: WebGpuBackend, n: number): Promise<Contender & { release: () => void }> {
  const prepared = await kiln(backend, n, hostMatrix(n * n, 1), hostMatrix(n * n, 2));
  return { name: `matmul ${n}`, run: (count) => prepared.run(count), release: () => releaseOperands(n) };
}

export async function runMatmul(backend: WebGpuBackend, peers: Peers, sizes: readonly number[], timing: TimingOptions, log: (line: string) => void): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  for (const n of sizes) {
    const a = hostMatrix(n * n, 1);
    const b = hostMatrix(n * n, 2);
    const attempts: [string, string, () => Promise<Prepared>][] = [
      ["kiln", "kiln", () => kiln(backend, n, a, b)],
      ["kiln, products collected by the garbage collector", "kiln, no dispose", () => kiln(backend, n, a, b, true)],
      ...HANDWRITTEN_SPECS.map((spec): [string, string, () => Promise<Prepared>] => [`hand-written ${spec.family}`, spec.name, () => handwritten(backend, spec, n, a, b)]),
      // The texture kernel again with one submit per call, as Kiln submits each call.
      ...HANDWRITTEN_SPECS.filter((spec) => spec.family === "texture").map((spec): [string, string, () => Promise<Prepared>] => [
        `hand-written ${spec.family}, one submit per call`,
        `${spec.name}, one submit per call`,
        () => handwritten(backend, spec, n, a, b, true),
      ]),
      ["tfjs-webgpu", "tfjs-webgpu", () => tfjs(peers, n, a, b)],
      ["jax-js", "jax-js", () => jax(peers, n, a, b)],
    ];
    const prepared: Prepared[] = [];
    for (const [framework, label, attempt] of attempts) {
      log(`matmul ${n}: preparing ${label}`);
      try {
        prepared.push(await attempt());
      } catch (error) {
        rows.push({ case: "matmul f32", framework, config: String(n), value: null, unit: "GFLOP/s", error: errorMessage(error), details: { kernel: label } });
      }
    }
    log(`matmul ${n}: timing ${prepared.length} contenders side by side`);
    const timings = await measureInterleaved(prepared, timing);
    for (const p of prepared) {
      const t = timings.get(p.name) as Timing;
      rows.push({ case: "matmul f32", framework: p.framework, config: String(n), value: gflops(n, t.medianMs), unit: "GFLOP/s", medianMs: t.medianMs, minMs: t.minMs, details: p.details });
      p.release?.();
    }
    releaseOperands(n);
  }
  return rows;
}
