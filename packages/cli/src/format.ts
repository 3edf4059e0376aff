/** Number and time formatting shared by the progress display, the summary and report.md. */

/** Formats a fraction in [0, 1] as a percentage with one decimal, such as "74.6%". */
export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** Titles of the evaluation metrics in summaries and report.md. */
const METRIC_TITLES: Record<string, string> = {
  zeroShotAccuracy: "zero-shot accuracy",
  imageToTextR1: "image→text R@1",
  textToImageR1: "text→image R@1",
  imageToTextClassR1: "image→text same-class R@1",
  textToImageClassR1: "text→image same-class R@1",
  knnAccuracy: "k-NN accuracy",
  knnMajorityAccuracy: "k-NN majority vote",
  linearProbeAccuracy: "linear probe",
};

/** Returns the title of a metric key, or the key itself for metrics without one. */
export function metricTitle(key: string): string {
  return METRIC_TITLES[key] ?? key;
}

/** Formats a duration in seconds as "42s", "3m 05s" or "1h 02m". */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** Formats a loss with four decimals, or NaN / Infinity as such. */
export function lossText(loss: number): string {
  return Number.isFinite(loss) ? loss.toFixed(4) : String(loss);
}

/** Formats a learning rate in exponent notation, such as "1.00e-3". */
export function rateText(lr: number): string {
  return lr.toExponential(2);
}

/** Formats a setting compactly: exponent notation below 0.001, such as "1e-6", else as JavaScript prints it. */
export function settingText(value: number): string {
  return value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential() : String(value);
}

/** Median of `values`, NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Local time as YYYYMMDD-HHMMSS, for run folder names. */
export function timestamp(date = new Date()): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}-${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`;
}
