import { describe, expect, test } from "vitest";
import { compile, random, tensor, treeLeaves, valueAndGrad, type Tensor } from "@kiln/tensor";
import { batchNorm, embedding, multiHeadAttention, softmaxCrossEntropy, type BatchNormState } from "@kiln/nn";
import { expectClose, f64, read, testValues } from "./layers-helpers.js";

describe("layers under compile", () => {
  test("attention loss and gradients match eager", () => {
    const table = embedding({ vocab: 6, dim: 4 });
    const attention = multiHeadAttention({ dim: 4, heads: 2 });
    const params = { table: table.init(random.key(1)), attention: attention.init(random.key(2)) };
    const lossFn = (p: typeof params, ids: Tensor<"i32">, labels: Tensor<"i32">) => {
      const logits = attention.apply(p.attention, table.apply(p.table, ids), { causal: true });
      return softmaxCrossEntropy(logits, labels);
    };
    const step = compile((p: typeof params, ids: Tensor<"i32">, labels: Tensor<"i32">) => valueAndGrad(lossFn)(p, ids, labels));
    const ids = () => tensor([[1, 5, 2], [0, 0, 3]], "i32");
    const labels = () => tensor([[2, 1, 0], [3, 3, 1]], "i32");

    const [compiledLoss, compiledGrads] = step(params, ids(), labels());
    const [eagerLoss, eagerGrads] = valueAndGrad(lossFn)(params, ids(), labels());
    expectClose(read(compiledLoss), read(eagerLoss), 1e-6);
    const compiledLeaves = treeLeaves(compiledGrads) as Tensor[];
    const eagerLeaves = treeLeaves(eagerGrads) as Tensor[];
    expect(compiledLeaves.length).toBe(eagerLeaves.length);
    compiledLeaves.forEach((leaf, i) => expectClose(read(leaf), read(eagerLeaves[i]), 1e-6));
  });

  test("batchNorm state threads through compile", () => {
    const layer = batchNorm({ dim: 3 });
    const params = layer.init(random.key(0));
    const step = compile((state: BatchNormState, x: Tensor<"f32">) => layer.apply(params, x, { state, train: true })[1]);
    const x = () => f64(testValues(12, 4), [4, 3]);
    const compiled = step(layer.initState(), x());
    const eager = layer.apply(params, x(), { state: layer.initState(), train: true })[1];
    expectClose(read(compiled.mean), read(eager.mean), 1e-6);
    expectClose(read(compiled.var), read(eager.var), 1e-6);
  });
});
