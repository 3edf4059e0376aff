/** Parameter initialisers and fixed position tables. */
export type { Initializer } from "./types.js";
export { zeros, ones, constant } from "./constant.js";
export { computeFans, type FanOptions } from "./fans.js";
export { xavierUniform, xavierNormal, kaimingUniform, lecunNormal, type KaimingOptions, type XavierOptions } from "./variance-scaling.js";
export { truncatedNormal, type TruncatedNormalOptions } from "./truncated-normal.js";
export { sincos2dPositionEmbedding } from "./sincos-position.js";
