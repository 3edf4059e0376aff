/**
 * Vision Transformer: patchify (a convolution with kernel = stride = patch, computed as reshape
 * and matmul), class token, learned or fixed 2-D sin-cos position embedding, optional ln_pre,
 * pre-LN blocks, final LayerNorm, pooling by class token or mean, optional projection without
 * bias. Images are [batch, channels, height, width] or [batch, height, width] for one channel.
 */
import { layerNorm, sincos2dPositionEmbedding, type NormParams } from "@kiln/nn";
import { KilnError, concat, matmul, mean, random, reshape, slice, stopGradient, transpose, type PRNGKey, type Tensor } from "@kiln/tensor";
import { checkChoice, checkInteger } from "./config-check.js";
import { applyBlocks, checkTransformerConfig, initBlocks, type BlockParams, type TransformerConfig } from "./transformer.js";

export interface VitConfig extends TransformerConfig {
  imageSize: number;
  patchSize: number;
  channels: number;
  pool: "cls" | "mean";
  positionEmbedding: "learned" | "sincos";
  /** LayerNorm after adding position embeddings (CLIP's ln_pre). */
  lnPre: boolean;
  /** Size of the bias-free output projection; null returns the pooled width-sized feature. */
  outputDim: number | null;
  /** Keep the random patch projection fixed (MoCo v3): it receives exactly zero gradient. */
  freezePatchProjection: boolean;
}

export interface VitParams {
  /** Patch projection [channels·patch·patch, width] (a bias-free convolution). */
  patch: Tensor<"f32">;
  classToken: Tensor<"f32">;
  /** Learned position embedding [1 + patches, width]; absent with sin-cos embeddings. */
  position?: Tensor<"f32">;
  lnPre?: NormParams<true>;
  blocks: BlockParams[];
  lnPost: NormParams<true>;
  proj?: Tensor<"f32">;
}

export interface Vit {
  readonly config: Readonly<VitConfig>;
  init(key: PRNGKey): VitParams;
  /** Images [B, C, H, W] (or [B, H, W]) → features [B, outputDim ?? width]. */
  apply(params: VitParams, images: Tensor<"f32">): Tensor<"f32">;
  /** Images → patch tokens [B, patches, C·p·p] in row-major patch order. */
  patchify(images: Tensor<"f32">): Tensor<"f32">;
}

function checkConfig(c: VitConfig): void {
  checkInteger("vit", "imageSize", c.imageSize);
  checkInteger("vit", "patchSize", c.patchSize);
  checkInteger("vit", "channels", c.channels);
  if (c.imageSize % c.patchSize !== 0) {
    throw new KilnError("vit", `image size ${c.imageSize} is not divisible by the patch size ${c.patchSize}`);
  }
  checkTransformerConfig("vit", c);
  checkChoice("vit", "pool", c.pool, ["cls", "mean"]);
  checkChoice("vit", "positionEmbedding", c.positionEmbedding, ["learned", "sincos"]);
  if (c.outputDim !== null) checkInteger("vit", "outputDim", c.outputDim);
}

/**
 * Returns `updated` with the patch projection of `previous` when the config freezes it. Its
 * gradient is zero, but an optimiser's decoupled weight decay would still shrink it.
 */
export function keepFrozenPatch(config: VitConfig, updated: VitParams, previous: VitParams): VitParams {
  // NOTE: a copy (x·1 is exact), not `previous.patch` itself: the compiled training steps donate
  // their state, and the WebGPU backend may write another output of the same size into a
  // donated argument that the step returns unchanged.
  return config.freezePatchProjection ? { ...updated, patch: previous.patch.mul(1) } : updated;
}

export function vit(config: VitConfig): Vit {
  checkConfig(config);
  const { imageSize, patchSize, channels, width } = config;
  const grid = imageSize / patchSize;
  const patches = grid * grid;
  const patchDim = channels * patchSize * patchSize;
  const norm = layerNorm({ dim: width, eps: config.eps });
  const fixedPosition = config.positionEmbedding === "sincos" ? sincos2dPositionEmbedding(grid, grid, width, { classToken: true }) : null;

  const init = (key: PRNGKey): VitParams => {
    const [patchKey, clsKey, posKey, blocksKey, projKey] = random.split(key, 5);
    const scale = width ** -0.5;
    const params: VitParams = {
      patch: random.normal(patchKey, [patchDim, width], { std: patchDim ** -0.5 }),
      classToken: random.normal(clsKey, [width], { std: scale }),
      blocks: initBlocks(blocksKey, config),
      lnPost: norm.init(key),
    };
    if (config.positionEmbedding === "learned") params.position = random.normal(posKey, [patches + 1, width], { std: scale });
    if (config.lnPre) params.lnPre = norm.init(key);
    if (config.outputDim !== null) params.proj = random.normal(projKey, [width, config.outputDim], { std: scale });
    return params;
  };

  const patchify = (images: Tensor<"f32">): Tensor<"f32"> => {
    const x = images.rank === 3 ? reshape(images, [images.shape[0], 1, images.shape[1], images.shape[2]]) : images;
    const expected = [channels, imageSize, imageSize];
    if (x.rank !== 4 || x.shape.slice(1).some((d, i) => d !== expected[i])) {
      throw new KilnError("vit", `images must be [batch, ${channels}, ${imageSize}, ${imageSize}], got [${images.shape.join(", ")}]`);
    }
    const batch = x.shape[0];
    const blocks = reshape(x, [batch, channels, grid, patchSize, grid, patchSize]);
    const ordered = transpose(blocks, [0, 2, 4, 1, 3, 5]);
    return reshape(ordered, [batch, patches, patchDim]) as Tensor<"f32">;
  };

  const apply = (params: VitParams, images: Tensor<"f32">): Tensor<"f32"> => {
    const tokens = patchify(images);
    const batch = tokens.shape[0];

    // Patch embedding, class token and position embedding.
    const weight = config.freezePatchProjection ? stopGradient(params.patch) : params.patch;
    const embedded = matmul(tokens, weight as never) as Tensor<"f32">;
    const cls = params.classToken.reshape([1, 1, width]).broadcastTo([batch, 1, width]);
    const position = fixedPosition ?? params.position;
    if (!position) throw new KilnError("vit", "learned position embedding is missing from the parameters");
    let x = concat([cls, embedded], 1).add(position) as Tensor<"f32">;
    if (params.lnPre) x = norm.apply(params.lnPre, x);

    x = applyBlocks(params.blocks, x, config);

    // Pooling: the class token, or the mean of the patch tokens.
    const pooled = config.pool === "cls" ? reshape(slice(x, [null, 0]), [batch, width]) : mean(slice(x, [null, [1, null]]), 1);
    const feature = norm.apply(params.lnPost, pooled as Tensor<"f32">);
    return params.proj ? (matmul(feature, params.proj as never) as Tensor<"f32">) : feature;
  };

  return { config, init, apply, patchify };
}
