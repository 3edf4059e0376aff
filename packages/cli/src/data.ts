/** Loading the Fashion-MNIST splits a command needs, with the CLI's --data, --limit and --test-limit. */
import { loadFashionMnist, type FashionMnist, type Logger } from "@kiln/data";
import { KilnError } from "@kiln/tensor";
import { CliError, UsageError } from "./errors.js";

export interface DataOptions {
  /** Directory given with --data; undefined or null for the default lookup. */
  dir?: string | null;
  logger: Logger;
}

/**
 * Loads one split, turning @kiln/data's errors (missing or corrupt files) into one-line CLI
 * errors: usage errors when the files came from --data, which the user can correct there.
 */
export function loadSplit(split: "train" | "test", limit: number | null, options: DataOptions): FashionMnist {
  const dir = options.dir ?? undefined;
  try {
    return loadFashionMnist({ split, limit: limit ?? undefined, dir, dirLabel: "--data", logger: options.logger });
  } catch (error) {
    if (!(error instanceof KilnError)) throw error;
    if (dir === undefined) throw new CliError(error.message);
    throw new UsageError(`${error.message} Without --data, kiln uses $KILN_DATA, then /usr/share/datasets/fashion-mnist, then the embedded subset.`);
  }
}

/** Counts of each class in `labels`, for the report. */
export function classCounts(labels: Uint8Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const label of labels) counts[label]++;
  return counts;
}
