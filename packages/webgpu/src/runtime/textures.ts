/**
 * Texture copies of stored tensors, for kernels that read an operand through `textureLoad`
 * (see `Binding.texture`). The texture contains the buffer's f32 elements in order, 4 per
 * rgba32float texel. Each run copies the buffer into it before the first kernel that reads
 * it, so the texture has the values those kernels would read from the buffer.
 */
import type { TextureLayout } from "../codegen/ir.js";

const TEXTURE_BINDING = 0x4;
const COPY_DST = 0x2;

/** Bytes of one rgba32float texel. */
const TEXEL_BYTES = 16;

/** Creates the texture a binding of `layout` reads. */
export function createOperandTexture(device: GPUDevice, layout: TextureLayout, label: string): GPUTexture {
  return device.createTexture({ label, size: [layout.width, layout.height], format: "rgba32float", usage: TEXTURE_BINDING | COPY_DST });
}

/** Bytes a texture of `layout` occupies. */
export function textureBytes(layout: TextureLayout): number {
  return layout.width * layout.height * TEXEL_BYTES;
}

/**
 * Records the copy of `buffer` into `texture`. The row pitch is `width` texels, a multiple of
 * 256 bytes as WebGPU requires, because codegen only uses textures for rows of a multiple of
 * 64 elements.
 */
export function encodeTextureCopy(encoder: GPUCommandEncoder, buffer: GPUBuffer, texture: GPUTexture, layout: TextureLayout): void {
  encoder.copyBufferToTexture({ buffer, offset: 0, bytesPerRow: layout.width * TEXEL_BYTES, rowsPerImage: layout.height }, { texture }, [layout.width, layout.height]);
}
