import { fail, fmtShape } from "../errors.js";
import { Primitive, type CustomVjpRule } from "../ir/primitive.js";
import { createNode, isTensor, type Tensor } from "../ir/tensor.js";
import { flattenTree } from "../pytree.js";
import { shapesEqual } from "../shape.js";

/**
 * Defines a function with a hand-written reverse-mode rule, as JAX's `custom_vjp`.
 * `forward(...args)` returns `[output, residuals]`; `backward(residuals, cotangent)` returns one
 * cotangent per argument (same tree structure; null or undefined for zero). The output must be a
 * single tensor. Forward mode (jvp) differentiates `forward`'s own computation instead.
 */
export function customVjp<Args extends unknown[], Residuals>(
  forward: (...args: Args) => [Tensor, Residuals],
  backward: (residuals: Residuals, cotangent: Tensor) => unknown[],
  name = "custom_vjp",
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
        const flat = flattenTree(cts, (v) => isTensor(v) || v === null || v === undefined).leaves;
        if (flat.length !== inputs.length) fail(name, `backward returned ${flat.length} cotangent leaves for ${inputs.length} tensor inputs`);
        return flat.map((ct, i) => {
          if (ct === null || ct === undefined) return null;
          const t = ct as Tensor;
          if (!shapesEqual(t.shape, inputs[i].shape)) {
            fail(name, `backward returned a cotangent of shape ${fmtShape(t.shape)} for an input of shape ${fmtShape(inputs[i].shape)}`);
          }
          return t;
        });
      },
    };
    return createNode(Primitive.CustomVjp, [out, ...inputs], { rule }, out.shape, out.dtype);
  };
}
