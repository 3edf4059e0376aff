/**
 * The run folder: config.json, metrics.jsonl, checkpoint.safetensors, loss.svg and report.md.
 * metrics.jsonl has one JSON object per line: `{"type":"train","step":…}` for every step and
 * `{"type":"eval","step":…}` for every evaluation.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { CHECKPOINT_FILE } from "./checkpoint.js";
import { CliError, UsageError } from "./errors.js";

export const RUN_FILES = {
  config: "config.json",
  metrics: "metrics.jsonl",
  checkpoint: CHECKPOINT_FILE,
  plot: "loss.svg",
  report: "report.md",
} as const;

export interface TrainRecord {
  type: "train";
  step: number;
  /** Null when the loss is NaN or infinite, and `nonFinite` then names the value. */
  loss: number | null;
  nonFinite?: string;
  lr: number;
  epoch: number;
  /** Wall time of this step, from the call to the loss read-back. */
  stepSeconds: number;
  imagesPerSecond: number;
  /** Scheduled scalars such as MoCo's momentum. */
  [key: string]: unknown;
}

export interface EvalRecord {
  type: "eval";
  step: number;
  seconds: number;
  [key: string]: unknown;
}

export type MetricsRecord = TrainRecord | EvalRecord;

/** Raises a UsageError when `path` is a file or already contains a run or other files, so it cannot become a new run folder. */
export function checkNewRunFolder(path: string): void {
  if (existsSync(path)) {
    if (!statSync(path).isDirectory()) throw new UsageError(`run folder ${path} is a file, not a folder; choose another --out`);
    if (existsSync(join(path, CHECKPOINT_FILE)) || existsSync(join(path, RUN_FILES.metrics))) {
      throw new UsageError(`run folder ${path} already contains a run; continue it with --resume ${path} (with a larger --steps if it finished), or choose another --out`);
    }
    const entries = readdirSync(path);
    if (entries.length === 1 && entries[0] === RUN_FILES.config) {
      throw new UsageError(`run folder ${path} contains only the ${RUN_FILES.config} of a run stopped before its first checkpoint; delete the folder or choose another --out`);
    }
    if (entries.length > 0) throw new UsageError(`run folder ${path} exists and is not empty; choose another --out`);
  }
}

/**
 * Creates `path` and its missing parents one level at a time. Node 20.20's `mkdirSync(path,
 * { recursive: true })` loops forever when mkdir fails with ENOENT under an existing parent, as
 * it does in /proc, where this raises the ENOENT instead.
 */
export function makeDirectories(path: string): void {
  const missing: string[] = [];
  let current = resolve(path);
  while (!existsSync(current)) {
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing) mkdirSync(folder);
}

/** Creates the folder of a new run after the checks of `checkNewRunFolder`. */
export function createRunFolder(path: string): void {
  checkNewRunFolder(path);
  try {
    makeDirectories(path);
  } catch (error) {
    throw new CliError(`creating the run folder ${path} failed: ${(error as Error).message}`);
  }
}

/** Reads metrics.jsonl; a missing file gives no records and malformed lines are skipped. */
export function readMetrics(path: string): MetricsRecord[] {
  if (!existsSync(path)) return [];
  const records: MetricsRecord[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      records.push(JSON.parse(line) as MetricsRecord);
    } catch {
      // A line cut short by a crash: the records before it are still valid.
    }
  }
  return records;
}

/** Appends records to metrics.jsonl, one JSON object per line. */
export class MetricsLog {
  constructor(readonly path: string) {}

  /**
   * Opens the log of a resumed run with the records up to `step` only, because later records
   * came from steps that the checkpoint does not contain and that run again. The records are
   * read from `previous`, the old run's log, when the run continues in a new folder.
   */
  static resume(path: string, step: number, previous: string = path): MetricsLog {
    const kept = readMetrics(previous).filter((record) => record.step <= step);
    writeFileAtomic(path, kept.map((record) => `${JSON.stringify(record)}\n`).join(""));
    return new MetricsLog(path);
  }

  append(record: MetricsRecord): void {
    appendFileSync(this.path, `${JSON.stringify(record)}\n`);
  }

  records(): MetricsRecord[] {
    return readMetrics(this.path);
  }
}

/**
 * Writes `text` to a temporary file beside `path` and renames it over `path`, so a crash of the process or a
 * full disk leaves the old file or the new one, never a truncated one.
 */
export function writeFileAtomic(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Writes `value` as indented JSON, atomically. */
export function writeJson(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
