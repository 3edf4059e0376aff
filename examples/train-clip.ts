// Trains CLIP-tiny on Fashion-MNIST with Kiln's building blocks, the same recipe as `kiln train
// clip`, and prints its zero-shot accuracy on held-out caption templates.
//
//   npx tsx examples/train-clip.ts --steps 200 --batch 64
//
// Options: --steps, --batch, --lr, --warmup, --limit (training images), --test-limit,
// --backend webgpu|cpu. Data: KILN_DATA, then Debian's copy, then the embedded subset.
import {
  CLASSES,
  EOT_ID,
  EVAL_TEMPLATES,
  TRAIN_TEMPLATES,
  WordTokenizer,
  allCaptions,
  batches,
  captions,
  clipAugmentBatch,
  normalizeBatch,
  prefetch,
  sampleTemplates,
} from "@kiln/data";
import { classEmbeddings, clip, clipInitState, clipOptimizer, clipTiny, clipTrainStep, zeroShotPredict } from "@kiln/models";
import { warmupCosine } from "@kiln/nn";
import { fromArray, random, reshape, type Tensor } from "@kiln/tensor";
import { hostScalar, hostTensor } from "@kiln/cli";
import { setUpExample } from "./setup.js";

// Options, backend and data, then the word tokenizer and the caption of every (template, class) pair.
const { steps, batchSize, lr, warmup, seed, backend, train, test } = await setUpExample({ batch: 64, lr: 1e-3 });
const tokenizer = WordTokenizer.fromCaptions();
const captionTable = tokenizer.tokenize(allCaptions(TRAIN_TEMPLATES)); // row template · 10 + class
const context = captionTable.contextLength;

// Model, optimiser (AdamW, weight decay on matrices only) and the compiled training step.
const model = clip(clipTiny(tokenizer.vocabSize, { eotTokenId: EOT_ID }));
const optimizer = clipOptimizer();
let state = clipInitState(model, optimizer, model.init(random.key(seed)));
const trainStep = clipTrainStep(model, optimizer);
const schedule = warmupCosine({ base: lr, warmupSteps: warmup, totalSteps: Math.max(steps, warmup) });

// Each batch: augmented images and one random training template per image, both functions of (seed, step).
function prepare(indices: Int32Array, step: number) {
  const images = clipAugmentBatch(train.images, indices, { seed, step });
  const templates = sampleTemplates(indices, TRAIN_TEMPLATES.length, { seed, step });
  const tokens = new Int32Array(indices.length * context);
  indices.forEach((index, b) => {
    const row = templates[b] * CLASSES.length + train.labels[index];
    tokens.set(captionTable.ids.subarray(row * context, (row + 1) * context), b * context);
  });
  return { images, tokens };
}

// prefetch prepares the next batch on the host while the device runs the current step.
function* preparedBatches() {
  for (const batch of batches({ count: train.count, batchSize, seed })) {
    if (batch.step >= steps) return;
    yield { step: batch.step, ...prepare(batch.indices, batch.step) };
  }
}

const start = performance.now();
for await (const { step, images, tokens } of prefetch(preparedBatches())) {
  // NOTE: hostTensor and hostScalar stand in for fromArray and a plain number because of a
  // WebGPU executable-cache problem that stops a compiled step after 256 calls (see @kiln/cli).
  const imageTensor = hostTensor(images, [batchSize, 1, 28, 28]);
  const tokenTensor = hostTensor(tokens, [batchSize, context], "i32");
  const out = trainStep(state, imageTensor, tokenTensor, hostScalar(schedule(step)));
  state = out.state;
  const loss = await out.loss.item();
  if (step % 20 === 0 || step === steps - 1) console.log(`step ${step + 1}/${steps}  loss ${loss.toFixed(4)}`);
}
const seconds = (performance.now() - start) / 1000;

// Zero-shot: each class is the mean embedding of its captions under the four evaluation templates.
const evalTokens = tokenizer.tokenize(CLASSES.flatMap((_, c) => captions(c, EVAL_TEMPLATES)));
const textEmbeddings = model.encodeText(state.params, fromArray(evalTokens.ids, [evalTokens.count, context], "i32"));
const classes = classEmbeddings(reshape(textEmbeddings, [CLASSES.length, EVAL_TEMPLATES.length, model.config.embedDim]) as Tensor<"f32">);
let correct = 0;
for (let first = 0; first < test.count; first += 500) {
  const indices = Int32Array.from({ length: Math.min(500, test.count - first) }, (_, i) => first + i);
  const images = fromArray(normalizeBatch(test.images, indices), [indices.length, 1, 28, 28]);
  const predicted = await zeroShotPredict(model.encodeImage(state.params, images), classes).data();
  indices.forEach((index, i) => (correct += predicted[i] === test.labels[index] ? 1 : 0));
}
console.log(`${steps} steps in ${seconds.toFixed(1)} s on ${backend}`);
console.log(`zero-shot accuracy ${((100 * correct) / test.count).toFixed(1)}% on ${test.count} test images`);
