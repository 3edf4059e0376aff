import type { PRNGKey, Tensor } from "@kiln/tensor";

/**
 * A layer: `init` creates a parameter pytree from a PRNG key and `apply` computes the output
 * from those parameters. Both are pure, and the layer object holds only its config.
 */
export interface Layer<Params, Input = Tensor<"f32">, Output = Tensor<"f32">, Options = undefined> {
  init(key: PRNGKey): Params;
  apply(params: Params, input: Input, options?: Options): Output;
}

/** The parameter type of a layer. */
export type ParamsOf<L> = L extends { init(key: PRNGKey): infer P } ? P : never;
