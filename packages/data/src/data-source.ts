/**
 * Finds the Fashion-MNIST IDX files for a split. Lookup order: the `dir` option (the CLI's
 * --data), then the KILN_DATA environment variable, then Debian's dataset-fashion-mnist copy in
 * /usr/share/datasets/fashion-mnist, then the subset embedded in this package.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { KilnError } from "@kiln/tensor";
import { embeddedDataDir } from "./assets.js";
import { readIdxHeader } from "./idx.js";
import { silentLogger, type Logger } from "./logger.js";

/** Origin of a split's files: the `dir` option, KILN_DATA, the system copy or the embedded subset. */
export type DataSourceKind = "dir" | "env" | "system" | "embedded";

/** Fashion-MNIST split: 60,000 training or 10,000 test images in the full set. */
export type Split = "train" | "test";

/** Directory that Debian's dataset-fashion-mnist package installs. */
export const SYSTEM_DATA_DIR = "/usr/share/datasets/fashion-mnist";

/** Environment variable naming a directory with the Fashion-MNIST IDX files. */
export const DATA_ENV_VAR = "KILN_DATA";

/** Instructions for getting the full data set, appended to every "not found" error. */
export const FULL_DATA_HINT =
  "To get the full set, install Debian's package (apt-get install dataset-fashion-mnist, " +
  `which puts the files in ${SYSTEM_DATA_DIR}) or download the four IDX files from ` +
  "https://github.com/zalandoresearch/fashion-mnist into that directory.";

/** Options that choose the data directory. `env` and `systemDir` exist for tests. */
export interface DataSourceOptions {
  /** Directory given explicitly (the CLI's --data). Loading raises an error when it lacks the files. */
  dir?: string;
  /** The name of `dir` in messages. Default "the data directory option"; the CLI passes "--data". */
  dirLabel?: string;
  /** Environment to read KILN_DATA from. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** System directory. Default /usr/share/datasets/fashion-mnist. */
  systemDir?: string;
  /** Receiver of a warning when the system directory exists but is incomplete. Default silent. */
  logger?: Logger;
}

/** Resolved location of one split. */
export interface ResolvedSplit {
  source: DataSourceKind;
  /** Directory holding the files. */
  path: string;
  images: string;
  labels: string;
}

// Debian and Zalando name the test split "t10k". Some mirrors use "test" or a dot before "idx".
const PREFIXES: Record<Split, string[]> = { train: ["train"], test: ["t10k", "test"] };
const STEMS = { images: ["-images-idx3-ubyte", "-images.idx3-ubyte"], labels: ["-labels-idx1-ubyte", "-labels.idx1-ubyte"] };

function candidateNames(split: Split, kind: "images" | "labels"): string[] {
  return PREFIXES[split].flatMap((prefix) => STEMS[kind].flatMap((stem) => [`${prefix}${stem}.gz`, `${prefix}${stem}`]));
}

function findFile(dir: string, split: Split, kind: "images" | "labels"): string | undefined {
  return candidateNames(split, kind)
    .map((name) => join(dir, name))
    .find((path) => existsSync(path) && statSync(path).isFile());
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function lookedFor(split: Split): string {
  const [prefix] = PREFIXES[split];
  return `${prefix}${STEMS.images[0]}[.gz] and ${prefix}${STEMS.labels[0]}[.gz] (or the same with a dot before idx)`;
}

/** Returns the split's files in `dir`, or raises an error naming what is missing and how to get it. */
function requireSplit(dir: string, split: Split, source: DataSourceKind, origin: string): ResolvedSplit {
  const op = "loadFashionMnist";
  if (!isDirectory(dir)) {
    throw new KilnError(op, `data directory ${dir} (${origin}) not found or not a directory. ${FULL_DATA_HINT}`);
  }
  const images = findFile(dir, split, "images");
  const labels = findFile(dir, split, "labels");
  if (images === undefined || labels === undefined) {
    const missing = images === undefined ? "images" : "labels";
    throw new KilnError(op, `no Fashion-MNIST ${split} ${missing} in ${dir} (${origin}): looked for ${lookedFor(split)}. ${FULL_DATA_HINT}`);
  }
  return { source, path: dir, images, labels };
}

/**
 * Finds the IDX files for `split`. An explicitly given directory (`dir`, then KILN_DATA) must
 * hold them, or this raises an error. Only when neither is set does it fall back to the
 * system copy and then the embedded subset.
 */
export function resolveFashionMnist(split: Split, options: DataSourceOptions = {}): ResolvedSplit {
  const env = options.env ?? process.env;
  const logger = options.logger ?? silentLogger;
  if (options.dir !== undefined && options.dir !== "") {
    return requireSplit(options.dir, split, "dir", options.dirLabel ?? DIR_LABEL);
  }
  const fromEnv = env[DATA_ENV_VAR];
  if (fromEnv !== undefined && fromEnv !== "") {
    return requireSplit(fromEnv, split, "env", `from ${DATA_ENV_VAR}`);
  }

  const systemDir = options.systemDir ?? SYSTEM_DATA_DIR;
  const images = findFile(systemDir, split, "images");
  const labels = findFile(systemDir, split, "labels");
  if (images !== undefined && labels !== undefined) return { source: "system", path: systemDir, images, labels };
  if (isDirectory(systemDir)) {
    logger.warn(`Fashion-MNIST: ${systemDir} lacks the ${split} files (${lookedFor(split)}); using the embedded subset`);
  }
  return requireSplit(embeddedDataDir(), split, "embedded", "the subset embedded in @kiln/data, so the package installation is incomplete");
}

/** The default name of the `dir` option in messages. */
const DIR_LABEL = "the data directory option";

const SOURCE_LABELS: Record<DataSourceKind, string> = {
  dir: DIR_LABEL,
  env: `the ${DATA_ENV_VAR}`,
  system: "the system copy",
  embedded: "the embedded subset",
};

/**
 * Describes, one line per split, which Fashion-MNIST files `loadFashionMnist` would use and how
 * many images they hold (read from the IDX headers only), for `kiln info`. A split that cannot
 * be resolved gets its error message instead of raising.
 */
export function describeDataSource(options: DataSourceOptions = {}): string {
  let usesSubset = false;
  const lines = (["train", "test"] as const).map((split) => {
    try {
      const found = resolveFashionMnist(split, options);
      const count = readIdxHeader(found.images).shape[0];
      usesSubset ||= found.source === "embedded";
      const label = found.source === "dir" ? (options.dirLabel ?? DIR_LABEL) : SOURCE_LABELS[found.source];
      return `Fashion-MNIST ${split}: ${count} images from ${label} ${found.path}`;
    } catch (error) {
      return `Fashion-MNIST ${split}: unavailable: ${(error as Error).message}`;
    }
  });
  if (usesSubset) lines.push(`The embedded subset is not the full data set. ${FULL_DATA_HINT}`);
  return lines.join("\n");
}
