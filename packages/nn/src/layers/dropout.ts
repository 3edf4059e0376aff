import { random, where, zerosLike, type PRNGKey, type Tensor } from "@kiln/tensor";
import { checkFloat, fail } from "./errors.js";

export interface DropoutOptions {
  /** Key of the random mask; required when training with rate > 0. */
  key?: PRNGKey;
  /** Dropout applies only when true. */
  train: boolean;
}

export interface DropoutLayer {
  readonly config: Readonly<{ rate: number }>;
  /** Returns x, or x with dropped elements zeroed and the rest scaled by 1/(1 - rate); same shape. */
  apply(x: Tensor<"f32">, options: DropoutOptions): Tensor<"f32">;
}

/**
 * Creates inverted dropout: when training, each element is kept with probability 1 - rate and
 * scaled by 1/(1 - rate), as where(bernoulli(key, 1 - rate, x.shape), x / (1 - rate), 0), so
 * the expected value is unchanged. It is the identity when `train` is false or rate is 0, and
 * returns zeros at rate 1. The mask comes from Kiln's counter-based PRNG, so a key selects the
 * same elements on every backend.
 */
export function dropout(config: { rate: number }): DropoutLayer {
  const { rate } = config;
  if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) fail("dropout", `rate must lie in [0, 1]: got ${rate}`);

  const apply = (x: Tensor<"f32">, options: DropoutOptions): Tensor<"f32"> => {
    checkFloat("dropout", "input", x);
    if (options === undefined || typeof options.train !== "boolean") fail("dropout", "options must be { key, train }: train must be a boolean");
    if (!options.train || rate === 0) return x;
    if (options.key === undefined) fail("dropout", `a PRNG key is required when training: rate ${rate}`);
    // At rate 1 nothing is kept, and x / 0 would make the gradient NaN.
    if (rate === 1) return zerosLike(x);
    const keep = random.bernoulli(options.key, 1 - rate, x.shape);
    return where(keep, x.div(1 - rate), 0) as Tensor<"f32">;
  };

  return { config, apply };
}
