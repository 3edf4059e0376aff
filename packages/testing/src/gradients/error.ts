/**
 * The comparison that failed within a layer:
 * - "primal": the output returned by jvp or vjp differs from calling the function directly.
 * - "finite difference": a derivative differs from the central difference.
 * - "inner product": ⟨Jᵀu, v⟩ from the VJP differs from ⟨u, Jv⟩ from the JVP.
 */
export type GradientCheckKind = "primal" | "finite difference" | "inner product";

/** A located mismatch: where it occurred, the two values and the tolerance that was exceeded. */
export interface GradientMismatch {
  /** Layer name such as "VJP" or "JVP of VJP", read from the outside in. */
  layer: string;
  kind: GradientCheckKind;
  /** Leaf path of the input that the mismatching cotangent belongs to (reverse mode). */
  inputLeaf?: string;
  /** Leaf path of the output that mismatches (forward mode and primal checks). */
  outputLeaf?: string;
  /** Shape of the leaf named by `inputLeaf` or `outputLeaf`. */
  shape?: readonly number[];
  /** Row-major index within that leaf. Absent when no single element could be located. */
  flatIndex?: number;
  expected: number;
  got: number;
  /** |got − expected| at the reported element. */
  absError: number;
  /** The tolerance that `absError` exceeded. */
  tolerance: number;
  /** Largest |got − expected| over all compared elements. */
  maxAbsError: number;
  /** Source of `expected`, such as "central difference". */
  expectedSource: string;
  /** Source of `got`, such as "VJP". */
  gotSource: string;
  /** Extra lines for the message, such as the directional check that triggered the search. */
  notes: string[];
}

export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return x === 0 ? "0" : x.toPrecision(8).replace(/\.?0+(e|$)/, "$1");
}

/** Formats a tolerance setting: 1e-5 rather than 0.00001. */
export function formatSetting(x: number): string {
  return x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential() : String(x);
}

/**
 * Describes the function that a nested layer checks, such as "g(x) = vjp(f)(x)(u)" for
 * "JVP of VJP". Returns null for the first-order layers "JVP" and "VJP", which check f itself.
 */
export function describeLayerFunction(layer: string): string | null {
  const words = layer.split(" of ");
  if (words.length === 1) return null;
  let expression = "f";
  for (const word of words.slice(1).reverse()) {
    const fn = expression === "f" ? "f" : `(x ↦ ${expression})`;
    expression = word === "JVP" ? `jvp(${fn})(x; v)` : `vjp(${fn})(x)(u)`;
  }
  return `The ${layer} layer checks the ${words[0]} of g(x) = ${expression}, with fixed random v and u.`;
}

export function formatError(x: number): string {
  return Number.isFinite(x) ? x.toExponential(2) : String(x);
}

function location(m: GradientMismatch): string {
  let leaf: string;
  if (m.inputLeaf !== undefined) leaf = `input leaf ${m.inputLeaf}`;
  else if (m.outputLeaf !== undefined) leaf = `output leaf ${m.outputLeaf}`;
  else return "";
  const shape = m.shape !== undefined ? ` (shape [${m.shape.join(", ")}])` : "";
  const index = m.flatIndex !== undefined ? `, flat index ${m.flatIndex}` : "";
  return ` at ${leaf}${shape}${index}`;
}

function composeMessage(m: GradientMismatch): string {
  const lines = [
    `${m.layer} check failed (${m.kind})${location(m)}: expected ${formatNumber(m.expected)} (${m.expectedSource}), got ${formatNumber(m.got)} (${m.gotSource}).`,
    `Absolute error ${formatError(m.absError)} exceeds the tolerance ${formatError(m.tolerance)}; the largest absolute error over the compared elements is ${formatError(m.maxAbsError)}.`,
    ...m.notes,
  ];
  const layerFunction = describeLayerFunction(m.layer);
  if (layerFunction !== null) lines.push(layerFunction);
  return lines.join("\n");
}

/**
 * Raised by `checkGradients` when a derivative of the function under test disagrees with the
 * float64 oracle. The message names the layer, the leaf, the flat index, the expected and
 * actual values and the tolerance, and the same facts are available as fields.
 */
export class GradientCheckError extends Error implements GradientMismatch {
  readonly layer: string;
  readonly kind: GradientCheckKind;
  readonly inputLeaf?: string;
  readonly outputLeaf?: string;
  readonly shape?: readonly number[];
  readonly flatIndex?: number;
  readonly expected: number;
  readonly got: number;
  readonly absError: number;
  readonly tolerance: number;
  readonly maxAbsError: number;
  readonly expectedSource: string;
  readonly gotSource: string;
  readonly notes: string[];

  constructor(mismatch: GradientMismatch) {
    super(composeMessage(mismatch));
    this.name = "GradientCheckError";
    this.layer = mismatch.layer;
    this.kind = mismatch.kind;
    this.inputLeaf = mismatch.inputLeaf;
    this.outputLeaf = mismatch.outputLeaf;
    this.shape = mismatch.shape;
    this.flatIndex = mismatch.flatIndex;
    this.expected = mismatch.expected;
    this.got = mismatch.got;
    this.absError = mismatch.absError;
    this.tolerance = mismatch.tolerance;
    this.maxAbsError = mismatch.maxAbsError;
    this.expectedSource = mismatch.expectedSource;
    this.gotSource = mismatch.gotSource;
    this.notes = mismatch.notes;
  }
}
