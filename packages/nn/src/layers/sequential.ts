import { random, type PRNGKey, type Tensor } from "@kiln/tensor";
import { fail } from "./errors.js";
import type { Layer, ParamsOf } from "./types.js";

/** A layer whose apply maps (params, x) to a tensor of the same role, so it can be chained. */
type ChainableLayer = Layer<unknown, Tensor<"f32">, Tensor<"f32">, never>;

/** The parameters of `sequential(layers)`: one entry per layer, in order. */
export type SequentialParams<L extends readonly ChainableLayer[]> = { -readonly [I in keyof L]: ParamsOf<L[I]> };

/**
 * Composes layers whose apply is (params, x) → y into one layer: x passes through the layers
 * in order. Parameters are an array with one entry per layer, and `init` gives each layer its
 * own key from `random.split`.
 */
export function sequential<const L extends readonly ChainableLayer[]>(layers: L): Layer<SequentialParams<L>> {
  if (!Array.isArray(layers)) fail("sequential", `layers must be an array: got ${typeof layers}`);
  layers.forEach((layer, i) => {
    if (typeof layer?.init !== "function" || typeof layer?.apply !== "function") {
      fail("sequential", `every layer needs init(key) and apply(params, x): layers[${i}] is missing one of them`);
    }
  });

  const init = (key: PRNGKey): SequentialParams<L> => {
    if (layers.length === 0) return [] as unknown as SequentialParams<L>;
    const keys = random.split(key, layers.length);
    return layers.map((layer, i) => layer.init(keys[i])) as unknown as SequentialParams<L>;
  };

  const apply = (params: SequentialParams<L>, x: Tensor<"f32">): Tensor<"f32"> => {
    const list = params as unknown as unknown[];
    if (!Array.isArray(list) || list.length !== layers.length) {
      fail("sequential", `params length differs from the number of layers: params ${Array.isArray(list) ? list.length : typeof list} vs layers ${layers.length}`);
    }
    return layers.reduce((y, layer, i) => layer.apply(list[i], y), x);
  };

  return { init, apply };
}
