import { describe, expect, test } from "vitest";
import {
  add,
  arange,
  argmax,
  argsort,
  broadcastTo,
  cast,
  compile,
  concat,
  crossEntropy,
  dotGeneral,
  einsum,
  eye,
  fromArray,
  full,
  getBackend,
  grad,
  iota,
  jvp,
  KilnError,
  matmul,
  random,
  scalar,
  scatterAdd,
  sliceStrided,
  split,
  stack,
  tensor,
  where,
  zeros,
  vjp,
  type DType,
  type Tensor,
} from "@kiln/tensor";
import { describeBackends, readNested } from "./helpers.js";

/** A bad call: the op the error must name and substrings its message must contain. */
interface ErrorCase {
  name: string;
  run: () => unknown;
  op: string;
  parts: string[];
}

/** Runs `run` (realizing a returned tensor) and returns what it threw. */
function thrownBy(run: () => unknown): unknown {
  try {
    const result = run();
    if (result && typeof result === "object" && "dataSync" in result) (result as Tensor).dataSync();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error, but none was thrown");
}

function checkCases(cases: ErrorCase[]): void {
  for (const { name, run, op, parts } of cases) {
    test(name, () => {
      const error = thrownBy(run);
      expect(error).toBeInstanceOf(KilnError);
      expect((error as KilnError).op).toBe(op);
      expect((error as KilnError).message.startsWith(`${op}: `)).toBe(true);
      for (const part of parts) expect((error as KilnError).message).toContain(part);
    });
  }
}

// Shapes are held as `number[]` so that `tsc` accepts calls whose shapes clash on purpose.
const f32 = (shape: number[]): Tensor => zeros(shape);
const i32 = (shape: number[]): Tensor => zeros(shape, "i32");

describe("broadcast errors", () => {
  checkCases([
    { name: "add mismatched shapes", run: () => add(f32([2, 3]), f32([4])), op: "add", parts: ["cannot be broadcast", "[2, 3]", "[4]", "3 vs 4"] },
    { name: "mul method mismatched shapes", run: () => f32([2, 3]).mul(f32([3, 2])), op: "mul", parts: ["cannot be broadcast", "[2, 3]", "[3, 2]"] },
    { name: "where mismatched shapes", run: () => where(zeros([2], "bool"), f32([3]), 0), op: "where", parts: ["cannot be broadcast", "[2]", "[3]"] },
    { name: "broadcastTo incompatible", run: () => broadcastTo(f32([2]), [3]), op: "broadcastTo", parts: ["cannot broadcast", "[2]", "[3]"] },
    { name: "broadcastTo lower rank", run: () => broadcastTo(f32([2, 2]), [2]), op: "broadcastTo", parts: ["lower rank", "[2, 2]", "[2]"] },
  ]);
});

describe("dtype errors", () => {
  checkCases([
    { name: "add f32 and i32", run: () => add(f32([2]), i32([2])), op: "add", parts: ["dtypes differ", "f32", "i32", "cast()"] },
    { name: "exp of i32", run: () => i32([2]).exp(), op: "exp", parts: ["dtype i32 is not supported", "f32"] },
    { name: "logicalAnd of f32", run: () => f32([2]).logicalAnd(true), op: "logicalAnd", parts: ["dtype f32 is not supported", "expected bool"] },
    { name: "non-integer scalar with i32", run: () => i32([2]).add(0.5), op: "add", parts: ["0.5", "not an integer", "i32"] },
    { name: "non-integer i32 data", run: () => tensor([1.5], "i32"), op: "tensor", parts: ["1.5", "not an integer", "i32"] },
    { name: "i32 data out of range", run: () => tensor([1, 3e9], "i32"), op: "tensor", parts: ["3000000000", "outside the i32 range"] },
    { name: "i32 scalar out of range", run: () => scalar(2 ** 40, "i32"), op: "scalar", parts: ["1099511627776", "outside the i32 range"] },
    { name: "i32 fill out of range", run: () => full([2], -3e9, "i32"), op: "scalar", parts: ["-3000000000", "outside the i32 range"] },
    { name: "scalar operand out of i32 range", run: () => i32([2]).add(2 ** 31), op: "add", parts: ["2147483648", "outside the i32 range"] },
    { name: "fromArray i32 out of range", run: () => fromArray([1, 2 ** 32], [2], "i32"), op: "fromArray", parts: ["4294967296", "outside the i32 range"] },
    { name: "fromArray non-integer i32", run: () => fromArray(new Float32Array([0.5]), [1], "i32"), op: "fromArray", parts: ["0.5", "not an integer"] },
    { name: "where with f32 condition", run: () => where(f32([2]), 1, 0), op: "where", parts: ["condition must be bool", "f32"] },
    { name: "matmul dtypes differ", run: () => matmul(f32([2, 2]), i32([2, 2])), op: "matmul", parts: ["dtypes differ", "f32", "i32"] },
    { name: "matmul of bool", run: () => matmul(zeros([2, 2], "bool"), zeros([2, 2], "bool")), op: "matmul", parts: ["bool"] },
    { name: "mean of i32", run: () => i32([2]).mean(), op: "mean", parts: ["i32", "f32"] },
    { name: "max of bool", run: () => zeros([2], "bool").max(), op: "max", parts: ["bool"] },
    { name: "concat dtypes differ", run: () => concat([f32([1]), i32([1])]), op: "concat", parts: ["dtypes differ", "f32", "i32"] },
    { name: "cast to unknown dtype", run: () => cast(f32([1]), "f64" as DType), op: "cast", parts: ['"f64"', "f32, i32 or bool"] },
    { name: "take with f32 indices", run: () => f32([3]).take(f32([1]) as Tensor<"i32">), op: "take", parts: ["indices must be i32", "f32"] },
  ]);
});

describe("matmul errors", () => {
  test("inner dimensions message", () => {
    expect(() => matmul(f32([4, 8]), f32([7, 3]))).toThrow("matmul: inner dimensions differ: lhs [4, 8] · rhs [7, 3] (8 ≠ 7)");
  });

  checkCases([
    { name: "inner dimensions with vector", run: () => matmul(f32([3]), f32([2, 5])), op: "matmul", parts: ["inner dimensions differ", "[3]", "[2, 5]", "3 ≠ 2"] },
    { name: "batch dimensions clash", run: () => matmul(f32([2, 1, 2]), f32([3, 2, 2])), op: "matmul", parts: ["cannot be broadcast", "[2, 1, 2]", "[3, 2, 2]"] },
    { name: "rank-0 operand", run: () => matmul(f32([]), f32([2])), op: "matmul", parts: ["rank ≥ 1", "[]", "[2]"] },
  ]);
});

describe("dotGeneral errors", () => {
  checkCases([
    { name: "contracted dimensions differ", run: () => dotGeneral(f32([2, 3]), f32([2, 3])), op: "dotGeneral", parts: ["contracted dimensions differ", "[2, 3]", "3 ≠ 2"] },
    { name: "batch dimensions differ", run: () => dotGeneral(f32([2, 2, 3]), f32([3, 3, 4])), op: "dotGeneral", parts: ["batch dimensions", "[2, 2, 3]", "[3, 3, 4]"] },
    { name: "ranks differ", run: () => dotGeneral(f32([2, 2, 3]), f32([3, 4])), op: "dotGeneral", parts: ["same rank", "[2, 2, 3]", "[3, 4]"] },
    { name: "rank-1 operand", run: () => dotGeneral(f32([3]), f32([3])), op: "dotGeneral", parts: ["rank ≥ 2", "[3]", "matmul"] },
    { name: "dtypes differ", run: () => dotGeneral(f32([2, 3]), i32([3, 2])), op: "dotGeneral", parts: ["dtypes differ", "f32", "i32"] },
    { name: "bool operands", run: () => dotGeneral(zeros([2, 2], "bool"), zeros([2, 2], "bool")), op: "dotGeneral", parts: ["bool"] },
    { name: "einsum dtypes differ", run: () => einsum("i,i->", f32([3]), i32([3])), op: "einsum", parts: ["dtypes differ", "f32", "i32"] },
  ]);
});

describe("shape errors", () => {
  checkCases([
    { name: "reshape size differs", run: () => f32([2, 3]).reshape([4]), op: "reshape", parts: ["cannot reshape", "[2, 3]", "6 elements", "[4]", "4 elements"] },
    { name: "reshape -1 not divisible", run: () => f32([2, 3]).reshape([4, -1]), op: "reshape", parts: ["cannot reshape", "[2, 3]", "[4, -1]"] },
    { name: "reshape two -1", run: () => f32([2, 3]).reshape([-1, -1]), op: "reshape", parts: ["only one dimension can be -1", "[-1, -1]"] },
    { name: "reshape negative dimension", run: () => f32([2]).reshape([-2, -1]), op: "reshape", parts: ["invalid target shape", "[-2, -1]"] },
    { name: "zeros with fractional shape", run: () => zeros([1.5]), op: "full", parts: ["invalid shape [1.5]", "non-negative integers"] },
    { name: "zeros past 2^32 elements", run: () => zeros([65536, 65536, 2]), op: "full", parts: ["[65536, 65536, 2]", "8589934592 elements", "4294967295"] },
    { name: "broadcast past 2^32 elements", run: () => add(f32([65536, 1]), f32([1, 65537])), op: "add", parts: ["[65536, 65537]", "4295032832 elements"] },
    { name: "arange past 2^32 elements", run: () => arange(0, 1e10, 1, "f32"), op: "iota", parts: ["[10000000000]", "4294967295"] },
    { name: "matmul past 2^32 elements", run: () => matmul(f32([65536, 1]), broadcastTo(f32([1, 1]), [1, 65537])), op: "dot", parts: ["[65536, 65537]"] },
    // Built but not read: the checks run when the op is recorded, and a read would allocate 8 GiB.
    { name: "i32 iota past 2^31 positions", run: () => void iota([1, 2 ** 31 + 1], 1), op: "iota", parts: ["axis 1", "[1, 2147483649]", "2147483648 (2³¹)"] },
    { name: "argmax past 2^31 positions", run: () => void argmax(broadcastTo(f32([1, 1]), [65536, 32769])), op: "argmax", parts: ["[2147549184]", "2147483648 (2³¹)"] },
    { name: "argsort past 2^31 positions", run: () => void argsort(broadcastTo(f32([1]), [2 ** 31 + 1])), op: "argsort", parts: ["axis 0", "2147483649 positions"] },
    { name: "squeeze non-unit axis", run: () => f32([2, 1]).squeeze(0), op: "squeeze", parts: ["cannot squeeze axis 0", "[2, 1]", "2"] },
    { name: "concat shapes differ", run: () => concat([f32([2, 3]), f32([2, 4])], 0), op: "concat", parts: ["[2, 3]", "[2, 4]", "axis 0"] },
    { name: "stack shapes differ", run: () => stack([f32([2]), f32([3])]), op: "stack", parts: ["shapes differ", "[2]", "[3]"] },
    { name: "split unequal parts", run: () => split(f32([5]), 2), op: "split", parts: ["size 5", "2 equal parts"] },
    { name: "split sizes do not sum", run: () => split(f32([5]), [2, 2]), op: "split", parts: ["[2, 2]", "summing to 5"] },
    { name: "pad widths count", run: () => f32([2, 2]).pad([[1, 1]]), op: "pad", parts: ["expected 2", "[2, 2]", "got 1"] },
    { name: "pad negative width", run: () => f32([2]).pad([[-1, 0]]), op: "pad", parts: ["non-negative integers", "-1"] },
    { name: "slice too many entries", run: () => f32([2]).slice([0, 0]), op: "slice", parts: ["2 entries", "[2]", "rank 1"] },
    { name: "slice index out of range", run: () => f32([2, 3]).slice([null, 3]), op: "slice", parts: ["index 3", "axis 1", "size 3", "[2, 3]"] },
    { name: "slice zero step", run: () => f32([2]).slice([[null, null, 0]]), op: "slice", parts: ["step must be a nonzero integer", "0"] },
    { name: "slice fractional start", run: () => f32([5]).slice([[0.5, 3]]), op: "slice", parts: ["start must be an integer", "0.5", "axis 0"] },
    { name: "slice NaN stop", run: () => f32([2, 5]).slice([null, [0, NaN]]), op: "slice", parts: ["stop must be an integer", "NaN", "axis 1"] },
    { name: "sliceStrided short lists", run: () => sliceStrided(f32([2, 3]), [0], [2], [1]), op: "sliceStrided", parts: ["start must list one integer per axis", "[2, 3]", "[0]"] },
    { name: "sliceStrided stop past size", run: () => sliceStrided(f32([2, 3]), [0, 1], [2, 4], [1, 1]), op: "sliceStrided", parts: ["axis 1 of size 3", "start 1 and stop 4"] },
    { name: "sliceStrided start after stop", run: () => sliceStrided(f32([5]), [3], [1], [1]), op: "sliceStrided", parts: ["0 ≤ start ≤ stop ≤ 5", "start 3 and stop 1"] },
    { name: "sliceStrided zero step", run: () => sliceStrided(f32([5]), [0], [5], [0]), op: "sliceStrided", parts: ["step must be a positive integer", "got 0 for axis 0"] },
    { name: "sliceStrided fractional start", run: () => sliceStrided(f32([5]), [0.5], [5], [1]), op: "sliceStrided", parts: ["start 0.5"] },
    { name: "itemSync of two elements", run: () => f32([2]).itemSync(), op: "itemSync", parts: ["one element", "[2]"] },
    { name: "max over empty axis", run: () => f32([2, 0]).max(1), op: "max", parts: ["zero-size axis", "[2, 0]"] },
    { name: "argmax over empty axis", run: () => f32([0, 2]).argmax(0), op: "argmax", parts: ["zero-size axis", "[0, 2]"] },
  ]);
});

describe("axis errors", () => {
  checkCases([
    { name: "sum axis too large", run: () => f32([2, 3]).sum(2), op: "sum", parts: ["axis 2", "out of range", "rank 2", "-2 to 1"] },
    { name: "sum axis too negative", run: () => f32([2, 3]).sum(-3), op: "sum", parts: ["axis -3", "rank 2"] },
    { name: "sum repeated axis", run: () => f32([2, 3]).sum([1, -1]), op: "sum", parts: ["repeated axis", "[1, -1]"] },
    { name: "argmax axis", run: () => f32([2]).argmax(1), op: "argmax", parts: ["axis 1", "rank 1"] },
    { name: "softmax axis", run: () => f32([2]).softmax(3), op: "softmax", parts: ["axis 3", "rank 1"] },
    { name: "expandDims axis", run: () => f32([2]).expandDims(3), op: "expandDims", parts: ["axis 3", "rank 2"] },
    { name: "transpose repeated axis", run: () => f32([2, 3]).transpose([0, 0]), op: "transpose", parts: ["[0, 0]", "not a permutation", "[2, 3]"] },
    { name: "transpose short permutation", run: () => f32([2, 3]).transpose([0]), op: "transpose", parts: ["[0]", "2 axes", "[2, 3]"] },
    { name: "concat axis", run: () => concat([f32([2])], 1), op: "concat", parts: ["axis 1", "rank 1"] },
    { name: "take axis", run: () => f32([2]).take([0], 1), op: "take", parts: ["axis 1", "rank 1"] },
  ]);
});

describe("gather errors", () => {
  checkCases([
    { name: "constant index too large", run: () => f32([3, 2]).take(tensor([0, 5], "i32")), op: "take", parts: ["index 5", "flat position 1", "axis 0", "size 3", "[3, 2]"] },
    { name: "constant negative index tensor", run: () => f32([3]).take(tensor([-1], "i32")), op: "take", parts: ["index -1", "size 3", "[3]"] },
    { name: "plain index too large", run: () => f32([2, 3]).take([3], 1), op: "take", parts: ["index 3", "axis 1", "size 3", "[2, 3]"] },
    { name: "plain index too negative", run: () => f32([3]).take([-4]), op: "take", parts: ["index -4", "size 3", "[3]"] },
    { name: "take from empty axis", run: () => f32([0, 2]).take(tensor([0], "i32").add(0)), op: "take", parts: ["size 0", "[0, 2]"] },
    { name: "crossEntropy label out of range", run: () => crossEntropy(f32([1, 3]), tensor([3], "i32")), op: "crossEntropy", parts: ["label 3", "3 classes"] },
    { name: "crossEntropy label shape", run: () => crossEntropy(f32([2, 3]), tensor([0], "i32")), op: "crossEntropy", parts: ["[1]", "[2]", "[2, 3]"] },
    { name: "crossEntropy probability shape", run: () => crossEntropy(f32([2, 3]), f32([2, 2]) as Tensor<"f32">), op: "crossEntropy", parts: ["[2, 2]", "[2, 3]"] },
  ]);
});

/** A gather or scatter whose index the graph computes, so that only the backend can check it, at run time. */
interface RunTimeIndexCase {
  name: string;
  build: () => Tensor;
  op: string;
  parts: string[];
  /** What the webgpu backend returns instead of raising. */
  webgpu: unknown;
}

const RUN_TIME_INDEX_CASES: RunTimeIndexCase[] = [
  {
    name: "computed index",
    build: () => tensor([[1, 2], [3, 4], [5, 6]]).take(tensor([1], "i32").add(4)),
    op: "take",
    parts: ["index 5", "axis 0", "size 3", "[3, 2]"],
    webgpu: [[5, 6]],
  },
  {
    name: "computed negative index",
    build: () => tensor([1, 2, 3]).take(tensor([1], "i32").sub(2)),
    op: "take",
    parts: ["index -1", "size 3", "[3]"],
    webgpu: [1],
  },
  {
    name: "scatterAdd index",
    build: () => scatterAdd(tensor([1, 2]), tensor([0], "i32").add(2), tensor([10])),
    op: "scatterAdd",
    parts: ["index 2", "size 2"],
    webgpu: [1, 2],
  },
];

/*
 * The CPU backends check every computed index and raise. A WGSL kernel cannot raise, so on
 * webgpu an out-of-range gather index is clamped into its axis (-1 reads element 0) and a
 * scatterAdd update with an out-of-range index is dropped. This difference is known and
 * intended, so the webgpu cases pin the values returned in place of the error.
 */
describeBackends("run-time index errors", (backend) => {
  for (const { name, build, op, parts, webgpu } of RUN_TIME_INDEX_CASES) {
    if (backend.name === "webgpu") {
      test(`${name} is not checked`, async () => {
        expect(await readNested(build(), backend)).toEqual(webgpu);
      });
      continue;
    }
    test(name, async () => {
      const error = await readNested(build(), backend).then(
        () => expect.fail("expected an error, but none was thrown"),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(KilnError);
      expect((error as KilnError).op).toBe(op);
      expect((error as KilnError).message.startsWith(`${op}: `)).toBe(true);
      for (const part of parts) expect((error as KilnError).message).toContain(part);
    });
  }
});

describe("grad errors", () => {
  const total = (x: Tensor) => x.sum();

  checkCases([
    { name: "grad of i32 input", run: () => grad(total)(tensor([1, 2], "i32")), op: "grad", parts: ["cannot differentiate", "i32", "[2]", "argument 0"] },
    { name: "grad of bool input", run: () => grad(total)(tensor([true])), op: "grad", parts: ["cannot differentiate", "bool", "[1]"] },
    {
      name: "grad of i32 leaf in a tree",
      run: () => grad((p: { w: Tensor; n: Tensor }) => p.w.sum())({ w: f32([2]), n: i32([3]) }),
      op: "grad",
      parts: ["i32", "[3]"],
    },
    { name: "grad of non-scalar output", run: () => grad((x: Tensor) => x.mul(2))(f32([2, 3])), op: "grad", parts: ["scalar", "f32[2, 3]", "sum()"] },
    { name: "grad of i32 output", run: () => grad((x: Tensor) => x.cast("i32").sum())(f32([2])), op: "grad", parts: ["scalar f32", "i32[]"] },
    { name: "grad argnums out of range", run: () => grad(total, { argnums: 1 })(f32([2])), op: "grad", parts: ["argnums 1", "1 arguments"] },
  ]);
});

describe("tree matching errors", () => {
  const pair = (x: Tensor) => ({ a: x, b: x.mul(2) });

  checkCases([
    {
      name: "vjp cotangent with an extra key",
      run: () => vjp(pair, f32([2]))[1]({ a: f32([2]), b: f32([2]), c: f32([2]) } as never),
      op: "vjp",
      parts: ["the cotangent does not match the output", "object with keys [a, b]", "keys [a, b, c]"],
    },
    {
      name: "vjp cotangent missing a leaf",
      run: () => vjp(pair, f32([2]))[1]({ a: f32([2]) } as never),
      op: "vjp",
      parts: ["at .b", "a tensor or a number", "got undefined"],
    },
    {
      name: "jvp tangent of another structure",
      run: () => jvp((p: { a: Tensor }) => p.a, [{ a: f32([2]) }], [[f32([2])]] as never),
      op: "jvp",
      parts: ["tangent 0 does not match primal 0", "object with keys [a]", "array of length 1"],
    },
    {
      name: "jvp primals not in an array",
      run: () => jvp((x: Tensor) => x, f32([2]) as never, f32([2]) as never),
      op: "jvp",
      parts: ["one entry per argument"],
    },
    {
      name: "grad of a tree with a cycle",
      run: () => {
        const params: Record<string, unknown> = { w: f32([2]) };
        params.self = params;
        return grad((p: { w: Tensor }) => p.w.sum())(params as never);
      },
      op: "flattenTree",
      parts: ["cycle", "root.self"],
    },
  ]);
});

describe("data errors", () => {
  checkCases([
    { name: "ragged inner length", run: () => tensor([[1, 2], [3]]), op: "tensor", parts: ["ragged", "length 2", "depth 1", "[2, 2]"] },
    { name: "ragged scalar among rows", run: () => tensor([[1, 2], 3] as never), op: "tensor", parts: ["ragged", "depth 1", "[2, 2]"] },
    { name: "ragged row among scalars", run: () => tensor([1, [2]] as never), op: "tensor", parts: ["ragged", "scalar at depth 1", "[2]"] },
    { name: "booleans then numbers", run: () => tensor([true, 2] as never), op: "tensor", parts: ["mixes booleans and numbers", "element 0 is true", "element 1 is 2", "pass a dtype"] },
    { name: "numbers then booleans", run: () => tensor([[2], [false]] as never), op: "tensor", parts: ["mixes booleans and numbers", "element 1 is false", "element 0 is 2"] },
    { name: "unknown dtype", run: () => tensor([1], "f16" as DType), op: "tensor", parts: ['"f16"'] },
    // An options object where the dtype goes must not reach the graph as a dtype.
    { name: "fromArray with an object for dtype", run: () => fromArray([1, 2], [2], { backend: "cpu" } as never), op: "fromArray", parts: ["unknown dtype", 'object {"backend":"cpu"}', "f32, i32 or bool"] },
    { name: "fromArray with an unknown dtype", run: () => fromArray([1], [1], "float32" as DType), op: "fromArray", parts: ['"float32"'] },
    { name: "zeros with an unknown dtype", run: () => zeros([2], "f64" as DType), op: "full", parts: ['"f64"'] },
    { name: "iota with an unknown dtype", run: () => iota([2], 0, 3 as never), op: "iota", parts: ["number 3"] },
    { name: "arange with an unknown dtype", run: () => arange(3, undefined, 1, "u8" as DType), op: "arange", parts: ['"u8"'] },
    { name: "iota with a fractional axis", run: () => iota([3], 0.5), op: "iota", parts: ["axis must be an integer", "got 0.5"] },
    { name: "eye with a fractional size", run: () => eye(2, 1.5), op: "eye", parts: ["non-negative integers", "2 × 1.5"] },
    { name: "arange past the i32 maximum", run: () => arange(2 ** 31 - 2, 2 ** 31 + 1), op: "arange", parts: ["value 2147483648", "i32 range", "dtype f32"] },
    { name: "arange past the i32 minimum", run: () => arange(-(2 ** 31) + 1, -(2 ** 31) - 2, -1), op: "arange", parts: ["value -2147483649", "i32 range"] },
    { name: "arange i32 with a fractional step", run: () => arange(0, 3, 0.5, "i32"), op: "arange", parts: ["step 0.5", "dtype i32"] },
    { name: "eye with an unknown dtype", run: () => eye(2, 2, "int" as DType), op: "eye", parts: ['"int"'] },
  ]);
});

describe("number conversion errors", () => {
  const convertedParts = ["JavaScript number", "x.mul(n)"];

  checkCases([
    { name: "traced number in grad arithmetic", run: () => grad((n: number, x: Tensor) => x.mul(n * 3).sum())(2, f32([2])), op: "tensor", parts: convertedParts },
    { name: "traced number in compile arithmetic", run: () => compile((x: Tensor, n: number) => x.mul(n * 2))(f32([2]), 3), op: "tensor", parts: convertedParts },
    { name: "unary plus on a tensor", run: () => +f32([]), op: "tensor", parts: convertedParts },
    { name: "tensor plus a number", run: () => (f32([]) as unknown as number) + 1, op: "tensor", parts: convertedParts },
    { name: "scalar of a traced number", run: () => grad((n: number) => scalar(n).mul(3))(2), op: "scalar", parts: ["a tensor", "f32[]"] },
    { name: "tensor data with a tensor", run: () => tensor([1, f32([])] as never), op: "tensor", parts: ["a tensor", "stack()"] },
    { name: "tensor data with undefined", run: () => tensor([1, undefined] as never), op: "tensor", parts: ["numbers and booleans", "undefined"] },
    { name: "tensor data with a string", run: () => tensor(["3"] as never), op: "tensor", parts: ['"3" (string)'] },
  ]);

  test("template literal names the tensor", () => {
    expect(`${tensor([1, 2])}`).toMatch(/^Tensor\(f32\[2\], constant#\d+\)$/);
  });
});

describe("other errors", () => {
  checkCases([
    { name: "einsum bad subscript", run: () => einsum("i1,1->", f32([2]), f32([2])), op: "einsum", parts: ['"1"', "i1,1->"] },
    { name: "einsum ellipsis", run: () => einsum("...i->i", f32([2])), op: "einsum", parts: ["ellipses are not supported"] },
    { name: "einsum rank mismatch", run: () => einsum("ij->i", f32([2])), op: "einsum", parts: ['"ij"', "rank 1"] },
    { name: "einsum size mismatch", run: () => einsum("ij,jk->ik", f32([2, 3]), f32([4, 2])), op: "einsum", parts: ['"j"', "3 and 4", "[2, 3]", "[4, 2]"] },
    { name: "einsum missing arrow", run: () => einsum("ij", f32([2, 2])), op: "einsum", parts: ['"ij"', "->"] },
    { name: "einsum operand count", run: () => einsum("i,i->", f32([2])), op: "einsum", parts: ["2 terms", "1 operands"] },
    { name: "uniform without a key", run: () => random.uniform(f32([3]) as never, [2]), op: "uniform", parts: ["PRNG key", "f32[3]"] },
    { name: "key from negative seed", run: () => random.key(-1), op: "key", parts: ["-1"] },
    { name: "bernoulli probability", run: () => random.bernoulli(random.key(0), 1.5, [2]), op: "bernoulli", parts: ["1.5", "[0, 1]"] },
    {
      name: "bernoulli probability larger than sample",
      run: () => random.bernoulli(random.key(0), zeros([3, 2]), [2]),
      op: "bernoulli",
      parts: ["broadcast", "[2]", "f32[3, 2]"],
    },
    { name: "bernoulli probability dtype", run: () => random.bernoulli(random.key(0), i32([2]) as never, [2]), op: "bernoulli", parts: ["f32", "i32[2]"] },
    { name: "normal negative std", run: () => random.normal(random.key(0), [2], { std: -1 }), op: "normal", parts: ["std", "-1"] },
    { name: "normal NaN std", run: () => random.normal(random.key(0), [2], { std: NaN }), op: "normal", parts: ["std", "NaN"] },
    { name: "normal infinite mean", run: () => random.normal(random.key(0), [2], { mean: Infinity }), op: "normal", parts: ["mean", "Infinity"] },
    { name: "unknown backend", run: () => getBackend("tpu"), op: "getBackend", parts: ['"tpu"', "cpu64"] },
    { name: "compile donate position", run: () => compile((x: Tensor) => x, { donate: [-1] }), op: "compile", parts: ["[-1]"] },
  ]);
});
