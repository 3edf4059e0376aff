/**
 * The error function in double precision: a Maclaurin series for |x| < 2.5 and a continued
 * fraction for erfc beyond, each accurate to about 1e-15 relative error.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a < 2.5) {
    // erf(x) = 2/√π Σ (-1)ⁿ x^(2n+1) / (n! (2n+1))
    let term = a;
    let total = a;
    const x2 = a * a;
    for (let n = 1; n < 100; n++) {
      term *= -x2 / n;
      const contribution = term / (2 * n + 1);
      total += contribution;
      if (Math.abs(contribution) < 1e-17 * Math.abs(total)) break;
    }
    return Math.sign(x) * total * (2 / Math.sqrt(Math.PI));
  }
  if (a > 6) return Math.sign(x);
  // erfc(x) = exp(-x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …)))), evaluated from the tail.
  let fraction = 0;
  for (let n = 60; n >= 1; n--) fraction = n / 2 / (a + fraction);
  const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + fraction);
  return Math.sign(x) * (1 - erfc);
}
