/**
 * Type-level shape arithmetic. A tensor's shape type is a tuple of numbers; dimensions that are
 * literal (`[4, 8]`) are checked by `tsc`, and `number` dimensions or `number[]` shapes fall
 * back to run-time checks.
 */
import type { Shape } from "./shape.js";

/** `S` without `readonly`, so a shape inferred from a `const` literal (`zeros([2, 3])`) reads as `[2, 3]`. */
export type Mutable<S extends Shape> = { -readonly [K in keyof S]: S[K] };

/** The shape type of `reshape(shape)`: `readonly` removed and a -1 (inferred) dimension widened to `number`. */
export type Reshaped<S extends Shape> = { -readonly [K in keyof S]: S[K] extends -1 ? number : S[K] };

/** True when `S` is a tuple (known rank), false for `number[]`. */
export type IsTuple<S extends Shape> = number extends S["length"] ? false : true;

export type Rank<S extends Shape> = S["length"];

type Reverse<T extends Shape> = T extends readonly [infer H extends number, ...infer R extends number[]]
  ? [...Reverse<R>, H]
  : [];

type BroadcastDim<A extends number, B extends number> = A extends 1
  ? B
  : B extends 1
    ? A
    : number extends A
      ? B
      : number extends B
        ? A
        : A extends B
          ? A
          : never;

type BroadcastReversed<A extends Shape, B extends Shape> = A extends readonly [
  infer a extends number,
  ...infer ra extends number[],
]
  ? B extends readonly [infer b extends number, ...infer rb extends number[]]
    ? [BroadcastDim<a, b>, ...BroadcastReversed<ra, rb>]
    : A
  : B;

/** The NumPy broadcast of two shapes; a `never` dimension marks literal dimensions that clash. */
export type Broadcast<A extends Shape, B extends Shape> =
  IsTuple<A> extends true
    ? IsTuple<B> extends true
      ? Reverse<BroadcastReversed<Reverse<A>, Reverse<B>>>
      : number[]
    : number[];

type HasNever<S extends readonly unknown[]> = S extends readonly [infer H, ...infer R]
  ? [H] extends [never]
    ? true
    : HasNever<R>
  : false;

/**
 * Intersected with an operand type, this makes `tsc` reject literal shapes that cannot
 * broadcast, with the two shapes in the message.
 */
export type BroadcastGuard<A extends Shape, B extends Shape> =
  HasNever<Broadcast<A, B>> extends true ? { "shapes cannot be broadcast": [A, B] } : unknown;

type Last<S extends Shape> = S extends readonly [...number[], infer L extends number] ? L : number;
type SecondLast<S extends Shape> = S extends readonly [...number[], infer L extends number, number] ? L : number;
type DropLast<S extends Shape, N extends number> = N extends 1
  ? S extends readonly [...infer R extends number[], number]
    ? R
    : number[]
  : S extends readonly [...infer R extends number[], number, number]
    ? R
    : number[];

type IsLiteral<N extends number> = number extends N ? false : true;

type InnerDimsClash<A extends Shape, B extends Shape> =
  IsLiteral<Last<A>> extends true
    ? IsLiteral<SecondLast<B>> extends true
      ? Last<A> extends SecondLast<B>
        ? false
        : true
      : false
    : false;

/** Rejects, at compile time, a matmul of literal shapes whose inner dimensions differ. */
export type MatmulGuard<A extends Shape, B extends Shape> =
  InnerDimsClash<A, B> extends true
    ? { "matmul: inner dimensions differ": [lhs: A, rhs: B] }
    : unknown;

/** Result shape of a batched matmul of rank ≥ 2 operands with literal or unknown shapes. */
export type MatmulShape<A extends Shape, B extends Shape> =
  IsTuple<A> extends true
    ? IsTuple<B> extends true
      ? A extends readonly [number]
        ? B extends readonly [number]
          ? []
          : [...DropLast<B, 2>, Last<B>]
        : B extends readonly [number]
          ? DropLast<A, 1>
          : [...Broadcast<DropLast<A, 2>, DropLast<B, 2>>, SecondLast<A>, Last<B>]
      : number[]
    : number[];

/** Nested number arrays of a given depth, used to type `tensor(data)` and `toArray()`. */
export type NestedArray<T, R extends number> = R extends 0
  ? T
  : R extends 1
    ? T[]
    : R extends 2
      ? T[][]
      : R extends 3
        ? T[][][]
        : R extends 4
          ? T[][][][]
          : unknown[];

/** The shape type (one `number` per dimension) of nested array data. */
export type ShapeOfNested<T> = T extends readonly (infer E)[] ? [number, ...ShapeOfNested<E>] : [];

/** The JavaScript element type that `toArray()` returns for a dtype. */
export type ElementOf<D> = D extends "bool" ? boolean : number;
