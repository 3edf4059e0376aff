/**
 * Backend selection: WebGPU (Dawn) when an adapter exists, else the CPU reference backend with
 * one warning line. Every command that computes calls `selectBackend` before building tensors.
 */
import { setDefaultBackend } from "@kiln/tensor";
import { adapterReport, initWebGpu, type AdapterReport } from "@kiln/webgpu";
import { CliError } from "./errors.js";

export type BackendName = "webgpu" | "cpu";

export const BACKEND_NAMES: readonly BackendName[] = ["webgpu", "cpu"];

export interface SelectedBackend {
  /** Backend that runs the computation. */
  name: BackendName;
  /** Backend the user asked for; differs from `name` after a fallback. */
  requested: BackendName;
  /** The WebGPU adapter, null on the CPU backend. */
  adapter: AdapterReport | null;
}

/** One-line description of an adapter, such as "mesa llvmpipe (llvmpipe: Mesa 25.0.7, LLVM 15.0.6)". */
export function describeAdapter(adapter: AdapterReport | null): string {
  if (!adapter) return "none";
  const name = [adapter.vendor, adapter.architecture, adapter.device].filter((part) => part !== "").join(" ");
  const details = adapter.description && adapter.description !== adapter.device ? ` (${adapter.description})` : "";
  const fallback = adapter.isFallbackAdapter ? ", software fallback adapter" : "";
  return `${name || "unnamed adapter"}${details}${fallback}`;
}

/**
 * Makes `requested` the default backend. When WebGPU is requested but no adapter exists, calls
 * `warn` once and uses the CPU backend. Raises a CliError when acquiring the device fails.
 */
export async function selectBackend(requested: BackendName, warn: (message: string) => void): Promise<SelectedBackend> {
  if (requested === "cpu") {
    setDefaultBackend("cpu");
    return { name: "cpu", requested, adapter: null };
  }
  let found;
  try {
    found = await initWebGpu();
  } catch (error) {
    throw new CliError(`initialising WebGPU failed: ${(error as Error).message}. Run kiln info for details, or pass --backend cpu`);
  }
  if (!found) {
    warn("no WebGPU adapter found, so the cpu backend runs instead (much slower); run kiln info for details");
    setDefaultBackend("cpu");
    return { name: "cpu", requested, adapter: null };
  }
  setDefaultBackend("webgpu");
  return { name: "webgpu", requested, adapter: await adapterReport() };
}
