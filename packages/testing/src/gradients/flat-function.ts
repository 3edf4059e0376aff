/**
 * Converts a function over pytrees into a function from its f32 input leaves to its f32
 * output leaves, with every input copied to a float64 constant for the cpu64 oracle. The
 * checks in this package work on that flat form only.
 */
import { flattenTree, fromArray, isTensor, unflattenTree, withBackend, type Tensor } from "@kiln/tensor";

/** A function from f32 leaves to f32 leaves, each an oracle tensor. */
export type FlatFunction = (inputs: readonly Tensor[]) => Tensor[];

/** A leaf's path in its tree, such as `args[0].w`, and its shape. */
export interface LeafInfo {
  path: string;
  shape: readonly number[];
}

export interface FlatProblem {
  fn: FlatFunction;
  /** The f32 input leaves as float64 constants, in depth-first order. */
  inputs: Tensor[];
  inputData: Float64Array[];
  inputLeaves: LeafInfo[];
  outputLeaves: LeafInfo[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/** Paths of the tensor leaves of `tree`, in the depth-first order of `flattenTree`. */
export function tensorPaths(tree: unknown, root: string): string[] {
  const paths: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (isTensor(node)) paths.push(path);
    else if (Array.isArray(node)) node.forEach((child, i) => walk(child, childPath(path, i)));
    else if (isPlainObject(node)) for (const key of Object.keys(node)) walk(node[key], childPath(path, key));
  };
  walk(tree, root);
  return paths;
}

/** Copies a tensor's current value into a constant, keeping f32 data in float64. */
export function toOracleConstant(t: Tensor): Tensor {
  const data = withBackend("cpu64", () => t.dataSync());
  return t.dtype === "f32" ? fromArray(Float64Array.from(data), [...t.shape], "f32") : fromArray(data, [...t.shape], t.dtype);
}

/** Reads an f32 oracle tensor as float64 data. */
export function readOracle(t: Tensor): Float64Array {
  return Float64Array.from(withBackend("cpu64", () => t.dataSync()));
}

/**
 * Builds the flat problem for `fn(...args)`. Integer and boolean tensors and non-tensor
 * values (numbers, strings) are passed to `fn` unchanged and are not differentiated. Only
 * the f32 leaves of the output are checked. Must run with cpu64 as the default backend.
 */
export function flattenProblem(fn: (...args: never[]) => unknown, args: readonly unknown[]): FlatProblem {
  const { leaves, def } = flattenTree([...args]);
  const tensors = (leaves as Tensor[]).map(toOracleConstant);
  const paths = tensorPaths([...args], "args");
  const floatPositions = tensors.flatMap((t, i) => (t.dtype === "f32" ? [i] : []));
  if (floatPositions.length === 0) {
    throw new TypeError("checkGradients: the arguments contain no f32 tensor to differentiate; pass at least one f32 tensor");
  }

  let outputLeaves: LeafInfo[] | null = null;
  const flat: FlatFunction = (inputs) => {
    const callLeaves = [...tensors];
    floatPositions.forEach((position, i) => {
      callLeaves[position] = inputs[i];
    });
    const callArgs = unflattenTree(def, callLeaves) as never[];
    const out = fn(...callArgs);
    const outTensors = flattenTree(out).leaves as Tensor[];
    const outPaths = tensorPaths(out, "out");
    const floats = outTensors.flatMap((t, i) => (t.dtype === "f32" ? [{ t, path: outPaths[i] }] : []));
    if (floats.length === 0) {
      throw new TypeError("checkGradients: the function returned no f32 tensor; return a tensor or a pytree with f32 tensor leaves");
    }

    const info = floats.map(({ t, path }) => ({ path, shape: [...t.shape] }));
    if (outputLeaves === null) outputLeaves = info;
    else checkSameLeaves(outputLeaves, info);
    return floats.map(({ t }) => t);
  };

  const inputs = floatPositions.map((i) => tensors[i]);
  // Tracing once (without evaluating) records the output leaves.
  flat(inputs);
  return {
    fn: flat,
    inputs,
    inputData: inputs.map(readOracle),
    inputLeaves: floatPositions.map((i) => ({ path: paths[i], shape: [...tensors[i].shape] })),
    outputLeaves: outputLeaves ?? [],
  };
}

function checkSameLeaves(expected: LeafInfo[], got: LeafInfo[]): void {
  const describe = (leaves: LeafInfo[]) => leaves.map((l) => `${l.path}[${l.shape.join(", ")}]`).join(", ");
  const same = expected.length === got.length && expected.every((l, i) => l.path === got[i].path && l.shape.join() === got[i].shape.join());
  if (!same) {
    throw new Error(`checkGradients: the function returned different f32 outputs for perturbed inputs: ${describe(expected)} first, then ${describe(got)}`);
  }
}
