/**
 * The WebGPU implementation of @kiln/tensor's Backend interface. Programs are compiled into
 * executables, cached by the Program object (compiled functions) and by a structural key
 * (eager realization), so a graph of the same shape reuses its kernels.
 */
import { KilnError, registerBackend, type Backend, type BackendBuffer, type DType, type HostArray, type Program, type Shape } from "@kiln/tensor";
import { DEFAULT_LOWER_OPTIONS, type LowerOptions } from "../codegen/lower.js";
import { bufferBytes } from "../memory/plan.js";
import { DeviceBuffer, fromDeviceLayout, toDeviceLayout } from "./buffers.js";
import { gpuContext, type GpuContext } from "./device.js";
import { Executable } from "./executable.js";
import { PipelineCache } from "./pipelines.js";
import { programKey } from "./program-key.js";
import { selectMatmulVariant, type MatmulSelection, type MatmulTuneOptions } from "../tune/matmul.js";

const EXECUTABLE_CACHE_SIZE = 256;
const MAP_READ = 0x1;
const COPY_DST = 0x8;

export class WebGpuBackend implements Backend {
  readonly name = "webgpu";
  readonly cacheIntermediates = false;
  readonly pipelines: PipelineCache;
  private readonly byProgram = new WeakMap<Program, Executable>();
  private readonly byKey = new Map<string, Executable>();
  private readonly keyOf = new WeakMap<Executable, string>();

  constructor(
    readonly ctx: GpuContext,
    readonly options: LowerOptions = DEFAULT_LOWER_OPTIONS,
    /** Source of the matmul variant in `options`, or null when the caller passed the options directly. */
    readonly matmulSelection: MatmulSelection | null = null,
  ) {
    this.pipelines = new PipelineCache(ctx.device);
  }

  /**
   * Returns a backend on the same device with some lowering options replaced (for example a
   * forced `matmulVariant`). It has its own pipeline and executable caches. Register it under
   * another name to run programs on it.
   */
  withOptions(options: Partial<LowerOptions>): WebGpuBackend {
    return new WebGpuBackend(this.ctx, { ...this.options, ...options });
  }

  private checkAlive(): void {
    if (this.ctx.lost) throw new KilnError("webgpu", this.ctx.lost);
  }

  upload(data: HostArray, dtype: DType, shape: Shape): BackendBuffer {
    this.checkAlive();
    const size = shape.reduce((n, d) => n * d, 1);
    const bytes = Math.max(4, size * 4);
    const buffer = this.ctx.buffers.acquire(bytes);
    if (size > 0) this.ctx.device.queue.writeBuffer(buffer, 0, toDeviceLayout(data, dtype));
    return new DeviceBuffer(buffer, bytes, this.ctx.buffers);
  }

  /** Returns the buffer of a disposed tensor to the pool, for the next output or upload of its size. */
  release(buffer: BackendBuffer): void {
    (buffer as DeviceBuffer).release();
  }

  /** Returns the executable for a program, compiling it on first use. */
  executable(program: Program): Executable {
    const direct = this.byProgram.get(program);
    if (direct && !direct.destroyed) {
      // Refresh its position in the least-recently-used order, or a compiled function called
      // every step would be evicted by the one-off programs of eager reads in between.
      const directKey = this.keyOf.get(direct);
      if (directKey !== undefined && this.byKey.get(directKey) === direct) {
        this.byKey.delete(directKey);
        this.byKey.set(directKey, direct);
      }
      return direct;
    }
    const key = programKey(program);
    let exe = this.byKey.get(key);
    if (exe) {
      this.byKey.delete(key);
    } else {
      exe = new Executable(this.ctx, program, this.pipelines, this.options);
      this.keyOf.set(exe, key);
      if (this.byKey.size >= EXECUTABLE_CACHE_SIZE) {
        const [oldestKey, oldest] = this.byKey.entries().next().value as [string, Executable];
        this.byKey.delete(oldestKey);
        oldest.destroy();
      }
    }
    this.byKey.set(key, exe);
    this.byProgram.set(program, exe);
    return exe;
  }


  execute(program: Program, inputs: BackendBuffer[]): BackendBuffer[] {
    this.checkAlive();
    this.pipelines.raise();
    return this.executable(program).run(inputs as DeviceBuffer[]);
  }

  /**
   * Reads a buffer back. The copy to the staging buffer is submitted before `read` returns its
   * promise, so the value read is the buffer's contents at the call. A later compiled call that
   * writes the buffer in place (a donated argument) does not change it.
   */
  read(buffer: BackendBuffer, dtype: DType, shape: Shape): Promise<HostArray> {
    try {
      this.checkAlive();
    } catch (error) {
      return Promise.reject(error);
    }
    const source = buffer as DeviceBuffer;
    const size = shape.reduce((n, d) => n * d, 1);
    const bytes = bufferBytes({ size } as never);
    const device = this.ctx.device;
    const staging = device.createBuffer({ size: bytes, usage: MAP_READ | COPY_DST });
    const encoder = device.createCommandEncoder();
    encoder.copyBufferToBuffer(source.buffer, 0, staging, 0, bytes);
    device.queue.submit([encoder.finish()]);
    return this.mapStaging(staging, dtype, size);
  }

  private async mapStaging(staging: GPUBuffer, dtype: DType, size: number): Promise<HostArray> {
    try {
      await this.pipelines.settle();
    } catch (error) {
      staging.destroy();
      throw error;
    }
    try {
      await staging.mapAsync(MAP_READ);
    } catch (error) {
      throw new KilnError("webgpu", this.ctx.lost ?? `reading a buffer failed: ${String(error)}`);
    }
    if (this.ctx.lost) throw new KilnError("webgpu", this.ctx.lost);
    const data = fromDeviceLayout(staging.getMappedRange(), dtype, size);
    staging.unmap();
    staging.destroy();
    return data;
  }
}

let registered: Promise<WebGpuBackend | null> | null = null;

/**
 * Acquires the device and registers the "webgpu" backend. Resolves to null (and registers
 * nothing) when no adapter exists.
 */
export function initWebGpu(options?: Partial<LowerOptions> & MatmulTuneOptions): Promise<WebGpuBackend | null> {
  registered ??= gpuContext().then(async (ctx) => {
    if (!ctx) return null;
    const { matmulTuning, cacheDir, ...lower } = options ?? {};
    // The matmul variant: forced by the options, else chosen per adapter (tune/matmul.ts).
    const selection = await selectMatmulVariant(ctx, lower.matmulVariant, { matmulTuning, cacheDir });
    const backend = new WebGpuBackend(ctx, { ...DEFAULT_LOWER_OPTIONS, ...lower, matmulVariant: selection.variant }, selection);
    registerBackend("webgpu", () => backend);
    return backend;
  });
  return registered;
}

