import { fail, fmtShape } from "../errors.js";
import { withTransform } from "../ir/context.js";
import { isTensor, type Tensor } from "../ir/tensor.js";
import * as ops from "../ops/index.js";
import { flattenTree, leavesMatching, unflattenTree, type TreeDef } from "../pytree.js";
import { shapesEqual } from "../shape.js";
import { alias, backward, checkDifferentiable, forward, recordTape } from "./engine.js";

/** A leaf of a differentiated argument: tensors, or plain numbers (treated as f32 scalars). */
const isDiffLeaf = (v: unknown): boolean => isTensor(v) || typeof v === "number";

function toTensor(v: unknown): Tensor {
  return isTensor(v) ? v : ops.scalar(v as number);
}

interface Aliased {
  def: TreeDef;
  leaves: Tensor[];
  aliases: Tensor[];
  rebuild: () => unknown;
}

/** Replaces the float leaves of `tree` by fresh alias nodes; other leaves pass through. */
function aliasTree(tree: unknown): Aliased {
  const { leaves, def } = flattenTree(tree, isDiffLeaf);
  const tensors = leaves.map(toTensor);
  const aliases = tensors.map((t) => (t.dtype === "f32" ? alias(t) : t));
  return { def, leaves: tensors, aliases, rebuild: () => unflattenTree(def, aliases) };
}

function outputLeaves(op: string, out: unknown): { leaves: Tensor[]; def: ReturnType<typeof flattenTree>["def"] } {
  const { leaves, def } = flattenTree(out);
  if (leaves.length === 0) fail(op, "the function returned no tensors");
  return { leaves: leaves as Tensor[], def };
}

/**
 * Reverse mode: evaluates `fn(...primals)` and returns its output with a function that maps an
 * output cotangent (same tree structure) to the cotangents of all primals. Integer and boolean
 * leaves get zero cotangents.
 */
export function vjp<Args extends unknown[], Out>(fn: (...args: Args) => Out, ...primals: Args): [Out, (cotangent: Out) => Args] {
  return withTransform(() => {
    const args = primals.map(aliasTree);
    const out = fn(...(args.map((a) => a.rebuild()) as Args));
    const { leaves: outs, def: outDef } = outputLeaves("vjp", out);
    const wrt = args.flatMap((a) => a.aliases.filter((t) => t.dtype === "f32"));
    const tape = recordTape(outs, wrt);
    const pullback = (cotangent: Out): Args =>
      withTransform(() => {
        const ctLeaves = leavesMatching("vjp", outDef, cotangent, {
          treeName: "the cotangent",
          referenceName: "the output",
          isLeaf: isDiffLeaf,
          leafName: "a tensor or a number",
        });
        const cts = ctLeaves.map((c, i) => {
          const t = isTensor(c) ? c : ops.full(outs[i].shape, c as number);
          if (!shapesEqual(t.shape, outs[i].shape)) fail("vjp", `cotangent ${i} has shape ${fmtShape(t.shape)} but the output has ${fmtShape(outs[i].shape)}`);
          if (outs[i].dtype === "f32" && t.dtype !== "f32") fail("vjp", `cotangent ${i} has dtype ${t.dtype} but the output is f32; cast it to f32`);
          return t;
        });
        const grads = gradientTrees(args, backward(tape, outs, cts, wrt));
        return grads as Args;
      });
    return [out, pullback];
  });
}

/**
 * Rebuilds the argument trees with gradients at the leaves: the next entry of `grads` for each
 * f32 leaf (zeros where it is null), zeros for integer and boolean leaves.
 */
function gradientTrees(args: readonly Aliased[], grads: readonly (Tensor | null)[]): unknown[] {
  let next = 0;
  return args.map((a) =>
    unflattenTree(
      a.def,
      a.aliases.map((t) => (t.dtype === "f32" ? grads[next++] ?? ops.zerosLike(t) : ops.zerosLike(t))),
    ),
  );
}

/**
 * Forward mode: evaluates `fn(...primals)` and the directional derivative along `tangents`
 * (same tree structure as `primals`). Returns `[output, outputTangent]`.
 */
export function jvp<Args extends unknown[], Out>(fn: (...args: Args) => Out, primals: Args, tangents: Args): [Out, Out] {
  return withTransform(() => {
    if (!Array.isArray(primals) || !Array.isArray(tangents)) {
      fail("jvp", `primals and tangents must be arrays with one entry per argument of the function, got ${typeof primals} and ${typeof tangents}`);
    }
    if (tangents.length !== primals.length) fail("jvp", `got ${primals.length} primals but ${tangents.length} tangents`);
    const args = primals.map(aliasTree);
    const tangentLeaves = tangents.map((t, i) =>
      leavesMatching("jvp", args[i].def, t, {
        treeName: `tangent ${i}`,
        referenceName: `primal ${i}`,
        isLeaf: isDiffLeaf,
        leafName: "a tensor or a number",
      }).map(toTensor),
    );
    args.forEach((a, i) => {
      a.leaves.forEach((p, j) => {
        const t = tangentLeaves[i][j];
        if (!shapesEqual(p.shape, t.shape)) fail("jvp", `tangent leaf ${j} of argument ${i} has shape ${fmtShape(t.shape)} but its primal has ${fmtShape(p.shape)}`);
        if (p.dtype === "f32" && t.dtype !== "f32") fail("jvp", `tangent leaf ${j} of argument ${i} has dtype ${t.dtype} but its primal is f32; cast it to f32`);
      });
    });
    const out = fn(...(args.map((a) => a.rebuild()) as Args));
    const { leaves: outs, def } = outputLeaves("jvp", out);
    const wrt: Tensor[] = [];
    const wrtTangents: Tensor[] = [];
    args.forEach((a, i) =>
      a.aliases.forEach((t, j) => {
        if (t.dtype === "f32") {
          wrt.push(t);
          wrtTangents.push(tangentLeaves[i][j]);
        }
      }),
    );
    const outTangents = forward(outs, wrt, wrtTangents).map((t, i) => t ?? ops.zerosLike(outs[i]));
    return [out, unflattenTree(def, outTangents) as Out];
  });
}

export interface GradOptions {
  /** Which positional arguments to differentiate (default 0). An array returns a tuple of gradients. */
  argnums?: number | readonly number[];
  /** The function returns `[loss, aux]`; aux is returned alongside and not differentiated. */
  hasAux?: boolean;
  /** Give integer and boolean leaves a zero gradient instead of raising an error. */
  allowInt?: boolean;
}

/** The gradient type of one argument: numbers become f32 scalars, trees keep their shape. */
type GradOf<T> = T extends number ? Tensor<"f32", []> : T;
type ArgnumsOf<O> = O extends { argnums: infer N } ? N : 0;
/** Gradients for `argnums`: one tree for a number, a tuple of trees for an array. */
export type GradsOf<Args extends unknown[], N> = N extends number
  ? GradOf<Args[N]>
  : N extends readonly number[]
    ? { -readonly [K in keyof N]: N[K] extends number ? GradOf<Args[N[K]]> : never }
    : never;
type AuxOf<R> = R extends readonly [unknown, infer A] ? A : never;

/**
 * Returns a function computing `[value, gradients]` of a scalar-valued `fn`. Gradients have the
 * tree structure of the differentiated arguments. With `hasAux`, `fn` returns `[value, aux]`
 * and the result is `[[value, aux], gradients]`.
 */
export function valueAndGrad<Args extends unknown[], R, const O extends GradOptions = {}>(
  fn: (...args: Args) => R,
  options?: O,
): (...args: Args) => [R, GradsOf<Args, ArgnumsOf<O>>] {
  const opts: GradOptions = options ?? {};
  const argnums = opts.argnums ?? 0;
  const list = typeof argnums === "number" ? [argnums] : [...argnums];
  return (...args: Args) =>
    withTransform(() => {
      for (const i of list) {
        if (!Number.isInteger(i) || i < 0 || i >= args.length) fail("grad", `argnums ${i} is out of range for ${args.length} arguments`);
      }
      // An argument listed twice is differentiated once and its gradient returned at both places.
      const unique = [...new Set(list)];
      const selected = unique.map((i) => aliasTree(args[i]));
      if (!opts.allowInt) {
        selected.forEach((a, k) => a.leaves.forEach((t) => checkDifferentiable("grad", t, `argument ${unique[k]}`)));
      }
      const callArgs = [...args] as unknown[];
      unique.forEach((i, k) => {
        callArgs[i] = selected[k].rebuild();
      });
      const result = fn(...(callArgs as Args));
      let value: unknown = result;
      if (opts.hasAux) {
        if (!Array.isArray(result) || result.length !== 2) fail("grad", "with hasAux the function must return [value, aux]");
        value = result[0];
      }
      if (!isTensor(value)) fail("grad", `the function must return a tensor, got ${typeof value}`);
      if (value.rank !== 0 || value.dtype !== "f32") {
        fail("grad", `the function must return a scalar f32 tensor (shape []), got ${value.dtype}${fmtShape(value.shape)}; reduce it with sum() or mean(), or use vjp()`);
      }
      const wrt = selected.flatMap((a) => a.aliases.filter((t) => t.dtype === "f32"));
      const tape = recordTape([value], wrt);
      const uniqueTrees = gradientTrees(selected, backward(tape, [value], [ops.onesLike(value)], wrt));
      const trees = list.map((i) => uniqueTrees[unique.indexOf(i)]);
      return [result, (typeof argnums === "number" ? trees[0] : trees) as GradsOf<Args, ArgnumsOf<O>>];
    });
}

/**
 * Returns a function computing the gradient of a scalar-valued `fn` (see valueAndGrad). With
 * `hasAux` it returns `[gradients, aux]`.
 */
export function grad<Args extends unknown[], R, const O extends GradOptions = {}>(
  fn: (...args: Args) => R,
  options?: O,
): (...args: Args) => O extends { hasAux: true } ? [GradsOf<Args, ArgnumsOf<O>>, AuxOf<R>] : GradsOf<Args, ArgnumsOf<O>> {
  const inner = valueAndGrad(fn, options);
  return (...args: Args) => {
    const [result, grads] = inner(...args);
    return (options?.hasAux ? [grads, (result as unknown[])[1]] : grads) as never;
  };
}
