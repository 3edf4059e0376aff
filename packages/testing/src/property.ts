import fc from "fast-check";
import { checkGradients, type CheckGradientsOptions } from "./gradients/check-gradients.js";

/** One arbitrary per argument of `fn`. */
export type ArgumentArbitraries<Args extends unknown[]> = { [K in keyof Args]: fc.Arbitrary<Args[K]> };

/**
 * Builds a fast-check property that runs `checkGradients(fn, args, options)` on arguments drawn from
 * `arbitraries`. Run it with `fc.assert`. On failure fast-check shrinks the arguments and
 * prints them as `tensor([...])` code.
 */
export function gradientProperty<Args extends [unknown, ...unknown[]]>(
  fn: (...args: Args) => unknown,
  arbitraries: ArgumentArbitraries<Args>,
  options: CheckGradientsOptions = {},
): fc.IPropertyWithHooks<Args> {
  const predicate = (...args: Args): void => {
    checkGradients(fn, args, options);
  };
  const propertyArgs = [...arbitraries, predicate] as unknown as Parameters<typeof fc.property<Args>>;
  return fc.property<Args>(...propertyArgs);
}

export interface AssertGradientsOptions<Args extends unknown[]> extends CheckGradientsOptions {
  /**
   * fast-check run parameters such as `numRuns` and `seed`. `includeErrorInReport` defaults
   * to true, so the thrown message contains the GradientCheckError after the counterexample.
   */
  parameters?: fc.Parameters<Args>;
}

/**
 * Property-tests the derivatives of `fn`: runs `gradientProperty` with `fc.assert` and throws
 * fast-check's report of the shrunk counterexample and the GradientCheckError on failure.
 */
export function assertGradients<Args extends [unknown, ...unknown[]]>(
  fn: (...args: Args) => unknown,
  arbitraries: ArgumentArbitraries<Args>,
  options: AssertGradientsOptions<Args> = {},
): void {
  const { parameters, ...checkOptions } = options;
  fc.assert(gradientProperty(fn, arbitraries, checkOptions), { includeErrorInReport: true, ...parameters });
}
