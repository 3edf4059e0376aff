import { fail, fmtShape } from "../errors.js";
import { Primitive, type CustomVjpRule } from "../ir/primitive.js";
import { createNode, isTensor, type Tensor } from "../ir/tensor.js";
import { flattenTree } from "../pytree.js";
import { shapesEqual } from "../shape.js";

/** Tells whether `value` is an array or plain object that a tree is built from, not a leaf. */
function isTreeNode(value: unknown): boolean {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== "object" || isTensor(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Returns every leaf of `tree`, tensors and other values alike, depth first. */
function allLeaves(tree: unknown): unknown[] {
  return flattenTree(tree, (v) => !isTreeNode(v)).leaves;
}

/**
 * Matches the cotangents `backward` returned to the tensor leaves of the arguments. A null or
 * undefined cotangent, for a whole argument or one leaf, is zero. Cotangents at leaves that are
 * not tensors (numbers, strings) are ignored because those arguments are constants.
 */
function matchCotangents(name: string, args: readonly unknown[], cts: readonly unknown[]): (Tensor | null)[] {
  const matched: (Tensor | null)[] = [];
  args.forEach((arg, i) => {
    const argLeaves = allLeaves(arg);
    const ct = cts[i];
    if (ct === null || ct === undefined) {
      for (const leaf of argLeaves) if (isTensor(leaf)) matched.push(null);
      return;
    }
    const ctLeaves = allLeaves(ct);
    if (ctLeaves.length !== argLeaves.length) {
      fail(name, `backward returned a cotangent with ${ctLeaves.length} leaves for argument ${i}, which has ${argLeaves.length}; return null for an argument without gradient`);
    }
    argLeaves.forEach((leaf, j) => {
      if (!isTensor(leaf)) return;
      const c = ctLeaves[j];
      if (c === null || c === undefined) {
        matched.push(null);
        return;
      }
      if (!isTensor(c)) fail(name, `backward returned ${typeof c} as the cotangent of a tensor in argument ${i}; return a tensor, or null for zero`);
      if (!shapesEqual(c.shape, leaf.shape)) {
        fail(name, `backward returned a cotangent of shape ${fmtShape(c.shape)} for leaf ${j} of argument ${i}, which has shape ${fmtShape(leaf.shape)}`);
      }
      if (leaf.dtype === "f32" && c.dtype !== "f32") {
        fail(name, `backward returned a cotangent of dtype ${c.dtype} for an f32 input, leaf ${j} of argument ${i}; cast it to f32`);
      }
      matched.push(c);
    });
  });
  return matched;
}

/**
 * Defines a function with a hand-written reverse-mode rule, as JAX's `custom_vjp`.
 * `forward(...args)` returns `[output, residuals]`; `backward(residuals, cotangent)` returns one
 * cotangent per argument (same tree structure; null or undefined for zero, and for arguments
 * without tensors such as numbers). The output must be a single tensor. Forward mode (jvp)
 * differentiates `forward`'s own computation instead. Errors start with `name`, which defaults
 * to the name of `forward` and then to "custom_vjp".
 */
export function customVjp<Args extends unknown[], Residuals>(
  forward: (...args: Args) => [Tensor, Residuals],
  backward: (residuals: Residuals, cotangent: Tensor) => unknown[],
  name: string = forward.name || "custom_vjp",
): (...args: Args) => Tensor {
  return (...args: Args): Tensor => {
    const { leaves } = flattenTree(args);
    const inputs = leaves as Tensor[];
    const [out, residuals] = forward(...args);
    if (!isTensor(out)) fail(name, `forward must return [tensor, residuals], got ${typeof out} as the output`);
    const rule: CustomVjpRule = {
      name,
      backward(cotangent: unknown): (Tensor | null)[] {
        const cts = backward(residuals, cotangent as Tensor);
        if (!Array.isArray(cts) || cts.length !== args.length) {
          fail(name, `backward must return an array of ${args.length} cotangents (one per argument), got ${Array.isArray(cts) ? cts.length : typeof cts}`);
        }
        return matchCotangents(name, args, cts);
      },
    };
    return createNode(Primitive.CustomVjp, [out, ...inputs], { rule }, out.shape, out.dtype);
  };
}
