/**
 * @kiln/data: Fashion-MNIST loading (IDX files, lookup of the data directory, an embedded
 * subset), caption templates and tokenizers for CLIP, seeded host-side augmentations for CLIP
 * and MoCo v3, and deterministic batching with read-ahead. Nothing here writes to the terminal.
 * Progress notes and warnings go to the `Logger` a caller passes.
 */
export { silentLogger, type Logger } from "./logger.js";
export { parseIdx, readIdx, readIdxHeader, isGzip, IDX_TYPE_CODES, type IdxArray, type IdxData, type IdxDType } from "./idx.js";
export { encodeIdx, writeIdx } from "./idx-encode.js";
export { embeddedDataDir } from "./assets.js";
export {
  resolveFashionMnist,
  describeDataSource,
  SYSTEM_DATA_DIR,
  DATA_ENV_VAR,
  FULL_DATA_HINT,
  type DataSourceKind,
  type DataSourceOptions,
  type ResolvedSplit,
  type Split,
} from "./data-source.js";
export {
  loadFashionMnist,
  CLASSES,
  IMAGE_SIZE,
  IMAGE_PIXELS,
  EMBEDDED_COUNTS,
  type FashionMnist,
  type LoadFashionMnistOptions,
} from "./fashion-mnist.js";
export { TRAIN_TEMPLATES, EVAL_TEMPLATES, captions, allCaptions, fillTemplate } from "./captions.js";
export { packSequences, type TokenBatch } from "./tokenizers/token-batch.js";
export { WordTokenizer, PAD_ID, SOT_ID, EOT_ID, WORD_CONTEXT_LENGTH } from "./tokenizers/word-tokenizer.js";
export { BpeTokenizer, START_OF_TEXT, END_OF_TEXT, CLIP_MERGE_COUNT, CLIP_CONTEXT_LENGTH } from "./tokenizers/bpe-tokenizer.js";
export { cleanText, htmlUnescape, fixText } from "./tokenizers/text-cleaning.js";
export { BYTE_TO_CHAR, CHAR_TO_BYTE, encodeBytesAsChars } from "./tokenizers/byte-unicode.js";
export { RandomStream, randomStream, RANDOM_PURPOSE } from "./random-stream.js";
export {
  randomCropWindow,
  resizedCrop,
  horizontalFlip,
  padCrop,
  randomPadCrop,
  type CropWindow,
  type ResizedCropOptions,
} from "./augment/geometry.js";
export {
  adjustBrightnessContrast,
  randomBrightnessContrast,
  gaussianKernel,
  gaussianBlur,
  randomGaussianBlur,
  solarize,
  randomSolarize,
  normalizePixels,
  PIXEL_MEAN,
  PIXEL_STD,
} from "./augment/photometric.js";
export {
  normalizeBatch,
  clipAugmentBatch,
  mocoAugmentBatch,
  sampleTemplates,
  MOCO_VIEW1,
  MOCO_VIEW2,
  CLIP_CROP_PADDING,
  type AugmentOptions,
  type MocoViewConfig,
} from "./augment/recipes.js";
export { batches, epochPermutation, batchesPerEpoch, type Batch, type BatchOptions } from "./batching.js";
export { prefetch } from "./prefetch.js";
