/**
 * Type-level tests. `tsc -p tsconfig.json` checks the expectTypeOf calls and the
 * `@ts-expect-error` lines (vitest only runs them as ordinary code).
 */
import { describe, expect, expectTypeOf, test } from "vitest";
import { cast, matmul, ones, random, tensor, zeros, type Shape, type Tensor } from "@kiln/tensor";

describe("creation types", () => {
  test("zeros has literal shape", () => {
    expectTypeOf(zeros([2, 3])).toEqualTypeOf<Tensor<"f32", [2, 3]>>();
  });

  test("zeros is assignable to literal type", () => {
    const x: Tensor<"f32", [2, 3]> = zeros([2, 3]);
    expect(x.shape).toEqual([2, 3]);
  });

  test("ones with dtype", () => {
    expectTypeOf(ones([4], "i32")).toEqualTypeOf<Tensor<"i32", [4]>>();
  });

  test("tensor of nested data has rank 2", () => {
    const x = tensor([[1, 2]]);
    expectTypeOf(x).toEqualTypeOf<Tensor<"f32", [number, number]>>();
    expectTypeOf(x.rank).toEqualTypeOf<2>();
  });

  test("tensor of booleans is bool", () => {
    expectTypeOf(tensor([true, false]).dtype).toEqualTypeOf<"bool">();
  });

  test("tensor with i32 dtype", () => {
    expectTypeOf(tensor([1, 2], "i32").dtype).toEqualTypeOf<"i32">();
  });

  test("rank of literal shape", () => {
    expectTypeOf(zeros([2, 3, 4]).rank).toEqualTypeOf<3>();
  });

  test("rank of unknown shape", () => {
    expectTypeOf(zeros([2] as number[]).rank).toEqualTypeOf<number>();
  });
});

describe("dtype types", () => {
  const x = zeros([2, 3]);

  test("cast method changes dtype", () => {
    expectTypeOf(x.cast("i32")).toEqualTypeOf<Tensor<"i32", [2, 3]>>();
  });

  test("cast function changes dtype", () => {
    expectTypeOf(cast(x, "bool")).toEqualTypeOf<Tensor<"bool", [2, 3]>>();
  });

  test("comparison gives bool", () => {
    expectTypeOf(x.less(1)).toEqualTypeOf<Tensor<"bool", [2, 3]>>();
  });

  test("equal broadcasts to bool", () => {
    expectTypeOf(zeros([2, 1]).equal(zeros([3]))).toEqualTypeOf<Tensor<"bool", [2, 3]>>();
  });

  test("logicalNot gives bool", () => {
    expectTypeOf(x.less(0).logicalNot()).toEqualTypeOf<Tensor<"bool", [2, 3]>>();
  });

  test("argmax gives i32", () => {
    expectTypeOf(x.argmax(1).dtype).toEqualTypeOf<"i32">();
  });

  test("bernoulli gives bool", () => {
    expectTypeOf(random.bernoulli(random.key(0), 0.5, [2]).dtype).toEqualTypeOf<"bool">();
  });

  test("add of mismatched dtypes rejected", () => {
    // @ts-expect-error an i32 tensor cannot be added to an f32 tensor
    expect(() => x.add(zeros([2, 3], "i32"))).toThrow("add: dtypes differ: f32 vs i32");
  });
});

describe("shape types", () => {
  test("add broadcasts literal shapes", () => {
    expectTypeOf(zeros([2, 1]).add(zeros([3]))).toEqualTypeOf<Tensor<"f32", [2, 3]>>();
  });

  test("add of a number keeps shape", () => {
    expectTypeOf(zeros([2, 3]).mul(2)).toEqualTypeOf<Tensor<"f32", [2, 3]>>();
  });

  test("reshape widens -1", () => {
    expectTypeOf(zeros([6]).reshape([3, -1])).toEqualTypeOf<Tensor<"f32", [3, number]>>();
  });

  test("reshape result matmuls", () => {
    const out = zeros([6]).reshape([2, -1]).matmul(zeros([3, 4]));
    expectTypeOf(out).toEqualTypeOf<Tensor<"f32", [2, 4]>>();
    expect(out.shape).toEqual([2, 4]);
  });

  test("broadcastTo has target shape", () => {
    expectTypeOf(zeros([1]).broadcastTo([2, 3])).toEqualTypeOf<Tensor<"f32", [2, 3]>>();
  });

  test("toArraySync nests by rank", () => {
    expectTypeOf(zeros([2, 3]).toArraySync()).toEqualTypeOf<number[][]>();
  });

  test("bool toArraySync gives booleans", () => {
    expectTypeOf(zeros([2]).less(1).toArraySync()).toEqualTypeOf<boolean[]>();
  });

  test("bool itemSync gives boolean", () => {
    expectTypeOf(tensor(true).itemSync()).toEqualTypeOf<boolean>();
  });
});

describe("matmul types", () => {
  test("method of literal shapes", () => {
    expectTypeOf(zeros([4, 8]).matmul(zeros([8, 3]))).toEqualTypeOf<Tensor<"f32", [4, 3]>>();
  });

  test("function of literal shapes", () => {
    expectTypeOf(matmul(zeros([4, 8]), zeros([8, 3]))).toEqualTypeOf<Tensor<"f32", [4, 3]>>();
  });

  test("batched lhs", () => {
    expectTypeOf(zeros([5, 4, 8]).matmul(zeros([8, 3]))).toEqualTypeOf<Tensor<"f32", [5, 4, 3]>>();
  });

  test("broadcast batches", () => {
    expectTypeOf(zeros([5, 1, 4, 8]).matmul(zeros([6, 8, 3]))).toEqualTypeOf<Tensor<"f32", [5, 6, 4, 3]>>();
  });

  test("vector lhs", () => {
    expectTypeOf(zeros([8]).matmul(zeros([8, 3]))).toEqualTypeOf<Tensor<"f32", [3]>>();
  });

  test("vector rhs", () => {
    expectTypeOf(zeros([4, 8]).matmul(zeros([8]))).toEqualTypeOf<Tensor<"f32", [4]>>();
  });

  test("vector dot is rank 0", () => {
    expectTypeOf(zeros([8]).matmul(zeros([8]))).toEqualTypeOf<Tensor<"f32", []>>();
  });

  test("unknown shapes fall back", () => {
    const a = zeros([4, 8]) as Tensor<"f32", Shape>;
    expectTypeOf(a.matmul(zeros([8, 3]))).toEqualTypeOf<Tensor<"f32", number[]>>();
  });

  test("method rejects inner mismatch", () => {
    // @ts-expect-error inner dimensions 8 and 7 differ
    expect(() => zeros([4, 8]).matmul(zeros([7, 3]))).toThrow("matmul: inner dimensions differ: lhs [4, 8] · rhs [7, 3] (8 ≠ 7)");
  });

  test("function rejects inner mismatch", () => {
    // @ts-expect-error inner dimensions 8 and 7 differ
    expect(() => matmul(zeros([4, 8]), zeros([7, 3]))).toThrow("matmul: inner dimensions differ");
  });

  test("vector rejects inner mismatch", () => {
    // @ts-expect-error inner dimensions 8 and 7 differ
    expect(() => zeros([8]).matmul(zeros([7, 3]))).toThrow("matmul: inner dimensions differ");
  });
});
