/**
 * Lowers a row group: for each row, every per-row reduction in dependency order, then the
 * root's elements, all in one kernel. Short rows take one invocation each, unrolled (up to
 * UNROLLED_STATEMENTS_MAX statements) so that every value is loaded once. Long rows take a
 * workgroup that reduces through workgroup memory. Reductions read by other kernels as well
 * are written to their buffers as they are computed.
 */
import type { Tensor } from "@kiln/tensor";
import type { KernelPlan } from "../schedule/plan.js";
import { KernelBuilder, flatIndex, unflatIndex } from "./builder.js";
import { addU, bin, divU, u32, v, type Expr } from "./ir.js";
import { countStatements, reducerOf, type LowerOptions, type LoweredKernel } from "./lower.js";

/** Rows longer than this are reduced by a whole workgroup. */
const SHORT_ROW = 64;

/**
 * Most statements of an unrolled row kernel. Longer ones (a layer norm's gradient with its
 * neighbours fused in) keep their loops, because kernels of up to 2,700 statements compiled
 * slowly. With Mesa's shader cache off, two steps of the CLIP demo took 3 min 30 s before
 * unrolling, 6 min 30 s with every short row unrolled and 2 min 50 s with this cap.
 * NOTE: the cap was chosen from lavapipe's compile times; other drivers may want another.
 */
const UNROLLED_STATEMENTS_MAX = 1000;

/** Values of a short row that one step of its loops reads and writes with vector loads and stores. */
const VECTOR_STEP = 4;

/**
 * Lowers the row group of `plan`. Short rows of one axis, a multiple of 4 long, read and write
 * 4 consecutive values per step with vector loads and stores. A tensor read both 4 at a time
 * and one at a time would take two bindings, so such a kernel is lowered again with `vector`
 * false, one value per step. Vector steps took the Transformer step's row kernels (rows of
 * 64) about 14% less time on lavapipe.
 */
export function lowerRows(plan: KernelPlan, materialized: ReadonlySet<Tensor>, options: LowerOptions, vector = true, unroll = true): LoweredKernel {
  const root = plan.root;
  const group = plan.rows;
  if (!group) throw new Error("internal: lowerRows needs a row group");
  const visible = new Set(materialized);
  visible.delete(root);
  for (const q of group.stored) visible.delete(q);
  const b = new KernelBuilder(visible);
  const rank = root.rank;
  const keptShape = root.shape.slice(0, rank - group.reducedAxes);
  const innerShape = root.shape.slice(rank - group.reducedAxes);
  const rows = keptShape.reduce((n, d) => n * d, 1);
  const length = innerShape.reduce((n, d) => n * d, 1);
  const short = length <= SHORT_ROW;
  const width = length >= 1024 ? 256 : 64;
  const step = vector && short && group.reducedAxes === 1 && length % VECTOR_STEP === 0 && length >= 2 * VECTOR_STEP ? VECTOR_STEP : 1;
  const j = v("j", "u32");
  /** Returns the coordinates of element `base` + t of the row, in the form that alignLastAxis recognises. */
  const elementAt = (base: Expr, t: number) => (step === 1 ? coordsAt(base) : [...rowCoords, addU(base, u32(t))]);

  const row = short ? v("gid", "u32") : v("wid", "u32");
  // A grid of more than 65,535 workgroups is rounded up to whole rows of the x dimension, so
  // the invocations or workgroups past the last row return. The row index is workgroup-uniform
  // in the long case, so the barriers below stay in uniform control flow.
  b.emit({ k: "if", cond: bin("le", u32(rows), row), then: [{ k: "return" }] });
  const rowCoords = unflatIndex(row, keptShape).map((c) => b.bind(c, "c"));
  const coordsAt = (j: Expr) => [...rowCoords, ...unflatIndex(j, innerShape)];
  const loopStart = short ? u32(0) : v("lid", "u32");
  const loopStep = short ? u32(step) : u32(width);
  // A short row is unrolled, one named offset per step, so that each value is loaded once:
  // the passes over the row (mean, variance, output) reuse the loads of the first. On lavapipe
  // a layer norm of [1088, 64] took 0.29 ms this way against 0.35 ms with three loops.
  const unrolled = short && unroll;
  const offsets = unrolled
    ? Array.from({ length: length / step }, (_, i) => {
        const name = `j${i * step}`;
        b.emit({ k: "let", name, value: u32(i * step) });
        return v(name, "u32");
      })
    : [];
  /** Emits `body` for each step of the row: unrolled over the offsets of a short row, else as a loop over j. */
  const eachStep = (body: (base: Expr) => void) => {
    if (unrolled) {
      for (const base of offsets) body(base);
      return;
    }
    b.emit({ k: "for", name: "j", start: loopStart, end: u32(length), step: loopStep, body: b.scoped(() => body(j)) });
  };

  group.reductions.forEach((q, qi) => {
    const reducer = reducerOf(q);
    const acc = `row${qi}`;
    b.emit({ k: "var", name: acc, value: reducer.init });
    eachStep((base) => {
      // The values of one step are combined in order, as one at a time.
      b.alignLastAxis(step > 1 ? base : null);
      for (let t = 0; t < step; t++) {
        const x = b.valueAt(q.inputs[0], elementAt(base, t));
        b.emit({ k: "assign", name: acc, value: reducer.combine(v(acc, reducer.type), x) });
      }
      b.alignLastAxis(null);
    });
    const stored = group.stored.includes(q);
    if (short) {
      if (stored) b.store(q, row, v(acc, reducer.type));
      b.substitute(q, v(acc, reducer.type));
      return;
    }
    const shared = `partial_${reducer.type}`;
    if (!b.shared.some((s) => s.name === shared)) b.declareShared({ name: shared, type: reducer.type, size: width });
    const lid = v("lid", "u32");
    b.emit({ k: "storeShared", array: shared, index: lid, value: v(acc, reducer.type) });
    b.emit({ k: "barrier" });
    for (let stride = width / 2; stride >= 1; stride /= 2) {
      const mine: Expr = { k: "loadShared", type: reducer.type, array: shared, index: lid };
      const other: Expr = { k: "loadShared", type: reducer.type, array: shared, index: addU(lid, u32(stride)) };
      b.emit({ k: "if", cond: bin("lt", lid, u32(stride)), then: [{ k: "storeShared", array: shared, index: lid, value: reducer.combine(mine, other) }] });
      b.emit({ k: "barrier" });
    }
    const total = `total${qi}`;
    b.emit({ k: "let", name: total, value: { k: "loadShared", type: reducer.type, array: shared, index: u32(0) } });
    if (stored) b.emit({ k: "if", cond: bin("eq", lid, u32(0)), then: b.scoped(() => b.store(q, row, v(total, reducer.type))) });
    // Every invocation has read the total before the array is reused.
    b.emit({ k: "barrier" });
    b.substitute(q, v(total, reducer.type));
  });

  eachStep((base) => {
    if (step === 1) {
      const coords = coordsAt(base);
      b.store(root, flatIndex(coords, root.shape), b.valueAt(root, coords));
      return;
    }
    b.alignLastAxis(base);
    const values = Array.from({ length: step }, (_, t) => b.valueAt(root, elementAt(base, t)));
    b.alignLastAxis(null);
    b.storeVector(root, divU(flatIndex(elementAt(base, 0), root.shape), VECTOR_STEP), values);
  });

  if (step > 1 && new Set(b.bindingNodes).size !== b.bindingNodes.length) return lowerRows(plan, materialized, options, false, unroll);
  if (unrolled && countStatements(b.body) > UNROLLED_STATEMENTS_MAX) return lowerRows(plan, materialized, options, vector, false);
  const name = `rows_${group.reductions.length}x${short ? "short" : "long"}`;
  const kernel = { name, bindings: b.bindings, shared: b.shared, workgroupSize: short ? options.workgroupSize : width, workgroups: short ? Math.ceil(rows / options.workgroupSize) : rows, body: b.body };
  return { kernel, nodes: b.bindingNodes };
}
