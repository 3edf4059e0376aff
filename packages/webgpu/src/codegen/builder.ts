/**
 * Builds kernel IR by inlining fused nodes: `valueAt(node, coords)` returns an expression for
 * the node's value at a multi-index, emitting `let` bindings for every intermediate (so chains of
 * hundreds of ops never nest deeply) and reusing values already computed in scope. Movement
 * primitives become index arithmetic; materialized nodes become buffer loads.
 */
import { Primitive, type DType, type Tensor } from "@kiln/tensor";
import {
  addU,
  bin,
  call,
  cast,
  divU,
  f32,
  i32,
  mulU,
  remU,
  select,
  u32,
  v,
  type Binding,
  type Expr,
  type ScalarType,
  type SharedArray,
  type Stmt,
  type TextureLayout,
} from "./ir.js";
import { elementwiseExpr } from "./elementwise.js";

export function scalarType(dtype: DType): ScalarType {
  return dtype;
}

export function storageType(dtype: DType): Binding["type"] {
  return dtype === "bool" ? "u32" : dtype;
}

export function exprKey(e: Expr): string {
  switch (e.k) {
    case "const":
      return `${e.type}:${e.value}`;
    case "var":
      return e.name;
    case "unary":
      return `${e.op}(${exprKey(e.a)})`;
    case "binary":
      return `${e.op}(${exprKey(e.a)},${exprKey(e.b)})`;
    case "select":
      return `sel(${exprKey(e.cond)},${exprKey(e.a)},${exprKey(e.b)})`;
    case "cast":
      return `${e.type}(${exprKey(e.a)})`;
    case "bitcast":
      return `bc<${e.type}>(${exprKey(e.a)})`;
    case "load":
      return `b${e.binding}[${exprKey(e.index)}]`;
    case "loadShared":
      return `${e.array}[${exprKey(e.index)}]`;
    case "call":
      return `${e.fn}(${e.args.map(exprKey).join(",")})`;
    default:
      return e satisfies never;
  }
}

/** Row-major flat index of `coords` in `shape`. */
export function flatIndex(coords: readonly Expr[], shape: readonly number[]): Expr {
  let index: Expr = u32(0);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1) index = addU(index, mulU(coords[i], u32(stride)));
    stride *= shape[i];
  }
  return index;
}

/** Inverse of flatIndex: coordinates of a flat index in `shape`. */
export function unflatIndex(flat: Expr, shape: readonly number[]): Expr[] {
  // A zero-size shape has no index to decode (its loops and kernels never run), and decoding
  // one would divide by zero, which WGSL rejects at shader creation.
  if (shape.includes(0)) return shape.map(() => u32(0));
  const coords: Expr[] = new Array(shape.length);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    coords[i] = shape[i] === 1 ? u32(0) : i === 0 ? divU(flat, stride) : remU(divU(flat, stride), shape[i]);
    stride *= shape[i];
  }
  return coords;
}

/**
 * Coordinates in `inShape` of the element at `coords` in `outShape`, for a reshape between
 * them. Axes are matched in runs of equal element count, so an axis that the reshape keeps
 * maps directly and only merged or split runs pay for a division. Size-1 axes take no part.
 * `bind` may give a merged run's flat index a name, so its uses share it.
 */
export function reshapeCoords(coords: readonly Expr[], outShape: readonly number[], inShape: readonly number[], bind: (e: Expr) => Expr = (e) => e): Expr[] {
  if (outShape.includes(0) || inShape.includes(0)) return unflatIndex(bind(flatIndex(coords, outShape)), inShape);
  const outAxes = outShape.flatMap((d, i) => (d === 1 ? [] : [i]));
  const inAxes = inShape.flatMap((d, i) => (d === 1 ? [] : [i]));
  const result: Expr[] = inShape.map(() => u32(0));
  let o = 0;
  let n = 0;
  while (o < outAxes.length && n < inAxes.length) {
    const outRun = [outAxes[o++]];
    const inRun = [inAxes[n++]];
    let outSize = outShape[outRun[0]];
    let inSize = inShape[inRun[0]];
    while (outSize !== inSize) {
      if (outSize < inSize) {
        outRun.push(outAxes[o]);
        outSize *= outShape[outAxes[o++]];
      } else {
        inRun.push(inAxes[n]);
        inSize *= inShape[inAxes[n++]];
      }
    }
    if (outRun.length === 1 && inRun.length === 1) {
      result[inRun[0]] = coords[outRun[0]];
      continue;
    }
    const flat = flatIndex(outRun.map((a) => coords[a]), outRun.map((a) => outShape[a]));
    const split = unflatIndex(inRun.length > 1 ? bind(flat) : flat, inRun.map((a) => inShape[a]));
    inRun.forEach((a, i) => {
      result[a] = split[i];
    });
  }
  return result;
}

interface MemoEntry {
  expr: Expr;
  depth: number;
  /** The elements of a vector load, for vector-load entries. */
  lanes?: Expr[];
}

/** Elements per vector load and store. */
const VECTOR_WIDTH = 4;

export class KernelBuilder {
  readonly bindings: Binding[] = [];
  /** For each binding, the node whose buffer it is (null for scratch bindings). */
  readonly bindingNodes: Tensor[] = [];
  readonly shared: SharedArray[] = [];
  private readonly bindingOf = new Map<Tensor, number>();
  private readonly vectorBindingOf = new Map<Tensor, number>();
  /** Texture bindings by node and texture width: one tensor may be read with two row lengths (x · reshape(x)). */
  private readonly textureBindingOf = new Map<Tensor, Map<number, number>>();
  /** The kernel's last coordinate when it is a multiple of 4 (see `alignLastAxis`). */
  private alignedLast: { base: Expr; key: string } | null = null;
  private readonly memo = new Map<string, MemoEntry>();
  private readonly substitutions = new Map<Tensor, Expr>();
  private scopes: Stmt[][] = [[]];
  private counter = 0;

  constructor(
    /** Nodes that have buffers (inputs, constants, kernel roots). */
    private readonly materialized: ReadonlySet<Tensor>,
    /** The core node of the kernel, whose value is a variable set by the kernel's loop. */
    private coreValue: { node: Tensor; value: Expr } | null = null,
  ) {}

  /** Runs `fn` with `node` evaluating to `value` (one accumulator of a blocked matmul). */
  withCore<T>(node: Tensor, value: Expr, fn: () => T): T {
    const previous = this.coreValue;
    this.coreValue = { node, value };
    try {
      return fn();
    } finally {
      this.coreValue = previous;
    }
  }

  get body(): Stmt[] {
    return this.scopes[0];
  }

  emit(stmt: Stmt): void {
    this.scopes[this.scopes.length - 1].push(stmt);
  }

  fresh(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }

  /** Binds `value` to a new `let` and returns a reference to it. */
  bind(value: Expr, prefix = "t"): Expr {
    if (value.k === "var" || value.k === "const") return value;
    const name = this.fresh(prefix);
    this.emit({ k: "let", name, value });
    return v(name, value.type);
  }

  /** Binds `value` to a new `let`, even a literal, so that WGSL does not fold it at shader creation. */
  private runtimeValue(value: Expr): Expr {
    const name = this.fresh("k");
    this.emit({ k: "let", name, value });
    return v(name, value.type);
  }

  /** Runs `fn` with a nested statement list; values computed inside stay inside. */
  scoped(fn: () => void): Stmt[] {
    const body: Stmt[] = [];
    this.scopes.push(body);
    try {
      fn();
    } finally {
      const depth = this.scopes.length - 1;
      for (const [key, entry] of this.memo) if (entry.depth >= depth) this.memo.delete(key);
      this.scopes.pop();
    }
    return body;
  }

  /** Returns the binding index of a node's buffer, adding a read binding the first time. */
  bufferBinding(node: Tensor, write = false): number {
    return this.addBinding(this.bindingOf, node, node, { type: storageType(node.dtype), write, label: bindingLabel(node, "") });
  }

  /** Returns the binding index of a node's buffer read or written as vec4, adding it the first time. */
  vectorBinding(node: Tensor, write = false): number {
    return this.addBinding(this.vectorBindingOf, node, node, { type: storageType(node.dtype), write, label: bindingLabel(node, " as vec4"), vectorWidth: VECTOR_WIDTH });
  }

  /** Returns the binding index of a stored f32 node read from a texture of `layout`, adding it the first time. */
  textureBinding(node: Tensor, layout: TextureLayout): number {
    let byWidth = this.textureBindingOf.get(node);
    if (!byWidth) {
      byWidth = new Map();
      this.textureBindingOf.set(node, byWidth);
    }
    return this.addBinding(byWidth, layout.width, node, { type: "f32", write: false, label: bindingLabel(node, " as texture"), texture: layout });
  }

  /** Returns the index of the binding under `key` in `known`, adding `binding` of `node` the first time (a later write makes it writable). */
  private addBinding<K>(known: Map<K, number>, key: K, node: Tensor, binding: Binding): number {
    const existing = known.get(key);
    if (existing !== undefined) {
      if (binding.write) this.bindings[existing].write = true;
      return existing;
    }
    const index = this.bindings.length;
    this.bindings.push(binding);
    this.bindingNodes.push(node);
    known.set(key, index);
    return index;
  }

  /**
   * Declares that the kernel evaluates its outputs at last coordinates `base`, `base` + 1,
   * `base` + 2 and `base` + 3, with `base` a multiple of 4 (null ends it). A stored node read
   * at [..., `base` + j] whose last axis is a multiple of 4 long is then read by one vector
   * load that the four share. Views that keep the last axis pass its coordinate on unchanged,
   * which is what makes such reads recognisable.
   */
  alignLastAxis(base: Expr | null): void {
    this.alignedLast = base ? { base, key: exprKey(base) } : null;
  }

  /** Loads a materialized node at coords, converting stored u32 back to bool. */
  load(node: Tensor, coords: readonly Expr[]): Expr {
    const raw = this.laneOfVector(node, coords) ?? { k: "load", type: storageType(node.dtype), binding: this.bufferBinding(node), index: flatIndex(coords, node.shape) };
    return node.dtype === "bool" ? bin("ne", raw, u32(0)) : raw;
  }

  /** Returns the raw element at `coords` from a shared vector load when `alignLastAxis` applies to the read, else null. */
  private laneOfVector(node: Tensor, coords: readonly Expr[]): Expr | null {
    const aligned = this.alignedLast;
    if (!aligned || node.rank === 0 || node.shape[node.rank - 1] % VECTOR_WIDTH !== 0) return null;
    const c = coords[node.rank - 1];
    let lane: number;
    if (exprKey(c) === aligned.key) lane = 0;
    else if (c.k === "binary" && c.op === "add" && c.b.k === "const" && c.b.value < VECTOR_WIDTH && exprKey(c.a) === aligned.key) lane = c.b.value;
    else return null;
    const index = divU(flatIndex([...coords.slice(0, -1), aligned.base], node.shape), VECTOR_WIDTH);
    const key = `vector ${node.id}@${exprKey(index)}`;
    let entry = this.memo.get(key);
    if (!entry) {
      const type = storageType(node.dtype);
      const names = Array.from({ length: VECTOR_WIDTH }, () => this.fresh("x"));
      this.emit({ k: "loadVector", binding: this.vectorBinding(node), index: this.bind(index, "i"), lanes: names });
      const lanes = names.map((name) => v(name, type));
      entry = { expr: lanes[0], lanes, depth: this.scopes.length - 1 };
      this.memo.set(key, entry);
    }
    return (entry.lanes as Expr[])[lane];
  }

  /** Stores a value of `node`'s dtype at a flat index of its buffer. */
  store(node: Tensor, index: Expr, value: Expr): void {
    const binding = this.bufferBinding(node, true);
    this.emit({ k: "store", binding, index, value: storedValue(node, value) });
  }

  /** Stores 4 consecutive values of `node`'s dtype at vector `index` (a flat index divided by 4). */
  storeVector(node: Tensor, index: Expr, values: readonly Expr[]): void {
    const binding = this.vectorBinding(node, true);
    this.emit({ k: "storeVector", binding, index, values: values.map((value) => storedValue(node, value)) });
  }

  /** The value of `node` at `coords`, inlining everything that is not materialized. */
  valueAt(node: Tensor, coords: readonly Expr[]): Expr {
    const key = `${node.id}@${coords.map(exprKey).join(",")}`;
    const cached = this.memo.get(key);
    if (cached) return cached.expr;
    const expr = this.bind(this.compute(node, coords));
    this.memo.set(key, { expr, depth: this.scopes.length - 1 });
    return expr;
  }

  /** Makes `node` evaluate to `value` at any coordinates (a per-row result of a row kernel). */
  substitute(node: Tensor, value: Expr): void {
    this.substitutions.set(node, value);
  }

  private compute(node: Tensor, coords: readonly Expr[]): Expr {
    if (this.coreValue && node === this.coreValue.node) return this.coreValue.value;
    const substituted = this.substitutions.get(node);
    if (substituted) return substituted;
    // A zero-size node has no element to read, because the kernel either has no threads or
    // reads it in a loop of no iterations (a reduction or gather over an empty axis).
    if (node.size === 0) return zeroOf(node.dtype);
    if (this.materialized.has(node)) return this.load(node, coords);
    const inputs = node.inputs;
    switch (node.op) {
      case Primitive.Constant: {
        const data = node.attrsOf(Primitive.Constant).data;
        if (!data || data.length !== 1) throw new Error(`internal: constant ${node} of size ${node.size} is not materialized`);
        return constantExpr(data[0], node.dtype);
      }
      case Primitive.Iota: {
        const c = coords[node.attrsOf(Primitive.Iota).axis];
        return node.dtype === "f32" ? cast(c, "f32") : cast(c, "i32");
      }
      case Primitive.RandomBits: {
        const { hi, lo, dist } = node.attrsOf(Primitive.RandomBits);
        const key = inputs[0];
        const k0 = cast(this.valueAt(key, [u32(0)]), "u32");
        const k1 = cast(this.valueAt(key, [u32(1)]), "u32");
        const bits = call("randomBits", [k0, k1, u32(hi), u32(lo), flatIndex(coords, node.shape)], "u32");
        return dist === "bits" ? { k: "bitcast", type: "i32", a: bits } : call("unitFloat", [bits], "f32");
      }
      case Primitive.Reshape: {
        const input = inputs[0];
        if (input.rank === node.rank && input.shape.every((d, i) => d === node.shape[i])) return this.valueAt(input, coords);
        return this.valueAt(input, reshapeCoords(coords, node.shape, input.shape, (e) => this.bind(e, "i")));
      }
      case Primitive.Permute: {
        const perm = node.attrsOf(Primitive.Permute).perm;
        const inCoords: Expr[] = new Array(perm.length);
        perm.forEach((p, i) => {
          inCoords[p] = coords[i];
        });
        return this.valueAt(inputs[0], inCoords);
      }
      case Primitive.Broadcast: {
        const inShape = inputs[0].shape;
        return this.valueAt(inputs[0], coords.map((c, i) => (inShape[i] === 1 ? u32(0) : c)));
      }
      case Primitive.Slice: {
        const { start, step } = node.attrsOf(Primitive.Slice);
        return this.valueAt(inputs[0], coords.map((c, i) => addU(mulU(c, u32(step[i])), u32(start[i]))));
      }
      case Primitive.Flip: {
        const axes = node.attrsOf(Primitive.Flip).axes;
        return this.valueAt(inputs[0], coords.map((c, i) => (axes.includes(i) ? bin("sub", u32(node.shape[i] - 1), c) : c)));
      }
      case Primitive.Pad:
        return this.padValue(node, coords);
      case Primitive.Concat:
        return this.concatValue(node, coords);
      case Primitive.Gather:
        return this.gatherValue(node, coords);
      case Primitive.StopGradient:
      case Primitive.CustomVjp:
        return this.valueAt(inputs[0], coords);
      case Primitive.Input:
      case Primitive.ReduceSum:
      case Primitive.ReduceMax:
      case Primitive.ReduceProd:
      case Primitive.ArgMax:
      case Primitive.Argsort:
      case Primitive.ScatterAdd:
      case Primitive.Dot:
        throw new Error(`internal: ${node} (${node.op}) must be materialized before it is read`);
      default: {
        const args = inputs.map((x) => this.valueAt(x, coords));
        // WGSL evaluates an op on literals at shader creation, where i32 overflow, INT_MIN / -1,
        // non-finite results and inverseSqrt(0) are errors rather than values. Tint also rejects
        // an i32 division by a literal zero when the dividend is a run-time value. Binding an
        // operand to a `let` leaves the op to run time, where each of these gives a value.
        if (args.length > 0 && !args.some((a) => a.k !== "const")) args[0] = this.runtimeValue(args[0]);
        const divisor = args[1];
        if (node.op === Primitive.Div && divisor.k === "const" && divisor.type === "i32" && divisor.value === 0) {
          args[1] = this.runtimeValue(divisor);
        }
        return elementwiseExpr(node, args);
      }
    }
  }

  private padValue(node: Tensor, coords: readonly Expr[]): Expr {
    const { lo } = node.attrsOf(Primitive.Pad);
    const input = node.inputs[0];
    let inside: Expr | null = null;
    const inCoords = coords.map((c, i) => {
      if (lo[i] === 0 && node.shape[i] === input.shape[i]) return c;
      const ok = bin("and", bin("le", u32(lo[i]), c), bin("lt", c, u32(lo[i] + input.shape[i])));
      inside = inside ? bin("and", inside, ok) : ok;
      // Clamp into range so the (discarded) load outside the interior stays in bounds.
      const clampedLow = select(bin("lt", c, u32(lo[i])), u32(lo[i]), c);
      const shiftedIn = bin("sub", clampedLow, u32(lo[i]));
      return bin("min", shiftedIn, u32(Math.max(input.shape[i] - 1, 0)));
    });
    if (input.size === 0) return zeroOf(node.dtype);
    const value = this.valueAt(input, inCoords);
    return inside ? select(inside, value, zeroOf(node.dtype)) : value;
  }

  private concatValue(node: Tensor, coords: readonly Expr[]): Expr {
    const axis = node.attrsOf(Primitive.Concat).axis;
    const c = coords[axis];
    let offset = 0;
    const parts: { end: number; value: Expr }[] = [];
    for (const input of node.inputs) {
      const size = input.shape[axis];
      const local = bin("min", bin("sub", select(bin("lt", c, u32(offset)), u32(offset), c), u32(offset)), u32(size - 1));
      const inCoords = coords.map((x, i) => (i === axis ? local : x));
      offset += size;
      parts.push({ end: offset, value: this.valueAt(input, inCoords) });
    }
    let result = parts[parts.length - 1].value;
    for (let i = parts.length - 2; i >= 0; i--) result = select(bin("lt", c, u32(parts[i].end)), parts[i].value, result);
    return result;
  }

  private gatherValue(node: Tensor, coords: readonly Expr[]): Expr {
    const axis = node.attrsOf(Primitive.Gather).axis;
    const [x, indices] = node.inputs;
    const k = indices.rank;
    const rawIndex = this.valueAt(indices, coords.slice(axis, axis + k));
    // NOTE: WGSL cannot raise, so an out-of-range index is clamped; the CPU backend raises instead.
    const index = bin("min", cast(bin("max", rawIndex, i32(0)), "u32"), u32(Math.max(x.shape[axis] - 1, 0)));
    const inCoords = [...coords.slice(0, axis), this.bind(index, "i"), ...coords.slice(axis + k)];
    return this.valueAt(x, inCoords);
  }

  declareShared(array: SharedArray): void {
    this.shared.push(array);
  }
}

/** Returns the comment a binding of `node` carries in WGSL: the op, dtype and shape, and how it is read. */
function bindingLabel(node: Tensor, access: string): string {
  return `${node.op} ${node.dtype}[${node.shape.join(",")}]${access}`;
}

/** Converts a value to the form its node's buffer stores: bool as u32 0 or 1. */
function storedValue(node: Tensor, value: Expr): Expr {
  return node.dtype === "bool" ? select(value, u32(1), u32(0)) : value;
}

export function zeroOf(dtype: DType): Expr {
  return dtype === "f32" ? f32(0) : dtype === "i32" ? i32(0) : { k: "const", type: "bool", value: 0 };
}

export function constantExpr(value: number, dtype: DType): Expr {
  if (dtype === "bool") return { k: "const", type: "bool", value: value ? 1 : 0 };
  return dtype === "f32" ? f32(Math.fround(value)) : i32(value | 0);
}
