import fc from "fast-check";

/** Keeps generated f32 values away from points where gradients are undefined or jump. */
export interface AvoidOptions {
  /**
   * Every value v satisfies |v| ≥ this margin. Use it for kinks at 0, such as relu, abs, sign
   * and sqrt.
   */
  awayFromZero?: number;
  /**
   * Every two values of one tensor differ by at least this margin, so max, min, argmax and
   * sorting see no near-ties. The tensor needs a range of at least (size − 1) · margin.
   */
  distinct?: number;
}

/**
 * The part of [min, max] at least `awayFromZero` from zero, as a contiguous "collapsed"
 * interval [lo, hi] with a monotone map back to the values. Removing the gap (−a, a) this way
 * lets one fc.double draw cover both signs and keeps gaps between values at least as large.
 */
interface CollapsedRange {
  lo: number;
  hi: number;
  expand: (t: number) => number;
}

function collapseRange(min: number, max: number, awayFromZero: number): CollapsedRange {
  const a = awayFromZero;
  const hasNegative = min <= -a;
  const hasPositive = max >= a;
  if (hasNegative && hasPositive) {
    // t = 0 maps to +a, so fast-check shrinks toward the smallest allowed positive value.
    return { lo: min + a, hi: max - a, expand: (t) => (t < 0 ? t - a : t + a) };
  }
  if (hasNegative) return { lo: min, hi: Math.min(max, -a), expand: (t) => t };
  if (hasPositive) return { lo: Math.max(min, a), hi: max, expand: (t) => t };
  throw new RangeError(`tensors: no value in [${min}, ${max}] is at least ${a} away from zero; widen min/max or lower awayFromZero`);
}

/** Assigns the k-th smallest draw the offset k · margin, so sorted neighbours differ by ≥ margin. */
function spreadApart(draws: readonly number[], margin: number): number[] {
  const order = draws.map((_, i) => i).sort((i, j) => draws[i] - draws[j] || i - j);
  const out = new Array<number>(draws.length);
  order.forEach((index, rank) => {
    out[index] = draws[index] + rank * margin;
  });
  return out;
}

function checkMargin(name: string, margin: number | undefined): number {
  if (margin === undefined) return 0;
  if (!Number.isFinite(margin) || margin < 0) throw new RangeError(`tensors: avoid.${name} must be a finite number ≥ 0, got ${margin}`);
  return margin;
}

/**
 * Generates `size` float64 values in [min, max] that respect `avoid`. The spacing of
 * `distinct` and the bound of `awayFromZero` hold up to one float64 rounding step.
 */
export function floatValues(size: number, min: number, max: number, avoid: AvoidOptions = {}): fc.Arbitrary<number[]> {
  const awayFromZero = checkMargin("awayFromZero", avoid.awayFromZero);
  const distinct = checkMargin("distinct", avoid.distinct);
  const range = collapseRange(min, max, awayFromZero);
  const span = distinct * Math.max(size - 1, 0);
  if (range.hi - range.lo < span) {
    throw new RangeError(
      `tensors: ${size} values at least ${distinct} apart need a range of ${span}, but only ${range.hi - range.lo} is available in [${min}, ${max}]` +
        (awayFromZero > 0 ? ` away from zero by ${awayFromZero}` : "") +
        "; widen min/max, lower avoid.distinct or use smaller shapes",
    );
  }

  const draw = fc.double({ min: range.lo, max: range.hi - span, noNaN: true, noDefaultInfinity: true });
  return fc.array(draw, { minLength: size, maxLength: size }).map((draws) => {
    const spread = distinct > 0 ? spreadApart(draws, distinct) : draws;
    return spread.map((t) => Math.min(max, Math.max(min, range.expand(t))));
  });
}

/** Generates `size` integers in [ceil(min), floor(max)]. */
export function intValues(size: number, min: number, max: number): fc.Arbitrary<number[]> {
  const lo = Math.ceil(min);
  const hi = Math.floor(max);
  if (lo < -(2 ** 31) || hi > 2 ** 31 - 1) throw new RangeError(`tensors: i32 values must lie in [-2³¹, 2³¹ − 1], got [${min}, ${max}]`);
  if (lo > hi) throw new RangeError(`tensors: no integer lies in [${min}, ${max}]`);
  return fc.array(fc.integer({ min: lo, max: hi }), { minLength: size, maxLength: size });
}

export function boolValues(size: number): fc.Arbitrary<number[]> {
  return fc.array(fc.boolean(), { minLength: size, maxLength: size }).map((flags) => flags.map(Number));
}
