/**
 * The Transformer step's costs besides its kernels' arithmetic, measured from outside Kiln.
 * First, how many cores the process keeps busy during the step and during Kiln's 512 product,
 * timed in interleaved rounds. Then the JavaScript time of one step call made with the device
 * idle, and the texture copies the step's executable records (at most one per texture and
 * run). On a CPU adapter (lavapipe) the kernels run on the same cores as the JavaScript, so
 * every figure here comes out of the step's time.
 */
import type { WebGpuBackend } from "@kiln/webgpu";
import type { ResultRow } from "../lib/results.js";
import { errorMessage, type TimingOptions } from "../lib/timing.js";
import { kilnMatmul } from "./matmul.js";
import { kilnTransformerStep } from "./transformer.js";

const CASE = "Transformer step overhead";
const CONFIG = "width 64, 4 heads, MLP 256, seq 17, batch 64";

/** Fewest interleaved rounds, as for the ratio case (step-ratio.ts). */
const MIN_SAMPLES = 21;

/** Calls per timed sample, of the step and of the product alike: about 120 ms of steps on lavapipe. */
const CALLS_PER_SAMPLE = 8;

/** Step calls timed for the JavaScript figure. */
const CALLS = 21;

interface Load {
  msPerCall: number;
  cores: number;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Runs `run(count)` and returns its wall time per call and the process CPU time over the wall time. */
async function load(run: (count: number) => Promise<void>, count: number): Promise<Load> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run(count);
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { msPerCall: wall / count, cores: (used.user + used.system) / 1000 / wall };
}

/**
 * Times the step's CPU use against the 512 product's and its JavaScript per call, and returns
 * the case's two rows (one row with the error when the case fails).
 */
export async function runStepOverhead(backend: WebGpuBackend, timing: TimingOptions, log: (line: string) => void): Promise<ResultRow[]> {
  let product: Awaited<ReturnType<typeof kilnMatmul>> | null = null;
  try {
    product = await kilnMatmul(backend, 512);
    const step = await kilnTransformerStep(backend);
    const queue = backend.ctx.device.queue;
    const samples = Math.max(timing.samples ?? MIN_SAMPLES, MIN_SAMPLES);
    log(`step overhead: CPU use of the step and matmul 512 in ${samples} interleaved rounds`);
    await step.run(2);
    await product.run(2);
    const stepLoads: Load[] = [];
    const productLoads: Load[] = [];
    for (let i = 0; i < samples; i++) {
      stepLoads.push(await load((count) => step.run(count), CALLS_PER_SAMPLE));
      productLoads.push(await load((count) => (product as NonNullable<typeof product>).run(count), CALLS_PER_SAMPLE));
    }

    // The synchronous part of a call: the encoding and submission, before it waits for the GPU.
    const calls: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      await queue.onSubmittedWorkDone();
      const started = performance.now();
      const done = step.run(1);
      calls.push(performance.now() - started);
      await done;
    }

    const copies = { count: step.details.textureCopies as number, bytes: step.details.textureCopyBytes as number };
    const stepCores = median(stepLoads.map((sample) => sample.cores));
    const productCores = median(productLoads.map((sample) => sample.cores));
    const jsMs = median(calls);
    const stepMs = median(stepLoads.map((sample) => sample.msPerCall));
    const details = {
      stepMs,
      productMs: median(productLoads.map((sample) => sample.msPerCall)),
      productCores,
      samples,
      textureCopies: copies.count,
      textureCopyKiB: copies.bytes / 1024,
    };
    return [
      {
        case: CASE,
        framework: "kiln",
        config: `${CONFIG}: CPU cores busy`,
        value: stepCores,
        unit: "cores",
        medianMs: stepMs,
        details: { ...details, note: `matmul 512: ${productCores.toFixed(2)} cores` },
      },
      {
        case: CASE,
        framework: "kiln",
        config: `${CONFIG}: JavaScript per call`,
        value: jsMs,
        unit: "ms",
        details: { ...details, calls: CALLS, note: `${((jsMs / stepMs) * 100).toFixed(1)}% of a step; ${copies.count} texture copies of ${(copies.bytes / 1024).toFixed(0)} KiB per step` },
      },
    ];
  } catch (error) {
    return [{ case: CASE, framework: "kiln", config: CONFIG, value: null, unit: "cores", error: errorMessage(error) }];
  } finally {
    product?.release();
  }
}
