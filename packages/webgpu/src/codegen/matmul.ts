/**
 * Lowers a Dot core (with its fused epilogue) to a register-blocked matmul kernel. The
 * variant (codegen/matmul-variant.ts) picks the block, the invocation-to-tile mapping, k-loop
 * unrolling and vector loads. Operands that are views of stored tensors (transposes,
 * broadcasts, reshapes) are read through `valueAt` like any fused input. Vector loads are used
 * only where an operand is contiguous along the loaded axis.
 */
import { Primitive, type Tensor } from "@kiln/tensor";
import { coordsThroughViews, epilogueViews, keepsRunsOfFour, permutes } from "../schedule/epilogue-views.js";
import type { KernelPlan } from "../schedule/plan.js";
import type { RowGroup } from "../schedule/rows.js";
import { constantExpr, flatIndex, reshapeCoords, unflatIndex, type KernelBuilder } from "./builder.js";
import { addU, bin, call, divU, mulU, remU, u32, v, type Expr, type TextureLayout } from "./ir.js";
import { countStatements, reducerOf } from "./lower.js";
import { matmulVariantName, type MatmulVariant } from "./matmul-variant.js";

const gid = v("gid", "u32");
const lid = v("lid", "u32");
const wid = v("wid", "u32");

/** Launch shape and name of an emitted matmul kernel. */
export interface MatmulLaunch {
  name: string;
  workgroupSize: number;
  workgroups: number;
  /** Statements of one group of 4 columns when the epilogue runs in such groups (see `emitGroupedEpilogue`), else 0. */
  groupStatements: number;
}

/**
 * Halves a block dimension while it pads `extent` by more than a quarter, so a 16-row block
 * does not run 32 rows for a 17-row matrix (it runs 20, in blocks of 4).
 */
export function fitBlock(block: number, extent: number): number {
  let size = block;
  while (size > 1 && Math.ceil(extent / size) * size - extent > extent / 4) size /= 2;
  return size;
}

/** Minimum invocations in a workgroup of a batch of small matrices (the flat mapping). */
const FLAT_WIDTH_MIN = 64;
/** Widest batched matrices whose rows one invocation computes whole. */
const FLAT_WHOLE_ROW_MAX = 32;

/** Fewest invocations in a rows-mapped workgroup: 8, the narrowest SIMD width in common use. */
const MIN_WIDTH = 8;

/** A map from a node's coordinates to those of the stored tensor it views. */
interface LastAxisView {
  source: Tensor;
  map: (coords: readonly Expr[]) => Expr[];
}

/** Returns the coordinates in a permute's input of the element at `coords` in its output. */
function unpermute(coords: readonly Expr[], perm: readonly number[]): Expr[] {
  const inCoords: Expr[] = new Array(perm.length);
  perm.forEach((p, i) => {
    inCoords[p] = coords[i];
  });
  return inCoords;
}

/**
 * Composes the permutation of `node`, a Permute, with the permutes directly below it that are
 * not stored, and returns it with the tensor they permute. A transpose of a transpose may keep
 * the last axis in place, though each alone moves it.
 */
function composedPermute(node: Tensor, stored: ReadonlySet<Tensor>): { perm: readonly number[]; permuted: Tensor } {
  let perm = node.attrsOf(Primitive.Permute).perm;
  let permuted = node.inputs[0];
  while (permuted.op === Primitive.Permute && !stored.has(permuted)) {
    const inner = permuted.attrsOf(Primitive.Permute).perm;
    perm = perm.map((p) => inner[p]);
    permuted = permuted.inputs[0];
  }
  return { perm, permuted };
}

/**
 * Follows index-only views from `node` down to a stored tensor, as long as each view maps the
 * last axis onto (a part of) the last axis. Then consecutive elements along the node's last
 * axis are consecutive in the stored buffer, and a vector load can read them. Returns null for
 * any other chain.
 */
function lastAxisView(node: Tensor, stored: ReadonlySet<Tensor>): LastAxisView | null {
  if (stored.has(node)) return { source: node, map: (coords) => [...coords] };
  const input = node.inputs[0];
  if (!input || input.rank === 0) return null;
  const last = node.rank - 1;
  const inputLast = input.rank - 1;
  switch (node.op) {
    case Primitive.StopGradient:
    case Primitive.CustomVjp:
      return lastAxisView(input, stored);
    case Primitive.Reshape: {
      // The node's last axis must lie within the input's: equal (a reshape of the leading
      // axes) or split from it (the heads of an attention layer, [..., h · d] → [..., h, d]).
      if (input.shape[inputLast] % node.shape[last] !== 0) return null;
      const inner = lastAxisView(input, stored);
      if (!inner) return null;
      return { source: inner.source, map: (coords) => inner.map(reshapeCoords(coords, node.shape, input.shape)) };
    }
    case Primitive.Broadcast: {
      if (input.shape[inputLast] !== node.shape[last]) return null;
      const inner = lastAxisView(input, stored);
      if (!inner) return null;
      return { source: inner.source, map: (coords) => inner.map(coords.map((c, i) => (input.shape[i] === 1 ? u32(0) : c))) };
    }
    case Primitive.Permute: {
      const { perm, permuted } = composedPermute(node, stored);
      if (perm[last] !== last) return null;
      const inner = lastAxisView(permuted, stored);
      if (!inner) return null;
      return {
        source: inner.source,
        map: (coords) => inner.map(unpermute(coords, perm)),
      };
    }
    default:
      return null;
  }
}

/**
 * Returns the view of `node` that 4-wide vector loads along its last axis can read, or null.
 * Its last axis must be a multiple of 4 long. Each row down the view chain is a multiple of the
 * row above it. So 4 elements that start at a multiple of 4 lie within one row of every tensor
 * of the chain, and within one aligned vector of the stored tensor.
 */
function vectorView(node: Tensor, stored: ReadonlySet<Tensor>): LastAxisView | null {
  if (node.rank === 0 || node.shape[node.rank - 1] % 4 !== 0) return null;
  const view = lastAxisView(node, stored);
  if (!view) return null;
  const source = view.source;
  if (source.size === 0 || source.shape[source.rank - 1] % 4 !== 0) return null;
  return view;
}

/**
 * Returns a view that reads the rhs `node` ([..., k, n]) 4 elements along k at a time, or null.
 * That works when `node` permutes (through directly nested permutes) a tensor x whose last
 * axis is k and which vector loads can read: the transposed keys of attention scores, q · kᵀ.
 * The view's map takes `node`'s coordinates.
 */
function kVectorView(node: Tensor, stored: ReadonlySet<Tensor>): LastAxisView | null {
  if (node.op !== Primitive.Permute || stored.has(node)) return null;
  const { perm, permuted } = composedPermute(node, stored);
  if (perm[perm.length - 2] !== perm.length - 1) return null;
  const view = vectorView(permuted, stored);
  if (!view) return null;
  return {
    source: view.source,
    map: (coords) => view.map(unpermute(coords, perm)),
  };
}

/**
 * The largest texture side every WebGPU adapter supports (the default `maxTextureDimension2D`),
 * so texture operands need no per-adapter limit.
 */
const MAX_TEXTURE_SIDE = 8192;

/**
 * Returns the stored tensor whose texture an operand of shape [...batch, rows, cols] is read
 * from, or null when there is none. Reshapes keep every element's flat index, so the operand
 * may be a reshape of that tensor (the [B·S, D] view of a [B, S, D] activation): texel
 * (k / 4, row) holds the same 4 elements either way. The tensor must be f32 and of the
 * operand's size, and its buffer copies into the texture as is: rows of a multiple of 64
 * elements (the 256-byte row alignment of buffer-to-texture copies), within the side limit.
 */
export function textureSource(node: Tensor, stored: ReadonlySet<Tensor>, batch: number, rows: number, cols: number): Tensor | null {
  let source = node;
  while (!stored.has(source) && source.op === Primitive.Reshape) source = source.inputs[0];
  if (!stored.has(source) || source.dtype !== "f32" || source.size === 0 || source.size !== batch * rows * cols) return null;
  return fitsTexture(batch * rows, cols) ? source : null;
}

/**
 * Checks whether a buffer of `rows` rows of `cols` elements copies into a texture as is: rows of
 * a multiple of 64 elements (the 256-byte row alignment of buffer-to-texture copies), within the
 * side limit.
 */
function fitsTexture(rows: number, cols: number): boolean {
  return cols % 64 === 0 && cols / 4 <= MAX_TEXTURE_SIDE && rows <= MAX_TEXTURE_SIDE;
}

/**
 * Returns whether a stored tensor's buffer copies into a texture as is, with its own rows, for
 * vector views to read (see `OperandLoads.loadVector`).
 */
function copiesIntoTexture(source: Tensor): boolean {
  if (source.dtype !== "f32" || source.size === 0 || source.rank === 0) return false;
  const cols = source.shape[source.rank - 1];
  return fitsTexture(source.size / cols, cols);
}

/**
 * Returns the stored tensor x of which `node` ([...batch, rows, cols]) swaps the last two axes,
 * when x can be read from a texture (see textureSource). Returns null otherwise.
 */
export function transposedSource(node: Tensor, stored: ReadonlySet<Tensor>, batch: number, rows: number, cols: number): Tensor | null {
  if (node.op !== Primitive.Permute || stored.has(node)) return null;
  const perm = node.attrsOf(Primitive.Permute).perm;
  const last = perm.length - 1;
  if (perm[last] !== last - 1 || perm[last - 1] !== last || perm.some((p, i) => i < last - 1 && p !== i)) return null;
  return textureSource(node.inputs[0], stored, batch, cols, rows);
}

/**
 * Returns the stored tensor w whose texture the transposed rhs of `dot` is read from, 4 k at a
 * time per column, or null. That rhs is wᵀ in g · wᵀ, the input gradient of a linear layer,
 * and `variant` must read textures with vector loads along k. The scheduler asks this before
 * it copies a transposed rhs into a contiguous buffer. With the texture no copy is needed, and
 * the forward pass has usually filled the texture already.
 */
export function transposedRhsTexture(dot: Tensor, stored: ReadonlySet<Tensor>, variant: MatmulVariant | undefined): Tensor | null {
  if (variant?.texture !== true || !variant.vectorA) return null;
  const rank = dot.rank;
  const n = dot.shape[rank - 1];
  const kDim = dot.inputs[0].shape[rank - 1];
  const batch = dot.shape.slice(0, -2).reduce((x, d) => x * d, 1);
  if (kDim % 4 !== 0) return null;
  return transposedSource(dot.inputs[1], stored, batch, kDim, n);
}

/**
 * Checks whether `variant` computes whole rows of `dot` per invocation: the flat mapping with
 * one column block, as for a batch of narrow matrices.
 */
export function coversWholeRows(dot: Tensor, variant: MatmulVariant): boolean {
  const rank = dot.rank;
  const m = dot.shape[rank - 2];
  const n = dot.shape[rank - 1];
  const batch = dot.shape.slice(0, -2).reduce((x, d) => x * d, 1);
  const effective = effectiveVariant(variant, batch, m, n, dot.inputs[0].shape[rank - 1], false, false);
  return effective.mapping === "flat" && Math.ceil(n / effective.block[1]) === 1;
}

/**
 * Returns the rows per invocation when each invocation computes whole rows `tn` wide. The
 * limit is the requested block's rows, and also the rows its accumulators fill (at least 4).
 * The rows are split evenly into blocks under that limit. On lavapipe, attention's 17-row
 * products took 10–28% less time in blocks of 9 rows than in blocks of 4, because each rhs
 * load serves more rows. A transposed lhs read from its texture needs a multiple of 4.
 */
function wholeRowBlock(requested: MatmulVariant, m: number, tn: number, lhsTexture: LhsTexture): number {
  const [rows, columns] = requested.block;
  const maxRows = Math.min(rows, Math.max(4, Math.floor((rows * columns) / tn)));
  const tm = Math.ceil(m / Math.ceil(m / maxRows));
  return lhsTexture === "transposed" ? Math.ceil(tm / 4) * 4 : tm;
}

/** The texture a matmul kernel reads its lhs from: none, the lhs as stored, or the tensor it transposes (4 rows per texel). */
type LhsTexture = "none" | "plain" | "transposed";

/**
 * Returns the variant as it applies to one matmul: block fitted to the shape, vector loads where
 * possible. `lhsTexture`: how the lhs is read from a texture when the kernel loads it as
 * vectors.
 */
function effectiveVariant(requested: MatmulVariant, batch: number, m: number, n: number, kDim: number, canVectorA: boolean, canVectorB: boolean, lhsTexture: LhsTexture = "none"): MatmulVariant {
  const vectorA = requested.vectorA && canVectorA && kDim % 4 === 0 && kDim > 0;
  let tm = fitBlock(requested.block[0], m);
  let tn = fitBlock(requested.block[1], n);
  let mapping = requested.mapping;
  let columns = requested.columns;
  let workgroupSize = requested.workgroupSize;
  if (mapping === "rows" && batch > 1 && Math.ceil(n / tn) < MIN_WIDTH) {
    // Many small matrices (attention heads): one row block per workgroup would leave most
    // invocations idle, so the flat mapping packs blocks of several matrices into a workgroup.
    mapping = "flat";
    columns = "adjacent";
    // The rows mapping has narrow workgroups for its uniform lhs loads. The flat mapping has no
    // such loads, so it takes wider workgroups: fewer of them, each with a fixed cost.
    workgroupSize = Math.max(workgroupSize, FLAT_WIDTH_MIN);
    // Whole rows of a narrow matrix per invocation (17 columns run as 20), so each lhs load
    // serves every column. On attention scores (17 × 16 · 16 × 17) 4 rows at a time took about
    // half the time of 4 × 4 blocks.
    if (n <= FLAT_WHOLE_ROW_MAX) {
      tn = Math.ceil(n / 4) * 4;
      tm = wholeRowBlock(requested, m, tn, lhsTexture);
    }
  } else if (mapping === "rows" && lhsTexture !== "none" && vectorA && Math.ceil(n / (tn / 2)) <= MIN_WIDTH && Math.ceil(m / tm) * Math.ceil(n / tn) >= 2 * workgroupSize) {
    // A narrow output whose lhs is a texture. On lavapipe uniform texture loads gained
    // nothing, so the flat mapping keeps the whole block and fills each workgroup with blocks
    // from several row blocks, when there are at least two workgroups of them.
    mapping = "flat";
    columns = "adjacent";
  } else if (mapping === "rows") {
    // A narrow output (n = 64 with 16 columns per block: 4 invocations) leaves most of the
    // workgroup idle. Halve the block while that gives at most MIN_WIDTH column blocks, so no
    // new partial SIMD group starts.
    while (tn > 1 && Math.ceil(n / (tn / 2)) <= MIN_WIDTH) tn /= 2;
    // Give the accumulators taken from the columns back to the rows, where tall matrices have
    // room: each rhs load then serves more rows.
    while (tm * tn < requested.block[0] * requested.block[1] && fitBlock(tm * 2, m) === tm * 2 && m >= tm * 2 * MIN_WIDTH) tm *= 2;
  }
  const vectorB = requested.vectorB && canVectorB && tn % 4 === 0 && n % 4 === 0;
  return { ...requested, mapping, columns, workgroupSize, block: [tm, tn], vectorA, vectorB, texture: false };
}

/** The operand loads of one product in a matmul kernel. */
interface ProductOperands {
  a: Tensor;
  bMat: Tensor;
  kDim: number;
  viewA: LastAxisView | null;
  viewB: LastAxisView | null;
  /** The rhs read 4 k at a time (see kVectorView), or null. */
  viewBk: LastAxisView | null;
  textures: Omit<TextureOperands, "batchIndex" | "m" | "kDim" | "n">;
  variant: MatmulVariant;
}

/** Chooses the loads of `product`'s operands: vector loads, textures, or plain loads. */
function planOperands(product: Tensor, stored: ReadonlySet<Tensor>, requested: MatmulVariant, batch: number, m: number, n: number): ProductOperands {
  const [a, bMat] = product.inputs;
  const kDim = a.shape[a.rank - 1];
  const viewA = requested.vectorA ? vectorView(a, stored) : null;
  const viewB = requested.vectorB ? vectorView(bMat, stored) : null;
  const textureA = requested.texture === true ? textureSource(a, stored, batch, m, kDim) : null;
  // A transposed lhs (the weight gradient xᵀ · dy) reads 4 rows at one k per texel, so it
  // needs row blocks of a multiple of 4.
  const textureAT = requested.texture === true && !textureA && requested.block[0] % 4 === 0 ? transposedSource(a, stored, batch, m, kDim) : null;
  const textureB = requested.texture === true ? textureSource(bMat, stored, batch, kDim, n) : null;
  let lhsTexture: LhsTexture = "none";
  if (textureA !== null) lhsTexture = "plain";
  else if (textureAT !== null) lhsTexture = "transposed";
  const effective = effectiveVariant(requested, batch, m, n, kDim, viewA !== null || lhsTexture !== "none", viewB !== null || textureB !== null, lhsTexture);
  const textures = {
    a: effective.vectorA ? textureA : null,
    aTransposed: effective.vectorA ? textureAT : null,
    b: effective.vectorB ? textureB : null,
    bTransposed: effective.vectorB ? null : transposedRhsTexture(product, stored, requested),
  };
  if (textures.aTransposed && effective.block[0] % 4 !== 0) throw new Error(`internal: a transposed texture lhs needs a row block of a multiple of 4, got ${effective.block[0]}`);
  // With vector loads along k requested, an rhs that cannot be read 4 columns at a time may
  // still be read 4 k at a time: from the texture of the tensor it transposes, or from its buffer.
  const viewBk = requested.vectorA && !effective.vectorB && !textures.bTransposed && kDim % 4 === 0 ? kVectorView(bMat, stored) : null;
  // Vector views of tensors that copy into textures read the textures instead (attention's heads).
  return { a, bMat, kDim, viewA, viewB, viewBk, textures: { ...textures, views: requested.texture === true }, variant: effective };
}

/**
 * Emits the matmul kernel of `plan` into `b`. `stored` is the set of tensors the kernel reads
 * from buffers (the builder's view of the schedule).
 */
export function emitMatmul(b: KernelBuilder, plan: KernelPlan, stored: ReadonlySet<Tensor>, requested: MatmulVariant, grouped = true): MatmulLaunch {
  const core = plan.core as Tensor;
  const rank = core.rank;
  const m = core.shape[rank - 2];
  const n = core.shape[rank - 1];
  const batchShape = core.shape.slice(0, -2);
  const batch = batchShape.reduce((x, d) => x * d, 1);
  // A sum of products (see schedule/product-sums.ts) runs one k loop per product into the same
  // accumulators. They share the column layout, so all read the rhs 4 columns at a time or none.
  const products = plan.products ?? [core];
  let operands = products.map((product) => planOperands(product, stored, requested, batch, m, n));
  if (new Set(operands.map((o) => o.variant.vectorB)).size > 1) operands = products.map((product) => planOperands(product, stored, { ...requested, vectorB: false }, batch, m, n));
  const variant = operands[0].variant;
  const [tm, tn] = variant.block;
  const type = core.dtype === "f32" ? "f32" : "i32";
  const rowBlocks = Math.ceil(m / tm);
  const colBlocks = Math.ceil(n / tn);

  // Which tile this invocation computes: batch entry, row block and column block (or tile).
  let launch: { workgroupSize: number; workgroups: number };
  let batchIndex: Expr;
  let rowBlock: Expr;
  let colTile: Expr;
  if (variant.mapping === "flat") {
    const threads = batch * rowBlocks * colBlocks;
    launch = { workgroupSize: variant.workgroupSize, workgroups: Math.ceil(threads / variant.workgroupSize) };
    b.emit({ k: "if", cond: bin("le", u32(threads), gid), then: [{ k: "return" }] });
    const colBlock = b.bind(bin("rem", gid, u32(colBlocks)), "c");
    rowBlock = b.bind(bin("rem", bin("div", gid, u32(colBlocks)), u32(rowBlocks)), "c");
    batchIndex = b.bind(bin("div", gid, u32(colBlocks * rowBlocks)), "c");
    colTile = colBlock;
  } else {
    // Fewer invocations per workgroup when the matrix has few column blocks.
    let width = variant.workgroupSize;
    while (width > MIN_WIDTH && width / 2 >= colBlocks) width /= 2;
    const colTiles = Math.ceil(colBlocks / width);
    const workgroups = batch * rowBlocks * colTiles;
    launch = { workgroupSize: width, workgroups };
    b.emit({ k: "if", cond: bin("le", u32(workgroups), wid), then: [{ k: "return" }] });
    colTile = b.bind(remU(wid, colTiles), "c");
    rowBlock = b.bind(remU(divU(wid, colTiles), rowBlocks), "c");
    batchIndex = b.bind(divU(wid, colTiles * rowBlocks), "c");
  }
  const batchCoords = unflatIndex(batchIndex, batchShape).map((c) => b.bind(c, "c"));
  const row0 = b.bind(mulU(rowBlock, u32(tm)), "c");
  const colExprs = columnExprs(b, variant, colTile, launch.workgroupSize, n);

  // Rows and columns past the edge are clamped for loading; their results are never stored.
  const rows = Array.from({ length: tm }, (_, i) => b.bind(bin("min", addU(row0, u32(i)), u32(m - 1)), "row"));
  const cols = variant.vectorB
    ? Array.from({ length: tn / 4 }, (_, q) => b.bind(bin("min", colExprs[4 * q], u32(n - 4)), "col"))
    : colExprs.map((c) => b.bind(bin("min", c, u32(n - 1)), "col"));
  const accName = (i: number, j: number) => `acc${i}_${j}`;
  for (let i = 0; i < tm; i++) for (let j = 0; j < tn; j++) b.emit({ k: "var", name: accName(i, j), value: constantExpr(0, core.dtype) });

  const accumulate = (i: number, j: number, aValue: Expr, bValue: Expr) => {
    const acc = v(accName(i, j), type);
    const value = type === "f32" ? call("fma", [aValue, bValue, acc], type) : bin("add", acc, bin("mul", aValue, bValue));
    b.emit({ k: "assign", name: accName(i, j), value });
  };
  const sums = plan.columnSums ? startColumnSums(b, plan.columnSums, operands[0].bMat, batch, tn) : null;
  for (const o of operands) {
    const loads = new OperandLoads(b, o.a, o.bMat, batchCoords, rows, cols, o.viewA, o.viewB, o.viewBk, o.variant, { ...o.textures, batchIndex, m, kDim: o.kDim, n });
    const step = o.variant.vectorA || o.viewBk !== null || o.textures.bTransposed !== null ? 4 : o.variant.kUnroll;
    emitKLoop(b, step, o.kDim, loads, tn, accumulate, sums?.add);
  }

  const accumulator = (i: number, j: number) => v(accName(i, j), type);
  const block: BlockEpilogue = { b, plan, stored, variant, batchCoords, row0, colExprs, accumulator, m, n };
  let groupStatements = 0;
  if (plan.rows) {
    if (variant.mapping !== "flat" || colBlocks !== 1) throw new Error(`internal: the row group of ${plan.root} needs whole rows of ${core}`);
    emitRowEpilogue(block);
  } else if (grouped && groupsOfFour(variant, n)) {
    groupStatements = emitGroupedEpilogue(block);
  } else if (tm * tn <= UNROLLED_EPILOGUE_MAX) {
    for (let i = 0; i < tm; i++) {
      for (let j = 0; j < tn; j++) emitStore(b, plan, stored, [...batchCoords, addU(row0, u32(i)), colExprs[j]], accumulator(i, j), m, n);
    }
  } else {
    emitLoopedEpilogue(block);
  }
  if (sums) sums.store(rowBlock, colExprs, n);
  const plain = variant.mapping === "flat" && variant.kUnroll === 1 && !variant.vectorA && !variant.vectorB && operands[0].viewBk === null;
  // The name carries "tex" when the kernel reads some operand from a texture.
  const applied = { ...variant, workgroupSize: launch.workgroupSize, texture: b.bindings.some((binding) => binding.texture !== undefined) };
  const base = plain ? `matmul_${tm}x${tn}` : `matmul_${matmulVariantName(applied).replace(/-/g, "_")}`;
  let name = base;
  if (plan.rows) name = `${base}_rows${plan.rows.reductions.length}`;
  else if (plan.products) name = `${base}_sum${plan.products.length}`;
  return { name, ...launch, groupStatements };
}

/**
 * Declares one running column sum of the rhs per column of the block, for the column-sum
 * reduction `plan` that this matmul kernel also computes (see schedule/column-sums.ts). Every
 * invocation adds its rhs values as the k loop loads them. Those of the first row block store
 * the sums through the reduction's epilogue.
 */
function startColumnSums(b: KernelBuilder, plan: KernelPlan, rhs: Tensor, batch: number, columns: number) {
  const core = plan.core as Tensor;
  if (core.inputs[0] !== rhs || batch !== 1) throw new Error(`internal: ${core} is not a column sum of the matmul's rhs ${rhs}`);
  const type = core.dtype === "f32" ? "f32" : "i32";
  const name = (j: number) => `colsum${j}`;
  for (let j = 0; j < columns; j++) b.emit({ k: "var", name: name(j), value: constantExpr(0, core.dtype) });
  return {
    add: (j: number, value: Expr) => b.emit({ k: "assign", name: name(j), value: bin("add", v(name(j), type), value) }),
    store: (rowBlock: Expr, colExprs: Expr[], n: number) => {
      const store = b.scoped(() => {
        colExprs.forEach((col, j) => {
          const body = b.scoped(() => {
            for (const output of [plan.root, ...(plan.siblings ?? [])]) {
              // The sums may be reshaped, which keeps the flat index (a bias of shape [1, n]).
              const same = output.rank === 1 && output.shape[0] === core.shape[0];
              const coords = same ? [col] : unflatIndex(col, output.shape).map((c) => b.bind(c, "c"));
              b.store(output, col, b.withCore(core, v(name(j), type), () => b.valueAt(output, coords)));
            }
          });
          b.emit({ k: "if", cond: bin("lt", col, u32(n)), then: body });
        });
      });
      b.emit({ k: "if", cond: bin("eq", rowBlock, u32(0)), then: store });
    },
  };
}

/**
 * Blocks with more accumulators than this run the epilogue in a loop over one copy of it. Fully
 * unrolled, a 16 × 8 block with a GELU epilogue inlines 128 copies, which lavapipe (LLVM)
 * compiles for seconds.
 */
const UNROLLED_EPILOGUE_MAX = 16;

/**
 * Describes how an epilogue output reads the product: whether it has the product's shape
 * (`same`), and its views (reshapes and permutations) when they permute it (`permuted`).
 */
function outputLayout(output: Tensor, core: Tensor, stored: ReadonlySet<Tensor>) {
  const views = epilogueViews(output, core, stored);
  const same = output.rank === core.rank && output.shape.every((d, i) => d === core.shape[i]);
  if (!views && !same) throw new Error(`internal: the epilogue root ${output} reads the product through different views`);
  return { same, permuted: views !== null && permutes(views) ? views : null };
}

/** The state that the epilogue of a register block reads after the k loops. */
interface BlockEpilogue {
  b: KernelBuilder;
  plan: KernelPlan;
  stored: ReadonlySet<Tensor>;
  variant: MatmulVariant;
  /** Coordinates of the block's batch entry. */
  batchCoords: Expr[];
  /** The block's first row. */
  row0: Expr;
  /** The unclamped column of each of the block's columns (see `columnExprs`). */
  colExprs: Expr[];
  /** The accumulator of row i and column j of the block. */
  accumulator: (i: number, j: number) => Expr;
  m: number;
  n: number;
}

/**
 * Emits the guarded store of one output element of the root and of each sibling, computing the
 * epilogue with the core at `value`.
 */
function emitStore(b: KernelBuilder, plan: KernelPlan, stored: ReadonlySet<Tensor>, coords: Expr[], value: Expr, m: number, n: number): void {
  const core = plan.core as Tensor;
  const rank = coords.length;
  const store = b.scoped(() => {
    const flat = flatIndex(coords, core.shape);
    for (const output of [plan.root, ...(plan.siblings ?? [])]) {
      // An output may reshape the product ([B·S, D] back to [B, S, D]). A reshape keeps the flat
      // index, so the output's element there is the one computed from this accumulator. One
      // that also permutes it (merged attention heads) is written where its views move it, even
      // when the permutation keeps the shape (the transpose of a square product).
      const { same, permuted } = outputLayout(output, core, stored);
      let outCoords = coords;
      if (permuted) outCoords = coordsThroughViews(permuted, coords, (c) => b.bind(c, "c"));
      else if (!same) outCoords = unflatIndex(flat, output.shape).map((c) => b.bind(c, "c"));
      const result = b.withCore(core, value, () => b.valueAt(output, outCoords));
      b.store(output, permuted ? flatIndex(outCoords, output.shape) : flat, result);
    }
  });
  b.emit({ k: "if", cond: bin("and", bin("lt", coords[rank - 2], u32(m)), bin("lt", coords[rank - 1], u32(n))), then: store });
}

/**
 * Returns whether the block's columns come in aligned runs of 4 consecutive output columns. That
 * needs n and the block's width to be multiples of 4, and an invocation's columns adjacent (or
 * strided in runs of 4, with `vectorB`).
 */
function groupsOfFour(variant: MatmulVariant, n: number): boolean {
  const tn = variant.block[1];
  return n % 4 === 0 && tn % 4 === 0 && (variant.mapping === "flat" || variant.columns === "adjacent" || variant.vectorB);
}

/**
 * Emits the epilogue in groups of 4 consecutive columns of one row. A group computes its 4
 * elements unrolled, reads the stored tensors that follow the output's last axis (a bias) with
 * one vector load, and writes each output with one vector store where its 4 elements stay
 * consecutive: in the product's element order, or moved by views that keep runs of 4 (merged
 * attention heads). Other permuted outputs are stored element by element. On CPU drivers
 * each load and store of an invocation is a loop over the SIMD lanes, so a quarter of them
 * can make the epilogue of a short k loop cheaper. That saved 11% on one lavapipe machine and
 * nothing on another (docs/performance.md). Small blocks are unrolled. Larger ones loop over
 * the groups with the accumulators in a local array, as `emitLoopedEpilogue` does. Returns the
 * statements of one group, which the caller bounds.
 */
function emitGroupedEpilogue(block: BlockEpilogue): number {
  const { b, plan, stored, variant, batchCoords, row0, colExprs, accumulator, m, n } = block;
  const [tm, tn] = variant.block;
  const groupsPerRow = tn / 4;
  if (tm * tn <= UNROLLED_EPILOGUE_MAX) {
    let statements = 0;
    for (let i = 0; i < tm; i++) {
      for (let g = 0; g < groupsPerRow; g++) {
        const values = [0, 1, 2, 3].map((q) => accumulator(i, 4 * g + q));
        const body = b.scoped(() => emitGroupStore(b, plan, stored, [...batchCoords, addU(row0, u32(i))], colExprs[4 * g], values, m, n));
        body.forEach((stmt) => b.emit(stmt));
        statements = Math.max(statements, countStatements(body));
      }
    }
    return statements;
  }
  const type = copyAccumulators(b, tm, tn, accumulator);
  const g = v("e", "u32");
  const body = b.scoped(() => {
    const row = b.bind(addU(row0, divU(g, groupsPerRow)), "row");
    const first = b.bind(mulU(g, u32(4)), "e");
    const col = b.bind(columnAt(variant, colExprs, mulU(remU(g, groupsPerRow), u32(4))), "col");
    const values = [0, 1, 2, 3].map((q): Expr => ({ k: "loadShared", type, array: "results", index: addU(first, u32(q)) }));
    emitGroupStore(b, plan, stored, [...batchCoords, row], col, values, m, n);
  });
  b.emit({ k: "for", name: "e", start: u32(0), end: u32(tm * groupsPerRow), step: u32(1), body });
  return countStatements(body);
}

/**
 * Emits the guarded stores of 4 output elements at columns `col` to `col` + 3 of the row at
 * `rowCoords` (batch coordinates and row), with the product there equal to `values`. `col` is a
 * multiple of 4 and n too, so the group lies wholly inside or wholly outside the matrix.
 */
function emitGroupStore(b: KernelBuilder, plan: KernelPlan, stored: ReadonlySet<Tensor>, rowCoords: Expr[], col: Expr, values: Expr[], m: number, n: number): void {
  const core = plan.core as Tensor;
  const row = rowCoords[rowCoords.length - 1];
  const store = b.scoped(() => {
    const coords = values.map((_, q) => [...rowCoords, addU(col, u32(q))]);
    b.alignLastAxis(col);
    const results: { output: Tensor; values: Expr[]; index: Expr }[] = [];
    for (const output of [plan.root, ...(plan.siblings ?? [])]) {
      const { same, permuted } = outputLayout(output, core, stored);
      if (permuted && keepsRunsOfFour(permuted, core)) {
        // The views keep the 4 elements consecutive (merged heads): one vector store where
        // they move the first.
        const first = coordsThroughViews(permuted, coords[0], (c) => b.bind(c, "c"));
        const last = first[first.length - 1];
        const at = (q: number) => [...first.slice(0, -1), addU(last, u32(q))];
        b.alignLastAxis(last);
        results.push({ output, values: values.map((value, q) => b.withCore(core, value, () => b.valueAt(output, at(q)))), index: divU(flatIndex(first, output.shape), 4) });
        b.alignLastAxis(col);
        continue;
      }
      if (permuted) {
        // Scattered elements: each is stored where the views move it.
        b.alignLastAxis(null);
        values.forEach((value, q) => {
          const outCoords = coordsThroughViews(permuted, coords[q], (c) => b.bind(c, "c"));
          b.store(output, flatIndex(outCoords, output.shape), b.withCore(core, value, () => b.valueAt(output, outCoords)));
        });
        b.alignLastAxis(col);
        continue;
      }
      // A reshape keeps the flat index, so the 4 elements are consecutive in the output too.
      const flat = flatIndex(coords[0], core.shape);
      const outCoords = (q: number) => (same ? coords[q] : unflatIndex(addU(flat, u32(q)), output.shape).map((c) => b.bind(c, "c")));
      results.push({ output, values: values.map((value, q) => b.withCore(core, value, () => b.valueAt(output, outCoords(q)))), index: divU(flat, 4) });
    }
    b.alignLastAxis(null);
    for (const r of results) b.storeVector(r.output, r.index, r.values);
  });
  b.emit({ k: "if", cond: bin("and", bin("lt", row, u32(m)), bin("lt", col, u32(n))), then: store });
}

/**
 * Copies the accumulators into a local array and stores them in a loop, with the epilogue
 * emitted once. `colExprs` must be affine in the column index j (as columnExprs builds them).
 */
function emitLoopedEpilogue(block: BlockEpilogue): void {
  const { b, plan, stored, variant, batchCoords, row0, colExprs, accumulator, m, n } = block;
  const [tm, tn] = variant.block;
  const type = copyAccumulators(b, tm, tn, accumulator);
  const e = v("e", "u32");
  const body = b.scoped(() => {
    const row = b.bind(addU(row0, divU(e, tn)), "row");
    const col = b.bind(columnAt(variant, colExprs, remU(e, tn)), "col");
    emitStore(b, plan, stored, [...batchCoords, row, col], { k: "loadShared", type, array: "results", index: e }, m, n);
  });
  b.emit({ k: "for", name: "e", start: u32(0), end: u32(tm * tn), step: u32(1), body });
}

/**
 * Computes the row group of `plan` from the accumulators of whole rows (see
 * schedule/row-products.ts): for each row, its reductions in order over the row's n values,
 * then the root's elements. The values are combined in the same order as in a row kernel.
 */
function emitRowEpilogue(block: BlockEpilogue): void {
  const { b, plan, variant, batchCoords, row0, accumulator, m, n } = block;
  const core = plan.core as Tensor;
  const group = plan.rows as RowGroup;
  const [tm, tn] = variant.block;
  const type = copyAccumulators(b, tm, tn, accumulator);
  const i = v("ri", "u32");
  const j = v("j", "u32");
  const body = b.scoped(() => {
    const row = b.bind(addU(row0, i), "row");
    const rowBody = b.scoped(() => {
      const at = [...batchCoords, row, j];
      const product: Expr = { k: "loadShared", type, array: "results", index: addU(mulU(i, u32(tn)), j) };
      group.reductions.forEach((q, qi) => {
        const reducer = reducerOf(q);
        const acc = `row${qi}`;
        b.emit({ k: "var", name: acc, value: reducer.init });
        const step = b.scoped(() => {
          const x = b.withCore(core, product, () => b.valueAt(q.inputs[0], at));
          b.emit({ k: "assign", name: acc, value: reducer.combine(v(acc, reducer.type), x) });
        });
        b.emit({ k: "for", name: "j", start: u32(0), end: u32(n), step: u32(1), body: step });
        if (group.stored.includes(q)) b.store(q, flatIndex([...batchCoords, row], core.shape.slice(0, -1)), v(acc, reducer.type));
        b.substitute(q, v(acc, reducer.type));
      });
      // The product itself (or its epilogue) is stored as a sibling when other kernels read it.
      const write = b.scoped(() => {
        for (const output of [...(plan.siblings ?? []), plan.root]) b.store(output, flatIndex(at, output.shape), b.withCore(core, product, () => b.valueAt(output, at)));
      });
      b.emit({ k: "for", name: "j", start: u32(0), end: u32(n), step: u32(1), body: write });
    });
    b.emit({ k: "if", cond: bin("lt", row, u32(m)), then: rowBody });
  });
  b.emit({ k: "for", name: "ri", start: u32(0), end: u32(tm), step: u32(1), body });
}

/** Copies a block's tm × tn accumulators into the local array `results`, row by row, and returns their type. */
function copyAccumulators(b: KernelBuilder, tm: number, tn: number, accumulator: (i: number, j: number) => Expr): Expr["type"] {
  const type = accumulator(0, 0).type;
  b.emit({ k: "localArray", name: "results", type, size: tm * tn });
  for (let i = 0; i < tm; i++) {
    for (let j = 0; j < tn; j++) b.emit({ k: "storeShared", array: "results", index: u32(i * tn + j), value: accumulator(i, j) });
  }
  return type;
}

/** Column j (a run-time index) of an invocation, from its unrolled columns `colExprs`. */
function columnAt(variant: MatmulVariant, colExprs: Expr[], j: Expr): Expr {
  const first = colExprs[0];
  if (variant.mapping === "flat" || variant.columns === "adjacent") return addU(first, j);
  // Strided: runs of `group` columns, one run every `stride` columns.
  const group = variant.vectorB ? 4 : 1;
  const stride = colExprs.length > group ? constantOffset(colExprs[group], first) : 0;
  return addU(first, addU(mulU(divU(j, group), u32(stride)), remU(j, group)));
}

/** Returns the constant c with `expr` = `base` + c, as columnExprs builds column expressions. */
function constantOffset(expr: Expr, base: Expr): number {
  if (expr === base) return 0;
  if (expr.k === "binary" && expr.op === "add" && expr.a === base && expr.b.k === "const") return expr.b.value;
  throw new Error("internal: a strided matmul column is not base + constant");
}

/**
 * Returns the unclamped output column of each of the invocation's columns. `colTile` is the column
 * block (flat mapping) or the workgroup's tile of `width` column blocks (rows mapping). For
 * the rows mapping, emits the early return of invocations whose columns all lie past the edge.
 */
function columnExprs(b: KernelBuilder, variant: MatmulVariant, colTile: Expr, width: number, n: number): Expr[] {
  const tn = variant.block[1];
  if (variant.mapping === "flat") {
    const col0 = b.bind(mulU(colTile, u32(tn)), "c");
    return Array.from({ length: tn }, (_, j) => addU(col0, u32(j)));
  }
  if (variant.columns === "adjacent") {
    const colBlock = b.bind(addU(mulU(colTile, u32(width)), lid), "c");
    const col0 = b.bind(mulU(colBlock, u32(tn)), "c");
    b.emit({ k: "if", cond: bin("le", u32(n), col0), then: [{ k: "return" }] });
    return Array.from({ length: tn }, (_, j) => addU(col0, u32(j)));
  }
  // Strided: runs of `group` columns (4 with vector loads), run r of this invocation at
  // tile + (r · width + lid) · group.
  const group = variant.vectorB ? 4 : 1;
  const base = b.bind(addU(mulU(colTile, u32(width * tn)), mulU(lid, u32(group))), "c");
  b.emit({ k: "if", cond: bin("le", u32(n), base), then: [{ k: "return" }] });
  return Array.from({ length: tn }, (_, j) => addU(base, u32(Math.floor(j / group) * width * group + (j % group))));
}

/**
 * The stored tensors whose textures a matmul kernel reads its operands from (null: not from a
 * texture), and the facts that locate their texels.
 */
interface TextureOperands {
  /** Whether vector views of stored tensors that copy into textures read the textures. */
  views: boolean;
  a: Tensor | null;
  /** The stored [...batch, k, m] tensor whose transpose is the lhs. */
  aTransposed: Tensor | null;
  b: Tensor | null;
  /** The stored [...batch, n, k] tensor whose transpose is the rhs. */
  bTransposed: Tensor | null;
  /** Flat batch index of the invocation's matrix. */
  batchIndex: Expr;
  m: number;
  kDim: number;
  n: number;
}

/** Emits the loads of the operands for one k step (or four, for vector loads along k). */
class OperandLoads {

  constructor(
    private readonly b: KernelBuilder,
    private readonly a: Tensor,
    private readonly bMat: Tensor,
    private readonly batchCoords: Expr[],
    private readonly rows: Expr[],
    /** Clamped columns, or with vectorB the clamped first column of each run of 4. */
    private readonly cols: Expr[],
    private readonly viewA: LastAxisView | null,
    private readonly viewB: LastAxisView | null,
    /** The rhs read 4 k at a time (see kVectorView), or null. */
    private readonly viewBk: LastAxisView | null,
    private readonly variant: MatmulVariant,
    private readonly textures: TextureOperands,
  ) {}

  /** lhs values of every row at k. */
  lhs(k: Expr): Expr[] {
    return this.rows.map((r) => this.b.valueAt(this.a, [...this.batchCoords, r, k]));
  }

  /** Returns lhsVector(k) when the variant loads the lhs as vectors, else null. */
  lhsVectorOrNull(k: Expr): Expr[][] | null {
    return this.variant.vectorA ? this.lhsVector(k) : null;
  }

  /** lhs values of every row at k, k+1, k+2, k+3 (one vector load per row); k is a multiple of 4. */
  lhsVector(k: Expr): Expr[][] {
    if (this.textures.aTransposed) {
      // Texel (row / 4, k + q) of the stored transpose contains rows row … row + 3 at k + q.
      const { batchIndex, m, kDim, aTransposed: source } = this.textures;
      const runs: Expr[][] = this.rows.map(() => []);
      for (let q = 0; q < 4; q++) {
        const y = this.b.bind(addU(mulU(batchIndex, u32(kDim)), addU(k, u32(q))), "c");
        for (let g = 0; g < this.rows.length; g += 4) {
          const lanes = this.loadTexel(source, m, divU(this.rows[g], 4), y, "at");
          lanes.forEach((lane, i) => runs[g + i].push(lane));
        }
      }
      return runs;
    }
    if (this.textures.a) {
      const { batchIndex, m, kDim, a: source } = this.textures;
      const x = this.b.bind(divU(k, 4), "c");
      return this.rows.map((r) => this.loadTexel(source, kDim, x, addU(mulU(batchIndex, u32(m)), r), "at"));
    }
    const view = this.viewA as LastAxisView;
    return this.rows.map((r) => this.loadVector(view, [...this.batchCoords, r, k], "av"));
  }

  /** rhs values of every column at k. */
  rhs(k: Expr): Expr[] {
    if (!this.variant.vectorB) return this.cols.map((c) => this.b.valueAt(this.bMat, [...this.batchCoords, k, c]));
    if (this.textures.b) {
      const { batchIndex, kDim, n, b: source } = this.textures;
      const y = this.b.bind(addU(mulU(batchIndex, u32(kDim)), k), "c");
      return this.cols.flatMap((c) => this.loadTexel(source, n, divU(c, 4), y, "bt"));
    }
    const view = this.viewB as LastAxisView;
    return this.cols.flatMap((c) => this.loadVector(view, [...this.batchCoords, k, c], "bv"));
  }

  /** Reports whether the rhs is read 4 k at a time per column (rhsColumnVector). */
  get rhsAlongK(): boolean {
    return this.textures.bTransposed !== null || this.viewBk !== null;
  }

  /** Returns the rhs values of column `j` at k … k + 3, k a multiple of 4, with one vector load. Needs rhsAlongK. */
  rhsColumnVector(k: Expr, j: number): Expr[] {
    const c = this.cols[j];
    if (this.textures.bTransposed) {
      // Texel (k / 4, column) of the stored transpose contains k … k + 3 of that column.
      const { batchIndex, kDim, n, bTransposed: source } = this.textures;
      const x = this.b.bind(divU(k, 4), "c");
      return this.loadTexel(source, kDim, x, addU(mulU(batchIndex, u32(n)), c), "bt");
    }
    return this.loadVector(this.viewBk as LastAxisView, [...this.batchCoords, k, c], "bk");
  }

  private loadVector(view: LastAxisView, coords: Expr[], prefix: string): Expr[] {
    const source = view.source;
    if (this.textures.views && copiesIntoTexture(source)) {
      // The 4 elements lie in one texel: (column / 4, row) of the stored tensor's rows.
      const cols = source.shape[source.rank - 1];
      const flat = this.b.bind(flatIndex(view.map(coords), source.shape), "i");
      return this.loadTexel(source, cols, divU(remU(flat, cols), 4), divU(flat, cols), prefix);
    }
    const index = divU(flatIndex(view.map(coords), source.shape), 4);
    const lanes = [0, 1, 2, 3].map(() => this.b.fresh(prefix));
    this.b.emit({ k: "loadVector", binding: this.b.vectorBinding(source), index, lanes });
    const type = source.dtype === "f32" ? "f32" : "i32";
    return lanes.map((lane) => v(lane, type));
  }

  /** Loads texel (x, y) of the texture copy of `source`, a stored tensor whose rows are `cols` long. */
  private loadTexel(source: Tensor, cols: number, x: Expr, y: Expr, prefix: string): Expr[] {
    const lanes = [0, 1, 2, 3].map(() => this.b.fresh(prefix));
    this.b.emit({ k: "loadTexel", binding: this.b.textureBinding(source, { width: cols / 4, height: source.size / cols }), x, y, lanes });
    return lanes.map((lane) => v(lane, "f32"));
  }
}

/**
 * Emits the k loop: `step` k per iteration (4 with vector loads along k), then a remainder loop.
 * An iteration loads its operands first. Then each accumulator takes its `step` products one
 * after another, in order of k. A 16 × 16 block's 256 accumulators do not fit in lavapipe's
 * vector registers, so this probably saves a load and a store per product. There the 16 × 16
 * texture kernel took about a quarter less time than with k outermost.
 * `onRhs`, when given, also receives each rhs value of column j, in order of k.
 */
function emitKLoop(
  b: KernelBuilder,
  step: number,
  kDim: number,
  loads: OperandLoads,
  columns: number,
  accumulateOne: (i: number, j: number, a: Expr, bValue: Expr) => void,
  onRhs?: (j: number, bValue: Expr) => void,
): void {
  const accumulate = (aValues: Expr[], bValues: Expr[]) => {
    for (let i = 0; i < aValues.length; i++) for (let j = 0; j < bValues.length; j++) accumulateOne(i, j, aValues[i], bValues[j]);
    if (onRhs) bValues.forEach((value, j) => onRhs(j, value));
  };
  const kk = v("kk", "u32");
  const mainEnd = Math.floor(kDim / step) * step;
  if (step === 1) {
    const body = b.scoped(() => accumulate(loads.lhs(kk), loads.rhs(kk)));
    b.emit({ k: "for", name: "kk", start: u32(0), end: u32(kDim), step: u32(1), body });
    return;
  }
  if (mainEnd > 0) {
    const body = b.scoped(() => {
      const lhsRuns = loads.lhsVectorOrNull(kk);
      const rhsRuns = loads.rhsAlongK ? Array.from({ length: columns }, (_, j) => loads.rhsColumnVector(kk, j)) : null;
      const lhsRows: Expr[][] = [];
      const rhsRows: Expr[][] = [];
      for (let q = 0; q < step; q++) {
        let k: Expr | null = null;
        const kAt = () => (k ??= b.bind(addU(kk, u32(q)), "k"));
        lhsRows.push(lhsRuns ? lhsRuns.map((run) => run[q]) : loads.lhs(kAt()));
        rhsRows.push(rhsRuns ? rhsRuns.map((run) => run[q]) : loads.rhs(kAt()));
      }
      for (let i = 0; i < lhsRows[0].length; i++) {
        for (let j = 0; j < columns; j++) for (let q = 0; q < step; q++) accumulateOne(i, j, lhsRows[q][i], rhsRows[q][j]);
      }
      if (onRhs) for (let q = 0; q < step; q++) rhsRows[q].forEach((value, j) => onRhs(j, value));
    });
    b.emit({ k: "for", name: "kk", start: u32(0), end: u32(mainEnd), step: u32(step), body });
  }
  if (mainEnd < kDim) {
    const body = b.scoped(() => accumulate(loads.lhs(kk), loads.rhs(kk)));
    b.emit({ k: "for", name: "kk", start: u32(mainEnd), end: u32(kDim), step: u32(1), body });
  }
}
