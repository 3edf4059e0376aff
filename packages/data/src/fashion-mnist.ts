/**
 * Fashion-MNIST (Zalando Research, MIT licence): 28×28 greyscale images of clothing in 10 classes,
 * 60,000 for training and 10,000 for testing, stored as IDX files.
 */
import { KilnError } from "@kiln/tensor";
import { resolveFashionMnist, type DataSourceKind, type DataSourceOptions, type Split } from "./data-source.js";
import { readIdx, type IdxArray } from "./idx.js";
import { silentLogger } from "./logger.js";

/** Class names by label, spelled as in the captions (`t-shirt/top` is one word). */
export const CLASSES = [
  "t-shirt/top",
  "trouser",
  "pullover",
  "dress",
  "coat",
  "sandal",
  "shirt",
  "sneaker",
  "bag",
  "ankle boot",
] as const;

/** Side of a Fashion-MNIST image in pixels. */
export const IMAGE_SIZE = 28;

/** Pixels per image (28 × 28). */
export const IMAGE_PIXELS = IMAGE_SIZE * IMAGE_SIZE;

/** Images per split in the subset embedded in this package: the first ones of each split, in file order. */
export const EMBEDDED_COUNTS: Readonly<Record<Split, number>> = { train: 4000, test: 1000 };

/** Options of `loadFashionMnist`: where to look (see `resolveFashionMnist`), which split, how many. */
export interface LoadFashionMnistOptions extends DataSourceOptions {
  split: Split;
  /** Number of images to keep, the first ones in file order. Default all. */
  limit?: number;
}

/** One loaded split. */
export interface FashionMnist {
  split: Split;
  /** Pixels 0–255, image-major then row-major: `images[i * 784 + y * 28 + x]`. */
  images: Uint8Array;
  /** Class index 0–9 per image, so `CLASSES[label]` is its name. */
  labels: Uint8Array;
  count: number;
  source: DataSourceKind;
  /** Directory the files came from. */
  path: string;
  files: { images: string; labels: string };
}

function checkImages(array: IdxArray, path: string): number {
  const [count, height, width] = array.shape;
  if (array.dtype !== "u8" || array.shape.length !== 3 || height !== IMAGE_SIZE || width !== IMAGE_SIZE) {
    throw new KilnError("loadFashionMnist", `${path}: expected u8 images of shape [N, 28, 28], got ${array.dtype} [${array.shape.join(", ")}]`);
  }
  return count;
}

function checkLabels(array: IdxArray, path: string, count: number): void {
  if (array.dtype !== "u8" || array.shape.length !== 1 || array.shape[0] !== count) {
    throw new KilnError("loadFashionMnist", `${path}: expected ${count} u8 labels to match the images, got ${array.dtype} [${array.shape.join(", ")}]`);
  }
  const bad = array.data.findIndex((label) => label >= CLASSES.length);
  if (bad >= 0) {
    throw new KilnError("loadFashionMnist", `${path}: label ${array.data[bad]} at index ${bad} is outside [0, 9]`);
  }
}

/**
 * Loads one split of Fashion-MNIST, looking in `dir`, then KILN_DATA, then Debian's system copy,
 * then the embedded subset (4,000 training and 1,000 test images). Raises a KilnError when an
 * explicitly given directory lacks the files, or when a file is corrupt or has the wrong shape.
 * A `limit` above the number of images available logs a warning and returns all of them.
 */
export function loadFashionMnist(options: LoadFashionMnistOptions): FashionMnist {
  const { split, limit } = options;
  const logger = options.logger ?? silentLogger;
  if (split !== "train" && split !== "test") {
    throw new KilnError("loadFashionMnist", `split must be "train" or "test", got ${JSON.stringify(split)}`);
  }
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new KilnError("loadFashionMnist", `limit must be a positive integer, got ${limit}`);
  }

  const found = resolveFashionMnist(split, options);
  const imageArray = readIdx(found.images);
  const total = checkImages(imageArray, found.images);
  const labelArray = readIdx(found.labels);
  checkLabels(labelArray, found.labels, total);

  let count = total;
  if (limit !== undefined && limit > total) {
    logger.warn(`Fashion-MNIST ${split}: limit ${limit} exceeds the ${total} images in ${found.path} (${found.source}); using all ${total}`);
  } else if (limit !== undefined) {
    count = limit;
  }
  const images = count === total ? (imageArray.data as Uint8Array) : imageArray.data.slice(0, count * IMAGE_PIXELS) as Uint8Array;
  const labels = count === total ? (labelArray.data as Uint8Array) : labelArray.data.slice(0, count) as Uint8Array;
  logger.info(`Fashion-MNIST ${split}: ${count} images from ${found.path} (${found.source})`);
  return { split, images, labels, count, source: found.source, path: found.path, files: { images: found.images, labels: found.labels } };
}
