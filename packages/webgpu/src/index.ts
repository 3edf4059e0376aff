/**
 * @kiln/webgpu: compiles Kiln programs into fused WGSL compute kernels and runs them on WebGPU
 * (Dawn through the npm package `webgpu` in Node, `navigator.gpu` in browsers).
 *
 * ```ts
 * import { initWebGpu } from "@kiln/webgpu";
 * if (await initWebGpu()) setDefaultBackend("webgpu");
 * ```
 */
export { initWebGpu, WebGpuBackend } from "./runtime/backend.js";
export { adapterReport, gpuContext, type AdapterReport, type GpuContext } from "./runtime/device.js";
export { dawnPollingInstalled } from "./runtime/dawn-polling.js";
export { Executable, type ExecutableStats } from "./runtime/executable.js";
export { setDebugLog } from "./runtime/debug.js";
export { BufferPool, POOL_BYTES_MAX } from "./runtime/pool.js";
export { schedule, type Schedule, type KernelPlan } from "./schedule/plan.js";
export { eliminateCommonSubexpressions } from "./schedule/cse.js";
export { transposeProducts } from "./schedule/transposed-products.js";
export { splitReductions } from "./schedule/split.js";
export { lowerKernel, DEFAULT_LOWER_OPTIONS, type LowerOptions, type LoweredKernel } from "./codegen/lower.js";
export { renderKernel } from "./render/wgsl.js";
export { LEGACY_MATMUL_VARIANT, matmulVariantName, parseMatmulVariantName, type MatmulVariant } from "./codegen/matmul-variant.js";
export {
  MATMUL_CANDIDATES,
  TUNING_SHAPES,
  adapterKey,
  measureMatmulVariants,
  selectMatmulVariant,
  type MatmulSelection,
  type MatmulShape,
  type MatmulTuneOptions,
  type MatmulTuning,
} from "./tune/matmul.js";
export type { Kernel, Expr, Stmt } from "./codegen/ir.js";
