/**
 * Test access to the WebGPU backend. In CI (`CI=true`) a missing adapter fails the suite; on a
 * machine without any adapter the WebGPU tests are skipped with one line saying why.
 */
import * as k from "@kiln/tensor";
import { initWebGpu, matmulVariantName, type MatmulVariant, type WebGpuBackend } from "@kiln/webgpu";

let backend: WebGpuBackend | null | undefined;
let reason = "";

export async function webgpu(): Promise<WebGpuBackend | null> {
  if (backend !== undefined) return backend;
  try {
    backend = await initWebGpu();
    if (!backend) reason = "no WebGPU adapter found (install Mesa's lavapipe: bash scripts/setup-webgpu.sh)";
  } catch (error) {
    backend = null;
    reason = `WebGPU initialisation failed: ${String(error)}`;
  }
  if (!backend) {
    if (process.env.CI === "true") throw new Error(`${reason}; CI requires the WebGPU backend`);
    console.warn(`skipping WebGPU tests: ${reason}`);
  }
  return backend;
}

/** True when the WebGPU backend is available (after `await webgpu()`). */
export const hasWebGpu = await webgpu().then((b) => b !== null);

/** Runs a test body with WebGPU as the default backend for its whole duration, awaits included. */
export const gpu = (fn: () => Promise<void>) => async () => {
  k.setDefaultBackend("webgpu");
  try {
    await fn();
  } finally {
    k.setDefaultBackend("cpu");
  }
};

/** Names of the backends that variantBackend registered. */
const registered = new Set<string>();

/**
 * Registers, once per variant, a backend on the test device that always uses the matmul
 * `variant`, and returns its name. Using it without a WebGPU adapter fails with the reason.
 */
export function variantBackend(variant: MatmulVariant): string {
  const name = `webgpu-variant-${matmulVariantName(variant)}`;
  if (registered.has(name)) return name;
  registered.add(name);
  k.registerBackend(name, () => {
    if (!backend) throw new Error(`backend ${name} needs WebGPU: ${reason}`);
    return backend.withOptions({ matmulVariant: variant });
  });
  return name;
}
