/**
 * The `KILN_DEBUG` switch, read in one place. Levels: 0 silent; 1 prints each run's kernels
 * (and GPU timings when the adapter offers timestamp queries); 2 also prints every kernel's
 * WGSL when it is compiled.
 */
export function debugLevel(): number {
  const raw = typeof process !== "undefined" ? process.env.KILN_DEBUG : undefined;
  const level = Number(raw ?? 0);
  return Number.isFinite(level) ? level : 0;
}

/** The debug output sink; replaceable so callers (and tests) can capture or silence it. */
export let debugLog: (line: string) => void = (line) => console.error(line);

export function setDebugLog(log: (line: string) => void): void {
  debugLog = log;
}
