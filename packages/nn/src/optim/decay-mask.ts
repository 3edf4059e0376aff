/**
 * Per-parameter selection for weight decay (AdamW, SGD) and for LARS exclusion: a pytree of
 * booleans with the structure of the params, or a predicate over dotted leaf paths.
 */
import { flattenTree, KilnError, type Tensor } from "@kiln/tensor";
import { joinPath, type FlatTree } from "./tree.js";

/** A predicate over a parameter's dotted path (`blocks.0.attention.query.weight`) and tensor. */
export type LeafPredicate = (path: string, leaf: Tensor) => boolean;

/** A pytree of booleans. */
export type BooleanTree = boolean | readonly BooleanTree[] | { readonly [key: string]: BooleanTree };

/** A boolean per parameter: a pytree of booleans shaped like the params, or a predicate. */
export type LeafSelection = LeafPredicate | BooleanTree;

/** Selection of the parameters that weight decay applies to (true: decayed). */
export type DecayMask = LeafSelection;

/** Words of a path segment whose parameters `defaultDecayMask` leaves undecayed. */
const NO_DECAY_WORDS = new Set([
  "bias",
  "biases",
  "norm",
  "norms",
  "layernorm",
  "batchnorm",
  "groupnorm",
  "rmsnorm",
  "ln",
  "bn",
  "embed",
  "embeds",
  "embedding",
  "embeddings",
  "pos",
  "position",
  "positional",
  "cls",
  "class",
]);

/**
 * Splits a path segment into lower-case words at non-alphanumeric characters, lower-to-upper
 * case changes and letter-digit boundaries. For example `layerNorm1` gives layer, norm, 1.
 */
export function segmentWords(segment: string): string[] {
  return segment
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/([A-Za-z])([0-9])/g, "$1 $2")
    .replace(/([0-9])([A-Za-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

/**
 * Applies the default weight-decay rule. It returns false (no decay) for a leaf of rank ≤ 1.
 * It also returns false when a segment of the dotted path contains one of these words: bias,
 * biases, norm, norms, layernorm, batchnorm, groupnorm, rmsnorm, ln, bn, embed, embeds,
 * embedding, embeddings, pos, position, positional, cls or class. The word "logit" directly
 * followed by "scale" counts too. Segments are split into words by
 * `segmentWords`, so `ln_1`, `layerNorm`, `pos_embed`, `clsToken` and `logitScale` match but
 * `classifier` and `linear` do not. Everything else (matrices and convolution kernels) is decayed.
 *
 * NOTE: a patch-embedding convolution named `patch_embed` or `patchEmbed` matches "embed", so
 * it is not decayed. Wrap this function to decay it.
 */
export function defaultDecayMask(path: string, leaf: Tensor): boolean {
  if (leaf.rank <= 1) return false;
  for (const segment of path.split(".")) {
    const words = segmentWords(segment);
    if (words.some((word) => NO_DECAY_WORDS.has(word))) return false;
    if (words.some((word, i) => word === "logit" && words[i + 1] === "scale")) return false;
  }
  return true;
}

/**
 * Evaluates `selection` for every leaf of `params`. A predicate is called with each leaf's path
 * and tensor. A boolean tree must have exactly the leaf paths of the params.
 */
export function resolveSelection(op: string, name: string, selection: LeafSelection, params: FlatTree): boolean[] {
  if (typeof selection === "function") {
    return params.leaves.map((leaf, i) => {
      const selected = (selection as LeafPredicate)(params.paths[i], leaf);
      if (typeof selected !== "boolean") {
        throw new KilnError(op, `${name} returned ${typeof selected} for "${params.paths[i]}"; it must return a boolean`);
      }
      return selected;
    });
  }
  const { leaves, def } = flattenTree(selection, (value) => typeof value === "boolean");
  const paths: string[] = [];
  const walk = (node: typeof def, prefix: string): void => {
    if (node.kind === "leaf") paths.push(prefix);
    if (node.kind === "array") node.children.forEach((child, i) => walk(child, joinPath(prefix, String(i))));
    if (node.kind === "object") node.children.forEach((child, i) => walk(child, joinPath(prefix, node.keys[i])));
  };
  walk(def, "");
  const sameLeaves = paths.length === params.paths.length && paths.every((path, i) => path === params.paths[i]);
  if (!sameLeaves) {
    const missing = params.paths.filter((path) => !paths.includes(path));
    const extra = paths.filter((path) => !params.paths.includes(path));
    const details = [missing.length ? `missing ${missing.join(", ")}` : "", extra.length ? `not in params ${extra.join(", ")}` : ""];
    const summary = details.filter((d) => d !== "").join("; ") || "leaf order differs";
    throw new KilnError(op, `${name} must be a tree of booleans with the structure of the params: ${summary}`);
  }
  return leaves as boolean[];
}
