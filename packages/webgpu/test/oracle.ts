import { expect } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import type { WebGpuBackend } from "@kiln/webgpu";

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

/** Collects the tensors of a nested result (a tensor, or arrays of them) in order. */
export function leavesOf(result: unknown): Tensor[] {
  return Array.isArray(result) ? result.flatMap(leavesOf) : [result as Tensor];
}

/**
 * Runs `fn` compiled for `backend` on `args` and compares every output with the cpu64 oracle
 * (see expectMatchesOracle). Returns the names of the kernels that ran, so that the caller can
 * check which fusions applied.
 */
export async function expectCompiledMatchesCpu64(label: string, backend: string, fn: (...args: Tensor[]) => unknown, args: Tensor[], relative: number): Promise<string[]> {
  const compiled = k.compile(fn as (...args: Tensor[]) => Tensor[], { backend });
  const got = await Promise.all(leavesOf(compiled(...args)).map((t) => t.data()));
  const want = k.withBackend("cpu64", () => leavesOf(fn(...args)).map((t) => t.dataSync()));
  expect(got.length, label).toBe(want.length);
  got.forEach((values, i) => expectMatchesOracle(`${label}, output ${i}`, values, want[i], relative));
  const executable = (k.getBackend(backend) as WebGpuBackend).executable(compiled.trace(...args).program);
  return executable.kernels.map((kernel) => kernel.kernel.name);
}
