/**
 * The CPU reference implementation of every primitive over typed arrays. Float32 mode stores f32
 * tensors in Float32Array (rounding after each op); float64 mode stores them in Float64Array and
 * serves as the oracle in tests. Clarity wins over speed here.
 */
import { allocHost, type HostArray } from "../dtype.js";
import { fail, fmtShape, internal } from "../errors.js";
import { Primitive, UNARY_PRIMITIVES, BINARY_PRIMITIVES, type BinaryPrimitive, type UnaryPrimitive } from "../ir/primitive.js";
import type { Tensor } from "../ir/tensor.js";
import { randomBitsInto, bitsToUnit } from "../random/threefry.js";
import { sizeOf, stridesOf } from "../shape.js";
import { binaryFn, castValue, unaryFn } from "./elementwise.js";
import { copyStrided, reductionIndex } from "./strided.js";

export interface CpuContext {
  /** Store f32 tensors in float64. */
  wide: boolean;
}

export type CpuKernel = (node: Tensor, inputs: HostArray[], ctx: CpuContext) => HostArray;

function output(node: Tensor, ctx: CpuContext): HostArray {
  return allocHost(node.dtype, node.size, ctx.wide);
}

function unaryKernel(op: UnaryPrimitive): CpuKernel {
  return (node, [x], ctx) => {
    const out = output(node, ctx);
    const f = unaryFn(op, node.dtype);
    for (let i = 0; i < out.length; i++) out[i] = f(x[i]);
    return out;
  };
}

function binaryKernel(op: BinaryPrimitive): CpuKernel {
  return (node, [a, b], ctx) => {
    const out = output(node, ctx);
    const f = binaryFn(op, node.inputs[0]?.dtype ?? node.dtype);
    for (let i = 0; i < out.length; i++) out[i] = f(a[i], b[i]);
    return out;
  };
}

function reduceKernel(init: number, combine: (acc: number, v: number) => number): CpuKernel {
  return (node, [x], ctx) => {
    const input = node.inputs[0] ?? internal(`${node} has no input`);
    const axes = (node.attrs as { axes: number[] }).axes;
    const map = reductionIndex(input.shape, axes);
    const acc = new Float64Array(node.size).fill(init);
    for (let i = 0; i < x.length; i++) acc[map[i]] = combine(acc[map[i]], x[i]);
    const out = output(node, ctx);
    for (let i = 0; i < out.length; i++) out[i] = node.dtype === "i32" ? acc[i] | 0 : acc[i];
    return out;
  };
}

const maxCombine = (acc: number, v: number) => (Number.isNaN(acc) || Number.isNaN(v) ? NaN : v > acc ? v : acc);

/** Iterates the (outer, inner) positions around one axis of `shape`. */
function aroundAxis(shape: readonly number[], axis: number): { outer: number; dim: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, axis)), dim: shape[axis], inner: sizeOf(shape.slice(axis + 1)) };
}

const unary = Object.fromEntries(UNARY_PRIMITIVES.map((op) => [op, unaryKernel(op)])) as Record<UnaryPrimitive, CpuKernel>;
const binary = Object.fromEntries(BINARY_PRIMITIVES.map((op) => [op, binaryKernel(op)])) as Record<BinaryPrimitive, CpuKernel>;

const share: CpuKernel = (_node, [x]) => x;

function inputOf(node: Tensor, i: number): Tensor {
  return node.inputs[i] ?? internal(`${node} is missing input ${i}`);
}

export const CPU_KERNELS: Record<Primitive, CpuKernel> = {
  ...unary,
  ...binary,
  [Primitive.StopGradient]: share,

  [Primitive.Constant]: (node, _inputs, ctx) => {
    const data = node.attrsOf(Primitive.Constant).data ?? internal(`${node} has no host data`);
    const out = output(node, ctx);
    for (let i = 0; i < out.length; i++) out[i] = data[i];
    return out;
  },
  [Primitive.Input]: (node) => internal(`placeholder ${node} has no value`),
  [Primitive.Iota]: (node, _inputs, ctx) => {
    const { outer, dim, inner } = aroundAxis(node.shape, node.attrsOf(Primitive.Iota).axis);
    const out = output(node, ctx);
    for (let o = 0; o < outer; o++) for (let d = 0; d < dim; d++) out.fill(d, (o * dim + d) * inner, (o * dim + d + 1) * inner);
    return out;
  },
  [Primitive.RandomBits]: (node, [key], ctx) => {
    const { hi, lo, dist } = node.attrsOf(Primitive.RandomBits);
    const bits = new Int32Array(node.size);
    randomBitsInto(bits, key[0], key[1], hi, lo);
    if (dist === "bits") return bits;
    const out = output(node, ctx);
    for (let i = 0; i < out.length; i++) out[i] = bitsToUnit(bits[i]);
    return out;
  },
  [Primitive.Cast]: (node, [x], ctx) => {
    const out = output(node, ctx);
    for (let i = 0; i < out.length; i++) out[i] = castValue(x[i], node.dtype);
    return out;
  },
  [Primitive.Where]: (node, [c, a, b], ctx) => {
    const out = output(node, ctx);
    for (let i = 0; i < out.length; i++) out[i] = c[i] ? a[i] : b[i];
    return out;
  },

  [Primitive.ReduceSum]: reduceKernel(0, (acc, v) => acc + v),
  // i32 products use Math.imul so they wrap modulo 2³² like i32 mul, without float64 rounding.
  [Primitive.ReduceProd]: (node, inputs, ctx) => reduceKernel(1, node.dtype === "i32" ? Math.imul : (acc, v) => acc * v)(node, inputs, ctx),
  [Primitive.ReduceMax]: (node, inputs, ctx) => reduceKernel(node.dtype === "i32" ? -2147483648 : -Infinity, maxCombine)(node, inputs, ctx),
  [Primitive.ArgMax]: (node, [x], ctx) => {
    const { outer, dim, inner } = aroundAxis(inputOf(node, 0).shape, node.attrsOf(Primitive.ArgMax).axis);
    const out = output(node, ctx);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        let best = 0;
        let bestValue = x[o * dim * inner + i];
        for (let d = 1; d < dim && !Number.isNaN(bestValue); d++) {
          const v = x[(o * dim + d) * inner + i];
          if (v > bestValue || Number.isNaN(v)) {
            best = d;
            bestValue = v;
          }
        }
        out[o * inner + i] = best;
      }
    }
    return out;
  },
  [Primitive.Argsort]: (node, [x], ctx) => {
    const { axis, descending } = node.attrsOf(Primitive.Argsort);
    const { outer, dim, inner } = aroundAxis(node.shape, axis);
    const out = output(node, ctx);
    const order = Array.from({ length: dim }, (_, i) => i);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const at = (d: number) => x[(o * dim + d) * inner + i];
        const sorted = [...order].sort((p, q) => {
          const a = at(p);
          const b = at(q);
          if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) === Number.isNaN(b) ? p - q : Number.isNaN(a) ? 1 : -1;
          const diff = descending ? b - a : a - b;
          return diff !== 0 ? diff : p - q;
        });
        sorted.forEach((d, k) => {
          out[(o * dim + k) * inner + i] = d;
        });
      }
    }
    return out;
  },

  [Primitive.Reshape]: share,
  [Primitive.Permute]: (node, [x], ctx) => {
    const strides = stridesOf(inputOf(node, 0).shape);
    const out = output(node, ctx);
    copyStrided(x, out, node.shape, node.attrsOf(Primitive.Permute).perm.map((p) => strides[p]), 0);
    return out;
  },
  [Primitive.Broadcast]: (node, [x], ctx) => {
    const inShape = inputOf(node, 0).shape;
    const strides = stridesOf(inShape).map((s, i) => (inShape[i] === 1 ? 0 : s));
    const out = output(node, ctx);
    copyStrided(x, out, node.shape, strides, 0);
    return out;
  },
  [Primitive.Slice]: (node, [x], ctx) => {
    const { start, step } = node.attrsOf(Primitive.Slice);
    const strides = stridesOf(inputOf(node, 0).shape);
    const offset = start.reduce((n, s, i) => n + s * strides[i], 0);
    const out = output(node, ctx);
    copyStrided(x, out, node.shape, strides.map((s, i) => s * step[i]), offset);
    return out;
  },
  [Primitive.Flip]: (node, [x], ctx) => {
    const axes = node.attrsOf(Primitive.Flip).axes;
    const strides = stridesOf(node.shape);
    const offset = axes.reduce((n, a) => n + (node.shape[a] - 1) * strides[a], 0);
    const out = output(node, ctx);
    copyStrided(x, out, node.shape, strides.map((s, i) => (axes.includes(i) ? -s : s)), offset);
    return out;
  },
  [Primitive.Pad]: (node, [x], ctx) => {
    const { lo } = node.attrsOf(Primitive.Pad);
    const inShape = inputOf(node, 0).shape;
    const out = output(node, ctx);
    const outStrides = stridesOf(node.shape);
    // Write the input into the interior of the zero output, one innermost row at a time.
    const rank = inShape.length;
    if (rank === 0 || x.length === 0) {
      if (rank === 0) out[0] = x[0];
      return out;
    }
    const inner = inShape[rank - 1];
    const index = new Array<number>(rank).fill(0);
    for (let src = 0; src < x.length; src += inner) {
      let dst = lo[rank - 1];
      for (let a = 0; a < rank - 1; a++) dst += (index[a] + lo[a]) * outStrides[a];
      for (let i = 0; i < inner; i++) out[dst + i] = x[src + i];
      for (let a = rank - 2; a >= 0; a--) {
        if (++index[a] < inShape[a]) break;
        index[a] = 0;
      }
    }
    return out;
  },
  [Primitive.Concat]: (node, inputs, ctx) => {
    const axis = node.attrsOf(Primitive.Concat).axis;
    const { outer, inner } = aroundAxis(node.shape, axis);
    const out = output(node, ctx);
    const total = node.shape[axis] * inner;
    let offset = 0;
    inputs.forEach((x, k) => {
      const chunk = inputOf(node, k).shape[axis] * inner;
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < chunk; i++) out[o * total + offset + i] = x[o * chunk + i];
      }
      offset += chunk;
    });
    return out;
  },
  [Primitive.Gather]: (node, [x, indices], ctx) => {
    const axis = node.attrsOf(Primitive.Gather).axis;
    const source = inputOf(node, 0);
    const { outer, dim, inner } = aroundAxis(source.shape, axis);
    const out = output(node, ctx);
    const count = indices.length;
    for (let k = 0; k < count; k++) {
      const index = indices[k];
      if (index < 0 || index >= dim) {
        fail("take", `index ${index} (at flat position ${k}) is out of range for axis ${axis} of size ${dim} in shape ${fmtShape(source.shape)}`);
      }
    }
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < count; k++) {
        const src = (o * dim + indices[k]) * inner;
        const dst = (o * count + k) * inner;
        for (let i = 0; i < inner; i++) out[dst + i] = x[src + i];
      }
    }
    return out;
  },
  [Primitive.ScatterAdd]: (node, [updates, indices], ctx) => {
    const { axis, size } = node.attrsOf(Primitive.ScatterAdd);
    const { outer, inner } = aroundAxis(node.shape, axis);
    const count = indices.length;
    const acc = new Float64Array(node.size);
    for (let k = 0; k < count; k++) {
      const index = indices[k];
      if (index < 0 || index >= size) fail("scatterAdd", `index ${index} (at flat position ${k}) is out of range for axis ${axis} of size ${size}`);
    }
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < count; k++) {
        const src = (o * count + k) * inner;
        const dst = (o * size + indices[k]) * inner;
        for (let i = 0; i < inner; i++) acc[dst + i] += updates[src + i];
      }
    }
    const out = output(node, ctx);
    for (let i = 0; i < out.length; i++) out[i] = node.dtype === "i32" ? acc[i] | 0 : acc[i];
    return out;
  },

  [Primitive.Dot]: (node, [a, b], ctx) => {
    const lhs = inputOf(node, 0);
    const rhs = inputOf(node, 1);
    const m = lhs.shape[lhs.rank - 2];
    const k = lhs.shape[lhs.rank - 1];
    const n = rhs.shape[rhs.rank - 1];
    const batch = sizeOf(lhs.shape.slice(0, -2));
    const out = output(node, ctx);
    const row = new Float64Array(n);
    const isInt = node.dtype === "i32";
    for (let p = 0; p < batch; p++) {
      for (let i = 0; i < m; i++) {
        row.fill(0);
        for (let q = 0; q < k; q++) {
          const av = a[p * m * k + i * k + q];
          if (av === 0 && !isInt) {
            // 0 · ∞ must still give NaN, so only skip when the row of b is finite.
            let finite = true;
            for (let j = 0; j < n && finite; j++) finite = Number.isFinite(b[p * k * n + q * n + j]);
            if (finite) continue;
          }
          const base = p * k * n + q * n;
          // i32 products wrap like i32 mul, because a float64 product of two i32 values can lose low bits.
          if (isInt) {
            for (let j = 0; j < n; j++) row[j] = (row[j] + Math.imul(av, b[base + j])) | 0;
          } else {
            for (let j = 0; j < n; j++) row[j] += av * b[base + j];
          }
        }
        for (let j = 0; j < n; j++) out[p * m * n + i * n + j] = isInt ? row[j] | 0 : row[j];
      }
    }
    return out;
  },

  [Primitive.CustomVjp]: share,
};
