/**
 * A compiled program on one device: its kernels' pipelines (cached by WGSL source), a static
 * memory plan, constant buffers uploaded once, and bind groups rebuilt only when an argument
 * buffer changes. One run records one command encoder and one submit.
 */
import { KilnError, Primitive, type Program, type Tensor } from "@kiln/tensor";
import { lowerKernel, type LowerOptions, type LoweredKernel } from "../codegen/lower.js";
import type { Kernel, TextureLayout } from "../codegen/ir.js";
import { planMemory, bufferBytes, type MemoryPlan } from "../memory/plan.js";
import { gridOf, renderKernel } from "../render/wgsl.js";
import { eliminateCommonSubexpressions } from "../schedule/cse.js";
import { transposeProducts } from "../schedule/transposed-products.js";
import { splitReductions } from "../schedule/split.js";
import { kernelWrites, schedule, splitCandidate, type Schedule } from "../schedule/plan.js";
import { DeviceBuffer, STORAGE_USAGE, toDeviceLayout } from "./buffers.js";
import { debugLevel, debugLog } from "./debug.js";
import type { GpuContext } from "./device.js";
import { PipelineCache } from "./pipelines.js";
import { createOperandTexture, encodeTextureCopy, textureBytes } from "./textures.js";

/** The origin of a kernel binding's buffer: an argument, a constant or a planned slot. */
/**
 * The origin of a kernel binding's buffer: an argument, a constant, a slot of the memory plan,
 * or (`output`) a buffer created at each run for a program output. Kernels write such an
 * output directly, and the caller then owns its buffer. A `staged` source is the executable's
 * own copy of a small argument, made at the start of each run (see `STAGED_INPUT_BYTES_MAX`).
 */
type Source =
  | { kind: "input"; index: number }
  | { kind: "constant"; index: number }
  | { kind: "slot"; index: number }
  | { kind: "output"; index: number }
  | { kind: "staged"; index: number };

/**
 * Arguments of at most this many bytes that a run only reads (not donated, not read as a
 * texture) are copied into a buffer of the executable at the start of each run, and kernels
 * bind that copy. A training step gets a new learning-rate scalar at every call. Bound directly,
 * it would rebuild the bind group of every kernel that reads it at every call. In the CLIP step
 * those are 110 of 471 kernels, about 8 ms of JavaScript per step on lavapipe.
 */
const STAGED_INPUT_BYTES_MAX = 16384;

/** The contents of a texture: the data of an argument's buffer, or its constant. */
type TextureContents = WeakRef<DeviceBuffer> | "constant";

/** The contents a texture will have once a run is accepted, and the copy count at that run. */
interface PendingContents {
  contents: TextureContents;
  version: number;
}

/** The buffers of one run: its arguments and its new output buffers. */
interface RunBuffers {
  inputs: readonly DeviceBuffer[];
  outputs: readonly GPUBuffer[];
}

/** A buffer-to-texture copy: the buffer of `source` into `texture`. */
interface TextureCopy {
  source: Source;
  texture: GPUTexture;
  layout: TextureLayout;
}

interface CompiledKernel {
  kernel: Kernel;
  wgsl: string;
  pipeline: GPUComputePipeline;
  sources: Source[];
  /** For each binding, the texture it reads (see `Binding.texture`), or null for a buffer. */
  textures: (GPUTexture | null)[];
  /** Views of `textures`, made once for the bind groups. */
  textureViews: (GPUTextureView | null)[];
  /** Texture copies to record before this kernel: the first kernel of a run that reads each texture. */
  copies: TextureCopy[];
  grid: [number, number];
  bindGroup: GPUBindGroup | null;
  /** Argument buffers the cached bind group was built with. */
  boundInputs: (GPUBuffer | null)[];
}

export interface ExecutableStats {
  kernelCount: number;
  /** Bytes of intermediate and output buffers, textures and constants owned by the executable. */
  peakBytes: number;
  /** Bytes of the textures that matmul operands are read from (part of `peakBytes`). */
  textureBytes: number;
}

export class Executable {
  readonly kernels: CompiledKernel[];
  readonly stats: ExecutableStats;
  /** The program as compiled: the traced one with common subexpressions merged. */
  private readonly program: Program;
  private readonly slots: GPUBuffer[];
  private readonly textures: GPUTexture[];
  private readonly constantBuffers: GPUBuffer[];
  private readonly plan: MemoryPlan;
  private readonly outputSources: Source[];
  /** The outputs written directly into a buffer created at each run (see `Source`), in `output` index order. */
  private readonly directOutputs: Tensor[];
  /** Copies of small arguments (see `STAGED_INPUT_BYTES_MAX`): the argument index and the executable's buffer. */
  private readonly staged: { input: number; buffer: GPUBuffer }[];

  constructor(
    private readonly ctx: GpuContext,
    traced: Program,
    private readonly pipelines: PipelineCache,
    options: LowerOptions,
  ) {
    const program = splitReductions(eliminateCommonSubexpressions(transposeProducts(traced)));
    this.program = program;
    const device = ctx.device;
    const maxBuffers = ctx.info.limits.maxStorageBuffersPerShaderStage ?? 8;
    const { sched, lowered } = scheduleWithinLimits(program, options, maxBuffers);
    const inputIndex = new Map(program.inputs.map((t, i) => [t, i]));
    const constantIndex = new Map(sched.constants.map((t, i) => [t, i]));
    const maxBinding = ctx.info.limits.maxStorageBufferBindingSize ?? 134217728;

    this.constantBuffers = sched.constants.map((t) => {
      const data = t.attrsOf(Primitive.Constant).data;
      if (!data) throw new Error(`internal: constant ${t} has no host data`);
      checkBindingSize(t, maxBinding);
      const buffer = device.createBuffer({ size: bufferBytes(t), usage: STORAGE_USAGE });
      device.queue.writeBuffer(buffer, 0, toDeviceLayout(data, t.dtype));
      return buffer;
    });

    for (const plan of sched.kernels) checkBindingSize(plan.root, maxBinding);
    const writes = sched.kernels.map(kernelWrites);
    const reads = lowered.map((k, i) => k.nodes.filter((t) => !writes[i].includes(t)));
    const resolve = (t: Tensor): Tensor => sched.aliases.get(t) ?? t;
    this.directOutputs = directOutputs(program, program.outputs.map(resolve), new Set(writes.flat()));
    const direct = new Map(this.directOutputs.map((t, i) => [t, i]));
    this.plan = planMemory(
      writes.map((list) => list.filter((t) => !direct.has(t))),
      reads,
      new Set(program.outputs.map(resolve)),
    );
    this.slots = this.plan.slots.map((s) => device.createBuffer({ size: s.bytes, usage: STORAGE_USAGE }));

    // Small arguments that kernels only read from buffers get a copy of their own.
    const donated = new Set(program.donated ?? []);
    const readByKernels = new Set(lowered.flatMap(({ nodes }) => nodes.map(resolve)));
    const readAsTexture = new Set(lowered.flatMap(({ kernel, nodes }) => nodes.filter((_, i) => kernel.bindings[i].texture).map(resolve)));
    const stagedIndex = new Map<number, number>();
    this.staged = [];
    program.inputs.forEach((t, i) => {
      if (!readByKernels.has(t) || donated.has(i) || readAsTexture.has(t) || bufferBytes(t) > STAGED_INPUT_BYTES_MAX) return;
      stagedIndex.set(i, this.staged.length);
      this.staged.push({ input: i, buffer: device.createBuffer({ size: bufferBytes(t), usage: STORAGE_USAGE }) });
    });

    const sourceOf = (node: Tensor): Source => {
      const t = resolve(node);
      const input = inputIndex.get(t);
      if (input !== undefined) return { kind: "input", index: input };
      const constant = constantIndex.get(t);
      if (constant !== undefined) return { kind: "constant", index: constant };
      const output = direct.get(t);
      if (output !== undefined) return { kind: "output", index: output };
      const slot = this.plan.slotOf.get(t);
      if (slot !== undefined) return { kind: "slot", index: slot };
      throw new Error(`internal: ${t} has no buffer`);
    };

    // One texture per buffer and layout. Every buffer is written once per run (donated
    // arguments only at its end), so one copy, before the first kernel that reads the texture,
    // serves all its readers.
    const textures = new Map<string, { texture: GPUTexture; layout: TextureLayout }>();
    const textureOf = (node: Tensor, layout: TextureLayout, label: string): GPUTexture => {
      const key = `${resolve(node).id} ${layout.width}x${layout.height}`;
      let entry = textures.get(key);
      if (!entry) {
        entry = { texture: createOperandTexture(device, layout, label), layout };
        textures.set(key, entry);
      }
      return entry.texture;
    };
    this.kernels = lowered.map(({ kernel, nodes }) => {
      const wgsl = renderKernel(kernel);
      if (debugLevel() >= 2) debugLog(wgsl);
      return {
        kernel,
        wgsl,
        pipeline: pipelines.get(wgsl),
        sources: nodes.map((node) => {
          const source = sourceOf(node);
          const staged = source.kind === "input" ? stagedIndex.get(source.index) : undefined;
          return staged === undefined ? source : { kind: "staged", index: staged };
        }),
        textures: kernel.bindings.map((binding, i) => (binding.texture ? textureOf(nodes[i], binding.texture, binding.label) : null)),
        textureViews: [],
        copies: [],
        grid: gridOf(kernel.workgroups),
        bindGroup: null,
        boundInputs: [],
      };
    });
    this.textures = [...textures.values()].map((e) => e.texture);
    const views = new Map(this.textures.map((texture) => [texture, texture.createView()]));
    for (const k of this.kernels) k.textureViews = k.textures.map((texture) => (texture ? (views.get(texture) ?? null) : null));
    const copied = new Set<GPUTexture>();
    for (const k of this.kernels) {
      if (k.kernel.workgroups === 0) continue;
      k.textures.forEach((texture, binding) => {
        const layout = k.kernel.bindings[binding].texture;
        if (!texture || !layout || copied.has(texture)) return;
        copied.add(texture);
        k.copies.push({ source: k.sources[binding], texture, layout });
      });
    }
    this.outputSources = program.outputs.map(sourceOf);
    const textureTotal = [...textures.values()].reduce((total, { layout }) => total + textureBytes(layout), 0);
    this.stats = {
      kernelCount: this.kernels.length,
      peakBytes: this.plan.peakBytes + textureTotal + [...this.constantBuffers, ...this.staged.map((x) => x.buffer)].reduce((n, b) => n + b.size, 0),
      textureBytes: textureTotal,
    };
  }

  private bufferFor(source: Source, run: RunBuffers): GPUBuffer {
    switch (source.kind) {
      case "input":
        return run.inputs[source.index].buffer;
      case "output":
        return run.outputs[source.index];
      case "constant":
        return this.constantBuffers[source.index];
      case "slot":
        return this.slots[source.index];
      case "staged":
        return this.staged[source.index].buffer;
      default:
        return source satisfies never;
    }
  }

  private bindGroupFor(k: CompiledKernel, run: RunBuffers): GPUBindGroup {
    const current = k.sources.map((s) => {
      if (s.kind === "input") return run.inputs[s.index].buffer;
      if (s.kind === "output") return run.outputs[s.index];
      return null;
    });
    if (k.bindGroup && current.every((b, i) => b === k.boundInputs[i])) return k.bindGroup;
    k.bindGroup = this.ctx.device.createBindGroup({
      layout: k.pipeline.getBindGroupLayout(0),
      entries: k.sources.map((s, binding) => ({ binding, resource: k.textureViews[binding] ?? { buffer: this.bufferFor(s, run) } })),
    });
    k.boundInputs = current;
    return k.bindGroup;
  }

  /**
   * Runs the program with one command encoder and one submit. Large outputs come back in the
   * buffers their kernels wrote. The others are copied into new buffers, or into the buffer of
   * a donated argument of the same size, whose ownership then moves to the output. WebGPU
   * validates the run asynchronously, so a rejected run is raised by the next call into the
   * backend, and its texture copies are never trusted.
   */
  run(inputs: readonly DeviceBuffer[]): DeviceBuffer[] {
    if (this.ctx.lost) throw new KilnError("webgpu", this.ctx.lost);
    const device = this.ctx.device;
    const pending = new Map<GPUTexture, PendingContents>();
    let submitted = false;
    device.pushErrorScope("validation");
    try {
      const outputs = this.encodeAndSubmit(inputs, pending);
      submitted = true;
      return outputs;
    } finally {
      this.checkRun(device.popErrorScope(), submitted ? pending : new Map());
    }
  }

  /**
   * Trusts `pending` (what the run's copies put in the textures) once WebGPU accepts the run,
   * unless a later run has copied into the same texture since. Reports a rejected run.
   */
  private checkRun(scope: Promise<GPUError | null>, pending: Map<GPUTexture, PendingContents>): void {
    const check = scope.then(
      (error) => {
        if (error) return new KilnError("webgpu", `WebGPU rejected a run of ${this.kernels.length} kernels: ${error.message}`);
        for (const [texture, { contents, version }] of pending) {
          if (this.textureVersions.get(texture) === version) this.textureContents.set(texture, contents);
        }
        return null;
      },
      // A lost device rejects the scope; the loss itself is reported by every later call.
      () => null,
    );
    this.pipelines.track(check);
  }

  private encodeAndSubmit(inputs: readonly DeviceBuffer[], pending: Map<GPUTexture, PendingContents>): DeviceBuffer[] {
    const device = this.ctx.device;
    const encoder = device.createCommandEncoder();
    const run: RunBuffers = { inputs, outputs: this.directOutputs.map((t) => this.ctx.buffers.acquire(bufferBytes(t))) };
    for (const { input, buffer } of this.staged) encoder.copyBufferToBuffer(inputs[input].buffer, 0, buffer, 0, buffer.size);
    const debug = debugLevel() >= 1;
    const profile = debug && device.features.has("timestamp-query") ? new KernelProfile(device, this.kernels.length) : null;
    // One compute pass for all kernels, ended before the texture copies a kernel needs (copies
    // cannot be recorded inside a pass). With profiling, one pass per kernel, so each dispatch
    // gets its own pair of timestamps.
    let pass: GPUComputePassEncoder | null = null;
    let copies = 0;
    this.kernels.forEach((k, i) => {
      if (k.copies.length > 0) {
        pass?.end();
        pass = null;
        copies += this.copyTextures(encoder, k, run, pending);
      }
      pass ??= profile ? encoder.beginComputePass({ timestampWrites: profile.writes(i) }) : encoder.beginComputePass();
      this.dispatch(pass, k, run);
      if (profile) {
        pass.end();
        pass = null;
      }
    });
    (pass as GPUComputePassEncoder | null)?.end();
    profile?.resolve(encoder);

    const { outputs, scratch } = this.encodeOutputCopies(encoder, inputs, run);
    device.queue.submit([encoder.finish()]);
    // Later submissions run after this one, so the pool may hand the scratch buffers out again.
    for (const buffer of scratch) this.ctx.buffers.give(buffer);
    if (debug) {
      const textureNote = copies > 0 ? `, ${copies} buffer-to-texture copies` : "";
      debugLog(`kiln: run ${this.kernels.length} kernels, ${this.stats.peakBytes} bytes${textureNote}: ${this.kernels.map((k) => k.kernel.name).join(", ")}`);
      void profile?.report(this.kernels.map((k) => k.kernel.name));
    }
    return outputs;
  }

  /**
   * Encodes the copies of the outputs that kernels did not write into their own buffers: into
   * the buffer of a donated argument of the same size, or into a new buffer. An output may be
   * a view of an argument whose buffer another output takes, as in `[a + 1, reshape(a)]` with
   * `a` donated. So every copy that reads a buffer is encoded before the copy that overwrites
   * it, and a donated buffer that another donated buffer receives is staged in a scratch buffer
   * first. Returns the outputs and the scratch buffers, which go back to the pool after submit.
   */
  private encodeOutputCopies(encoder: GPUCommandEncoder, inputs: readonly DeviceBuffer[], run: RunBuffers): { outputs: DeviceBuffer[]; scratch: GPUBuffer[] } {
    type Copy = { source: GPUBuffer; target: GPUBuffer; bytes: number };
    const intoNew: Copy[] = [];
    const intoDonated: Copy[] = [];
    const donatedFree = [...(this.program.donated ?? [])].filter((i) => i < inputs.length);
    const claimed = new Set<GPUBuffer>();
    const outputs = this.program.outputs.map((t, i) => {
      const bytes = bufferBytes(t);
      const written = this.outputSources[i];
      if (written.kind === "output") return new DeviceBuffer(run.outputs[written.index], bytes, this.ctx.buffers);
      const source = this.bufferFor(written, run);
      const reuse = donatedFree.findIndex((j) => inputs[j].bytes === bytes && this.program.inputs[j].dtype === t.dtype && !claimed.has(inputs[j].buffer));
      if (reuse >= 0) {
        const target = inputs[donatedFree[reuse]];
        donatedFree.splice(reuse, 1);
        // The same tensor passed twice must not receive two outputs.
        claimed.add(target.buffer);
        // An output that only reshapes the argument already is its contents (WebGPU rejects a
        // copy of a buffer onto itself).
        if (source !== target.buffer) intoDonated.push({ source, target: target.buffer, bytes });
        return target.transfer();
      }
      const buffer = this.ctx.buffers.acquire(bytes);
      intoNew.push({ source, target: buffer, bytes });
      return new DeviceBuffer(buffer, bytes, this.ctx.buffers);
    });

    const overwritten = new Set(intoDonated.map((c) => c.target));
    const scratch: GPUBuffer[] = [];
    for (const copy of intoDonated) {
      if (!overwritten.has(copy.source)) continue;
      const staged = this.ctx.buffers.acquire(copy.bytes);
      scratch.push(staged);
      intoNew.push({ source: copy.source, target: staged, bytes: copy.bytes });
      copy.source = staged;
    }
    for (const { source, target, bytes } of [...intoNew, ...intoDonated]) encoder.copyBufferToBuffer(source, 0, target, 0, bytes);
    return { outputs, scratch };
  }

  /**
   * The contents of each texture after the last submitted run: the argument buffer it was
   * copied from, or `constant`. A tensor's buffer never changes while the tensor lives
   * (donation hands the buffer to a new handle). So a texture that still contains the same
   * handle's data needs no copy, and frozen weights stay in their textures across calls. Weak,
   * so a cached handle does not keep its buffer alive.
   */
  private readonly textureContents = new Map<GPUTexture, TextureContents>();
  /** How many copies into each texture have been encoded, so a late check of an older run does not overwrite a newer one's entry. */
  private readonly textureVersions = new Map<GPUTexture, number>();

  /**
   * Encodes the copies `k` needs, skipping textures that already contain their source, and notes
   * in `pending` what the textures will contain once the run is accepted. Returns the copies
   * encoded.
   */
  private copyTextures(encoder: GPUCommandEncoder, k: CompiledKernel, run: RunBuffers, pending: Map<GPUTexture, PendingContents>): number {
    const inputs = run.inputs;
    let encoded = 0;
    for (const copy of k.copies) {
      const { source, texture } = copy;
      const current = this.textureContents.get(texture);
      if (source.kind === "constant" && current === "constant") continue;
      if (source.kind === "input" && current !== undefined && current !== "constant" && current.deref() === inputs[source.index]) continue;
      encodeTextureCopy(encoder, this.bufferFor(source, run), texture, copy.layout);
      encoded += 1;
      // Until this run is accepted, the texture's contents are unknown.
      this.textureContents.delete(texture);
      const version = (this.textureVersions.get(texture) ?? 0) + 1;
      this.textureVersions.set(texture, version);
      if (source.kind === "constant") pending.set(texture, { contents: "constant", version });
      else if (source.kind === "input") pending.set(texture, { contents: new WeakRef(inputs[source.index]), version });
    }
    return encoded;
  }

  private dispatch(pass: GPUComputePassEncoder, k: CompiledKernel, run: RunBuffers): void {
    if (k.kernel.workgroups === 0) return;
    pass.setPipeline(k.pipeline);
    pass.setBindGroup(0, this.bindGroupFor(k, run));
    pass.dispatchWorkgroups(k.grid[0], k.grid[1]);
  }

  /** Set once `destroy` has freed the buffers; the executable must then be rebuilt. */
  destroyed = false;

  /** Frees the executable's own buffers (intermediates and constants). */
  destroy(): void {
    this.destroyed = true;
    for (const b of this.slots) b.destroy();
    for (const b of this.constantBuffers) b.destroy();
    for (const { buffer } of this.staged) buffer.destroy();
    for (const t of this.textures) t.destroy();
  }
}

function checkBindingSize(t: Tensor, limit: number): void {
  const bytes = bufferBytes(t);
  if (bytes > limit) {
    throw new KilnError(
      "webgpu",
      `tensor ${t.op}#${t.id} of shape [${t.shape.join(", ")}] needs ${bytes} bytes, over the adapter's maxStorageBufferBindingSize of ${limit}`,
    );
  }
}

/**
 * Schedules and lowers `program` so that no kernel binds more storage buffers than the adapter
 * allows, giving buffers to fused sub-expressions of oversized kernels until they fit.
 */
export function scheduleWithinLimits(program: Program, options: LowerOptions, maxBuffers: number): { sched: Schedule; lowered: LoweredKernel[] } {
  const forced = new Set<Tensor>();
  let merges = true;
  for (;;) {
    const sched = schedule(program, forced, maxBuffers, options.matmulVariant, merges);
    const lowered = sched.kernels.map((plan) => lowerKernel(plan, sched.materialized, options));
    const over = lowered.findIndex((k) => k.kernel.bindings.length > maxBuffers);
    if (over < 0) return { sched, lowered };
    const plan = sched.kernels[over];
    // Merged kernels are the first thing to give up: a column sum beside a matmul, a product
    // beside its row group or another product, joined reductions. Scheduled again without
    // merges, each of them fits as it did on its own.
    const mergedPlan = plan.columnSums || plan.products || plan.joined || (plan.rows && plan.core);
    if (merges && mergedPlan) {
      merges = false;
      continue;
    }
    const candidate = splitCandidate(plan.root, sched.materialized, plan.core);
    if (!candidate || forced.has(candidate)) {
      throw new KilnError(
        "webgpu",
        `kernel ${lowered[over].kernel.name} for ${plan.root.op} [${plan.root.shape.join(", ")}] needs ${lowered[over].kernel.bindings.length} storage buffers, over the adapter's maxStorageBuffersPerShaderStage of ${maxBuffers}, and cannot be split further`,
      );
    }
    forced.add(candidate);
  }
}

/** GPU timestamps around each kernel of one run, printed by `KILN_DEBUG=1`. */
class KernelProfile {
  private readonly querySet: GPUQuerySet;
  private readonly resolved: GPUBuffer;
  private readonly readback: GPUBuffer;

  constructor(
    device: GPUDevice,
    private readonly count: number,
  ) {
    const entries = Math.max(2, 2 * count);
    this.querySet = device.createQuerySet({ type: "timestamp", count: entries });
    this.resolved = device.createBuffer({ size: entries * 8, usage: 0x200 | 0x4 }); // QUERY_RESOLVE | COPY_SRC
    this.readback = device.createBuffer({ size: entries * 8, usage: 0x1 | 0x8 }); // MAP_READ | COPY_DST
  }

  writes(index: number): GPUComputePassTimestampWrites {
    return { querySet: this.querySet, beginningOfPassWriteIndex: 2 * index, endOfPassWriteIndex: 2 * index + 1 };
  }

  resolve(encoder: GPUCommandEncoder): void {
    if (this.count === 0) return;
    encoder.resolveQuerySet(this.querySet, 0, 2 * this.count, this.resolved, 0);
    encoder.copyBufferToBuffer(this.resolved, 0, this.readback, 0, 2 * this.count * 8);
  }

  async report(names: string[]): Promise<void> {
    try {
      if (this.count === 0) return;
      await this.readback.mapAsync(0x1);
      const times = new BigUint64Array(this.readback.getMappedRange().slice(0));
      this.readback.unmap();
      const lines = names.map((name, i) => `  ${name}: ${(Number(times[2 * i + 1] - times[2 * i]) / 1e3).toFixed(1)} µs`);
      debugLog(`kiln: kernel times\n${lines.join("\n")}`);
    } catch (error) {
      debugLog(`kiln: kernel timing unavailable: ${String(error)}`);
    } finally {
      this.querySet.destroy();
      this.resolved.destroy();
      this.readback.destroy();
    }
  }
}

/**
 * Smallest output written directly. Binding a new buffer rebuilds the bind groups of the
 * kernels that touch it at every call, which costs more than copying a small output.
 */
const DIRECT_OUTPUT_BYTES_MIN = 65536;

/**
 * Lists the program outputs that kernels can write straight into a new buffer at each run.
 * Such an output is computed by a kernel (`written`), returned once, and not given to a
 * donated argument's buffer. A donated argument may still be read during the run, so the
 * outputs it takes are copied at the end. Donated arguments are matched to outputs as `run`
 * matches them: in order, by size and dtype.
 */
function directOutputs(program: Program, resolved: readonly Tensor[], written: ReadonlySet<Tensor>): Tensor[] {
  const donatedFree = [...(program.donated ?? [])].filter((i) => i < program.inputs.length);
  const direct: Tensor[] = [];
  resolved.forEach((t, i) => {
    const output = program.outputs[i];
    const donation = donatedFree.findIndex((j) => bufferBytes(program.inputs[j]) === bufferBytes(output) && program.inputs[j].dtype === output.dtype);
    if (donation >= 0) {
      donatedFree.splice(donation, 1);
      return;
    }
    const large = bufferBytes(t) >= DIRECT_OUTPUT_BYTES_MIN;
    if (large && written.has(t) && resolved.indexOf(t) === i && resolved.lastIndexOf(t) === i) direct.push(t);
  });
  return direct;
}
