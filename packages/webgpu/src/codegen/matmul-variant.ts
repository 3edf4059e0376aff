/**
 * Matmul kernel variants: the shape of the register block, how invocations map to output
 * tiles, k-loop unrolling and vector loads. A variant is plain data, so it can be cached as
 * JSON, named in logs and forced by tests. Which variant is fastest depends on the adapter,
 * so the tuner (tune/matmul.ts) measures a few of them once per adapter.
 */

export interface MatmulVariant {
  /** Output rows × columns that one invocation accumulates in registers. */
  block: [number, number];
  /** Invocations per workgroup. */
  workgroupSize: number;
  /**
   * `flat`: one invocation index over (batch, row block, column block), column blocks
   * fastest. `rows`: each workgroup covers one row block of one batch entry and
   * `workgroupSize` column blocks, so the lhs index is the same for the whole workgroup
   * (uniform loads, which drivers can turn into one scalar load and a broadcast).
   */
  mapping: "flat" | "rows";
  /**
   * `adjacent`: an invocation's columns are consecutive. `strided`: with the `rows` mapping,
   * column j of invocation i is `tile + (j · workgroupSize + i)` (in units of 4 columns when
   * `vectorB`), so neighbouring invocations read neighbouring addresses (coalesced loads).
   */
  columns: "adjacent" | "strided";
  /** Steps of the k loop per iteration (1, 2 or 4); a remainder loop covers the rest. */
  kUnroll: number;
  /** Reads 4 consecutive k of each lhs row with one vector load, where the lhs is contiguous along k. */
  vectorA: boolean;
  /** Reads 4 consecutive columns of the rhs with one vector load, where the rhs is contiguous along columns. */
  vectorB: boolean;
  /**
   * Reads operands stored row-major with rows of a multiple of 64 elements from rgba32float
   * textures (4 values per texel), copied from their buffers before the first kernel of a run that reads them.
   * On CPU drivers such as lavapipe, texture loads skip the per-load bounds checks of storage
   * buffers. Needs `vectorA` and `vectorB`. Other operands are read as those flags set.
   */
  texture?: boolean;
}

/** The kernel Kiln used before variants existed: flat mapping, 4 × 4 block, 64 invocations. */
export const LEGACY_MATMUL_VARIANT: MatmulVariant = {
  block: [4, 4],
  workgroupSize: 64,
  mapping: "flat",
  columns: "adjacent",
  kUnroll: 1,
  vectorA: false,
  vectorB: false,
};

/** A short stable name, such as `rows-16x8-w16-adj-k1` or `flat-4x4-w64-adj-k1-vb`. */
export function matmulVariantName(variant: MatmulVariant): string {
  const [tm, tn] = variant.block;
  const columns = variant.columns === "strided" ? "str" : "adj";
  let name = `${variant.mapping}-${tm}x${tn}-w${variant.workgroupSize}-${columns}-k${variant.kUnroll}`;
  if (variant.vectorA) name += "-va";
  if (variant.vectorB) name += "-vb";
  if (variant.texture) name += "-tex";
  return name;
}

const NAME_PATTERN = /^(flat|rows)-(\d+)x(\d+)-w(\d+)-(adj|str)-k(\d+)(-va)?(-vb)?(-tex)?$/;

/** Parses a name made by matmulVariantName; returns null for anything else. */
export function parseMatmulVariantName(name: string): MatmulVariant | null {
  const match = NAME_PATTERN.exec(name.trim());
  if (!match) return null;
  const variant: MatmulVariant = {
    mapping: match[1] as MatmulVariant["mapping"],
    block: [Number(match[2]), Number(match[3])],
    workgroupSize: Number(match[4]),
    columns: match[5] === "str" ? "strided" : "adjacent",
    kUnroll: Number(match[6]),
    vectorA: match[7] !== undefined,
    vectorB: match[8] !== undefined,
    ...(match[9] !== undefined ? { texture: true } : {}),
  };
  return matmulVariantProblem(variant) === null ? variant : null;
}

const isPowerOfTwo = (x: number) => Number.isInteger(x) && x >= 1 && (x & (x - 1)) === 0;

/**
 * Checks a variant read from a cache file, an option or the environment. Returns a
 * description of the first problem, or null when the variant is valid.
 */
export function matmulVariantProblem(value: unknown): string | null {
  if (typeof value !== "object" || value === null) return "not an object";
  const variant = value as Partial<MatmulVariant>;
  const block = variant.block;
  if (!Array.isArray(block) || block.length !== 2 || !block.every((d) => isPowerOfTwo(d) && d <= 32)) {
    return `block must be two powers of two up to 32, got ${JSON.stringify(block)}`;
  }
  if (!isPowerOfTwo(variant.workgroupSize ?? 0) || (variant.workgroupSize as number) > 256) {
    return `workgroupSize must be a power of two up to 256, got ${String(variant.workgroupSize)}`;
  }
  if (variant.mapping !== "flat" && variant.mapping !== "rows") return `mapping must be "flat" or "rows", got ${String(variant.mapping)}`;
  if (variant.columns !== "adjacent" && variant.columns !== "strided") {
    return `columns must be "adjacent" or "strided", got ${String(variant.columns)}`;
  }
  if (variant.columns === "strided" && variant.mapping !== "rows") return `strided columns need the "rows" mapping`;
  if (![1, 2, 4].includes(variant.kUnroll as number)) return `kUnroll must be 1, 2 or 4, got ${String(variant.kUnroll)}`;
  if (typeof variant.vectorA !== "boolean" || typeof variant.vectorB !== "boolean") return "vectorA and vectorB must be booleans";
  if (variant.vectorB && block[1] % 4 !== 0) return `vectorB needs a multiple of 4 columns per block, got ${block[1]}`;
  if (variant.texture !== undefined && typeof variant.texture !== "boolean") return "texture must be a boolean";
  if (variant.texture && !(variant.vectorA && variant.vectorB)) return "texture needs vectorA and vectorB";
  return null;
}
