import { fail, formatShape } from "../layers/errors.js";

/** Axes of a weight shape that count as inputs and outputs (default -2 and -1). */
export interface FanOptions {
  /** Axis whose size is the number of input units (default -2, as in Kiln's [in, out] linear weight). */
  inAxis?: number;
  /** Axis whose size is the number of output units (default -1). */
  outAxis?: number;
}

/**
 * Computes fanIn and fanOut of a weight shape with JAX's rule: fanIn = shape[inAxis] · r and
 * fanOut = shape[outAxis] · r, where the receptive field size r is the product of all other
 * dimensions. A linear weight [in, out] has fanIn = in and fanOut = out, and a convolution
 * kernel [kh, kw, in, out] has fanIn = kh·kw·in. Shapes of rank below 2 are rejected.
 */
export function computeFans(op: string, shape: readonly number[], options?: FanOptions): { fanIn: number; fanOut: number } {
  const rank = shape.length;
  if (rank < 2) fail(op, `fanIn and fanOut need a weight shape of rank ≥ 2: shape ${formatShape(shape)}`);
  const resolve = (axis: number, name: string): number => {
    if (!Number.isInteger(axis) || axis < -rank || axis >= rank) fail(op, `${name} is out of range: ${name} ${axis} for shape ${formatShape(shape)}`);
    return axis < 0 ? axis + rank : axis;
  };
  const inAxis = resolve(options?.inAxis ?? -2, "inAxis");
  const outAxis = resolve(options?.outAxis ?? -1, "outAxis");
  if (inAxis === outAxis) fail(op, `inAxis and outAxis must differ: both are axis ${inAxis} of shape ${formatShape(shape)}`);
  const receptive = shape.reduce((n, d, i) => (i === inAxis || i === outAxis ? n : n * d), 1);
  const fanIn = shape[inAxis] * receptive;
  const fanOut = shape[outAxis] * receptive;
  if (fanIn === 0 || fanOut === 0) fail(op, `fanIn and fanOut must be positive: fanIn ${fanIn}, fanOut ${fanOut} for shape ${formatShape(shape)}`);
  return { fanIn, fanOut };
}
