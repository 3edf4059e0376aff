/** Builds the boolean "may attend" mask of multiHeadAttention from its mask, causal and keyPadding options. */
import { iota, lessEqual, logicalAnd, logicalNot, reshape, type Tensor } from "@kiln/tensor";
import { describe, fail, formatShape } from "./errors.js";

export interface AttentionMaskOptions {
  /** bool [..., queries, keys], broadcast against the batch axes; true means the query may attend to the key. */
  mask?: Tensor<"bool">;
  /** Masks future keys: query i attends to keys j ≤ i (top-left aligned when queries ≠ keys). */
  causal?: boolean;
  /** bool [...batch, keys]; true marks a padding key that no query attends to. */
  keyPadding?: Tensor<"bool">;
}

const OP = "multiHeadAttention";

/** Checks that `shape` broadcasts to `target` under NumPy rules without growing its rank. */
function broadcastsTo(shape: readonly number[], target: readonly number[]): boolean {
  if (shape.length > target.length) return false;
  const offset = target.length - shape.length;
  return shape.every((d, i) => d === 1 || d === target[offset + i]);
}

/**
 * Combines the masking options into one bool tensor that broadcasts against the attention
 * scores [...batch, heads, queries, keys], or returns undefined when nothing is masked.
 */
export function attentionMask(batch: readonly number[], queries: number, keys: number, options: AttentionMaskOptions): Tensor<"bool"> | undefined {
  const parts: Tensor<"bool">[] = [];
  const scoresShape = [...batch, queries, keys];

  if (options.mask !== undefined) {
    const mask = options.mask;
    if (mask.dtype !== "bool") fail(OP, `mask must be bool (true = may attend): got ${describe(mask)}`);
    if (mask.rank < 2 || !broadcastsTo(mask.shape, scoresShape)) {
      fail(OP, `mask shape does not broadcast to [...batch, queries, keys]: mask ${formatShape(mask.shape)} vs ${formatShape(scoresShape)}`);
    }
    // Insert the heads axis before [queries, keys].
    parts.push(reshape(mask, [...mask.shape.slice(0, -2), 1, ...mask.shape.slice(-2)]));
  }

  if (options.causal) {
    parts.push(lessEqual(iota([queries, keys], 1), iota([queries, keys], 0)));
  }

  if (options.keyPadding !== undefined) {
    const padding = options.keyPadding;
    const expected = [...batch, keys];
    if (padding.dtype !== "bool") fail(OP, `keyPadding must be bool (true = padding): got ${describe(padding)}`);
    if (padding.rank !== expected.length || padding.shape.some((d, i) => d !== expected[i])) {
      fail(OP, `keyPadding shape differs from [...batch, keys]: keyPadding ${formatShape(padding.shape)} vs ${formatShape(expected)}`);
    }
    parts.push(reshape(logicalNot(padding), [...batch, 1, 1, keys]));
  }

  if (parts.length === 0) return undefined;
  return parts.reduce((a, b) => logicalAnd(a, b));
}
