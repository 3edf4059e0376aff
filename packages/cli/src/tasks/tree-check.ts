/** Checks that a loaded checkpoint tree matches the model it is loaded into. */
import { leafPaths } from "@kiln/nn";
import { flattenTree, type Tensor } from "@kiln/tensor";
import { CliError } from "../errors.js";

/**
 * Raises a CliError naming the first difference between `expected` (a freshly initialised
 * state) and `actual` (a loaded one): a missing or extra tensor, or another shape or dtype.
 */
export function checkTreeMatches(expected: unknown, actual: unknown, source: string, description: string): void {
  const expectedPaths = leafPaths(expected);
  const actualPaths = leafPaths(actual);
  const actualSet = new Set(actualPaths);
  const expectedSet = new Set(expectedPaths);
  const missing = expectedPaths.find((path) => !actualSet.has(path));
  if (missing !== undefined) throw new CliError(`checkpoint ${source} does not fit ${description}: tensor ${missing} is missing`);
  const extra = actualPaths.find((path) => !expectedSet.has(path));
  if (extra !== undefined) throw new CliError(`checkpoint ${source} does not fit ${description}: it has an unexpected tensor ${extra}`);

  const expectedLeaves = flattenTree(expected).leaves as Tensor[];
  const actualLeaves = flattenTree(actual).leaves as Tensor[];
  const actualByPath = new Map(actualPaths.map((path, i) => [path, actualLeaves[i]]));
  expectedPaths.forEach((path, i) => {
    const want = expectedLeaves[i];
    const got = actualByPath.get(path)!;
    if (want.dtype !== got.dtype || want.shape.length !== got.shape.length || want.shape.some((d, j) => d !== got.shape[j])) {
      throw new CliError(
        `checkpoint ${source} does not fit ${description}: tensor ${path} is ${got.dtype} [${got.shape.join(", ")}], expected ${want.dtype} [${want.shape.join(", ")}]`,
      );
    }
  });
}
