import fc from "fast-check";

/** Bounds for generated shapes. Every bound is inclusive. */
export interface ShapeOptions {
  /** Smallest rank (default 0, so scalars are included). */
  minRank?: number;
  /** Largest rank (default 3). */
  maxRank?: number;
  /** Smallest dimension (default 1). Pass 0 to include empty tensors. */
  minDim?: number;
  /** Largest dimension (default 4). */
  maxDim?: number;
}

interface ResolvedShapeOptions {
  minRank: number;
  maxRank: number;
  minDim: number;
  maxDim: number;
}

function checkRange(name: string, low: string, high: string, lo: number, hi: number): void {
  if (!Number.isInteger(lo) || lo < 0) throw new RangeError(`${name}: ${low} must be a non-negative integer, got ${lo}`);
  if (!Number.isInteger(hi) || hi < lo) throw new RangeError(`${name}: ${high} must be an integer ≥ ${low} (${lo}), got ${hi}`);
}

function resolveShapeOptions(name: string, options: ShapeOptions): ResolvedShapeOptions {
  const resolved = {
    minRank: options.minRank ?? 0,
    maxRank: options.maxRank ?? Math.max(3, options.minRank ?? 0),
    minDim: options.minDim ?? 1,
    maxDim: options.maxDim ?? Math.max(4, options.minDim ?? 1),
  };
  checkRange(name, "minRank", "maxRank", resolved.minRank, resolved.maxRank);
  checkRange(name, "minDim", "maxDim", resolved.minDim, resolved.maxDim);
  return resolved;
}

/**
 * Generates tensor shapes (arrays of dimensions). Shrinking moves toward the lowest rank and
 * the smallest dimensions.
 */
export function shapes(options: ShapeOptions = {}): fc.Arbitrary<number[]> {
  const { minRank, maxRank, minDim, maxDim } = resolveShapeOptions("shapes", options);
  return fc.array(fc.integer({ min: minDim, max: maxDim }), { minLength: minRank, maxLength: maxRank });
}

/**
 * Generates pairs `[a, b]` of shapes that broadcast together under NumPy rules. The ranks of
 * `a` and `b` are drawn independently (so they often differ), both are right-aligned suffixes
 * of one common shape, and each of their dimensions is replaced by 1 with probability ½.
 * The rank and dimension bounds apply to each shape of the pair.
 */
export function broadcastShapes(options: ShapeOptions = {}): fc.Arbitrary<[number[], number[]]> {
  const { minRank, maxRank, minDim, maxDim } = resolveShapeOptions("broadcastShapes", options);
  const rank = fc.integer({ min: minRank, max: maxRank });
  const ones = fc.array(fc.boolean(), { minLength: maxRank, maxLength: maxRank });
  const common = fc.array(fc.integer({ min: minDim, max: maxDim }), { minLength: maxRank, maxLength: maxRank });

  return fc.record({ common, rankA: rank, rankB: rank, onesA: ones, onesB: ones }).map(({ common, rankA, rankB, onesA, onesB }) => {
    // A 1 is used only when minDim allows it, so the bounds still hold for every dimension.
    const operand = (operandRank: number, useOne: boolean[]): number[] =>
      common.slice(maxRank - operandRank).map((d, i) => (useOne[maxRank - operandRank + i] && minDim <= 1 && maxDim >= 1 ? 1 : d));
    return [operand(rankA, onesA), operand(rankB, onesB)];
  });
}
