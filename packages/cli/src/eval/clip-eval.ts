/**
 * CLIP evaluation on the test split: zero-shot classification with the evaluation templates
 * (never used in training) and image↔text retrieval over paired test captions.
 */
import { CLASSES, EVAL_TEMPLATES, captions, type FashionMnist, type WordTokenizer } from "@kiln/data";
import { classEmbeddings, zeroShotPredict, type Clip, type ClipParams } from "@kiln/models";
import { compile, matmul, matrixTranspose, reshape, type Tensor } from "@kiln/tensor";
import { hostTensor } from "../host-tensor.js";
import { classify, type Classification } from "./confusion.js";
import { encodeImages } from "./features.js";

/** Pairs per retrieval block: recall is computed within blocks of this many test images. */
export const RETRIEVAL_BLOCK = 1000;

export interface RetrievalResult {
  /** Pairs evaluated (the test images). */
  pairs: number;
  blockSize: number;
  /** Exact-pair recall@1: the paired caption (image→text) or image (text→image) ranks first, ties counted in column order. */
  imageToTextR1: number;
  textToImageR1: number;
  /** Class-level recall@1: the top caption or image belongs to the query's class. */
  imageToTextClassR1: number;
  textToImageClassR1: number;
}

export interface ClipEvaluation {
  zeroShot: Classification & { templates: readonly string[] };
  retrieval: RetrievalResult;
  seconds: number;
}

export interface ClipEvaluatorOptions {
  /** Images per forward pass. */
  batchSize: number;
  /** Zero-shot templates; default the four evaluation templates. */
  templates?: readonly string[];
}

/**
 * Returns `evaluate(params)` for a fixed test set. The encoders are compiled once, so repeated
 * evaluations during training do not trace again.
 */
export function clipEvaluator(model: Clip, tokenizer: WordTokenizer, test: FashionMnist, options: ClipEvaluatorOptions) {
  const templates = options.templates ?? EVAL_TEMPLATES;
  const classCount = CLASSES.length;

  // Captions class-major: row c·T + t is class c under template t.
  const captionTexts = CLASSES.flatMap((_, c) => captions(c, templates));
  const captionTokens = tokenizer.tokenize(captionTexts);
  const tokens = hostTensor(captionTokens.ids, [captionTokens.count, captionTokens.contextLength], "i32");
  const encodeText = compile((params: ClipParams, ids: Tensor<"i32">) => model.encodeText(params, ids));
  const encodeImage = compile((params: ClipParams, images: Tensor<"f32">) => model.encodeImage(params, images));
  const similarity = compile((a: Tensor<"f32">, b: Tensor<"f32">) => matmul(a, matrixTranspose(b) as never));

  return async (params: ClipParams): Promise<ClipEvaluation> => {
    const start = performance.now();
    const captionEmbeddings = encodeText(params, tokens) as Tensor<"f32">;
    const classes = classEmbeddings(reshape(captionEmbeddings, [classCount, templates.length, model.config.embedDim]) as Tensor<"f32">);
    const { features: imageEmbeddings, dim } = await encodeImages((images) => encodeImage(params, images), test.images, test.count, options.batchSize);

    // Zero-shot: the class whose mean caption embedding has the largest cosine.
    const predictions = (await zeroShotPredict(hostTensor(imageEmbeddings, [test.count, dim]), classes).data()) as Int32Array;
    const zeroShot = { ...classify(predictions, test.labels, classCount), templates };

    // Retrieval: test image i is paired with its class's caption under template i mod T.
    const captionRows = (await captionEmbeddings.data()) as Float32Array;
    const paired = new Float32Array(test.count * dim);
    for (let i = 0; i < test.count; i++) {
      const row = test.labels[i] * templates.length + (i % templates.length);
      paired.set(captionRows.subarray(row * dim, (row + 1) * dim), i * dim);
    }
    const retrieval = await retrievalRecall(imageEmbeddings, paired, test.labels, dim, similarity);
    return { zeroShot, retrieval, seconds: (performance.now() - start) / 1000 };
  };
}

/** Recall@1 in blocks of RETRIEVAL_BLOCK pairs, averaged over all pairs. */
async function retrievalRecall(
  images: Float32Array,
  texts: Float32Array,
  labels: Uint8Array,
  dim: number,
  similarity: (a: Tensor<"f32">, b: Tensor<"f32">) => Tensor,
): Promise<RetrievalResult> {
  const count = labels.length;
  const totals = { imageToText: 0, textToImage: 0, imageToTextClass: 0, textToImageClass: 0 };
  for (let start = 0; start < count; start += RETRIEVAL_BLOCK) {
    const n = Math.min(RETRIEVAL_BLOCK, count - start);
    const a = hostTensor(images.subarray(start * dim, (start + n) * dim), [n, dim]);
    const b = hostTensor(texts.subarray(start * dim, (start + n) * dim), [n, dim]);
    const product = similarity(a, b);
    const matrix = (await product.data()) as Float32Array;
    for (const t of [product, a, b]) t.dispose();
    const blockLabels = labels.subarray(start, start + n);
    const rows = blockRecall(matrix, n, blockLabels, false);
    const columns = blockRecall(matrix, n, blockLabels, true);
    totals.imageToText += rows.exact;
    totals.imageToTextClass += rows.sameClass;
    totals.textToImage += columns.exact;
    totals.textToImageClass += columns.sameClass;
  }
  return {
    pairs: count,
    blockSize: RETRIEVAL_BLOCK,
    imageToTextR1: totals.imageToText / count,
    textToImageR1: totals.textToImage / count,
    imageToTextClassR1: totals.imageToTextClass / count,
    textToImageClassR1: totals.textToImageClass / count,
  };
}

/**
 * Counts queries of a square similarity block whose match ranks first (exact) and whose top
 * item has the query's class. Queries are rows, or columns when `transposed`. A candidate ranks
 * above the match when it is more similar, or equally similar and earlier, as `recallAtK` in
 * @kiln/models counts ties. Captions that are equal give equal embeddings, so these ties occur.
 */
function blockRecall(matrix: Float32Array, n: number, labels: Uint8Array, transposed: boolean): { exact: number; sameClass: number } {
  const at = (query: number, candidate: number) => (transposed ? matrix[candidate * n + query] : matrix[query * n + candidate]);
  let exact = 0;
  let sameClass = 0;
  for (let q = 0; q < n; q++) {
    const match = at(q, q);
    let top = 0;
    let beaten = false;
    for (let c = 0; c < n; c++) {
      const value = at(q, c);
      if (value > at(q, top)) top = c;
      if (value > match || (value === match && c < q)) beaten = true;
    }
    if (!beaten) exact++;
    if (labels[top] === labels[q]) sameClass++;
  }
  return { exact, sameClass };
}
