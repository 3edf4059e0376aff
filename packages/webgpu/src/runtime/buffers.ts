/**
 * Device buffers owned by tensors. A buffer goes back to its pool when the tensor holding it is
 * disposed or garbage-collected, unless its ownership moved to another handle (a donated
 * argument whose buffer was updated in place).
 */
import type { DType, HostArray } from "@kiln/tensor";
import type { BufferPool } from "./pool.js";

export class DeviceBuffer {
  /** False once the buffer went back to the pool or moved to another handle. */
  private owned = true;

  constructor(
    readonly buffer: GPUBuffer,
    readonly bytes: number,
    private readonly pool: BufferPool,
  ) {
    collected.register(this, { buffer, pool }, this);
  }

  /** Moves the GPU buffer to a new handle; this handle no longer frees it. */
  transfer(): DeviceBuffer {
    this.disown();
    return new DeviceBuffer(this.buffer, this.bytes, this.pool);
  }

  /** Returns the buffer to the pool now (a disposed tensor). Does nothing after a transfer. */
  release(): void {
    if (!this.owned) return;
    this.disown();
    this.pool.give(this.buffer);
  }

  private disown(): void {
    this.owned = false;
    collected.unregister(this);
  }
}

const collected = new FinalizationRegistry<{ buffer: GPUBuffer; pool: BufferPool }>(({ buffer, pool }) => pool.give(buffer));

export const STORAGE_USAGE = 0x80 | 0x4 | 0x8; // STORAGE | COPY_SRC | COPY_DST

/** Converts host data to the 32-bit layout kernels read (bool as u32, f64 rounded to f32). */
export function toDeviceLayout(data: HostArray, dtype: DType): Float32Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint32Array<ArrayBuffer> {
  switch (dtype) {
    case "f32":
      return data instanceof Float32Array && data.buffer instanceof ArrayBuffer ? (data as Float32Array<ArrayBuffer>) : Float32Array.from(data);
    case "i32":
      return data instanceof Int32Array && data.buffer instanceof ArrayBuffer ? (data as Int32Array<ArrayBuffer>) : Int32Array.from(data);
    case "bool":
      return Uint32Array.from(data, (x) => (x ? 1 : 0));
    default:
      return dtype satisfies never;
  }
}

export function fromDeviceLayout(bytes: ArrayBuffer, dtype: DType, size: number): HostArray {
  switch (dtype) {
    case "f32":
      return new Float32Array(bytes.slice(0, size * 4));
    case "i32":
      return new Int32Array(bytes.slice(0, size * 4));
    case "bool":
      return Uint8Array.from(new Uint32Array(bytes, 0, size), (x) => (x ? 1 : 0));
    default:
      return dtype satisfies never;
  }
}
