// Loads a CLIP checkpoint written by `kiln train clip` and classifies a few test images with
// prompts of your own. Prompts may use only words of the training vocabulary (the words of
// the caption templates and the class names); `{}` stands for the class name.
//
//   npx tsx examples/zero-shot.ts runs/clip-20250101-120000 --prompt "a photo of the {}" --prompt "a picture of a {}"
//
// Options: --prompt (repeatable), --images (how many test images, default 8), --backend webgpu|cpu.
import { parseArgs } from "node:util";
import { CLASSES, fillTemplate, loadFashionMnist, normalizeBatch } from "@kiln/data";
import { clipModel, readTrainCheckpoint, tokenizerFromMetadata } from "@kiln/cli";
import { classEmbeddings, type ClipParams } from "@kiln/models";
import { exp, fromArray, matmul, matrixTranspose, reshape, setDefaultBackend, softmax, type Tensor } from "@kiln/tensor";
import { initWebGpu } from "@kiln/webgpu";

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    prompt: { type: "string", multiple: true, default: ["a photo of the {}", "a picture of a {}"] },
    images: { type: "string", default: "8" },
    backend: { type: "string", default: "webgpu" },
  },
});
if (positionals.length !== 1) {
  console.error("usage: npx tsx examples/zero-shot.ts RUN_FOLDER_OR_CHECKPOINT [--prompt TEMPLATE]… [--images N]");
  process.exit(2);
}

const onGpu = args.backend === "webgpu" && (await initWebGpu()) !== null;
setDefaultBackend(onGpu ? "webgpu" : "cpu");

// The checkpoint stores the vocabulary, so the tokenizer and model are rebuilt exactly.
const checkpoint = await readTrainCheckpoint(positionals[0]);
if (checkpoint.model !== "clip") throw new Error(`${checkpoint.path} contains a ${checkpoint.model} model, not CLIP`);
const tokenizer = tokenizerFromMetadata(checkpoint.metadata, checkpoint.path);
const model = clipModel(tokenizer);
const params = (checkpoint.tree as { state: { params: ClipParams } }).state.params;

// One embedding per class: the mean over the prompts of the normalised caption embeddings.
const prompts = args.prompt;
const texts = CLASSES.flatMap((name) => prompts.map((prompt) => fillTemplate(prompt, name)));
let tokens: ReturnType<typeof tokenizer.tokenize>;
try {
  tokens = tokenizer.tokenize(texts);
} catch (error) {
  // A word outside the training vocabulary: list the words the prompts may use.
  const words = tokenizer.words.filter((word) => !word.startsWith("<"));
  console.error(`${(error as Error).message}. Prompts may use these words, and {} for the class name: ${words.join(" ")}`);
  process.exit(2);
}
const captionEmbeddings = model.encodeText(params, fromArray(tokens.ids, [tokens.count, tokens.contextLength], "i32"));
const classes = classEmbeddings(reshape(captionEmbeddings, [CLASSES.length, prompts.length, model.config.embedDim]) as Tensor<"f32">);

// Class probabilities of the first test images: softmax of the scaled cosine similarities.
const count = Number(args.images);
const test = loadFashionMnist({ split: "test", limit: count });
console.log(`test images from ${test.path}`);
const indices = Int32Array.from({ length: test.count }, (_, i) => i);
const images = model.encodeImage(params, fromArray(normalizeBatch(test.images, indices), [test.count, 1, 28, 28]));
const logits = matmul(images, matrixTranspose(classes) as never).mul(exp(params.logitScale));
const probabilities = (await softmax(logits, -1).data()) as Float32Array;

console.log(`prompts: ${prompts.map((p) => JSON.stringify(p)).join(", ")} (checkpoint at step ${checkpoint.progress.step})`);
let correct = 0;
for (let i = 0; i < test.count; i++) {
  const row = Array.from(probabilities.subarray(i * CLASSES.length, (i + 1) * CLASSES.length));
  const best = row.indexOf(Math.max(...row));
  correct += best === test.labels[i] ? 1 : 0;
  console.log(`image ${i}: ${CLASSES[test.labels[i]].padEnd(11)} → ${CLASSES[best].padEnd(11)} p = ${row[best].toFixed(2)}`);
}
console.log(`${correct} of ${test.count} correct`);
