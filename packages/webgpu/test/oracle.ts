import { expect } from "vitest";

/**
 * Fails the running test at the first element of `got` that differs from the float64 CPU
 * oracle's `want`: NaN must be NaN, infinities equal, and finite values within `relative`
 * of the larger of 1 and the expected magnitude. `label` names the case in the message.
 */
export function expectMatchesOracle(label: string, got: ArrayLike<number | bigint>, want: ArrayLike<number | bigint>, relative: number): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const [g, w] = [Number(got[i]), Number(want[i])];
    const tolerance = relative * Math.max(1, Math.abs(w));
    const same = Number.isNaN(w) ? Number.isNaN(g) : !Number.isFinite(w) ? g === w : Math.abs(g - w) <= tolerance;
    if (!same) expect.fail(`${label} [${i}]: webgpu ${got[i]}, cpu64 ${want[i]}`);
  }
}
