/**
 * Storage buffers of freed tensors, kept for reuse. A new buffer costs more than its size
 * suggests: WebGPU zeroes it before its first use, and a driver that keeps GPU memory on the
 * host (lavapipe) also faults in its pages. A 4 MiB output created at every call made a
 * 1024 × 1024 matmul 4% slower than the same kernel writing one buffer again. Buffers come
 * back when a tensor is disposed or garbage-collected, and WebGPU runs submissions in order, so
 * work already submitted that reads a buffer finishes before a later call writes it again.
 */
import { STORAGE_USAGE } from "./buffers.js";

/** Bytes of free buffers kept for reuse; beyond it, freed buffers are destroyed. */
export const POOL_BYTES_MAX = 256 * 2 ** 20;

export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  private freeBytes = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly capacity = POOL_BYTES_MAX,
  ) {}

  /** Bytes of the free buffers. */
  get bytes(): number {
    return this.freeBytes;
  }

  /** Returns a storage buffer of exactly `bytes` bytes: a free one of that size, or a new one. */
  acquire(bytes: number): GPUBuffer {
    const reused = this.free.get(bytes)?.pop();
    if (reused) {
      this.freeBytes -= bytes;
      return reused;
    }
    return this.device.createBuffer({ size: bytes, usage: STORAGE_USAGE });
  }

  /** Takes back a buffer that no tensor uses any more, or destroys it when the pool is full. */
  give(buffer: GPUBuffer): void {
    if (this.freeBytes + buffer.size > this.capacity) {
      buffer.destroy();
      return;
    }
    const list = this.free.get(buffer.size);
    if (list) list.push(buffer);
    else this.free.set(buffer.size, [buffer]);
    this.freeBytes += buffer.size;
  }

  /** Destroys every free buffer. */
  clear(): void {
    for (const list of this.free.values()) for (const buffer of list) buffer.destroy();
    this.free.clear();
    this.freeBytes = 0;
  }
}
