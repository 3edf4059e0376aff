/**
 * @kiln/nn: declarative layers, initialisers, losses, optimisers, schedules and checkpoints.
 * Layers are `{ init(key) → params, apply(params, input, …) → output }` pairs; parameters are
 * plain pytrees and no layer holds mutable tensors.
 */
export * from "./layers/index.js";
export * from "./init/index.js";
export * from "./losses/index.js";
export * from "./optim/index.js";
export * from "./checkpoint/index.js";
