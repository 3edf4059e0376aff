import { fromArray, type Tensor } from "@kiln/tensor";
import { checkPositiveInteger, fail } from "../layers/errors.js";

/** Frequency base of the sin-cos tables in the Transformer, MAE and MoCo v3. */
const TEMPERATURE = 10000;

/**
 * Builds the fixed 2-D sin-cos position embedding of MAE and MoCo v3 for a grid of
 * `gridHeight` × `gridWidth` patches: f32 [tokens, dim], where tokens = gridHeight·gridWidth,
 * plus one leading all-zero row when `classToken` is true.
 *
 * Tokens are in row-major patch order, token t = row·gridWidth + column. With q = dim/4 and
 * ω_i = 10000^(-i/q) for i < q, the row of a token is
 * [sin(column·ω), cos(column·ω), sin(row·ω), cos(row·ω)], as MAE's
 * `get_2d_sincos_pos_embed`. (MoCo v3's code uses the same features but enumerates tokens
 * column-major, so its table is transposed for non-trivial grids.) `dim` must be divisible by 4.
 */
export function sincos2dPositionEmbedding(
  gridHeight: number,
  gridWidth: number,
  dim: number,
  options?: { classToken?: boolean },
): Tensor<"f32", [number, number]> {
  const op = "sincos2dPositionEmbedding";
  checkPositiveInteger(op, "gridHeight", gridHeight);
  checkPositiveInteger(op, "gridWidth", gridWidth);
  checkPositiveInteger(op, "dim", dim);
  if (dim % 4 !== 0) fail(op, `dim must be divisible by 4: dim ${dim}`);

  const quarter = dim / 4;
  const omega = Array.from({ length: quarter }, (_, i) => TEMPERATURE ** (-i / quarter));
  const offset = options?.classToken ? 1 : 0;
  const tokens = gridHeight * gridWidth + offset;
  // Float64 host data keeps full precision until a backend uploads it.
  const table = new Float64Array(tokens * dim);
  for (let row = 0; row < gridHeight; row++) {
    for (let column = 0; column < gridWidth; column++) {
      const base = (offset + row * gridWidth + column) * dim;
      for (let i = 0; i < quarter; i++) {
        table[base + i] = Math.sin(column * omega[i]);
        table[base + quarter + i] = Math.cos(column * omega[i]);
        table[base + 2 * quarter + i] = Math.sin(row * omega[i]);
        table[base + 3 * quarter + i] = Math.cos(row * omega[i]);
      }
    }
  }
  return fromArray(table, [tokens, dim]);
}
