/** Rebuilding a node on new inputs, shared by the passes that rewrite a program before scheduling. */
import { Tensor } from "@kiln/tensor";

/** Returns `node` when `inputs` are its own, else a new node of the same op, attributes, shape and dtype on `inputs`. */
export function withInputs(node: Tensor, inputs: readonly Tensor[]): Tensor {
  if (inputs.every((x, i) => x === node.inputs[i])) return node;
  return new Tensor(node.op, [...inputs], node.attrs, node.shape, node.dtype);
}
