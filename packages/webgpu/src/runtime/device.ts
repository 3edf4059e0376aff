/**
 * Acquires one WebGPU adapter and device per process: Dawn through the npm package `webgpu` in
 * Node, `navigator.gpu` in browsers. The device requests the adapter's full limits and the
 * optional features it offers. Dawn's instance (the object `create()` returns) is kept in a
 * module variable for the life of the process: if it were garbage-collected, the live device
 * would be freed under us and the next submit would abort the process.
 */
import { installDawnPolling } from "./dawn-polling.js";
import { BufferPool } from "./pool.js";

export interface GpuContext {
  device: GPUDevice;
  adapter: GPUAdapter;
  info: AdapterReport;
  /** Set once the device is lost; later work is rejected with this message. */
  lost: string | null;
  /** Free storage buffers of disposed and collected tensors, reused for new ones. */
  buffers: BufferPool;
}

export interface AdapterReport {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
  features: string[];
  limits: Record<string, number>;
  runtime: "dawn-node" | "browser";
}

/** Dawn's instance; never released while the process runs (see the file comment). */
let dawnInstance: GPU | null = null;
let pending: Promise<GpuContext | null> | null = null;

const OPTIONAL_FEATURES: GPUFeatureName[] = ["shader-f16", "timestamp-query"];

async function gpuEntry(): Promise<{ gpu: GPU; runtime: AdapterReport["runtime"] } | null> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu && typeof process === "undefined") return { gpu: nav.gpu, runtime: "browser" };
  // In Node, an application may put its own Dawn instance on `navigator.gpu` to share it with
  // other WebGPU libraries. The application then keeps that instance alive.
  installDawnPolling();
  if (nav?.gpu) return { gpu: nav.gpu, runtime: "dawn-node" };
  if (!dawnInstance) {
    process.env.XDG_RUNTIME_DIR ??= "/tmp";
    const module = (await import("webgpu")) as { create(options: string[]): GPU; globals: object };
    Object.assign(globalThis, module.globals);
    dawnInstance = module.create([]);
  }
  return { gpu: dawnInstance, runtime: "dawn-node" };
}

/** Limits Kiln never uses; requesting Dawn's huge values for them only prints warnings. */
const UNUSED_LIMITS = new Set(["maxDynamicUniformBuffersPerPipelineLayout", "maxDynamicStorageBuffersPerPipelineLayout"]);

function limitsOf(adapter: GPUAdapter): Record<string, number> {
  const out: Record<string, number> = {};
  const limits = adapter.limits as unknown as Record<string, number>;
  for (const key in limits) {
    const value = limits[key];
    if (typeof value === "number" && !UNUSED_LIMITS.has(key)) out[key] = value;
  }
  return out;
}

async function acquire(): Promise<GpuContext | null> {
  const entry = await gpuEntry();
  if (!entry) return null;
  const adapter = await entry.gpu.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) return null;
  const features = OPTIONAL_FEATURES.filter((f) => adapter.features.has(f));
  const requiredLimits = limitsOf(adapter);
  const device = await adapter.requestDevice({ requiredFeatures: features, requiredLimits });
  const info = adapter.info;
  const context: GpuContext = {
    device,
    adapter,
    lost: null,
    buffers: new BufferPool(device),
    info: {
      vendor: info.vendor,
      architecture: info.architecture,
      device: info.device,
      description: info.description,
      isFallbackAdapter: (info as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false,
      features: [...device.features].sort(),
      limits: requiredLimits,
      runtime: entry.runtime,
    },
  };
  void device.lost.then((reason) => {
    context.lost = `the WebGPU device was lost (${reason.reason}): ${reason.message}`;
  });
  return context;
}

/** Returns the process-wide device, or null when no adapter is available. */
export function gpuContext(): Promise<GpuContext | null> {
  pending ??= acquire().catch((error: unknown) => {
    pending = null;
    throw error;
  });
  return pending;
}

/** A description of the adapter, its features and limits, or null when there is none. */
export async function adapterReport(): Promise<AdapterReport | null> {
  return (await gpuContext())?.info ?? null;
}
