/**
 * Scheduling: decides which nodes of a program get a buffer of their own (a kernel writes them)
 * and which are fused into their consumers. Elementwise and movement nodes are inlined into the
 * kernel that reads them; reductions, matmuls, sorts and scatters start a kernel; a reduction or
 * matmul whose only consumer is a same-shape elementwise chain becomes the "core" of the kernel
 * that writes the end of that chain (epilogue fusion).
 */
import { Primitive, type Program, type Tensor } from "@kiln/tensor";

/** Primitives computed by a dedicated loop rather than per output element. */
const CORE_OPS: ReadonlySet<Primitive> = new Set([
  Primitive.ReduceSum,
  Primitive.ReduceMax,
  Primitive.ReduceProd,
  Primitive.ArgMax,
  Primitive.Dot,
  Primitive.Argsort,
  Primitive.ScatterAdd,
]);

/** Cores that can take an elementwise epilogue. */
const EPILOGUE_CORES: ReadonlySet<Primitive> = new Set([
  Primitive.ReduceSum,
  Primitive.ReduceMax,
  Primitive.ReduceProd,
  Primitive.Dot,
]);

/** Index-only primitives: inlining them costs address arithmetic, never recomputation. */
const VIEW_OPS: ReadonlySet<Primitive> = new Set([
  Primitive.Reshape,
  Primitive.Permute,
  Primitive.Broadcast,
  Primitive.Slice,
  Primitive.Flip,
  Primitive.StopGradient,
  Primitive.CustomVjp,
]);

const ELEMENTWISE_OPS: ReadonlySet<Primitive> = new Set([
  Primitive.Neg,
  Primitive.Abs,
  Primitive.Sign,
  Primitive.Exp,
  Primitive.Log,
  Primitive.Log1p,
  Primitive.Expm1,
  Primitive.Sqrt,
  Primitive.Rsqrt,
  Primitive.Reciprocal,
  Primitive.Sin,
  Primitive.Cos,
  Primitive.Tanh,
  Primitive.Sigmoid,
  Primitive.Erf,
  Primitive.Floor,
  Primitive.Not,
  Primitive.Cast,
  Primitive.Add,
  Primitive.Sub,
  Primitive.Mul,
  Primitive.Div,
  Primitive.Pow,
  Primitive.Maximum,
  Primitive.Minimum,
  Primitive.Less,
  Primitive.LessEqual,
  Primitive.Equal,
  Primitive.NotEqual,
  Primitive.And,
  Primitive.Or,
  Primitive.Where,
]);

export interface KernelPlan {
  /** The node this kernel writes to its buffer. */
  root: Tensor;
  /** The reduction, matmul, sort or scatter computed in the kernel's loop, if any. */
  core: Tensor | null;
}

export interface Schedule {
  kernels: KernelPlan[];
  /** Nodes with a buffer: program inputs, constants of more than one element, kernel roots. */
  materialized: Set<Tensor>;
  /** Constants uploaded once per executable. */
  constants: Tensor[];
}

function isCheap(node: Tensor, materialized: Set<Tensor>, inputsOf: (t: Tensor) => readonly Tensor[]): boolean {
  if (materialized.has(node)) return true;
  if (node.op === Primitive.Constant || node.op === Primitive.Iota) return true;
  if (!VIEW_OPS.has(node.op)) return false;
  return inputsOf(node).every((x) => isCheap(x, materialized, inputsOf));
}

export function schedule(program: Program): Schedule {
  const inputSet = new Set(program.inputs);
  const outputSet = new Set(program.outputs);
  const consumers = new Map<Tensor, Tensor[]>();
  for (const node of program.nodes) {
    for (const x of node.inputs) {
      const list = consumers.get(x) ?? [];
      list.push(node);
      consumers.set(x, list);
    }
  }
  const uses = (t: Tensor) => (consumers.get(t)?.length ?? 0) + (outputSet.has(t) ? 1 : 0);

  const materialized = new Set<Tensor>(program.inputs);
  const constants: Tensor[] = [];
  for (const node of program.nodes) {
    if (inputSet.has(node)) continue;
    if (node.op === Primitive.Constant) {
      if (node.size > 1 || outputSet.has(node)) {
        materialized.add(node);
        constants.push(node);
      }
      continue;
    }
    const cheap = isCheap(node, materialized, (t) => t.inputs);
    if (outputSet.has(node) || CORE_OPS.has(node.op) || node.op === Primitive.RandomBits && uses(node) > 1 || (uses(node) > 1 && !cheap)) {
      materialized.add(node);
    }
  }

  // Matmul operands are read many times each: keep them to plain loads.
  for (const node of program.nodes) {
    if (node.op !== Primitive.Dot) continue;
    for (const operand of node.inputs) {
      if (!isCheap(operand, materialized, (t) => t.inputs)) materialized.add(operand);
    }
  }

  // Epilogue fusion: a core whose single consumer chain is same-shape elementwise.
  const coreOf = new Map<Tensor, Tensor>();
  for (const node of program.nodes) {
    if (!EPILOGUE_CORES.has(node.op) || outputSet.has(node) || uses(node) !== 1) continue;
    let current = node;
    let root: Tensor | null = null;
    for (;;) {
      const next = consumers.get(current)?.[0];
      if (!next || !ELEMENTWISE_OPS.has(next.op) || next.size !== node.size || next.rank !== node.rank) break;
      if (next.shape.some((d, i) => d !== node.shape[i])) break;
      if (materialized.has(next)) {
        root = next;
        break;
      }
      if (uses(next) !== 1) break;
      current = next;
    }
    if (root && !coreOf.has(root) && !CORE_OPS.has(root.op)) {
      coreOf.set(root, node);
      materialized.delete(node);
    }
  }

  const kernels: KernelPlan[] = [];
  for (const node of program.nodes) {
    if (!materialized.has(node) || inputSet.has(node) || node.op === Primitive.Constant) continue;
    const core = CORE_OPS.has(node.op) ? node : coreOf.get(node) ?? null;
    kernels.push({ root: node, core });
  }
  return { kernels, materialized, constants };
}
