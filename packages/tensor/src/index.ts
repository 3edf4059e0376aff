/**
 * @kiln/tensor: a typed, functional tensor DSL. Tensors are lazy graph nodes; `grad`, `vjp`,
 * `jvp` and `compile` transform functions over them; the CPU backend is the reference.
 */
import { registerBackend } from "./backend/backend.js";
import { CpuBackend } from "./cpu/backend.js";

registerBackend("cpu", () => new CpuBackend("cpu", false));
registerBackend("cpu64", () => new CpuBackend("cpu64", true));

export type { DType, HostArray } from "./dtype.js";
export { DTYPES, isFloat } from "./dtype.js";
export { KilnError } from "./errors.js";
export type { Shape } from "./shape.js";
export { broadcastShapes, sizeOf } from "./shape.js";
export type * from "./types.js";
export { Tensor, isTensor } from "./ir/tensor.js";
export { Primitive, UNARY_PRIMITIVES, BINARY_PRIMITIVES } from "./ir/primitive.js";
export { toposort } from "./ir/graph.js";
export * from "./ops/index.js";
export { vjp, jvp, grad, valueAndGrad, type GradOptions } from "./autodiff/transforms.js";
export { customVjp } from "./autodiff/custom-vjp.js";
export { compile, type Compiled, type CompileOptions, type Trace } from "./transforms/compile.js";
export { flattenTree, unflattenTree, treeLeaves, treeMap, type PyTree, type TreeDef } from "./pytree.js";
export {
  registerBackend,
  getBackend,
  setDefaultBackend,
  defaultBackend,
  withBackend,
  backendNames,
  type Backend,
  type BackendBuffer,
  type Program,
} from "./backend/backend.js";
export { threefry2x32 } from "./random/threefry.js";
export { CpuBackend } from "./cpu/backend.js";
export { CPU_KERNELS } from "./cpu/kernels.js";
export { VJP_RULES } from "./autodiff/vjp-rules.js";
export { JVP_RULES } from "./autodiff/jvp-rules.js";
