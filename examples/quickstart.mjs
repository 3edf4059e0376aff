// Trains a two-layer MLP on XOR with a compiled training step on the CPU backend.
// Run after `npm run build`: node examples/quickstart.mjs
import * as k from "@kiln/tensor";

const inputs = k.tensor([
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
]);
const targets = k.tensor([0, 1, 1, 0], "i32");

function init(key) {
  const [k1, k2] = k.random.split(key);
  return {
    w1: k.random.normal(k1, [2, 16], { std: 1 }),
    b1: k.zeros([16]),
    w2: k.random.normal(k2, [16, 2], { std: 0.25 }),
    b2: k.zeros([2]),
  };
}

function loss(params, x, y) {
  const hidden = k.tanh(k.matmul(x, params.w1).add(params.b1));
  const logits = k.matmul(hidden, params.w2).add(params.b2);
  return k.crossEntropy(logits, y);
}

// One compiled step: forward, backward and the SGD update, traced once.
const step = k.compile(
  (params, x, y, lr) => {
    const [value, grads] = k.valueAndGrad(loss)(params, x, y);
    const updated = k.treeMap((p, i) => p.sub(k.treeLeaves(grads)[i].mul(lr)), params);
    return { params: updated, loss: value };
  },
  { donate: [0] },
);

let params = init(k.random.key(0));
const start = performance.now();
for (let i = 0; i <= 500; i++) {
  const out = step(params, inputs, targets, 0.5);
  params = out.params;
  if (i % 100 === 0) console.log(`step ${String(i).padStart(3)}  loss ${(await out.loss.item()).toFixed(4)}`);
}
const hidden = k.tanh(k.matmul(inputs, params.w1).add(params.b1));
const predictions = await k.argmax(k.matmul(hidden, params.w2).add(params.b2), -1).toArray();
console.log(`predictions ${JSON.stringify(predictions)} (expected [0,1,1,0])`);
console.log(`${step.traceCount} trace, ${(performance.now() - start).toFixed(0)} ms`);
