// Trains MoCo v3-tiny on Fashion-MNIST with Kiln's building blocks, the same recipe as `kiln
// train moco`, then scores the frozen backbone by k-NN (k = 20, cosine, votes weighted by
// exp(s / 0.07)) on the test images.
//
//   npx tsx examples/train-moco.ts --steps 200 --batch 128 --limit 4000
//
// Options: --steps, --batch, --lr, --warmup, --limit (training images), --test-limit,
// --backend webgpu|cpu. Data: KILN_DATA, then Debian's copy, then the embedded subset.
import { CLASSES, batches, mocoAugmentBatch, prefetch } from "@kiln/data";
import { encodeImages, hostScalar, hostTensor, knnClassify } from "@kiln/cli";
import { mocoV3, mocoV3InitState, mocoV3Optimizer, mocoV3Tiny, mocoV3TrainStep, type MocoV3Params } from "@kiln/models";
import { cosineMomentum, warmupCosine } from "@kiln/nn";
import { compile, random, type Tensor } from "@kiln/tensor";
import { setUpExample } from "./setup.js";

// Options, backend and data.
const { steps, batchSize, lr, warmup, seed, backend, train, test } = await setUpExample({ batch: 128, lr: 1.5e-3 });

// Model, AdamW on every online parameter, and the compiled step (momentum update, both views, update).
const model = mocoV3(mocoV3Tiny());
const optimizer = mocoV3Optimizer();
let state = mocoV3InitState(model, optimizer, random.key(seed));
const trainStep = mocoV3TrainStep(model, optimizer);
const schedule = warmupCosine({ base: lr, warmupSteps: warmup, totalSteps: Math.max(steps, warmup) });

// Two augmented views per image, functions of (seed, step, image index), prepared ahead of the device.
function* preparedBatches() {
  for (const batch of batches({ count: train.count, batchSize, seed })) {
    if (batch.step >= steps) return;
    yield { step: batch.step, ...mocoAugmentBatch(train.images, batch.indices, { seed, step: batch.step }) };
  }
}

const shape = [batchSize, 1, 28, 28];
for await (const { step, view1, view2 } of prefetch(preparedBatches())) {
  const momentum = cosineMomentum(step, steps, 0.99);
  // NOTE: hostTensor and hostScalar stand in for fromArray and plain numbers because of a
  // WebGPU executable-cache problem that stops a compiled step after 256 calls (see @kiln/cli).
  const out = trainStep(state, hostTensor(view1, shape), hostTensor(view2, shape), hostScalar(schedule(step)), hostScalar(momentum));
  state = out.train;
  const loss = await out.loss.item();
  if (step % 20 === 0 || step === steps - 1) console.log(`step ${step + 1}/${steps}  loss ${loss.toFixed(4)}  momentum ${momentum.toFixed(5)}`);
}

// Frozen features of the online backbone (ln_post of the class token), then k-NN on the test set.
const encode = compile((params: MocoV3Params, images: Tensor<"f32">) => model.encode(params, images));
const trainFeatures = await encodeImages((images) => encode(state.params, images), train.images, train.count, 500);
const testFeatures = await encodeImages((images) => encode(state.params, images), test.images, test.count, 500);
const knn = await knnClassify(
  { features: trainFeatures.features, labels: train.labels },
  { features: testFeatures.features, labels: test.labels },
  trainFeatures.dim,
  { k: 20, temperature: 0.07, classes: CLASSES.length },
);
console.log(`k-NN accuracy ${(100 * knn.weighted.accuracy).toFixed(1)}% on ${test.count} test images (majority vote ${(100 * knn.majorityAccuracy).toFixed(1)}%)`);
