/** Batched forward passes over data-set images on the default backend. */
import { IMAGE_SIZE, normalizeBatch } from "@kiln/data";
import { KilnError, type Tensor } from "@kiln/tensor";
import { hostTensor } from "../host-tensor.js";

/** Images [B, 1, 28, 28] → features [B, dim], usually a `compile`d function. */
export type ImageEncoder = (images: Tensor<"f32">) => Tensor;

/**
 * Runs `encode` over the first `count` images of `images` (u8 pixels as loaded) in batches of
 * `batchSize`, normalised as in training but not augmented, and returns the features row-major
 * on the host. The last batch is padded to full size with copies of image 0, so a compiled
 * encoder is traced once, and the padded rows are dropped.
 */
export async function encodeImages(encode: ImageEncoder, images: Uint8Array, count: number, batchSize: number): Promise<{ features: Float32Array; dim: number }> {
  if (count < 1) throw new KilnError("encodeImages", `there are no images to encode (count ${count})`);
  const size = Math.min(batchSize, count);
  let features: Float32Array | null = null;
  let dim = 0;
  for (let start = 0; start < count; start += size) {
    const used = Math.min(size, count - start);
    const indices = Int32Array.from({ length: size }, (_, b) => (b < used ? start + b : 0));
    const batch = hostTensor(normalizeBatch(images, indices), [size, 1, IMAGE_SIZE, IMAGE_SIZE]);
    const output = encode(batch);
    const values = (await output.data()) as Float32Array;
    if (features === null) {
      dim = output.shape[output.shape.length - 1];
      features = new Float32Array(count * dim);
    }
    // Freed now, so the next batch reuses the buffers instead of waiting for the collector.
    output.dispose();
    batch.dispose();
    features.set(values.subarray(0, used * dim), start * dim);
  }
  return { features: features!, dim };
}

/** L2-normalises each row of a row-major [rows, dim] matrix in place and returns it. */
export function normalizeRows(values: Float32Array, dim: number): Float32Array {
  for (let offset = 0; offset < values.length; offset += dim) {
    let norm = 0;
    for (let j = 0; j < dim; j++) norm += values[offset + j] * values[offset + j];
    const scale = 1 / Math.max(Math.sqrt(norm), 1e-12);
    for (let j = 0; j < dim; j++) values[offset + j] *= scale;
  }
  return values;
}
