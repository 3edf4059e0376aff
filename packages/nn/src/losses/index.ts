/** Losses: softmax cross-entropy with label smoothing, InfoNCE and the symmetric CLIP loss. */
export { softmaxCrossEntropy, type Reduction, type SoftmaxCrossEntropyOptions } from "./cross-entropy.js";
export { infoNCE, symmetricInfoNCE, type InfoNCEOptions } from "./info-nce.js";
