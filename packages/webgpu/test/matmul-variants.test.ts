/**
 * Every matmul variant the tuner may pick, forced one at a time, against the float64 CPU
 * oracle: ragged edges, zero-size dimensions, batches, broadcast and transposed operands,
 * i32, and fused epilogues. Also checks where vector loads are (and are not) generated.
 */
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import {
  DEFAULT_LOWER_OPTIONS,
  MATMUL_CANDIDATES,
  WebGpuBackend,
  gpuContext,
  matmulVariantName,
  parseMatmulVariantName,
  setDebugLog,
  type MatmulVariant,
} from "@kiln/webgpu";
import { matmulWgsl } from "./wgsl.js";

const ctx = await gpuContext().catch(() => null);
if (!ctx && process.env.CI === "true") throw new Error("no WebGPU adapter; CI requires the WebGPU backend");

const variantBackends = new Map<string, WebGpuBackend>();

/** Registers a backend that always uses `variant` and returns its name. */
function backendFor(variant: MatmulVariant): string {
  const name = `webgpu-${matmulVariantName(variant)}`;
  if (!variantBackends.has(name)) {
    const backend = new WebGpuBackend(ctx as NonNullable<typeof ctx>, { ...DEFAULT_LOWER_OPTIONS, matmulVariant: variant });
    variantBackends.set(name, backend);
    k.registerBackend(name, () => backend);
  }
  return name;
}

/** Returns the WGSL of every kernel `program` compiles to on the backend registered as `name`. */
function backendWgsl(name: string, program: k.Program): string {
  const backend = variantBackends.get(name);
  if (!backend) throw new Error(`no backend ${name}`);
  return backend.executable(program).kernels.map((kernel) => kernel.wgsl).join("\n");
}

function close(got: ArrayLike<number>, want: ArrayLike<number>, label: string): void {
  expect(got.length, label).toBe(want.length);
  let scale = 1;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= 1e-4 * scale)) expect.fail(`${label}[${i}]: webgpu ${got[i]} vs cpu64 ${want[i]}`);
  }
}

const normal = (seed: number, shape: number[]) => k.random.normal(k.random.key(seed), shape);

interface Case {
  label: string;
  fn: (...args: Tensor[]) => Tensor;
  args: Tensor[];
}

/** [batch · seq, heads · 16] → [batch, heads, seq, 16], for batch 2, seq 5 and 2 heads. */
const heads = (x: Tensor) => k.transpose(x.reshape([2, 5, 2, 16]), [0, 2, 1, 3]);

const plain = (m: number, kk: number, n: number, seed: number): Case => ({
  label: `${m}x${kk}x${n}`,
  fn: (a, b) => k.matmul(a, b as never),
  args: [normal(seed, [m, kk]), normal(seed + 1, [kk, n])],
});

const CASES: Case[] = [
  plain(1, 1, 1, 1),
  plain(3, 5, 7, 3),
  plain(33, 36, 20, 5),
  plain(0, 4, 3, 7),
  plain(4, 0, 3, 9),
  plain(2, 3, 0, 11),
  {
    label: "batched, transposed lhs, fused bias, gelu and residual",
    fn: (aT, b, bias, residual) => k.gelu(k.matmul(k.transpose(aT, [0, 2, 1]), b as never).add(bias)).add(residual),
    args: [normal(13, [2, 36, 17]), normal(14, [2, 36, 24]), normal(15, [24]), normal(16, [2, 17, 24])],
  },
  {
    label: "batched, wide enough for the rows mapping",
    fn: (a, b) => k.matmul(a, b as never),
    args: [normal(21, [2, 9, 40]), normal(22, [2, 40, 136])],
  },
  {
    label: "transposed rhs",
    fn: (a, bT) => k.matmul(a, k.transpose(bT) as never),
    args: [normal(17, [9, 40]), normal(18, [20, 40])],
  },
  {
    label: "rhs broadcast over the batch",
    fn: (a, b) => k.matmul(a, b as never).mul(2),
    args: [normal(19, [3, 5, 40]), normal(20, [40, 12])],
  },
  plain(70, 128, 192, 23),
  {
    label: "texture operands: batched, fused bias and relu",
    fn: (a, b, bias) => k.relu(k.matmul(a, b as never).add(bias)),
    args: [normal(25, [3, 20, 64]), normal(26, [3, 64, 128]), normal(27, [128])],
  },
  {
    label: "texture operands: a product of a product (the texture copies an intermediate)",
    fn: (a, b, c) => k.matmul(k.matmul(a, b as never), c as never),
    args: [normal(28, [33, 64]), normal(29, [64, 128]), normal(30, [128, 64])],
  },
  {
    label: "texture operands: transposed rhs of a tall lhs (read from the texture of the tensor it transposes)",
    fn: (a, bT) => k.matmul(a, k.transpose(bT) as never),
    args: [normal(31, [70, 64]), normal(32, [128, 64])],
  },
  {
    label: "epilogue through reshapes: tokens of [B, S, D] projected, back to [B, S, N], bias, residual and gelu",
    fn: (x, w, bias, residual) => k.gelu(k.matmul(x.reshape([34, 64]), w as never).add(bias).reshape([2, 17, 128]).add(residual)),
    args: [normal(60, [2, 17, 64]), normal(61, [64, 128]), normal(62, [128]), normal(63, [2, 17, 128])],
  },
  {
    label: "epilogue through reshapes: the product's last axis split into heads and scaled per head dimension",
    fn: (x, w, scale) => k.matmul(x, w as never).reshape([33, 4, 8]).mul(scale).reshape([33, 32]).sub(1),
    args: [normal(64, [33, 20]), normal(65, [20, 32]), normal(66, [8])],
  },
  {
    label: "texture operands: batched transposed rhs with a ragged output and a fused epilogue",
    fn: (a, bT) => k.matmul(a, k.transpose(bT, [0, 2, 1]) as never).mul(0.5),
    args: [normal(53, [2, 70, 64]), normal(54, [2, 94, 64])],
  },
  {
    label: "texture operands: transposed rhs with rows of 36 (no texture; copied contiguous first)",
    fn: (a, bT) => k.matmul(a, k.transpose(bT) as never),
    args: [normal(55, [70, 36]), normal(56, [64, 36])],
  },
  {
    label: "texture operands: a narrow output in flat blocks, with bias, gelu and merged heads",
    fn: (x, w, bias) => k.transpose(k.gelu(k.matmul(x, w as never).add(bias)).reshape([16, 17, 4, 16]), [0, 2, 1, 3]),
    args: [normal(67, [272, 64]), normal(68, [64, 64]), normal(69, [64])],
  },
  {
    label: "texture operands: a ragged narrow output in flat blocks",
    fn: (x, w) => k.matmul(x, w as never).add(1),
    args: [normal(70, [140, 64]), normal(71, [64, 24])],
  },
  {
    label: "texture operands: a narrow weight gradient in flat blocks, with an SGD update",
    fn: (x, dy, w) => w.sub(k.matmul(k.transpose(x), dy as never).mul(0.1)),
    args: [normal(72, [200, 256]), normal(73, [200, 64]), normal(74, [256, 64])],
  },
  {
    label: "texture operands: transposed lhs, as in a weight gradient",
    fn: (x, dy) => k.matmul(k.transpose(x), dy as never),
    args: [normal(35, [72, 128]), normal(36, [72, 64])],
  },
  {
    label: "texture operands: batched narrow products with a transposed lhs, whole rows in blocks of a multiple of 4",
    fn: (x, dy) => k.matmul(k.transpose(x, [0, 2, 1]), dy as never).mul(2),
    args: [normal(75, [8, 16, 64]), normal(76, [8, 16, 20])],
  },
  {
    label: "batched narrow products in whole-row blocks of 9 rows (attention scores)",
    fn: (q, keys) => k.softmax(k.matmul(q, k.transpose(keys, [0, 2, 1]) as never), -1),
    args: [normal(77, [6, 17, 16]), normal(78, [6, 17, 16])],
  },
  {
    label: "texture operands: batched transposed lhs with a k remainder",
    fn: (x, dy) => k.matmul(k.transpose(x, [0, 2, 1]), dy as never).sub(1),
    args: [normal(37, [2, 38, 64]), normal(38, [2, 38, 20])],
  },
  {
    label: "texture operands: reshapes of stored tensors (tokens of [B, S, D], heads of [T, H, Dh], a split rhs)",
    fn: (x, heads, w) => k.matmul(x.reshape([51, 64]), w.reshape([64, 128]) as never).add(k.matmul(heads.reshape([51, 64]), w.reshape([64, 128]) as never)),
    args: [normal(47, [3, 17, 64]), normal(48, [51, 4, 16]), normal(49, [64, 2, 64])],
  },
  {
    label: "texture operands: transposed lhs over the tokens of a [B, S, D] activation",
    fn: (x, dy) => k.matmul(k.transpose(x.reshape([68, 128])), dy as never),
    args: [normal(50, [4, 17, 128]), normal(51, [68, 64])],
  },
  {
    label: "texture operands: one tensor read with two row lengths, x · reshape(x)",
    fn: (x) => k.matmul(x, x.reshape([64, 128]) as never),
    args: [normal(52, [128, 64])],
  },
  {
    label: "texture rhs only (k = 36)",
    fn: (a, b) => k.matmul(a, b as never).mul(0.5),
    args: [normal(33, [9, 36]), normal(34, [36, 64])],
  },
  {
    label: "attention scores: q · kᵀ over head-split views of the projections",
    fn: (q, keys) => k.matmul(heads(q), k.transpose(heads(keys), [0, 1, 3, 2]) as never),
    args: [normal(42, [10, 32]), normal(43, [10, 32])],
  },
  {
    label: "attention values: weights · v over a head-split view, and a transpose of a transpose",
    fn: (weights, values, b) => k.matmul(weights, heads(values) as never).add(k.matmul(weights, k.transpose(k.transpose(heads(b), [0, 1, 3, 2]), [0, 1, 3, 2]) as never)),
    args: [normal(44, [2, 2, 5, 5]), normal(45, [10, 32]), normal(46, [10, 32])],
  },
  {
    label: "i32",
    fn: (a, b) => k.matmul(a, b as never),
    args: [k.arange(144).reshape([4, 36]).sub(70), k.arange(288).reshape([36, 8]).mul(3).sub(400)] as Tensor[],
  },
];

const DONATION_X = normal(40, [32, 64]);
const DONATION_W = normal(41, [64, 64]);
const DONATION_W_DOUBLED = DONATION_W.mul(2);
DONATION_X.dataSync();
DONATION_W.dataSync();
DONATION_W_DOUBLED.dataSync();

// Computed on the CPU now, so the compiled functions below upload them instead of generating
// the random numbers on each variant's backend.
for (const c of CASES) for (const arg of c.args) arg.dataSync();

// Inner dimensions of 36 and 40 rather than a handful: lavapipe's LLVM fully unrolls a k loop
// with a short constant trip count, which multiplies the compile time of these shaders.

/**
 * Variants that run every case. Between them they cover both mappings, adjacent and strided
 * columns, k unrolling with a remainder loop, and vector loads of either operand. The other
 * candidates run two cases, because each case is a new shader and a cold lavapipe shader cache
 * compiles each for up to a few seconds.
 */
const FULL = new Set(["flat-8x8-w64-adj-k1-vb", "rows-16x8-w16-adj-k1", "rows-4x4-w64-str-k4-va-vb", "rows-16x16-w8-adj-k1-va-vb-tex"]);
const SHORT = new Set(["33x36x20", "batched, transposed lhs, fused bias, gelu and residual"]);

describe.runIf(ctx !== null)("matmul variants agree with the CPU", () => {
  for (const variant of MATMUL_CANDIDATES) {
    const name = matmulVariantName(variant);
    it(`variant ${name}`, async () => {
      const backend = backendFor(variant);
      for (const c of CASES.filter((x) => FULL.has(name) || SHORT.has(x.label))) {
        const want = k.withBackend("cpu64", () => c.fn(...c.args).dataSync());
        const got = await k.compile(c.fn, { backend })(...c.args).data();
        close(got, want, `${matmulVariantName(variant)} ${c.label}`);
      }
    }, 120_000);
  }

  it("textures see donated in-place updates", async () => {
    const variant = parseMatmulVariantName("rows-16x16-w8-adj-k1-va-vb-tex") as MatmulVariant;
    const backend = backendFor(variant);
    const fn = (p: { w: Tensor }, x: Tensor) => ({ w: p.w.mul(0.5).add(1), y: k.matmul(x, p.w as never) });
    const step = k.compile(fn, { backend, donate: [0] });
    const x = DONATION_X;
    const w0 = DONATION_W;
    let gpuParams: { w: Tensor } = { w: k.withBackend(backend, () => w0.add(0)) };
    let cpuW: Tensor = w0;
    for (let i = 0; i < 3; i++) {
      const out = step(gpuParams, x);
      const want = k.withBackend("cpu64", () => fn({ w: cpuW }, x));
      close(await out.y.data(), want.y.dataSync(), `step ${i}`);
      gpuParams = { w: out.w };
      cpuW = want.w;
    }
    expect(step.trace(gpuParams, x).program.inputs.length).toBe(2);
    const wgsl = backendWgsl(backend, step.trace(gpuParams, x).program);
    expect(wgsl).toContain("texture_2d<f32>");
  }, 60_000);

  it("readers share one texture", async () => {
    const name = backendFor(parseMatmulVariantName("rows-16x16-w8-adj-k1-va-vb-tex") as MatmulVariant);
    const fn = (x: Tensor, w1: Tensor, w2: Tensor) => k.matmul(x, w1 as never).add(k.matmul(x, w2 as never));
    const args: [Tensor, Tensor, Tensor] = [DONATION_X, DONATION_W, DONATION_W_DOUBLED];
    const compiled = k.compile(fn, { backend: name });
    close(await compiled(...args).data(), k.withBackend("cpu64", () => fn(...args).dataSync()), "shared texture");
    const backend = variantBackends.get(name) as WebGpuBackend;
    // x [32, 64] once, w1 and w2 [64, 64] once each.
    expect(backend.executable(compiled.trace(...args).program).stats.textureBytes).toBe(4 * (32 * 64 + 2 * 64 * 64));
  }, 60_000);

  it("a layer's product and its input gradient share the weight's texture", async () => {
    const name = backendFor(parseMatmulVariantName("rows-16x16-w8-adj-k1-va-vb-tex") as MatmulVariant);
    // y = x · w and dx = g · wᵀ, as in a linear layer's forward and backward passes.
    const fn = (x: Tensor, w: Tensor, g: Tensor) => ({ y: k.matmul(x, w as never), dx: k.matmul(g, k.transpose(w) as never) });
    const args = k.withBackend("cpu", () => {
      const host: [Tensor, Tensor, Tensor] = [normal(57, [70, 64]), normal(58, [64, 128]), normal(59, [70, 128])];
      for (const t of host) t.dataSync();
      return host;
    });
    const compiled = k.compile(fn, { backend: name });
    const got = compiled(...args);
    const want = k.withBackend("cpu64", () => fn(...args));
    close(await got.y.data(), want.y.dataSync(), "y");
    close(await got.dx.data(), want.dx.dataSync(), "dx");
    const exe = (variantBackends.get(name) as WebGpuBackend).executable(compiled.trace(...args).program);
    // Two matmul kernels and no copy of wᵀ; one texture each for x, w and g.
    const names = exe.kernels.map((kernel) => kernel.kernel.name);
    expect(names).toHaveLength(2);
    // The input gradient's rhs loads along k (va), not along columns (vb). Its 64 columns are
    // a narrow output, which runs flat.
    expect(names[1]).toMatch(/^matmul_flat_\d+x\d+_w8_adj_k1_va_tex$/);
    expect(exe.stats.textureBytes).toBe(4 * (70 * 64 + 64 * 128 + 70 * 128));
  }, 60_000);

  it("textures reused for unchanged arguments", async () => {
    const name = backendFor(parseMatmulVariantName("rows-16x16-w8-adj-k1-va-vb-tex") as MatmulVariant);
    const fn = (x: Tensor, w1: Tensor, w2: Tensor) => k.matmul(x, w1 as never).add(k.matmul(x, w2 as never));
    const compiled = k.compile(fn, { backend: name });
    // Arguments that live on the backend, so each call passes the same buffers (arguments on
    // the CPU are uploaded anew at each call).
    const onDevice = (t: Tensor) => k.withBackend(name, () => t.add(0));
    const [x, w1, w2, x2] = [DONATION_X, DONATION_W, DONATION_W_DOUBLED, DONATION_X.mul(-1)].map(onDevice);
    for (const t of [x, w1, w2, x2]) await k.withBackend(name, () => t.data());
    // KILN_DEBUG=1 counts the copies of each run.
    const run = async (args: [Tensor, Tensor, Tensor]): Promise<string> => {
      const lines: string[] = [];
      const level = process.env.KILN_DEBUG;
      setDebugLog((line) => lines.push(line));
      process.env.KILN_DEBUG = "1";
      try {
        const got = await compiled(...args).data();
        const host = await Promise.all(args.map(async (t) => k.fromArray(await t.data(), t.shape as number[])));
        close(got, k.withBackend("cpu64", () => fn(...(host as unknown as [Tensor, Tensor, Tensor])).dataSync()), "cached textures");
      } finally {
        if (level === undefined) delete process.env.KILN_DEBUG;
        else process.env.KILN_DEBUG = level;
        setDebugLog((line) => console.error(line));
      }
      return lines.find((line) => line.startsWith("kiln: run")) ?? "";
    };
    const args: [Tensor, Tensor, Tensor] = [x, w1, w2];
    expect(await run(args)).toContain("3 buffer-to-texture copies");
    // The same tensors again: every texture still contains them.
    expect(await run(args)).not.toContain("buffer-to-texture");
    // A new lhs: only its texture is copied, and the result uses it.
    expect(await run([x2, w1, w2])).toContain("1 buffer-to-texture copies");
    expect(await run(args)).toContain("1 buffer-to-texture copies");
  }, 60_000);

  it("rejected run raises, textures recopied", async () => {
    const name = backendFor(parseMatmulVariantName("rows-16x16-w8-adj-k1-va-vb-tex") as MatmulVariant);
    const fn = (a: Tensor, x: Tensor, w: Tensor) => ({ b: a.mul(2), y: k.matmul(x, w as never) });
    const compiled = k.compile(fn, { backend: name });
    const onDevice = async (t: Tensor) => {
      const copy = k.withBackend(name, () => t.add(0));
      await k.withBackend(name, () => copy.data());
      return copy;
    };
    const [x, w, broken, fine] = await Promise.all([DONATION_X, DONATION_W, k.ones([4]), k.ones([4])].map(onDevice));
    // A destroyed argument buffer makes WebGPU reject the whole run, texture copies included.
    ((broken as unknown as { realized: { buffer: { buffer: GPUBuffer } } }).realized.buffer.buffer).destroy();
    const rejected = compiled(broken, x, w);
    await expect(rejected.y.data()).rejects.toThrow(/WebGPU rejected a run of \d+ kernels/);
    const accepted = compiled(fine, x, w);
    const want = k.withBackend("cpu64", () => k.matmul(DONATION_X, DONATION_W as never).dataSync());
    close(await accepted.y.data(), want, "after a rejected run");
  }, 60_000);

  it("every full-sweep variant is a candidate", () => {
    const names = new Set(MATMUL_CANDIDATES.map(matmulVariantName));
    for (const name of FULL) expect(names.has(name), name).toBe(true);
  });
});

describe("matmul vector loads", () => {
  const vectorBoth = parseMatmulVariantName("rows-4x4-w64-str-k4-va-vb") as MatmulVariant;
  const matmul = (a: Tensor, b: Tensor) => k.matmul(a, b as never);

  it("contiguous operands load vec4", () => {
    const wgsl = matmulWgsl(matmul, [k.zeros([16, 32]), k.zeros([32, 64])], vectorBoth);
    expect(wgsl.match(/read> b\d+: array<vec4<f32>>/g)?.length).toBe(2);
  });

  it("transposed rhs loads vec4 along k", () => {
    const wgsl = matmulWgsl((a, bT) => k.matmul(a, k.transpose(bT) as never), [k.zeros([16, 32]), k.zeros([64, 32])], vectorBoth);
    expect(wgsl.match(/read> b\d+: array<vec4<f32>>/g)?.length).toBe(2);
    expect(wgsl).toMatch(/let bk\d+_v = b1\[/);
  });

  it("transposed rhs without va loads scalars", () => {
    const columnsOnly = parseMatmulVariantName("rows-4x4-w64-str-k4-vb") as MatmulVariant;
    const wgsl = matmulWgsl((a, bT) => k.matmul(a, k.transpose(bT) as never), [k.zeros([16, 32]), k.zeros([64, 32])], columnsOnly);
    expect(wgsl).not.toContain("vec4");
  });

  it("head-split views load vec4", () => {
    const heads4 = (x: Tensor) => k.transpose(x.reshape([2, 17, 4, 16]), [0, 2, 1, 3]);
    const scores = matmulWgsl((q, keys) => k.matmul(heads4(q), k.transpose(heads4(keys), [0, 1, 3, 2]) as never), [k.zeros([34, 64]), k.zeros([34, 64])], vectorBoth);
    expect(scores.match(/read> b\d+: array<vec4<f32>>/g)?.length).toBe(2);
    const weighted = matmulWgsl((w, values) => k.matmul(w, heads4(values) as never), [k.zeros([2, 4, 17, 17]), k.zeros([34, 64])], vectorBoth);
    expect(weighted.match(/read> b\d+: array<vec4<f32>>/g)?.length).toBe(1);
    // A head split into rows of 6 cannot be read 4 at a time.
    const odd = matmulWgsl((w, values) => k.matmul(w, k.transpose(values.reshape([2, 17, 4, 6]), [0, 2, 1, 3]) as never), [k.zeros([2, 4, 17, 17]), k.zeros([34, 24])], vectorBoth);
    expect(odd).not.toContain("vec4");
  });

  it("a transpose of a transpose loads vec4", () => {
    const twice = (b: Tensor) => k.transpose(k.transpose(b, [0, 2, 1]), [0, 2, 1]);
    const wgsl = matmulWgsl((a, b) => k.matmul(a, twice(b) as never), [k.zeros([8, 16, 32]), k.zeros([8, 32, 64])], vectorBoth);
    expect(wgsl.match(/read> b\d+: array<vec4<f32>>/g)?.length).toBe(2);
  });

  it("columns not a multiple of 4 fall back", () => {
    const wgsl = matmulWgsl(matmul, [k.zeros([16, 30]), k.zeros([30, 18])], vectorBoth);
    expect(wgsl).not.toContain("vec4");
  });

  it("broadcast rhs keeps vector loads", () => {
    const wgsl = matmulWgsl(matmul, [k.zeros([3, 16, 32]), k.zeros([32, 64])], vectorBoth);
    expect(wgsl.match(/read> b\d+: array<vec4<f32>>/g)?.length).toBe(2);
  });

  it("block and workgroup shrink for small matrices", () => {
    const wgsl = matmulWgsl(matmul, [k.zeros([17, 8]), k.zeros([8, 64])], parseMatmulVariantName("rows-16x8-w16-adj-k1") as MatmulVariant);
    expect(wgsl).toContain("kernel matmul_rows_4x8_w8_adj_k1");
  });

  it("narrow output halves the column block", () => {
    const wgsl = matmulWgsl(matmul, [k.zeros([64, 32]), k.zeros([32, 64])], parseMatmulVariantName("rows-8x16-w16-adj-k1") as MatmulVariant);
    expect(wgsl).toContain("kernel matmul_rows_8x8_w8_adj_k1");
  });

  it("which operands become textures", () => {
    const texture = parseMatmulVariantName("rows-16x16-w8-adj-k1-va-vb-tex") as MatmulVariant;
    const both = matmulWgsl(matmul, [k.zeros([70, 128]), k.zeros([128, 192])], texture);
    expect(both.match(/texture_2d<f32>/g)?.length).toBe(2);
    expect(both).toContain("textureLoad(");
    expect(both).toContain("kernel matmul_rows_16x16_w8_adj_k1_va_vb_tex");
    // k = 36: the lhs rows are not 256-byte aligned, so only the rhs is a texture.
    const rhsOnly = matmulWgsl(matmul, [k.zeros([16, 36]), k.zeros([36, 64])], texture);
    expect(rhsOnly.match(/texture_2d<f32>/g)?.length).toBe(1);
    // A transposed rhs is read from the texture of the tensor it transposes, 4 k per texel.
    const transposed = matmulWgsl((a, bT) => k.matmul(a, k.transpose(bT) as never), [k.zeros([16, 64]), k.zeros([64, 64])], texture);
    expect(transposed.match(/texture_2d<f32>/g)?.length).toBe(2);
    expect(transposed).toContain("textureLoad(b1, vec2<u32>(c");
    // With rows of 36 it has no texture, and is read in place 4 k at a time.
    const unaligned = matmulWgsl((a, bT) => k.matmul(a, k.transpose(bT) as never), [k.zeros([16, 36]), k.zeros([64, 36])], texture);
    expect(unaligned).not.toContain("texture_2d");
    expect(unaligned.match(/read> b\d+: array<vec4<f32>>/g)?.length).toBe(2);
    // A transposed lhs is read from the texture of the tensor it transposes.
    const weightGradient = matmulWgsl((x, dy) => k.matmul(k.transpose(x), dy as never), [k.zeros([72, 128]), k.zeros([72, 64])], texture);
    expect(weightGradient.match(/texture_2d<f32>/g)?.length).toBe(2);
    // 9,000 rows exceed the 8,192-texel side every adapter supports: that operand keeps its buffer.
    const tall = matmulWgsl(matmul, [k.zeros([9000, 64]), k.zeros([64, 64])], texture);
    expect(tall.match(/texture_2d<f32>/g)?.length).toBe(1);
    expect(tall).toMatch(/read> b\d+: array<vec4<f32>>/);
    // Reshapes keep the flat order: the [B·S, D] view of a [B, S, D] activation and a reshaped
    // rhs read their stored tensors' textures.
    const tokens = matmulWgsl((x, w) => k.matmul(x.reshape([51, 64]), w.reshape([64, 128]) as never), [k.zeros([3, 17, 64]), k.zeros([64, 2, 64])], texture);
    expect(tokens.match(/texture_2d<f32>/g)?.length).toBe(2);
    // One tensor read with two row lengths needs a texture of each width.
    const twoLayouts = matmulWgsl((x) => k.matmul(x, x.reshape([64, 128]) as never), [k.zeros([128, 64])], texture);
    expect(twoLayouts.match(/texture_2d<f32>/g)?.length).toBe(2);
    const tokenGradient = matmulWgsl((x, dy) => k.matmul(k.transpose(x.reshape([68, 128])), dy as never), [k.zeros([4, 17, 128]), k.zeros([68, 64])], texture);
    expect(tokenGradient.match(/texture_2d<f32>/g)?.length).toBe(2);
    // A reshape of a transpose is not row-major in its stored tensor, so the lhs reads that
    // tensor's texture through the view (see view-textures.test.ts).
    const permuted = matmulWgsl((x, w) => k.matmul(k.transpose(x, [1, 0, 2]).reshape([51, 64]), w as never), [k.zeros([17, 3, 64]), k.zeros([64, 128])], texture);
    expect(permuted.match(/texture_2d<f32>/g)?.length).toBe(2);
    expect(permuted).not.toMatch(/read> b\d+: array<vec4<f32>>/);
    // Neither operand qualifies: the kernel keeps storage buffers and drops "tex" from its name.
    const none = matmulWgsl(matmul, [k.zeros([16, 36]), k.zeros([36, 20])], texture);
    expect(none).not.toContain("texture_2d");
    expect(none).not.toContain("_tex");
  });

  it("narrow texture outputs run flat", () => {
    const texture = parseMatmulVariantName("rows-16x16-w8-adj-k1-va-vb-tex") as MatmulVariant;
    // 1088 × 64: the rows mapping would take 32 × 8 blocks. Flat keeps 16 × 16 (272 blocks).
    expect(matmulWgsl(matmul, [k.zeros([1088, 64]), k.zeros([64, 64])], texture)).toContain("kernel matmul_flat_16x16_w8_adj_k1_va_vb_tex");
    const weightGradient = matmulWgsl((x, dy) => k.matmul(k.transpose(x), dy as never), [k.zeros([1088, 256]), k.zeros([1088, 64])], texture);
    expect(weightGradient).toContain("kernel matmul_flat_16x16_w8_adj_k1_va_vb_tex");
    // Wide outputs keep the rows mapping.
    expect(matmulWgsl(matmul, [k.zeros([1088, 64]), k.zeros([64, 256])], texture)).toContain("kernel matmul_rows_16x16_w8_adj_k1_va_vb_tex");
    // An lhs without a texture (rows of 36) keeps the rows mapping and its uniform loads.
    expect(matmulWgsl(matmul, [k.zeros([1088, 36]), k.zeros([36, 64])], texture)).toContain("kernel matmul_rows_32x8_w8_adj_k1");
    // k = 70 is read one k at a time, not from the lhs texture, so the rows mapping stays.
    const ragged = matmulWgsl((x, dy) => k.matmul(k.transpose(x), dy as never), [k.zeros([70, 256]), k.zeros([70, 64])], texture);
    expect(ragged).toContain("kernel matmul_rows_");
    // Fewer blocks than two workgroups (32 × 64: 8 blocks of 16 × 16) keep the rows mapping.
    expect(matmulWgsl(matmul, [k.zeros([32, 64]), k.zeros([64, 64])], texture)).toContain("kernel matmul_rows_");
  });

  it("texture variant names round-trip", () => {
    expect(matmulVariantName(parseMatmulVariantName("rows-16x16-w8-adj-k1-va-vb-tex") as MatmulVariant)).toBe("rows-16x16-w8-adj-k1-va-vb-tex");
    expect(parseMatmulVariantName("rows-16x16-w8-adj-k1-vb-tex")).toBeNull();
  });

  it("batched narrow matrices: whole-row blocks", () => {
    // 16 × 8 = 128 accumulators give 6 rows of 20 columns: 17 rows in 3 blocks of 6.
    const wgsl = matmulWgsl(matmul, [k.zeros([64, 17, 16]), k.zeros([64, 16, 17])], parseMatmulVariantName("rows-16x8-w8-adj-k1") as MatmulVariant);
    expect(wgsl).toContain("kernel matmul_6x20");
    expect(wgsl).toContain("@workgroup_size(64)");
    // 16 × 16 give 12 rows: 2 blocks of 9.
    const tuned = matmulWgsl(matmul, [k.zeros([64, 17, 16]), k.zeros([64, 16, 17])], parseMatmulVariantName("rows-16x16-w8-adj-k1") as MatmulVariant);
    expect(tuned).toContain("kernel matmul_9x20");
    // A 4 × 4 block keeps 4 rows.
    const small = matmulWgsl(matmul, [k.zeros([64, 17, 16]), k.zeros([64, 16, 17])], parseMatmulVariantName("rows-4x4-w8-adj-k1") as MatmulVariant);
    expect(small).toContain("kernel matmul_4x20");
    // A transposed lhs read from its texture takes a multiple of 4 rows: 64 rows in blocks of
    // 11 become blocks of 12.
    const texture = parseMatmulVariantName("rows-16x16-w8-adj-k1-va-vb-tex") as MatmulVariant;
    const transposed = matmulWgsl((a: Tensor, b: Tensor) => k.matmul(k.transpose(a, [0, 2, 1]), b as never), [k.zeros([8, 16, 64]), k.zeros([8, 16, 20])], texture);
    expect(transposed).toContain("kernel matmul_flat_12x20");
    expect(transposed).toMatch(/texture_2d<f32>; \/\/ .* as texture/);
    // Wider matrices keep the fitted block.
    const wide = matmulWgsl(matmul, [k.zeros([64, 17, 16]), k.zeros([64, 16, 40])], parseMatmulVariantName("rows-16x8-w8-adj-k1") as MatmulVariant);
    expect(wide).toContain("kernel matmul_4x8");
  });
});

describe("matmul k loop order", () => {
  /** Returns the body of the first k loop. */
  const kLoopBody = (wgsl: string) => {
    const loop = wgsl.slice(wgsl.indexOf("for (var kk"));
    return loop.slice(0, loop.indexOf("\n  }\n"));
  };

  /** Returns the accumulators of the first k loop's fma statements, as runs of one accumulator. */
  const accumulatorRuns = (wgsl: string) => {
    const body = kLoopBody(wgsl);
    const runs: { name: string; length: number }[] = [];
    for (const [, name] of body.matchAll(/(acc\d+_\d+) = fma\(/g)) {
      const last = runs[runs.length - 1];
      if (last?.name === name) last.length++;
      else runs.push({ name, length: 1 });
    }
    return runs;
  };

  const matmul = (a: Tensor, b: Tensor) => k.matmul(a, b as never);
  const cases: [string, string, (a: Tensor, b: Tensor) => Tensor, number[], number[], number][] = [
    ["texture, plain", "rows-16x16-w8-adj-k1-va-vb-tex", matmul, [64, 64], [64, 64], 4],
    ["texture, transposed rhs", "rows-16x16-w8-adj-k1-va-vb-tex", (a, bT) => k.matmul(a, k.transpose(bT) as never), [64, 64], [64, 64], 4],
    ["texture, transposed lhs", "rows-16x16-w8-adj-k1-va-vb-tex", (aT, b) => k.matmul(k.transpose(aT), b as never), [64, 64], [64, 64], 4],
    ["storage, vector loads", "rows-4x4-w64-str-k4-va-vb", matmul, [16, 32], [32, 64], 4],
    ["storage, k unrolled by 2", "rows-8x8-w16-adj-k2", matmul, [16, 32], [32, 64], 2],
  ];

  it.each(cases)("%s: products per accumulator consecutive", (_, variantName, fn, lhsShape, rhsShape, step) => {
    const variant = parseMatmulVariantName(variantName) as MatmulVariant;
    const runs = accumulatorRuns(matmulWgsl(fn, [lhsShape, rhsShape], variant));
    expect(runs.length).toBeGreaterThan(0);
    expect(new Set(runs.map((r) => r.name)).size).toBe(runs.length);
    for (const run of runs) expect(run.length, run.name).toBe(step);
  });

  it.each(cases)("%s: loads before products", (_, variantName, fn, lhsShape, rhsShape) => {
    const body = kLoopBody(matmulWgsl(fn, [lhsShape, rhsShape], parseMatmulVariantName(variantName) as MatmulVariant));
    const loads = [...body.matchAll(/textureLoad\(|= b\d+\[/g)].map((match) => match.index);
    expect(loads.length).toBeGreaterThan(0);
    expect(Math.max(...loads)).toBeLessThan(body.indexOf("fma("));
  });
});
