/**
 * The `KILN_DEBUG` switch, read in one place. Levels: 0 silent; 1 prints each run's kernels
 * (and GPU timings when the adapter offers timestamp queries); 2 also prints every kernel's
 * WGSL when it is compiled. Any other non-empty value (`true`, `yes`) means 1, as the `kiln`
 * command reads it.
 */
export function debugLevel(): number {
  const raw = typeof process !== "undefined" ? process.env.KILN_DEBUG?.trim() : undefined;
  if (!raw) return 0;
  const level = Number(raw);
  return Number.isFinite(level) ? level : 1;
}

/** The debug output sink; replaceable so callers (and tests) can capture or silence it. */
export let debugLog: (line: string) => void = (line) => console.error(line);

export function setDebugLog(log: (line: string) => void): void {
  debugLog = log;
}
