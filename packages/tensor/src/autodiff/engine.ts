/**
 * The reverse and forward passes over a recorded graph. Differentiation inputs are fresh alias
 * nodes, so nested transforms never confuse each other's variables, and every rule emits
 * ordinary ops, so the result can be differentiated again.
 */
import { fail, fmtShape, internal } from "../errors.js";
import { toposort } from "../ir/graph.js";
import { Primitive } from "../ir/primitive.js";
import { createNode, type Tensor } from "../ir/tensor.js";
import { shapesEqual } from "../shape.js";
import { JVP_RULES } from "./jvp-rules.js";
import { VJP_RULES } from "./vjp-rules.js";

/** A new node equal to `x` that a transform differentiates with respect to. */
export function alias(x: Tensor): Tensor {
  return createNode(Primitive.Reshape, [x], { shape: [...x.shape] }, x.shape, x.dtype);
}

/** The part of a graph between differentiation inputs and outputs, with inputs captured. */
export interface Tape {
  order: Tensor[];
  inputsOf: Map<Tensor, readonly Tensor[]>;
  active: Set<Tensor>;
}

/**
 * Records the nodes on paths from `wrt` to `outputs`. Inputs are copied, so realizing a tensor
 * later (which may drop its inputs) does not break the backward pass.
 */
export function recordTape(outputs: readonly Tensor[], wrt: readonly Tensor[]): Tape {
  const wrtSet = new Set(wrt);
  const { order } = toposort(outputs, (t) => wrtSet.has(t));
  const active = new Set<Tensor>(wrt);
  const inputsOf = new Map<Tensor, readonly Tensor[]>();
  for (const node of order) {
    if (node.inputs.some((x) => active.has(x))) {
      active.add(node);
      inputsOf.set(node, [...node.inputs]);
    }
  }
  return { order: order.filter((t) => inputsOf.has(t)), inputsOf, active };
}

function accumulate(map: Map<Tensor, Tensor>, node: Tensor, ct: Tensor): void {
  if (!shapesEqual(ct.shape, node.shape)) {
    internal(`cotangent ${fmtShape(ct.shape)} does not match ${node} (${node.op})`);
  }
  const previous = map.get(node);
  map.set(node, previous ? previous.add(ct) : ct);
}

/** Runs the backward pass; returns the cotangent of each `wrt` node (null where it is zero). */
export function backward(tape: Tape, outputs: readonly Tensor[], cotangents: readonly Tensor[], wrt: readonly Tensor[]): (Tensor | null)[] {
  const cts = new Map<Tensor, Tensor>();
  outputs.forEach((out, i) => {
    if (tape.active.has(out) && out.dtype === "f32") accumulate(cts, out, cotangents[i]);
  });
  for (let i = tape.order.length - 1; i >= 0; i--) {
    const node = tape.order[i];
    const ct = cts.get(node);
    if (!ct) continue;
    cts.delete(node);
    const inputs = tape.inputsOf.get(node) ?? internal(`no inputs recorded for ${node}`);
    const inputCts = VJP_RULES[node.op](ct, node, inputs);
    inputs.forEach((x, j) => {
      const xct = inputCts[j];
      if (xct && tape.active.has(x) && x.dtype === "f32") accumulate(cts, x, xct);
    });
  }
  return wrt.map((w) => cts.get(w) ?? null);
}

/** Runs the forward pass; returns the tangent of each output (null where it is zero). */
export function forward(outputs: readonly Tensor[], wrt: readonly Tensor[], tangents: readonly Tensor[]): (Tensor | null)[] {
  const tape = recordTape(outputs, wrt);
  const tans = new Map<Tensor, Tensor>();
  wrt.forEach((w, i) => tans.set(w, tangents[i]));
  for (const node of tape.order) {
    if (node.dtype !== "f32") continue;
    const inputs = tape.inputsOf.get(node) ?? internal(`no inputs recorded for ${node}`);
    const inputTangents = inputs.map((x) => tans.get(x) ?? null);
    if (inputTangents.every((t) => t === null)) continue;
    const t = JVP_RULES[node.op](inputTangents, node, inputs);
    if (t) {
      if (!shapesEqual(t.shape, node.shape)) internal(`tangent ${fmtShape(t.shape)} does not match ${node} (${node.op})`);
      tans.set(node, t);
    }
  }
  return outputs.map((o) => tans.get(o) ?? null);
}

export function checkDifferentiable(op: string, x: Tensor, label: string): void {
  if (x.dtype !== "f32") {
    fail(op, `cannot differentiate with respect to ${label} of dtype ${x.dtype}${fmtShape(x.shape)}; only f32 inputs have gradients (pass allowInt: true to get zeros)`);
  }
}
