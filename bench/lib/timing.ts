/**
 * Timing for the benchmarks: warm-up runs, then repeated samples. Each sample runs a batch of
 * iterations sized so the sample lasts at least `minSampleMs`, and the caller's function must
 * wait for the GPU before it resolves. Reported: the median and the minimum time per iteration.
 */

export interface Timing {
  /** Median time per iteration over the samples, in ms. */
  medianMs: number;
  /** Fastest sample's time per iteration, in ms. */
  minMs: number;
  samples: number;
  iterationsPerSample: number;
}

export interface TimingOptions {
  warmup?: number;
  samples?: number;
  minSampleMs?: number;
  maxIterations?: number;
}

/**
 * Times `run(count)` alone, which must enqueue `count` iterations and resolve once the device has
 * finished them.
 */
export async function measure(run: (count: number) => Promise<void>, options: TimingOptions = {}): Promise<Timing> {
  const { warmup = 2, samples = 7, minSampleMs = 100, maxIterations = 100 } = options;
  for (let i = 0; i < warmup; i++) await run(1);
  const started = performance.now();
  await run(1);
  const once = performance.now() - started;
  const iterations = Math.max(1, Math.min(maxIterations, Math.ceil(minSampleMs / Math.max(once, 0.01))));
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    await run(iterations);
    times.push((performance.now() - t) / iterations);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], minMs: times[0], samples, iterationsPerSample: iterations };
}

/** Returns the message of an error, for the results file. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

/** One framework's side of a comparison. */
export interface Contender {
  name: string;
  /** Enqueues `count` iterations and resolves once the device has finished them. */
  run(count: number): Promise<void>;
}

/**
 * Times several contenders side by side: after warm-up and calibration of each, every sample
 * round runs each contender once, in order. Background load that comes and goes then affects
 * all contenders alike, which sequential measurement does not ensure.
 */
export async function measureInterleaved(contenders: readonly Contender[], options: TimingOptions = {}): Promise<Map<string, Timing>> {
  const { warmup = 2, samples = 7, minSampleMs = 100, maxIterations = 100 } = options;
  const iterations = new Map<string, number>();
  for (const c of contenders) {
    for (let i = 0; i < warmup; i++) await c.run(1);
    const started = performance.now();
    await c.run(1);
    const once = performance.now() - started;
    iterations.set(c.name, Math.max(1, Math.min(maxIterations, Math.ceil(minSampleMs / Math.max(once, 0.01)))));
  }
  const times = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let s = 0; s < samples; s++) {
    for (const c of contenders) {
      const count = iterations.get(c.name) as number;
      const t = performance.now();
      await c.run(count);
      times.get(c.name)?.push((performance.now() - t) / count);
    }
  }
  const out = new Map<string, Timing>();
  for (const c of contenders) {
    const sorted = [...(times.get(c.name) as number[])].sort((a, b) => a - b);
    out.set(c.name, { medianMs: sorted[Math.floor(sorted.length / 2)], minMs: sorted[0], samples, iterationsPerSample: iterations.get(c.name) as number });
  }
  return out;
}
