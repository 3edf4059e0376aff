/** Loading the Fashion-MNIST splits a command needs, with the CLI's --data, --limit and --test-limit. */
import { loadFashionMnist, type FashionMnist, type Logger } from "@kiln/data";
import { KilnError } from "@kiln/tensor";
import { CliError } from "./errors.js";

export interface DataOptions {
  /** Directory given with --data; undefined or null for the default lookup. */
  dir?: string | null;
  logger: Logger;
}

/** Loads one split, turning @kiln/data's errors (missing or corrupt files) into one-line CLI errors. */
export function loadSplit(split: "train" | "test", limit: number | null, options: DataOptions): FashionMnist {
  try {
    return loadFashionMnist({ split, limit: limit ?? undefined, dir: options.dir ?? undefined, logger: options.logger });
  } catch (error) {
    if (error instanceof KilnError) throw new CliError(error.message);
    throw error;
  }
}

/** Counts of each class in `labels`, for the report. */
export function classCounts(labels: Uint8Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const label of labels) counts[label]++;
  return counts;
}
