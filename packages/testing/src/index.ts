/**
 * @kiln/testing: fast-check arbitraries for shapes and tensors, and gradient checks of Kiln
 * functions against central differences on the float64 cpu64 backend.
 */
export { shapes, broadcastShapes, type ShapeOptions } from "./arbitraries/shapes.js";
export { tensors, type TensorOptions } from "./arbitraries/tensors.js";
export type { AvoidOptions } from "./arbitraries/values.js";
export { describeTensor, formatTensorData } from "./describe.js";
export {
  checkGradients,
  GRADIENT_CHECK_DEFAULTS,
  type CheckGradientsOptions,
  type GradientCheckReport,
  type GradientMode,
} from "./gradients/check-gradients.js";
export { GradientCheckError, type GradientCheckKind, type GradientMismatch } from "./gradients/error.js";
export { gradientProperty, assertGradients, type ArgumentArbitraries, type AssertGradientsOptions } from "./property.js";
