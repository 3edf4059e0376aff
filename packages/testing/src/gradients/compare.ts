/** The element that exceeds its tolerance by the largest factor, and the largest error overall. */
export interface ElementComparison {
  worst: { leaf: number; index: number; expected: number; got: number; absError: number; tolerance: number } | null;
  maxAbsError: number;
}

/** True when two values agree: both NaN, equal infinities, or finite and within `tolerance`. */
function agrees(expected: number, got: number, tolerance: number): boolean {
  if (Number.isNaN(expected) || Number.isNaN(got)) return Number.isNaN(expected) && Number.isNaN(got);
  if (!Number.isFinite(expected) || !Number.isFinite(got)) return expected === got;
  return Math.abs(got - expected) <= tolerance;
}

function absError(expected: number, got: number): number {
  const e = Math.abs(got - expected);
  return Number.isNaN(e) ? Infinity : e;
}

/**
 * Compares leaves elementwise with tolerance atol + rtol·|expected| and reports the element
 * whose error exceeds its tolerance by the largest factor.
 */
export function compareElements(expected: readonly Float64Array[], got: readonly Float64Array[], atol: number, rtol: number): ElementComparison {
  let worst: ElementComparison["worst"] = null;
  let worstRatio = 0;
  let maxAbsError = 0;
  expected.forEach((exp, leaf) => {
    const values = got[leaf];
    for (let index = 0; index < exp.length; index++) {
      const e = exp[index];
      const g = values[index];
      const tolerance = atol + rtol * Math.abs(e);
      const ok = agrees(e, g, tolerance);
      let error = absError(e, g);
      // Agreeing non-finite pairs (both NaN, equal infinities) count as zero error.
      if (ok && !Number.isFinite(e)) error = 0;
      maxAbsError = Math.max(maxAbsError, error);
      if (ok) continue;
      const ratio = tolerance > 0 ? error / tolerance : Infinity;
      if (worst === null || ratio > worstRatio) {
        worst = { leaf, index, expected: e, got: g, absError: error, tolerance };
        worstRatio = ratio;
      }
    }
  });
  return { worst, maxAbsError };
}

/**
 * ⟨u, d⟩ summed over leaves, with the tolerance that the elementwise tolerance
 * atol + rtol·|dⱼ| on each element of d implies for the weighted sum:
 * Σⱼ |uⱼ|·(atol + rtol·|dⱼ|). Unlike rtol·|⟨u, d⟩| it does not shrink when terms cancel.
 */
export function weightedSum(u: readonly Float64Array[], d: readonly Float64Array[], atol: number, rtol: number): { value: number; tolerance: number } {
  let value = 0;
  let tolerance = 0;
  u.forEach((weights, leaf) => {
    const values = d[leaf];
    for (let j = 0; j < weights.length; j++) {
      // A zero weight drops the term, even where d is NaN or infinite.
      if (weights[j] === 0) continue;
      value += weights[j] * values[j];
      tolerance += Math.abs(weights[j]) * (atol + rtol * Math.abs(values[j]));
    }
  });
  return { value, tolerance };
}

/** ⟨a, b⟩ summed over leaves. Terms where `b` is zero are dropped, even where `a` is NaN or infinite. */
export function innerProduct(a: readonly Float64Array[], b: readonly Float64Array[]): number {
  let sum = 0;
  a.forEach((values, leaf) => {
    for (let j = 0; j < values.length; j++) {
      if (b[leaf][j] !== 0) sum += values[j] * b[leaf][j];
    }
  });
  return sum;
}

export function scalarsAgree(expected: number, got: number, tolerance: number): boolean {
  return agrees(expected, got, tolerance);
}

export function scalarError(expected: number, got: number): number {
  return absError(expected, got);
}
