import type { Tensor } from "@kiln/tensor";

/**
 * Returns a test of whether a node's value is computed from one of `targets`, following inputs
 * through fused nodes and stopping at nodes for which `stops` returns true (stored ones). Results are
 * kept, so each node is visited once across calls.
 */
export function reachesAny(targets: ReadonlySet<Tensor>, stops: (node: Tensor) => boolean): (node: Tensor) => boolean {
  const known = new Map<Tensor, boolean>();
  const reaches = (node: Tensor): boolean => {
    if (targets.has(node)) return true;
    if (stops(node)) return false;
    const cached = known.get(node);
    if (cached !== undefined) return cached;
    known.set(node, false);
    const result = node.inputs.some(reaches);
    known.set(node, result);
    return result;
  };
  return reaches;
}
