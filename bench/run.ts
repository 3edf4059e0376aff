/**
 * Kiln's benchmarks: `npm run bench` (builds the packages, then runs this file with
 * `node --import tsx` and bench/tsconfig.json, which maps no paths, so `@kiln/*` resolves to
 * the built packages as it does for users). Every case runs in this one process, on one Dawn instance and adapter,
 * in a fixed order. Each figure is the median of repeated samples after warm-up. Prints a
 * table and writes bench/results/<date>-<hostname>.json.
 *
 * Peers (tfjs-backend-webgpu, jax-js) are devDependencies of bench/package.json only; when they
 * are missing this script runs `npm ci --prefix bench` first.
 *
 * Options:
 *   --only matmul,dispatch,mlp,transformer,ratio,overhead   cases to run (default: all)
 *   --sizes 256,512,1024                     matmul sizes
 *   --samples N                              timed samples per figure (default 7)
 *   --quick                                  3 samples, 1 warm-up, shorter samples
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const benchDir = dirname(fileURLToPath(import.meta.url));
const PEERS = ["@tensorflow/tfjs-core", "@tensorflow/tfjs-backend-webgpu", "@tensorflow/tfjs", "@jax-js/jax"];

/** Installs bench/package.json's devDependencies when one of them is missing. */
function ensurePeers(log: (line: string) => void): void {
  const missing = PEERS.filter((name) => !existsSync(join(benchDir, "node_modules", name, "package.json")));
  if (missing.length === 0) return;
  log(`bench: installing peers (${missing.join(", ")} missing): npm ci --prefix bench`);
  try {
    execFileSync("npm", ["ci", "--prefix", benchDir, "--no-audit", "--no-fund"], { stdio: "inherit" });
  } catch (error) {
    log(`bench: npm ci failed (${String(error)}); the peers' rows will record why they could not run`);
  }
}

const { values: args } = parseArgs({
  options: {
    only: { type: "string" },
    sizes: { type: "string" },
    samples: { type: "string" },
    quick: { type: "boolean", default: false },
  },
});

const log = (line: string) => console.error(line);
ensurePeers(log);

const { setupGpu, machineReport } = await import("./lib/gpu.js");
const { createPeers, peerVersions } = await import("./lib/peers.js");
const { formatTable } = await import("./lib/results.js");
const { runMatmul } = await import("./cases/matmul.js");
const { runDispatch } = await import("./cases/dispatch.js");
const { runMlp } = await import("./cases/mlp.js");
const { runTransformer } = await import("./cases/transformer.js");
const { runStepRatio } = await import("./cases/step-ratio.js");
const { runStepOverhead } = await import("./cases/step-overhead.js");
type ResultRow = import("./lib/results.js").ResultRow;

const only = new Set((args.only ?? "matmul,dispatch,mlp,transformer,ratio,overhead").split(",").map((s) => s.trim()));
const sizes = (args.sizes ?? "256,512,1024").split(",").map(Number);
const timing = args.quick
  ? { warmup: 1, samples: 3, minSampleMs: 50 }
  : { warmup: 2, samples: Number(args.samples ?? 7), minSampleMs: 100 };

// The root tsconfig.json maps @kiln/* to the TypeScript sources for the tests and scripts.
// Run through it, the benchmark would time tsx's translation of the sources instead of the
// packages' builds.
const kilnModule = fileURLToPath(import.meta.resolve("@kiln/webgpu"));
if (!kilnModule.includes(`${join("webgpu", "dist")}`)) {
  log(`bench: @kiln/webgpu resolves to ${kilnModule}, not the built package; run npm run bench, or set TSX_TSCONFIG_PATH=bench/tsconfig.json`);
}

const loadBefore = os.loadavg();
const started = new Date();
const { gpu, kiln } = await setupGpu();
const peers = createPeers();
log(`bench: ${kiln.ctx.info.description}; Kiln matmul variant ${kiln.matmulSelection?.name} (${kiln.matmulSelection?.source})`);

const rows: ResultRow[] = [];
if (only.has("matmul")) rows.push(...(await runMatmul(kiln, peers, sizes, timing, log)));
if (only.has("dispatch")) rows.push(...(await runDispatch(kiln, peers, timing, log)));
if (only.has("mlp")) rows.push(...(await runMlp(kiln, peers, timing, log)));
if (only.has("transformer")) rows.push(...(await runTransformer(kiln, peers, timing, log)));
if (only.has("ratio")) rows.push(...(await runStepRatio(kiln, sizes, timing, log)));
if (only.has("overhead")) rows.push(...(await runStepOverhead(kiln, timing, log)));

const summary = summarize(rows);
console.log(formatTable(rows));
console.log("");
for (const line of summary.lines) console.log(line);

const date = started.toISOString().slice(0, 10);
const machine = os.hostname().replace(/[^A-Za-z0-9._-]/g, "_");
// A second run on the same day gets a numbered name, so no earlier result is overwritten.
let file = join(benchDir, "results", `${date}-${machine}.json`);
for (let n = 2; existsSync(file); n++) file = join(benchDir, "results", `${date}-${machine}-${n}.json`);
await mkdir(dirname(file), { recursive: true });
const report = {
  startedAt: started.toISOString(),
  finishedAt: new Date().toISOString(),
  command: `node --import tsx bench/run.ts ${process.argv.slice(2).join(" ")}`.trim(),
  kilnModule,
  machine: machineReport(kiln),
  loadAverage: { before: loadBefore, after: os.loadavg() },
  kilnMatmulSelection: kiln.matmulSelection,
  peers: await peerVersions(benchDir),
  timing,
  rows,
  ratios: summary.ratios,
};
// Written to a temporary file and renamed, so an interrupted run leaves no half-written result.
await writeFile(`${file}.tmp`, JSON.stringify(report, null, 2) + "\n");
await rename(`${file}.tmp`, file);
console.log(`\nwrote ${file}`);
void gpu;

/** Side-by-side ratios from this run, and the targets of docs/performance.md. */
function summarize(all: ResultRow[]): { lines: string[]; ratios: Record<string, number | null> } {
  const lines: string[] = [];
  const ratios: Record<string, number | null> = {};
  const value = (c: string, framework: string, config?: string) =>
    all.find((r) => r.case === c && r.framework === framework && (config === undefined || r.config === config))?.value ?? null;
  const best = (c: string, config: string, prefix: string) =>
    Math.max(...all.filter((r) => r.case === c && r.config === config && r.framework.startsWith(prefix) && r.value !== null).map((r) => r.value as number), -Infinity);

  for (const n of sizes) {
    const config = String(n);
    const kilnValue = value("matmul f32", "kiln", config);
    const storage = Math.max(best("matmul f32", config, "hand-written shared"), best("matmul f32", config, "hand-written regs"));
    const texture = best("matmul f32", config, "hand-written texture");
    const textureEach = best("matmul f32", config, "hand-written texture, one submit per call");
    const peer = Math.max(best("matmul f32", config, "tfjs"), best("matmul f32", config, "jax"));
    const ratio = (x: number) => (kilnValue !== null && Number.isFinite(x) && x > 0 ? kilnValue / x : null);
    ratios[`matmul ${n}: kiln / best hand-written storage-buffer kernel`] = ratio(storage);
    ratios[`matmul ${n}: kiln / hand-written texture kernel`] = ratio(texture);
    ratios[`matmul ${n}: kiln / hand-written texture kernel, one submit per call`] = ratio(textureEach);
    ratios[`matmul ${n}: kiln / faster peer`] = ratio(peer);
  }
  for (const c of ["MLP train step", "Transformer train step"]) {
    const kilnValue = value(c, "kiln");
    const peer = Math.max(value(c, "tfjs-webgpu") ?? -Infinity, value(c, "jax-js") ?? -Infinity);
    ratios[`${c}: kiln / faster peer (target ≥ 2)`] = kilnValue !== null && Number.isFinite(peer) ? kilnValue / peer : null;
  }
  const transformer = all.find((r) => r.case === "Transformer train step" && r.framework === "kiln");
  const useful = (transformer?.details?.usefulGflops as number | undefined) ?? null;
  const kilnMatmul = Math.max(...all.filter((r) => r.case === "matmul f32" && r.framework === "kiln" && r.value !== null).map((r) => r.value as number), -Infinity);
  ratios["Transformer useful GFLOP/s / best Kiln matmul GFLOP/s, cases run apart"] = useful !== null && Number.isFinite(kilnMatmul) ? useful / kilnMatmul : null;
  ratios["Transformer useful GFLOP/s / best Kiln matmul GFLOP/s, interleaved rounds (target ≥ 0.6)"] = value("Transformer step / best matmul, interleaved", "kiln");
  const overhead = all.find((r) => r.case === "Transformer step overhead" && r.unit === "cores" && r.value !== null);
  const productCores = (overhead?.details?.productCores as number | undefined) ?? null;
  ratios["Transformer step CPU cores busy / matmul 512 CPU cores busy"] = overhead && productCores ? (overhead.value as number) / productCores : null;
  for (const [name, ratio] of Object.entries(ratios)) lines.push(`${name}: ${ratio === null ? "n/a" : ratio.toFixed(2)}`);
  return { lines, ratios };
}
