import { Primitive } from "./primitive.js";
import type { Tensor } from "./tensor.js";

/**
 * Returns the nodes reachable from `outputs` in topological order (inputs first). Traversal
 * stops at nodes for which `isLeaf` returns true; those are listed in `leaves`. Iterative, so
 * graphs thousands of nodes deep do not overflow the stack.
 */
export function toposort(
  outputs: readonly Tensor[],
  isLeaf: (t: Tensor) => boolean,
  inputsOf: (t: Tensor) => readonly Tensor[] = (t) => t.inputs,
): { order: Tensor[]; leaves: Tensor[] } {
  const order: Tensor[] = [];
  const leaves: Tensor[] = [];
  const state = new Map<number, 1 | 2>(); // 1: on the stack, 2: done
  for (const root of outputs) {
    if (state.has(root.id)) continue;
    const stack: [Tensor, number][] = [[root, 0]];
    state.set(root.id, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [node, next] = top;
      if (isLeaf(node)) {
        stack.pop();
        state.set(node.id, 2);
        leaves.push(node);
        continue;
      }
      const inputs = inputsOf(node);
      if (next < inputs.length) {
        top[1]++;
        const child = inputs[next];
        if (!state.has(child.id)) {
          state.set(child.id, 1);
          stack.push([child, 0]);
        }
        continue;
      }
      stack.pop();
      state.set(node.id, 2);
      order.push(node);
    }
  }
  return { order, leaves };
}

/** True for nodes with no inputs whose value comes from outside the graph. */
export function isPlaceholder(t: Tensor): boolean {
  return t.op === Primitive.Input;
}
