import { describe, expect, test } from "vitest";
import { grad, normalize, scalar, tensor, type Tensor } from "@kiln/tensor";
import { checkGradients } from "@kiln/testing";
import { infoNCE, softmaxCrossEntropy, symmetricInfoNCE, type Reduction } from "@kiln/nn";
import { expectClose, f64, read, testValues, TOLERANCE } from "./layers-helpers.js";

/** -log softmax(row)[label] in float64, with the maximum subtracted first. */
function crossEntropyRow(row: number[], target: number[]): number {
  const top = Math.max(...row);
  const logSum = top + Math.log(row.reduce((s, v) => s + Math.exp(v - top), 0));
  return target.reduce((s, p, c) => (p === 0 ? s : s - p * (row[c] - logSum)), 0);
}

const oneHot = (label: number, classes: number) => Array.from({ length: classes }, (_, c) => (c === label ? 1 : 0));
const average = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;

function matrixRows(data: number[], columns: number): number[][] {
  return Array.from({ length: data.length / columns }, (_, i) => data.slice(i * columns, (i + 1) * columns));
}

describe("softmaxCrossEntropy", () => {
  const rows = [[1, 2, 0.5], [-1, 0, 3]];
  const labels = [1, 2];

  test.each(["cpu", "cpu64"] as const)("class indices on %s", (backend) => {
    const loss = softmaxCrossEntropy(tensor(rows), tensor(labels, "i32"));
    expect(loss.shape).toEqual([]);
    const expected = average(rows.map((r, i) => crossEntropyRow(r, oneHot(labels[i], 3))));
    expectClose(read(loss, backend), [expected], TOLERANCE[backend]);
  });

  test.each<[Reduction, number[]]>([
    ["none", rows.map((r, i) => crossEntropyRow(r, oneHot(labels[i], 3)))],
    ["sum", [rows.reduce((s, r, i) => s + crossEntropyRow(r, oneHot(labels[i], 3)), 0)]],
  ])("reduction %s", (reduction, expected) => {
    const loss = softmaxCrossEntropy(tensor(rows), tensor(labels, "i32"), { reduction });
    expectClose(read(loss, "cpu64"), expected, TOLERANCE.cpu64);
  });

  test("probability labels", () => {
    const target = [[0.2, 0.8, 0], [0.5, 0.25, 0.25]];
    const loss = softmaxCrossEntropy(tensor(rows), tensor(target));
    expectClose(read(loss, "cpu64"), [average(rows.map((r, i) => crossEntropyRow(r, target[i])))], TOLERANCE.cpu64);
  });

  test("label smoothing", () => {
    const smoothing = 0.1;
    const loss = softmaxCrossEntropy(tensor(rows), tensor(labels, "i32"), { labelSmoothing: smoothing });
    const smoothed = labels.map((l) => oneHot(l, 3).map((p) => p * (1 - smoothing) + smoothing / 3));
    expectClose(read(loss, "cpu64"), [average(rows.map((r, i) => crossEntropyRow(r, smoothed[i])))], TOLERANCE.cpu64);
  });

  test("label smoothing of probabilities", () => {
    const target = [[0, 1, 0], [0.5, 0.5, 0]];
    const loss = softmaxCrossEntropy(tensor(rows), tensor(target), { labelSmoothing: 0.3, reduction: "none" });
    const expected = rows.map((r, i) => crossEntropyRow(r, target[i].map((p) => 0.7 * p + 0.1)));
    expectClose(read(loss, "cpu64"), expected, TOLERANCE.cpu64);
  });

  test("logits of ±1000", () => {
    const extreme = [[1000, -1000, 0], [-1000, 1000, 1000]];
    const loss = softmaxCrossEntropy(tensor(extreme), tensor([0, 2], "i32"), { reduction: "none" });
    expectClose(read(loss), [0, Math.LN2], 1e-6);
    const wrong = softmaxCrossEntropy(tensor(extreme), tensor([1, 0], "i32"), { reduction: "none" });
    expectClose(read(wrong), [2000, 2000 + Math.LN2], 1e-6);
  });

  test("gradient at ±1000 is softmax minus one-hot", () => {
    const dLogits = grad((logits: Tensor<"f32">) => softmaxCrossEntropy(logits, tensor([1, 0], "i32"), { reduction: "sum" }))(
      tensor([[1000, -1000, 0], [-1000, 1000, 1000]]),
    );
    expectClose(read(dLogits), [1, -1, 0, -1, 0.5, 0.5], 1e-6);
  });

  test("smoothed loss at ±1000 is finite", () => {
    const loss = read(softmaxCrossEntropy(tensor([[1000, -1000]]), tensor([0], "i32"), { labelSmoothing: 0.2 }));
    // 0.9·0 + 0.1·2000: the smoothed target puts 0.1 on the class 2000 below the maximum.
    expectClose(loss, [200], 1e-5);
  });

  test("gradients order 2", () => {
    const logits = f64(testValues(8, 3).map((v) => 3 * v), [2, 4]);
    checkGradients((l: Tensor<"f32">) => softmaxCrossEntropy(l, tensor([3, 0], "i32"), { labelSmoothing: 0.1 }), [logits], { order: 2 });
    checkGradients((l: Tensor<"f32">, p: Tensor<"f32">) => softmaxCrossEntropy(l, p), [logits, f64([0.1, 0.2, 0.3, 0.4, 0.7, 0.1, 0.1, 0.1], [2, 4])], { order: 2 });
  });

  test("errors", () => {
    const logits = tensor(rows);
    expect(() => softmaxCrossEntropy(logits, tensor([1, 2, 0], "i32"))).toThrow(
      "softmaxCrossEntropy: class-index labels must have the logits' shape without the class axis: labels [3] vs logits [2, 3]",
    );
    expect(() => softmaxCrossEntropy(logits, tensor([[1, 0]]))).toThrow(
      "softmaxCrossEntropy: probability labels must match the logits' shape: labels [1, 2] vs logits [2, 3]",
    );
    expect(() => softmaxCrossEntropy(logits, tensor([1, 3], "i32"))).toThrow("softmaxCrossEntropy: label out of range: label 3 at flat position 1 vs classes 3");
    expect(() => softmaxCrossEntropy(logits, tensor([true, false]) as never)).toThrow(
      "softmaxCrossEntropy: labels must be i32 class indices or f32 probabilities: got bool [2]",
    );
    expect(() => softmaxCrossEntropy(logits, tensor([1, 2], "i32"), { labelSmoothing: 1.5 })).toThrow(
      "softmaxCrossEntropy: labelSmoothing must lie in [0, 1]: got 1.5",
    );
    expect(() => softmaxCrossEntropy(logits, tensor([1, 2], "i32"), { reduction: "max" as Reduction })).toThrow(
      'softmaxCrossEntropy: reduction must be "mean", "sum" or "none": got "max"',
    );
    expect(() => softmaxCrossEntropy(tensor([[1, 2]], "i32") as never, tensor([0], "i32"))).toThrow("softmaxCrossEntropy: logits must be f32 [..., classes]: got i32 [1, 2]");
  });
});

/** Unit rows, so that q·kᵀ is a cosine similarity. */
function unitRows(data: number[], columns: number): number[][] {
  return matrixRows(data, columns).map((r) => {
    const norm = Math.sqrt(r.reduce((s, v) => s + v * v, 0));
    return r.map((v) => v / norm);
  });
}

function logitMatrix(q: number[][], k: number[][], temperature: number): number[][] {
  return q.map((qi) => k.map((kj) => qi.reduce((s, v, d) => s + v * kj[d], 0) / temperature));
}

describe("infoNCE", () => {
  const qData = testValues(3 * 4, 51);
  const kData = testValues(5 * 4, 52);
  const q = unitRows(qData, 4);
  const k = unitRows(kData, 4);

  test("diagonal positives", () => {
    const loss = infoNCE(f64(q.flat(), [3, 4]), f64(k.flat(), [5, 4]), { temperature: 0.2 });
    const logits = logitMatrix(q, k, 0.2);
    expectClose(read(loss, "cpu64"), [average(logits.map((r, i) => crossEntropyRow(r, oneHot(i, 5))))], TOLERANCE.cpu64);
  });

  test("explicit labels and no reduction", () => {
    const loss = infoNCE(f64(q.flat(), [3, 4]), f64(k.flat(), [5, 4]), { temperature: 0.5, labels: tensor([4, 0, 0], "i32"), reduction: "none" });
    const logits = logitMatrix(q, k, 0.5);
    expectClose(read(loss, "cpu64"), [4, 0, 0].map((l, i) => crossEntropyRow(logits[i], oneHot(l, 5))), TOLERANCE.cpu64);
  });

  test("normalize option equals normalised inputs", () => {
    const raw = infoNCE(f64(qData, [3, 4]), f64(kData, [5, 4]), { temperature: 0.1, normalize: true });
    const unit = infoNCE(f64(q.flat(), [3, 4]), f64(k.flat(), [5, 4]), { temperature: 0.1 });
    expectClose(read(raw, "cpu64"), read(unit, "cpu64"), 1e-12);
  });

  test("tensor temperature", () => {
    const withTensor = infoNCE(f64(q.flat(), [3, 4]), f64(k.flat(), [5, 4]), { temperature: scalar(0.2) });
    const withNumber = infoNCE(f64(q.flat(), [3, 4]), f64(k.flat(), [5, 4]), { temperature: 0.2 });
    expectClose(read(withTensor, "cpu64"), read(withNumber, "cpu64"), 1e-12);
  });

  test("logits of ±1000 stay finite", () => {
    const same = [[1, 0], [0, 1]];
    const loss = read(infoNCE(tensor(same), tensor([[1, 0], [-1, 0]]), { temperature: 0.001, reduction: "none" }));
    // Row 0: logits [1000, -1000] with positive 0; row 1: logits [0, 0] with positive 1.
    expectClose(loss, [0, Math.LN2], 1e-6);
    const dq = read(grad((x: Tensor<"f32">) => infoNCE(x, tensor([[-1, 0], [1, 0]]), { temperature: 0.001 }))(tensor(same)));
    expect(dq.every(Number.isFinite)).toBe(true);
  });

  test("gradients order 2 with normalisation", () => {
    checkGradients(
      (query: Tensor<"f32">, keys: Tensor<"f32">) => infoNCE(query, keys, { temperature: 0.5, normalize: true }),
      [f64(qData, [3, 4]), f64(kData, [5, 4])],
      { order: 2 },
    );
  });

  test("errors", () => {
    const query = f64(qData, [3, 4]);
    const keys = f64(kData, [5, 4]);
    expect(() => infoNCE(query, f64(kData, [4, 5]), { temperature: 0.1 })).toThrow("infoNCE: feature sizes differ: query [3, 4] vs keys [4, 5]");
    expect(() => infoNCE(keys, query, { temperature: 0.1 })).toThrow(
      "infoNCE: diagonal positives need at least as many keys as queries: query [5, 4] vs keys [3, 4]; pass labels",
    );
    expect(() => infoNCE(query, keys, { temperature: 0 })).toThrow("infoNCE: temperature must be a positive finite number: got 0");
    expect(() => infoNCE(query, keys, { temperature: tensor([1, 2]) })).toThrow("infoNCE: temperature must be a number or an f32 scalar tensor: got f32 [2]");
    expect(() => infoNCE(query, keys, { temperature: 0.1, labels: tensor([0, 1], "i32") })).toThrow("infoNCE: labels must be i32 [queries]: labels i32 [2] vs query [3, 4]");
    expect(() => infoNCE(f64(qData, [12]), keys, { temperature: 0.1 })).toThrow("infoNCE: query must be f32 [queries, features]: got f32 [12]");
    expect(() => infoNCE(query, keys, { temperature: 0.1, labels: tensor([0, 1, 5], "i32") })).toThrow(
      "softmaxCrossEntropy: label out of range: label 5 at flat position 2 vs classes 5",
    );
  });
});

describe("symmetricInfoNCE", () => {
  const data = testValues(16, 61).map((v) => 4 * v);
  const logits = matrixRows(data, 4);
  const columns = logits.map((_, j) => logits.map((r) => r[j]));

  test("mean of row and column losses", () => {
    const loss = symmetricInfoNCE(f64(data, [4, 4]));
    const rowLoss = average(logits.map((r, i) => crossEntropyRow(r, oneHot(i, 4))));
    const columnLoss = average(columns.map((c, i) => crossEntropyRow(c, oneHot(i, 4))));
    expectClose(read(loss, "cpu64"), [(rowLoss + columnLoss) / 2], TOLERANCE.cpu64);
  });

  test("no reduction pairs row i with column i", () => {
    const loss = symmetricInfoNCE(f64(data, [4, 4]), { reduction: "none" });
    const expected = logits.map((r, i) => (crossEntropyRow(r, oneHot(i, 4)) + crossEntropyRow(columns[i], oneHot(i, 4))) / 2);
    expectClose(read(loss, "cpu64"), expected, TOLERANCE.cpu64);
  });

  test("agrees with infoNCE both ways", () => {
    const q = f64(testValues(12, 62), [3, 4]);
    const k = f64(testValues(12, 63), [3, 4]);
    const forward = infoNCE(q, k, { temperature: 0.5, normalize: true });
    const backward = infoNCE(k, q, { temperature: 0.5, normalize: true });
    const logitsMatrix = normalize(q).matmul(normalize(k).transpose()).div(0.5) as Tensor<"f32">;
    expectClose(read(symmetricInfoNCE(logitsMatrix), "cpu64"), [(read(forward, "cpu64")[0] + read(backward, "cpu64")[0]) / 2], 1e-12);
  });

  test("logits of ±1000", () => {
    const loss = read(symmetricInfoNCE(tensor([[1000, -1000], [-1000, 1000]])));
    expectClose(loss, [0], 1e-6);
    const dLogits = read(grad((l: Tensor<"f32">) => symmetricInfoNCE(l))(tensor([[-1000, 1000], [1000, -1000]])));
    expect(dLogits.every(Number.isFinite)).toBe(true);
    expectClose(dLogits, [-0.5, 0.5, 0.5, -0.5], 1e-6);
  });

  test("gradients order 2", () => {
    checkGradients((l: Tensor<"f32">) => symmetricInfoNCE(l), [f64(data, [4, 4])], { order: 2 });
  });

  test("errors", () => {
    expect(() => symmetricInfoNCE(f64(data.slice(0, 12), [3, 4]))).toThrow("symmetricInfoNCE: logits must be a square f32 matrix [pairs, pairs]: got f32 [3, 4]");
    expect(() => symmetricInfoNCE(f64(data, [4, 4]), { reduction: "mean " as Reduction })).toThrow(
      'symmetricInfoNCE: reduction must be "mean", "sum" or "none": got "mean "',
    );
  });
});
