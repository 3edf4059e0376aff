"""Fits the rational erf approximation of src/render/wgsl.ts (kiln_erf).

erf(x) / x is approximated by P(t) / Q(t) with t = x² on 0 < x ≤ CLAMP, minimising the
largest relative error: linearised least squares (P - f·Q = 0, Q(0) = 1) with weights updated
by Lawson's rule. The coefficients are then rounded to f32 and the result is checked in f32
arithmetic, as the shader evaluates it, against float64 erf.

Usage: python3 fit-erf.py [P degree] [Q degree]   (defaults 5 5; needs numpy and scipy)
"""
import sys

import numpy as np
from scipy.special import erf

CLAMP = 3.92  # erf(3.92) rounds to 1 in f32


def fit(p_degree: int, q_degree: int):
    x = np.concatenate([np.linspace(1e-8, CLAMP, 6000), np.linspace(1e-8, 0.05, 200)])
    t = x * x
    f = erf(x) / x
    weights = np.ones_like(t)
    q_values = np.ones_like(t)
    best = None
    powers_p = np.vstack([t**i for i in range(p_degree + 1)]).T
    powers_q = np.vstack([t**j for j in range(1, q_degree + 1)]).T
    for _ in range(200):
        system = np.hstack([powers_p, -f[:, None] * powers_q])
        scale = weights / (np.abs(q_values) * np.abs(f))
        solution, *_ = np.linalg.lstsq(system * scale[:, None], f * scale, rcond=None)
        p = solution[: p_degree + 1]
        q = np.concatenate([[1.0], solution[p_degree + 1 :]])
        q_values = np.polyval(q[::-1], t)
        error = (np.polyval(p[::-1], t) / q_values - f) / f
        worst = np.max(np.abs(error))
        if best is None or worst < best[0]:
            best = (worst, p, q)
        weights = weights * np.sqrt(np.abs(error)) + 1e-30
        weights /= weights.max()
    return best


def horner32(coefficients, t):
    value = np.float32(coefficients[-1])
    for c in coefficients[-2::-1]:
        value = np.float32(value * t + np.float32(c))
    return value


def erf32(x, p, q):
    """Evaluates the approximation in f32, as the shader does."""
    c = np.clip(np.float32(x), np.float32(-CLAMP), np.float32(CLAMP))
    t = np.float32(c * c)
    return np.clip(np.float32(c * horner32(p, t) / horner32(q, t)), np.float32(-1), np.float32(1))


def main():
    p_degree, q_degree = (int(a) for a in sys.argv[1:3]) if len(sys.argv) > 2 else (5, 5)
    worst, p, q = fit(p_degree, q_degree)
    p32 = [np.float32(c) for c in p]
    q32 = [np.float32(c) for c in q]
    if any(c <= 0 for c in q32):
        print("warning: Q has a non-positive coefficient and may vanish on t ≥ 0")
    x = np.concatenate([np.linspace(1e-6, 6, 2_000_001), 10 ** np.linspace(-30, 0, 3000)]).astype(np.float32)
    got = erf32(x, p32, q32).astype(np.float64)
    want = erf(x.astype(np.float64))
    relative = np.abs(got - want) / want
    print(f"float64 fit: largest relative error {worst:.3g}")
    print(f"f32 evaluation: largest relative error {relative.max():.3g} at x = {x[relative.argmax()]}")
    print("P:", ", ".join(str(c) for c in p32))
    print("Q:", ", ".join(str(c) for c in q32))


if __name__ == "__main__":
    main()
