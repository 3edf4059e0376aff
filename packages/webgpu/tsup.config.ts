import { packageConfig } from "../../tsup.base.js";

// The declarations use the WebGPU types (GPUDevice, GPUBuffer …), which the bundled .d.ts must
// pull in for projects that do not list @webgpu/types themselves.
export default packageConfig({ dts: { banner: '/// <reference types="@webgpu/types" />' } });
