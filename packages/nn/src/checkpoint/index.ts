/** Safetensors checkpoints of pytrees: atomic saving, validated loading and header inspection. */
export { saveCheckpoint, NonFiniteTensorError, type SaveCheckpointOptions } from "./save.js";
export { loadCheckpoint, type Checkpoint } from "./load.js";
export { readSafetensorsHeader } from "./header.js";
export { MAX_HEADER_BYTES, type SafetensorsHeader, type SafetensorsTensorInfo } from "./format.js";
