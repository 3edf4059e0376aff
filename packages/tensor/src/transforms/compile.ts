import type { DType } from "../dtype.js";
import { fail } from "../errors.js";
import { defaultBackend, getBackend, type Backend, type Program } from "../backend/backend.js";
import { freshNodeId, insideTransform, withCompileTrace } from "../ir/context.js";
import { toposort } from "../ir/graph.js";
import { Primitive } from "../ir/primitive.js";
import { createNode, isTensor, type Tensor } from "../ir/tensor.js";
import * as ops from "../ops/index.js";
import { flattenTree, treeDefKey, unflattenTree, type TreeDef } from "../pytree.js";
import { realizeOn } from "../realize.js";

export interface CompileOptions {
  /** Positional arguments whose tensors the call may overwrite (parameters, optimiser state). */
  donate?: readonly number[];
  /** Backend name; the default backend at call time when omitted. */
  backend?: string;
}

/** One trace of the function for one input signature. */
export interface Trace {
  program: Program;
  /** Number of placeholder inputs (the rest of `program.inputs` are captured tensors). */
  argCount: number;
  outputDef: TreeDef;
  /** For each output leaf: a program output index, or a placeholder / captured tensor returned as is. */
  outputSources: ({ kind: "output"; index: number } | { kind: "input"; index: number })[];
}

const isArgLeaf = (v: unknown): boolean => isTensor(v) || typeof v === "number";

function signatureOf(def: TreeDef, leaves: unknown[]): string {
  const parts = leaves.map((l) => (isTensor(l) ? `${l.dtype}[${l.shape.join(",")}]` : "f32[]"));
  return `${treeDefKey(def)}|${parts.join(";")}`;
}

function traceFunction(fn: (...args: unknown[]) => unknown, def: TreeDef, leaves: unknown[], donate: readonly number[]): Trace {
  const firstTracedId = freshNodeId();
  const placeholders = leaves.map((leaf, index) => {
    const dtype: DType = isTensor(leaf) ? leaf.dtype : "f32";
    const shape = isTensor(leaf) ? leaf.shape : [];
    return createNode(Primitive.Input, [], { index }, shape, dtype);
  });
  const out = withCompileTrace(() => fn(...(unflattenTree(def, placeholders) as unknown[])));
  const { leaves: outLeaves, def: outputDef } = flattenTree(out);
  const outs = outLeaves as Tensor[];

  // Tensors created before tracing began are captured: computed once, then passed as inputs.
  const isCaptured = (t: Tensor) => t.id < firstTracedId && t.op !== Primitive.Input;
  const { order, leaves: graphLeaves } = toposort(outs, (t) => t.op === Primitive.Input || isCaptured(t));
  const captured = graphLeaves.filter(isCaptured);
  const inputs = [...placeholders, ...captured];
  const computed = outs.filter((t) => !inputs.includes(t));
  const uniqueComputed = [...new Set(computed)];
  const outputSources = outs.map((t) => {
    const i = inputs.indexOf(t);
    return i >= 0 ? { kind: "input" as const, index: i } : { kind: "output" as const, index: uniqueComputed.indexOf(t) };
  });
  // A donated leaf that is also returned unchanged keeps its buffer: it is not donated.
  const returned = new Set(outputSources.flatMap((src) => (src.kind === "input" ? [src.index] : [])));
  const donatedLeaves = new Set<number>();
  const argOfLeaf = leafArgIndices(def);
  argOfLeaf.forEach((arg, leaf) => {
    if (donate.includes(arg) && !returned.has(leaf)) donatedLeaves.add(leaf);
  });
  return {
    program: { inputs, nodes: order, outputs: uniqueComputed, donated: donatedLeaves },
    argCount: placeholders.length,
    outputDef,
    outputSources,
  };
}

/** For each leaf of the argument tree, the positional argument it belongs to. */
function leafArgIndices(def: TreeDef): number[] {
  if (def.kind !== "array") return [];
  const out: number[] = [];
  def.children.forEach((child, arg) => {
    const count = flattenCount(child);
    for (let i = 0; i < count; i++) out.push(arg);
  });
  return out;
}

function flattenCount(def: TreeDef): number {
  switch (def.kind) {
    case "leaf":
      return 1;
    case "static":
      return 0;
    case "array":
    case "object":
      return def.children.reduce((n, c) => n + flattenCount(c), 0);
    default:
      return def satisfies never;
  }
}

/** Calls `fn` on the arguments as a trace would see them: number leaves become f32 scalars. */
function callInline(fn: (...args: unknown[]) => unknown, args: unknown[]): unknown {
  const { leaves, def } = flattenTree(args, isArgLeaf);
  const tensors = leaves.map((leaf) => (isTensor(leaf) ? leaf : ops.scalar(leaf as number)));
  return fn(...(unflattenTree(def, tensors) as unknown[]));
}

export interface Compiled<F extends (...args: any[]) => any> {
  (...args: Parameters<F>): ReturnType<F>;
  /** Traces (or fetches from the cache) the program for these arguments without running it. */
  trace(...args: Parameters<F>): Trace;
  /** Number of distinct input signatures traced so far. */
  readonly traceCount: number;
}

/**
 * Traces `fn` once per input signature (tree structure, shapes and dtypes; JavaScript numbers
 * become f32 scalar inputs, other non-tensor values are static) and returns a function that
 * runs the traced program. Static primitives match by value, and static functions and class
 * instances match by identity. Tensors that `fn` closes over are computed once per call site
 * and passed in. Tensors of donated arguments may be overwritten and must not be used
 * afterwards. Called inside `grad`, `vjp`, `jvp` or another compiled function, it calls `fn`
 * directly so that the enclosing transform differentiates or traces its ops, as JAX does for
 * `jit` inside `grad`. Such a call neither traces, donates nor uses the `backend` option.
 */
export function compile<F extends (...args: any[]) => any>(fn: F, options: CompileOptions = {}): Compiled<F> {
  const cache = new Map<string, Trace>();
  const donate = options.donate ?? [];

  const lookup = (args: unknown[]): { trace: Trace; leaves: unknown[] } => {
    const { leaves, def } = flattenTree(args, isArgLeaf);
    const key = signatureOf(def, leaves);
    let trace = cache.get(key);
    if (!trace) {
      trace = traceFunction(fn as (...a: unknown[]) => unknown, def, leaves, donate);
      cache.set(key, trace);
    }
    return { trace, leaves };
  };

  const run = (...args: unknown[]): unknown => {
    // Inside grad, vjp, jvp or another compile trace, the program's outputs would be new
    // constants with no path back to the arguments, so the enclosing transform would see a
    // zero derivative. Calling fn records its ops in the enclosing graph instead.
    if (insideTransform()) return callInline(fn as (...a: unknown[]) => unknown, args);
    const backend: Backend = options.backend ? getBackend(options.backend) : defaultBackend();
    const { trace, leaves } = lookup(args);
    const argTensors = leaves.map((l) => (isTensor(l) ? l : ops.scalar(l as number)));
    const captured = trace.program.inputs.slice(trace.argCount);
    for (const t of captured) {
      const reason = t.unusableReason;
      if (reason) {
        fail(
          "compile",
          `the compiled function uses ${t} from its enclosing scope, and that tensor ${reason} after the function was traced; keep captured tensors alive, or pass the value as an argument`,
        );
      }
    }
    const buffers = realizeOn([...argTensors, ...captured], backend);
    const outBuffers = backend.execute(trace.program, buffers);
    const results = outBuffers.map((buffer, i) => {
      const node = trace.program.outputs[i];
      const t = createNode(Primitive.Constant, [], { data: null }, node.shape, node.dtype);
      t.realized = { backend, buffer };
      return t;
    });
    const inputsAsTensors = [...argTensors, ...captured];
    const outLeaves = trace.outputSources.map((s) => (s.kind === "output" ? results[s.index] : inputsAsTensors[s.index]));
    trace.program.donated?.forEach((i) => {
      if (!trace.outputSources.some((s) => s.kind === "input" && s.index === i)) argTensors[i].donated = true;
    });
    return unflattenTree(trace.outputDef, outLeaves);
  };

  const compiled = run as unknown as Compiled<F>;
  compiled.trace = (...args: unknown[]) => lookup(args).trace;
  Object.defineProperty(compiled, "traceCount", { get: () => cache.size });
  if (donate.some((i) => !Number.isInteger(i) || i < 0)) fail("compile", `donate must list argument positions, got [${donate.join(", ")}]`);
  return compiled;
}
