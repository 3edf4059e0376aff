/**
 * One Dawn instance for the whole run: Kiln, the hand-written kernels and the peer libraries all
 * find it on `navigator.gpu`, so every framework runs on the same adapter in the same process.
 * tfjs and jax-js each request their own device from it.
 */
import os from "node:os";
import { create, globals } from "webgpu";
import * as k from "@kiln/tensor";
import { initWebGpu, type WebGpuBackend } from "@kiln/webgpu";

export interface BenchGpu {
  /** Dawn's instance; kept referenced for the whole run (Dawn frees devices when it is collected). */
  gpu: GPU;
  kiln: WebGpuBackend;
}

export async function setupGpu(): Promise<BenchGpu> {
  process.env.XDG_RUNTIME_DIR ??= "/tmp";
  Object.assign(globalThis, globals);
  const gpu = create([]);
  const navigator = { gpu, userAgent: `Node.js ${process.version}`, hardwareConcurrency: os.cpus().length };
  Object.defineProperty(globalThis, "navigator", { value: navigator, configurable: true, writable: true });
  const kiln = await initWebGpu();
  if (!kiln) throw new Error("no WebGPU adapter: install a Vulkan driver (bash scripts/setup-webgpu.sh)");
  k.setDefaultBackend("webgpu");
  return { gpu, kiln };
}

/** Describes the machine and adapter for the results file. */
export function machineReport(kiln: WebGpuBackend): Record<string, unknown> {
  const info = kiln.ctx.info;
  const mesa = /Mesa ([0-9][^ )]*)/.exec(info.description)?.[1] ?? null;
  return {
    hostname: os.hostname(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.type()} ${os.release()}`,
    node: process.version,
    adapter: { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description, isFallbackAdapter: info.isFallbackAdapter },
    mesa,
  };
}
