/**
 * Tensors for data that changes every call of a compiled function (image batches, learning
 * rates). They are realized on the CPU backend first, so that WebGPU receives them by a plain
 * buffer upload.
 *
 * Realized any other way, each distinct batch would run as a one-off WebGPU program: a cached
 * executable per batch instead of one buffer upload.
 */
import { fromArray, withBackend, type DType, type Tensor } from "@kiln/tensor";

/** Returns a tensor of `data` with `shape`, realized on the CPU backend. */
export function hostTensor<D extends DType = "f32">(data: ArrayLike<number>, shape: readonly number[], dtype?: D): Tensor<D> {
  return withBackend("cpu", () => {
    const tensor = fromArray(data, shape, dtype) as unknown as Tensor<D>;
    tensor.dataSync();
    return tensor;
  });
}

/**
 * Returns `value` as a CPU-realized f32 scalar, typed as a number so it can replace a number
 * argument of a compiled function: both trace to the same f32 scalar input.
 */
export function hostScalar(value: number): number {
  return hostTensor([value], []) as unknown as number;
}
