/**
 * Zero-shot classification and retrieval metrics for CLIP-style embeddings.
 */
import { KilnError, argmax, argsort, matmul, matrixTranspose, mean, normalize, type Tensor } from "@kiln/tensor";

/**
 * Class embeddings from caption embeddings [classes, templates, dim] (each row L2-normalised):
 * the mean over templates, re-normalised → [classes, dim].
 */
export function classEmbeddings(captionEmbeddings: Tensor<"f32">): Tensor<"f32"> {
  if (captionEmbeddings.rank !== 3) {
    throw new KilnError("classEmbeddings", `expected [classes, templates, dim], got [${captionEmbeddings.shape.join(", ")}]`);
  }
  return normalize(mean(captionEmbeddings, 1), -1);
}

/** Predicted class of each image embedding [N, dim] against class embeddings [C, dim]: argmax of the cosine. */
export function zeroShotPredict(imageEmbeddings: Tensor<"f32">, classes: Tensor<"f32">): Tensor<"i32"> {
  const similarity = matmul(normalize(imageEmbeddings, -1), matrixTranspose(classes) as never) as Tensor<"f32">;
  return argmax(similarity, 1);
}

/**
 * Recall@k of a square similarity matrix [N, N] whose matching pairs are on the diagonal:
 * the fraction of rows whose match ranks among the k most similar columns (ties count in
 * column order). Returns one value per k.
 */
export async function recallAtK(similarity: Tensor<"f32">, ks: readonly number[]): Promise<number[]> {
  const [rows, cols] = similarity.shape;
  if (similarity.rank !== 2 || rows !== cols) throw new KilnError("recallAtK", `expected a square [N, N] matrix, got [${similarity.shape.join(", ")}]`);
  const order = await argsort(similarity, 1, { descending: true }).data();
  const rankOfMatch = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let r = 0; r < cols; r++) {
      if (order[i * cols + r] === i) {
        rankOfMatch[i] = r;
        break;
      }
    }
  }
  return ks.map((k) => rankOfMatch.reduce((n, r) => n + (r < k ? 1 : 0), 0) / rows);
}

/** Image→text and text→image recall for paired embeddings [N, dim]. */
export async function retrievalMetrics(
  imageEmbeddings: Tensor<"f32">,
  textEmbeddings: Tensor<"f32">,
  ks: readonly number[] = [1, 5, 10],
): Promise<{ imageToText: number[]; textToImage: number[]; ks: readonly number[] }> {
  const similarity = matmul(normalize(imageEmbeddings, -1), matrixTranspose(normalize(textEmbeddings, -1)) as never) as Tensor<"f32">;
  const imageToText = await recallAtK(similarity, ks);
  const textToImage = await recallAtK(matrixTranspose(similarity) as Tensor<"f32">, ks);
  return { imageToText, textToImage, ks };
}


