/**
 * Dispatch overhead: one call of a chain of 200 elementwise ops on 4096 elements. Kiln
 * compiles the chain into one kernel, and the row records the kernel count. tfjs runs it
 * eagerly, one dispatch per op. jax-js is tried under jit and eagerly, and whatever each does
 * is recorded.
 */
import * as k from "@kiln/tensor";
import type { WebGpuBackend } from "@kiln/webgpu";
import type { Peers } from "../lib/peers.js";
import type { ResultRow } from "../lib/results.js";
import { errorMessage, measureInterleaved, type Contender, type Timing, type TimingOptions } from "../lib/timing.js";

const LENGTH = 200;
const SIZE = 4096;

/** The chain, written once against the few methods the three libraries share. */
interface ChainOps<T> {
  mul(x: T, c: number): T;
  add(x: T, c: number): T;
  tanh(x: T): T;
}

export function chain<T>(ops: ChainOps<T>, x: T): T {
  let y = x;
  for (let i = 0; i < LENGTH; i++) {
    switch (i % 4) {
      case 0:
        y = ops.mul(y, 1.01);
        break;
      case 1:
        y = ops.add(y, 0.001);
        break;
      case 2:
        y = ops.tanh(y);
        break;
      default:
        y = ops.mul(y, 0.99);
    }
  }
  return y;
}

/** Computes the chain in float64 on the host, to check each framework's output. */
function reference(input: Float32Array): Float64Array {
  return Float64Array.from(input, (v) => chain<number>({ mul: (t, c) => t * c, add: (t, c) => t + c, tanh: Math.tanh }, v));
}

function maxError(got: ArrayLike<number>, want: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  return worst;
}

const row = (framework: string, config: string, medianMs: number | null, rest: Partial<ResultRow> = {}): ResultRow => ({
  case: "200-op chain",
  framework,
  config,
  value: medianMs === null ? null : medianMs * 1000,
  unit: "µs/call",
  ...(medianMs === null ? {} : { medianMs }),
  ...rest,
});

/** A framework ready to time, with the facts its result row reports. */
interface Prepared extends Contender {
  framework: string;
  config: string;
  details: Record<string, unknown>;
}

async function kiln(backend: WebGpuBackend, input: Float32Array, want: Float64Array): Promise<Prepared> {
  const f = k.compile((x: k.Tensor) => chain<k.Tensor>({ mul: (t, c) => t.mul(c), add: (t, c) => t.add(c), tanh: (t) => k.tanh(t) }, x));
  const x = k.fromArray(input, [SIZE]);
  const error = maxError(await f(x).data(), want);
  const stats = backend.executable(f.trace(x).program).stats;
  return {
    name: "kiln",
    framework: "kiln",
    config: "compiled",
    details: { kernelCount: stats.kernelCount, maxError: error, note: `${stats.kernelCount} kernel(s) per call` },
    async run(count) {
      for (let i = 0; i < count; i++) f(x);
      await backend.ctx.device.queue.onSubmittedWorkDone();
    },
  };
}

async function tfjs(peers: Peers, input: Float32Array, want: Float64Array): Promise<Prepared> {
  const tf = await peers.tfjs();
  const x = tf.tensor1d(input);
  const body = () => tf.tidy(() => chain({ mul: (t, c) => tf.mul(t, c), add: (t, c) => tf.add(t, c), tanh: (t) => tf.tanh(t) }, x));
  const check = body();
  const error = maxError(await check.data(), want);
  check.dispose();
  return {
    name: "tfjs-webgpu",
    framework: "tfjs-webgpu",
    config: "eager",
    details: { maxError: error, note: "no graph compiler: one dispatch per op" },
    async run(count) {
      let last = null;
      for (let i = 0; i < count; i++) {
        last?.dispose();
        last = body();
      }
      await last?.data();
      last?.dispose();
    },
  };
}

async function jax(peers: Peers, mode: "jit" | "eager", input: Float32Array, want: Float64Array): Promise<Prepared> {
  const jx = await peers.jax();
  const np = jx.numpy;
  const ops = { mul: (t: any, c: number) => t.mul(c), add: (t: any, c: number) => t.add(c), tanh: (t: any) => np.tanh(t) };
  const body = (x: any) => chain(ops, x);
  const f = mode === "jit" ? jx.jit(body) : body;
  const x = np.array(input);
  const error = maxError(await f(x.ref).data(), want);
  return {
    name: `jax-js ${mode}`,
    framework: "jax-js",
    config: mode,
    details: { maxError: error },
    async run(count) {
      const outputs = [];
      for (let i = 0; i < count; i++) outputs.push(f(x.ref));
      for (const out of outputs) await out.blockUntilReady();
      for (const out of outputs) out.dispose();
    },
  };
}

export async function runDispatch(backend: WebGpuBackend, peers: Peers, timing: TimingOptions, log: (line: string) => void): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  const input = new Float32Array(SIZE).map((_, i) => Math.sin(i));
  const want = reference(input);
  const attempts: [string, string, () => Promise<Prepared>][] = [
    ["kiln", "compiled", () => kiln(backend, input, want)],
    ["tfjs-webgpu", "eager", () => tfjs(peers, input, want)],
    ["jax-js", "jit", () => jax(peers, "jit", input, want)],
    ["jax-js", "eager", () => jax(peers, "eager", input, want)],
  ];
  const prepared: Prepared[] = [];
  for (const [framework, config, attempt] of attempts) {
    log(`200-op chain: preparing ${framework} ${config}`);
    try {
      prepared.push(await attempt());
    } catch (error) {
      rows.push(row(framework, config, null, { error: errorMessage(error) }));
    }
  }
  log(`200-op chain: timing ${prepared.length} contenders side by side`);
  const timings = await measureInterleaved(prepared, timing);
  for (const p of prepared) {
    const t = timings.get(p.name) as Timing;
    rows.push(row(p.framework, p.config, t.medianMs, { minMs: t.minMs, details: p.details }));
  }
  return rows;
}
