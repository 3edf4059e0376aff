/**
 * The Transformer step's useful GFLOP/s over Kiln's best square-matmul GFLOP/s, with the step
 * and the products of every size timed in interleaved rounds (lib/timing.ts,
 * measureInterleaved). The matmul and Transformer cases run minutes apart, and a shared
 * machine's speed can change by up to 2× within minutes (docs/performance.md), so a ratio of
 * their rows may compare two speeds. Here every round runs each contender once, so a slow
 * spell slows all of them alike.
 */
import type { WebGpuBackend } from "@kiln/webgpu";
import type { ResultRow } from "../lib/results.js";
import { errorMessage, measureInterleaved, type Contender, type Timing, type TimingOptions } from "../lib/timing.js";
import { kilnMatmul } from "./matmul.js";
import { kilnTransformerStep, TRANSFORMER_STEP_FLOPS } from "./transformer.js";

const CASE = "Transformer step / best matmul, interleaved";

/**
 * Fewest interleaved rounds. The ratio is judged against a target, so it takes more samples
 * than the default 7. On the 2-core VM of docs/performance.md, consecutive windows of 11 rounds
 * in one process gave ratios 0.66 to 0.74, and windows of 21 rounds gave 0.68 to 0.71.
 */
const MIN_SAMPLES = 21;

/** Times the step and Kiln's products of `sizes` in interleaved rounds and returns the ratio's row. */
export async function runStepRatio(backend: WebGpuBackend, sizes: readonly number[], timing: TimingOptions, log: (line: string) => void): Promise<ResultRow[]> {
  const products: (Contender & { release: () => void })[] = [];
  try {
    for (const n of sizes) products.push(await kilnMatmul(backend, n));
    const step = await kilnTransformerStep(backend);
    const contenders: Contender[] = [...products, { name: "step", run: (count) => step.run(count) }];
    const samples = Math.max(timing.samples ?? MIN_SAMPLES, MIN_SAMPLES);
    log(`step ratio: timing the step and matmul ${sizes.join(", ")} in ${samples} interleaved rounds`);
    const timings = await measureInterleaved(contenders, { ...timing, samples });
    const matmulGflops: Record<string, number> = {};
    for (const [i, n] of sizes.entries()) matmulGflops[n] = (2 * n ** 3) / ((timings.get(products[i].name) as Timing).medianMs * 1e6);
    const [bestSize, best] = Object.entries(matmulGflops).reduce((a, b) => (b[1] > a[1] ? b : a));
    const stepTiming = timings.get("step") as Timing;
    const useful = TRANSFORMER_STEP_FLOPS / (stepTiming.medianMs * 1e6);
    const ratio = useful / best;
    const note = `step ${stepTiming.medianMs.toFixed(2)} ms, ${useful.toFixed(2)} useful GFLOP/s; matmul ${bestSize}: ${best.toFixed(2)} GFLOP/s`;
    return [{ case: CASE, framework: "kiln", config: `sizes ${sizes.join(", ")}`, value: ratio, unit: "ratio", medianMs: stepTiming.medianMs, minMs: stepTiming.minMs, details: { usefulGflops: useful, matmulGflops, bestSize: Number(bestSize), samples, note } }];
  } catch (error) {
    return [{ case: CASE, framework: "kiln", config: `sizes ${sizes.join(", ")}`, value: null, unit: "ratio", error: errorMessage(error) }];
  } finally {
    for (const p of products) p.release();
  }
}
