import type { PRNGKey, Tensor } from "@kiln/tensor";

/**
 * A parameter initialiser: draws an f32 tensor of `shape` from `key`. Layers take one in their
 * `init` config, for example `init: { weight: (key, shape) => truncatedNormal(key, shape, { std: 0.02 }) }`.
 */
export type Initializer = (key: PRNGKey, shape: readonly number[]) => Tensor<"f32">;
