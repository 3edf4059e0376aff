import { fail, fmtShape } from "../errors.js";
import { Primitive, type CustomVjpRule } from "../ir/primitive.js";
import { createNode, isTensor, type Tensor } from "../ir/tensor.js";
import { flattenTree, leavesMatching } from "../pytree.js";
import { shapesEqual } from "../shape.js";

/**
 * Matches the cotangents `backward` returned to the tensor leaves of the arguments, by tree
 * structure (object keys by name). A null or undefined cotangent, for a whole argument, a subtree
 * or one leaf, is zero. Cotangents at leaves that are not tensors (numbers, strings) are ignored
 * because those arguments are constants.
 */
function matchCotangents(name: string, args: readonly unknown[], cts: readonly unknown[]): (Tensor | null)[] {
  const matched: (Tensor | null)[] = [];
  args.forEach((arg, i) => {
    const { leaves, def } = flattenTree(arg);
    const ctLeaves = leavesMatching(name, def, cts[i], {
      treeName: `the cotangent backward returned for argument ${i}`,
      referenceName: "the argument",
      isLeaf: isTensor,
      leafName: "a tensor, or null for zero",
      nullIsZero: true,
    });
    (leaves as Tensor[]).forEach((leaf, j) => {
      const c = ctLeaves[j] as Tensor | undefined;
      if (c === undefined) {
        matched.push(null);
        return;
      }
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
