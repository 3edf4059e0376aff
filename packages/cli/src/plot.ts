/** A self-contained SVG line chart of the training loss, written to loss.svg in the run folder. */

export interface LossPoint {
  step: number;
  /** NaN or infinite values break the line. */
  loss: number;
}

export interface ChartOptions {
  title: string;
  width?: number;
  height?: number;
  /** Weight of the previous value in the smoothed line (TensorBoard's smoothing), in [0, 1). */
  smoothing?: number;
}

const MARGIN = { left: 64, right: 24, top: 40, bottom: 52 };

/** Escapes text for XML content and attribute values. */
function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Tick spacing of 1, 2 or 5 times a power of ten, the nearest to `span / count` on a log scale. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  if (fraction < 1.5) return power;
  if (fraction < 3) return 2 * power;
  if (fraction < 7) return 5 * power;
  return 10 * power;
}

/** Ticks at multiples of a nice step that lie within [min, max]. */
export function ticks(min: number, max: number, count: number): number[] {
  const step = niceStep(max - min, count);
  const out: number[] = [];
  for (let value = Math.ceil(min / step) * step; value <= max + step * 1e-9; value += step) out.push(Number(value.toPrecision(12)));
  return out;
}

function formatTick(value: number): string {
  if (value === 0) return "0";
  if (Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3) return value.toExponential(1);
  return String(Number(value.toPrecision(6)));
}

/** Exponential moving average with bias correction, restarting after each non-finite value. */
export function smooth(values: readonly number[], weight: number): number[] {
  let average = 0;
  let count = 0;
  return values.map((value) => {
    if (!Number.isFinite(value)) {
      average = 0;
      count = 0;
      return NaN;
    }
    average = average * weight + value * (1 - weight);
    count++;
    return average / (1 - weight ** count);
  });
}

/** Path data of a line through the finite points, broken at non-finite ones. */
function linePath(points: readonly { x: number; y: number }[]): string {
  let path = "";
  let drawing = false;
  for (const { x, y } of points) {
    if (!Number.isFinite(y)) {
      drawing = false;
      continue;
    }
    path += `${drawing ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`;
    drawing = true;
  }
  return path;
}

/**
 * Renders the loss curve as SVG: the raw loss per step, a smoothed line when there are more
 * than 20 points, axes with ticks and labels. With no finite point it renders empty axes and
 * a note.
 */
export function lossChartSvg(points: readonly LossPoint[], options: ChartOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 400;
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const finite = points.filter((p) => Number.isFinite(p.loss));

  let [xMin, xMax] = points.length > 0 ? [points[0].step, points[points.length - 1].step] : [0, 1];
  if (xMax <= xMin) [xMin, xMax] = [xMin - 1, xMin + 1];
  let [yMin, yMax] = finite.length > 0 ? [Math.min(...finite.map((p) => p.loss)), Math.max(...finite.map((p) => p.loss))] : [0, 1];
  const pad = (yMax - yMin) * 0.05 || Math.abs(yMax) * 0.05 || 1;
  [yMin, yMax] = [yMin - pad, yMax + pad];

  const x = (step: number) => MARGIN.left + ((step - xMin) / (xMax - xMin)) * plotWidth;
  const y = (loss: number) => MARGIN.top + (1 - (loss - yMin) / (yMax - yMin)) * plotHeight;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="14">${escapeXml(options.title)}</text>`,
  ];

  // Grid lines and tick labels.
  for (const tick of ticks(yMin, yMax, 5)) {
    const ty = y(tick).toFixed(1);
    parts.push(`<line x1="${MARGIN.left}" y1="${ty}" x2="${width - MARGIN.right}" y2="${ty}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle">${formatTick(tick)}</text>`);
  }
  for (const tick of ticks(xMin, xMax, 6)) {
    const tx = x(tick).toFixed(1);
    parts.push(`<line x1="${tx}" y1="${MARGIN.top}" x2="${tx}" y2="${height - MARGIN.bottom}" stroke="#f0f0f0"/>`);
    parts.push(`<text x="${tx}" y="${height - MARGIN.bottom + 16}" text-anchor="middle">${formatTick(tick)}</text>`);
  }

  // Axes and their titles.
  parts.push(
    `<line x1="${MARGIN.left}" y1="${height - MARGIN.bottom}" x2="${width - MARGIN.right}" y2="${height - MARGIN.bottom}" stroke="black"/>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${height - MARGIN.bottom}" stroke="black"/>`,
    `<text x="${MARGIN.left + plotWidth / 2}" y="${height - 12}" text-anchor="middle">step</text>`,
    `<text x="16" y="${MARGIN.top + plotHeight / 2}" text-anchor="middle" transform="rotate(-90 16 ${MARGIN.top + plotHeight / 2})">loss</text>`,
  );

  // The curves.
  const raw = points.map((p) => ({ x: x(p.step), y: Number.isFinite(p.loss) ? y(p.loss) : NaN }));
  const showSmoothed = finite.length > 20;
  parts.push(`<path d="${linePath(raw)}" fill="none" stroke="${showSmoothed ? "#9ecae1" : "#1f77b4"}" stroke-width="1.2"/>`);
  if (showSmoothed) {
    const smoothed = smooth(points.map((p) => p.loss), options.smoothing ?? 0.9);
    parts.push(`<path d="${linePath(points.map((p, i) => ({ x: x(p.step), y: Number.isFinite(smoothed[i]) ? y(smoothed[i]) : NaN })))}" fill="none" stroke="#1f77b4" stroke-width="2"/>`);
    const legendX = width - MARGIN.right - 150;
    parts.push(
      `<line x1="${legendX}" y1="${MARGIN.top + 10}" x2="${legendX + 20}" y2="${MARGIN.top + 10}" stroke="#9ecae1" stroke-width="1.2"/>`,
      `<text x="${legendX + 26}" y="${MARGIN.top + 10}" dominant-baseline="middle">loss per step</text>`,
      `<line x1="${legendX}" y1="${MARGIN.top + 26}" x2="${legendX + 20}" y2="${MARGIN.top + 26}" stroke="#1f77b4" stroke-width="2"/>`,
      `<text x="${legendX + 26}" y="${MARGIN.top + 26}" dominant-baseline="middle">smoothed</text>`,
    );
  }
  if (finite.length === 0) {
    parts.push(`<text x="${MARGIN.left + plotWidth / 2}" y="${MARGIN.top + plotHeight / 2}" text-anchor="middle" fill="#666">no finite loss recorded</text>`);
  }
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
