/** The rows every case reports, and the table printed at the end of a run. */

export interface ResultRow {
  case: string;
  framework: string;
  /** A size or configuration label, such as "1024" or "batch 128". */
  config: string;
  /** The headline figure (GFLOP/s, steps/s, µs per call); null when the framework could not run the case. */
  value: number | null;
  unit: string;
  medianMs?: number;
  minMs?: number;
  /** Other facts: kernel count, peak bytes, chosen kernel, notes. */
  details?: Record<string, unknown>;
  /** Reason the framework could not run the case. */
  error?: string;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

function formatValue(value: number | null): string {
  if (value === null) return "—";
  return value >= 100 ? value.toFixed(0) : value.toFixed(2);
}

function noteOf(r: ResultRow): string {
  if (r.error) return `failed: ${r.error.split("\n")[0].slice(0, 90)}`;
  return r.details?.note ? String(r.details.note) : "";
}

/** Formats the rows as an aligned text table. */
export function formatTable(rows: readonly ResultRow[]): string {
  const cells = rows.map((r) => [r.case, r.framework, r.config, formatValue(r.value), r.unit, r.medianMs === undefined ? "" : r.medianMs.toFixed(2), noteOf(r)]);
  const header = ["case", "framework", "config", "value", "unit", "median ms", "note"];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => pad(x, widths[i])).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}
