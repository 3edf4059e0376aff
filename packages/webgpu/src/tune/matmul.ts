/**
 * Per-adapter selection of the matmul kernel variant. A fixed list of candidates is lowered
 * through the normal code path (schedule, lowerKernel, renderKernel), checked against the
 * legacy kernel's result, and timed on a few representative shapes. The fastest by geometric
 * mean is cached per adapter and Kiln version (tune/cache.ts). With a cache entry present,
 * the choice is read back without measuring, so it is deterministic given the cache.
 */
import { compile, matmul, zeros, type Program, type Tensor } from "@kiln/tensor";
import packageInfo from "../../package.json";
import { DEFAULT_LOWER_OPTIONS, lowerKernel } from "../codegen/lower.js";
import { LEGACY_MATMUL_VARIANT, matmulVariantName, matmulVariantProblem, parseMatmulVariantName, type MatmulVariant } from "../codegen/matmul-variant.js";
import type { TextureLayout } from "../codegen/ir.js";
import { gridOf, renderKernel } from "../render/wgsl.js";
import { debugLevel, debugLog } from "../runtime/debug.js";
import type { GpuContext } from "../runtime/device.js";
import { createOperandTexture, encodeTextureCopy } from "../runtime/textures.js";
import { schedule } from "../schedule/plan.js";
import { cacheDir, lookupEntry, storeEntry } from "./cache.js";

/** Bumped whenever the candidate list or the kernels they lower to change. */
const TUNER_REVISION = 5;

/**
 * `auto`: use the cached choice for this adapter, measuring (and caching) when there is none.
 * `off`: use the legacy kernel and never measure. `retune`: measure again and replace the
 * cached choice.
 */
export type MatmulTuning = "auto" | "off" | "retune";

export interface MatmulTuneOptions {
  /** Tuning mode when no variant is forced (`KILN_MATMUL` overrides it). Default `auto`. */
  matmulTuning?: MatmulTuning;
  /** Folder of the cache file; null keeps the cache in memory only. Default: see tune/cache.ts. */
  cacheDir?: string | null;
}

/** The variant the backend uses, and how it was chosen. */
export interface MatmulSelection {
  variant: MatmulVariant;
  name: string;
  source: "option" | "environment" | "memory" | "cache-file" | "measured" | "legacy";
  /**
   * GFLOP/s of each candidate measured (geometric mean over the shapes it ran: all of them for
   * the shortlist, the first for the rest), when measured or cached.
   */
  scores?: Record<string, number>;
}

/** One tuning shape: [m, k, n]. */
export type MatmulShape = [number, number, number];

/**
 * The tuning shapes: a square matmul, and the first layer of a 784-wide MLP at batch 128 (a
 * short, wide output with a long k). Each new shape is a new shader, and lavapipe compiles a
 * large register block for seconds, so the list is short.
 */
export const TUNING_SHAPES: readonly MatmulShape[] = [
  [256, 256, 256],
  [128, 784, 256],
];

/** Candidates measured beyond the first shape: the best few on the first. */
const SHORTLIST = 3;

const variant = (mapping: MatmulVariant["mapping"], block: [number, number], workgroupSize: number, extra: Partial<MatmulVariant> = {}): MatmulVariant => ({
  mapping,
  block,
  workgroupSize,
  columns: "adjacent",
  kUnroll: 1,
  vectorA: false,
  vectorB: false,
  ...extra,
});

/**
 * The candidates, in order of preference when scores tie. They span block shapes, both
 * mappings, strided (coalesced) columns, k unrolling and vector loads; what wins differs
 * between GPUs and CPU rasterisers such as lavapipe.
 */
export const MATMUL_CANDIDATES: readonly MatmulVariant[] = [
  LEGACY_MATMUL_VARIANT,
  variant("flat", [8, 8], 64, { vectorB: true }),
  variant("rows", [8, 8], 16),
  variant("rows", [16, 8], 16),
  variant("rows", [8, 16], 16, { vectorB: true }),
  variant("rows", [8, 8], 64, { columns: "strided", vectorB: true }),
  variant("rows", [4, 4], 64, { columns: "strided", kUnroll: 4, vectorA: true, vectorB: true }),
  variant("rows", [16, 16], 8, { vectorA: true, vectorB: true, texture: true }),
];

/** The cache key: adapter identity, Kiln version and tuner revision. */
export function adapterKey(ctx: GpuContext): string {
  const { vendor, architecture, device, description } = ctx.info;
  return `${vendor}|${architecture}|${device}|${description}|kiln ${packageInfo.version}|tuner ${TUNER_REVISION}`;
}

/** Parses `KILN_MATMUL`: a tuning mode or a variant name. */
function fromEnvironment(): MatmulTuning | MatmulVariant | null {
  const raw = typeof process !== "undefined" ? process.env.KILN_MATMUL?.trim() : undefined;
  if (!raw) return null;
  if (raw === "auto" || raw === "off" || raw === "retune") return raw;
  const parsed = parseMatmulVariantName(raw);
  if (!parsed) {
    debugLog(`kiln: warning: KILN_MATMUL="${raw}" is neither auto, off, retune nor a valid variant name (such as ${matmulVariantName(MATMUL_CANDIDATES[4])}); ignoring it`);
    return null;
  }
  return parsed;
}

const selected = (variant: MatmulVariant, source: MatmulSelection["source"], scores?: Record<string, number>): MatmulSelection => ({
  variant,
  name: matmulVariantName(variant),
  source,
  ...(scores ? { scores } : {}),
});

/**
 * Chooses the matmul variant for `ctx`. Precedence: `forced` (an option), `KILN_MATMUL`, then
 * the tuning mode (`KILN_MATMUL`'s mode, else `options.matmulTuning`, else `auto`).
 */
export async function selectMatmulVariant(ctx: GpuContext, forced: MatmulVariant | undefined, options: MatmulTuneOptions = {}): Promise<MatmulSelection> {
  if (forced) {
    const problem = matmulVariantProblem(forced);
    if (problem) throw new Error(`invalid matmulVariant ${JSON.stringify(forced)}: ${problem}`);
    return selected(forced, "option");
  }
  const env = fromEnvironment();
  if (env && typeof env === "object") return selected(env, "environment");
  const mode = env ?? options.matmulTuning ?? "auto";
  if (mode === "off") return selected(LEGACY_MATMUL_VARIANT, "legacy");

  const key = adapterKey(ctx);
  const dir = await cacheDir(options.cacheDir);
  if (mode === "auto") {
    const hit = await lookupEntry(key, dir);
    const parsed = hit ? parseMatmulVariantName(hit.entry.variant) : null;
    if (hit && parsed) return selected(parsed, hit.from === "memory" ? "memory" : "cache-file", hit.entry.scores);
    if (hit) debugLog(`kiln: warning: the tuning cache names an unknown matmul variant "${hit.entry.variant}"; measuring again`);
  }

  const started = Date.now();
  const measured = await measureMatmulVariants(ctx, MATMUL_CANDIDATES, TUNING_SHAPES);
  const best = bestVariant(measured);
  const rounded = Object.fromEntries([...measured].map(([name, { score }]) => [name, Math.round(score * 100) / 100]));
  debugLog(`kiln: tuned matmul for ${ctx.info.description || ctx.info.device} in ${Date.now() - started} ms: ${matmulVariantName(best)}`);
  await storeEntry(key, { variant: matmulVariantName(best), scores: rounded, measuredAt: new Date().toISOString() }, dir);
  return selected(best, "measured", rounded);
}

/**
 * Returns the highest-scoring candidate among those that ran every shape; the earlier candidate wins a
 * tie, and the legacy kernel is returned when none ran.
 */
function bestVariant(measured: Map<string, { score: number; shapesRun: number }>): MatmulVariant {
  const shapes = Math.max(0, ...[...measured.values()].map((m) => m.shapesRun));
  let best = LEGACY_MATMUL_VARIANT;
  let bestScore = -Infinity;
  for (const candidate of MATMUL_CANDIDATES) {
    const result = measured.get(matmulVariantName(candidate));
    if (!result || result.shapesRun < shapes) continue;
    const score = result.score;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** A matmul of one shape, lowered with one variant, ready to dispatch. */
interface Trial {
  name: string;
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  grid: [number, number];
  output: GPUBuffer;
  /** Operands the kernel reads from textures, copied before each dispatch as the executable does. */
  copies: { buffer: GPUBuffer; texture: GPUTexture; layout: TextureLayout }[];
}

function matmulProgram([m, k, n]: MatmulShape): Program {
  const product = compile((x: Tensor, y: Tensor) => matmul(x, y as never));
  return product.trace(zeros([m, k]), zeros([k, n])).program;
}

/** Deterministic values in [-1, 1). */
function pseudoRandom(size: number, seed: number): Float32Array<ArrayBuffer> {
  const out = new Float32Array(size);
  let state = seed >>> 0;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

const STORAGE = 0x80 | 0x4 | 0x8; // STORAGE | COPY_SRC | COPY_DST
const MAP_READ = 0x1;
const COPY_DST = 0x8;

async function prepareTrial(ctx: GpuContext, program: Program, candidate: MatmulVariant, operands: GPUBuffer[]): Promise<Trial | null> {
  const device = ctx.device;
  const sched = schedule(program);
  if (sched.kernels.length !== 1) throw new Error(`internal: a matmul program scheduled into ${sched.kernels.length} kernels`);
  const { kernel, nodes } = lowerKernel(sched.kernels[0], sched.materialized, { ...DEFAULT_LOWER_OPTIONS, matmulVariant: candidate });
  const root = sched.kernels[0].root;
  const output = device.createBuffer({ size: Math.max(4, root.size * 4), usage: STORAGE });
  const name = matmulVariantName(candidate);
  const copies: Trial["copies"] = [];
  try {
    device.pushErrorScope("validation");
    const module = device.createShaderModule({ code: renderKernel(kernel) });
    const pipeline = await device.createComputePipelineAsync({ layout: "auto", compute: { module, entryPoint: "main" } });
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: nodes.map((node, binding) => {
        const input = program.inputs.indexOf(node);
        const buffer = input >= 0 ? operands[input] : output;
        const layout = kernel.bindings[binding].texture;
        if (!layout) return { binding, resource: { buffer } };
        const texture = createOperandTexture(device, layout, kernel.bindings[binding].label);
        copies.push({ buffer, texture, layout });
        return { binding, resource: texture.createView() };
      }),
    });
    const error = await device.popErrorScope();
    if (error) throw new Error(error.message);
    return { name, pipeline, bindGroup, grid: gridOf(kernel.workgroups), output, copies };
  } catch (error) {
    debugLog(`kiln: warning: matmul variant ${name} failed to compile on this adapter and is skipped: ${String(error)}`);
    releaseTrial({ output, copies });
    return null;
  }
}

/** Submits `count` dispatches of the trial and returns the wall time per dispatch in ms. */
async function timeTrial(ctx: GpuContext, trial: Trial, count: number): Promise<number> {
  const device = ctx.device;
  const started = performance.now();
  const encoder = device.createCommandEncoder();
  for (let i = 0; i < count; i++) {
    for (const { buffer, texture, layout } of trial.copies) encodeTextureCopy(encoder, buffer, texture, layout);
    const pass = encoder.beginComputePass();
    pass.setPipeline(trial.pipeline);
    pass.setBindGroup(0, trial.bindGroup);
    pass.dispatchWorkgroups(trial.grid[0], trial.grid[1]);
    pass.end();
  }
  device.queue.submit([encoder.finish()]);
  await device.queue.onSubmittedWorkDone();
  return (performance.now() - started) / count;
}

function releaseTrial(trial: Pick<Trial, "output" | "copies">): void {
  trial.output.destroy();
  for (const { texture } of trial.copies) texture.destroy();
}

async function readOutput(ctx: GpuContext, buffer: GPUBuffer): Promise<Float32Array> {
  const device = ctx.device;
  const staging = device.createBuffer({ size: buffer.size, usage: MAP_READ | COPY_DST });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(buffer, 0, staging, 0, buffer.size);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(MAP_READ);
  const data = new Float32Array(staging.getMappedRange().slice(0));
  staging.unmap();
  staging.destroy();
  return data;
}

/** Returns whether `got` matches `want` to within 1e-3 of the largest magnitude (f32 sums of ±1 terms). */
function agrees(got: Float32Array, want: Float32Array): boolean {
  let scale = 1;
  for (const x of want) scale = Math.max(scale, Math.abs(x));
  for (let i = 0; i < want.length; i++) if (!(Math.abs(got[i] - want[i]) <= 1e-3 * scale)) return false;
  return true;
}

/** Timed runs per candidate and shape; the fastest is kept, since interference only adds time. */
const ROUNDS = 3;
/** Each timed submission repeats the dispatch until it takes about this long (ms). */
const TARGET_MS = 20;

/**
 * Times candidates on the shapes and returns each one's score: the geometric mean of its
 * GFLOP/s over the shapes it ran. Every candidate runs the first shape; only the best
 * `SHORTLIST` go on to the others, and the rest keep their first-shape score, marked by
 * `shapesRun`. Candidates that fail to compile, or disagree with the legacy kernel on the first
 * shape, get no score.
 */
export async function measureMatmulVariants(
  ctx: GpuContext,
  candidates: readonly MatmulVariant[],
  shapes: readonly MatmulShape[],
): Promise<Map<string, { score: number; shapesRun: number }>> {
  const gflops = new Map<string, number[]>();
  let remaining = [...candidates];
  for (const [shapeIndex, shape] of shapes.entries()) {
    const results = await measureShape(ctx, remaining, shape, shapeIndex === 0);
    for (const [name, value] of results) gflops.set(name, [...(gflops.get(name) ?? []), value]);
    remaining = remaining.filter((c) => results.has(matmulVariantName(c)));
    if (shapeIndex === 0) {
      const first = (c: MatmulVariant) => results.get(matmulVariantName(c)) as number;
      remaining = [...remaining].sort((x, y) => first(y) - first(x)).slice(0, SHORTLIST);
      remaining.sort((x, y) => candidates.indexOf(x) - candidates.indexOf(y));
    }
  }
  const scores = new Map<string, { score: number; shapesRun: number }>();
  for (const [name, values] of gflops) {
    const score = Math.exp(values.reduce((total, x) => total + Math.log(x), 0) / values.length);
    scores.set(name, { score, shapesRun: values.length });
  }
  return scores;
}

/**
 * Returns GFLOP/s of each candidate on one shape. With `verify`, a candidate whose result
 * differs from the legacy kernel's is dropped with a warning.
 */
async function measureShape(ctx: GpuContext, candidates: readonly MatmulVariant[], shape: MatmulShape, verify: boolean): Promise<Map<string, number>> {
  const device = ctx.device;
  const [m, k, n] = shape;
  const program = matmulProgram(shape);
  const operands = [pseudoRandom(m * k, 1), pseudoRandom(k * n, 2)].map((data) => {
    const buffer = device.createBuffer({ size: Math.max(4, data.byteLength), usage: STORAGE });
    device.queue.writeBuffer(buffer, 0, data);
    return buffer;
  });
  let expected: Float32Array | null = null;
  if (verify) {
    const reference = await prepareTrial(ctx, program, LEGACY_MATMUL_VARIANT, operands);
    if (reference) {
      await timeTrial(ctx, reference, 1);
      expected = await readOutput(ctx, reference.output);
      releaseTrial(reference);
    }
  }

  // The first dispatch of a pipeline includes the driver's shader compile (lavapipe compiles
  // lazily), so each trial runs once before it is timed.
  const trials: Trial[] = [];
  for (const candidate of candidates) {
    const trial = await prepareTrial(ctx, program, candidate, operands);
    if (!trial) continue;
    await timeTrial(ctx, trial, 1);
    if (expected && !agrees(await readOutput(ctx, trial.output), expected)) {
      debugLog(`kiln: warning: matmul variant ${trial.name} gave wrong results on this adapter and is skipped`);
      releaseTrial(trial);
      continue;
    }
    trials.push(trial);
  }

  const counts = new Map<string, number>();
  for (const trial of trials) {
    const once = await timeTrial(ctx, trial, 1);
    counts.set(trial.name, Math.min(64, Math.max(1, Math.ceil(TARGET_MS / Math.max(once, 1e-3)))));
  }
  const best = new Map<string, number>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const trial of trials) {
      const ms = await timeTrial(ctx, trial, counts.get(trial.name) as number);
      best.set(trial.name, Math.min(best.get(trial.name) ?? Infinity, ms));
    }
  }
  const results = new Map<string, number>();
  for (const trial of trials) {
    const value = (2 * m * k * n) / ((best.get(trial.name) as number) * 1e6);
    if (debugLevel() >= 1) debugLog(`kiln: matmul ${shape.join("x")} ${trial.name}: ${value.toFixed(2)} GFLOP/s`);
    results.set(trial.name, value);
    releaseTrial(trial);
  }
  for (const buffer of operands) buffer.destroy();
  return results;
}
