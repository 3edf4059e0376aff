/** Layers on the WebGPU backend, compared with cpu; skipped where no WebGPU adapter exists. */
import { describe, expect, test } from "vitest";
import { full, random, tensor, withBackend, type Tensor } from "@kiln/tensor";
import { dropout, multiHeadAttention } from "@kiln/nn";
import { hasWebGpu } from "../../webgpu/test/gpu.js";
import { expectClose, f64, read, testValues } from "./layers-helpers.js";

async function readWebGpu(t: Tensor): Promise<number[]> {
  return Array.from(await withBackend("webgpu", () => t.data()), Number);
}

describe.skipIf(!hasWebGpu)("layers on webgpu", () => {
  test("dropout mask matches cpu", async () => {
    const layer = dropout({ rate: 0.4 });
    const apply = () => layer.apply(full([1000], 1), { key: random.key(12), train: true });
    const onGpu = await readWebGpu(apply());
    expect(onGpu.map((v) => v !== 0)).toEqual(read(apply()).map((v) => v !== 0));
  });

  test("attention with a fully masked row", async () => {
    const layer = multiHeadAttention({ dim: 4, heads: 2, bias: false });
    const params = layer.init(random.key(0));
    // Realizing the parameters on cpu first leaves only the attention itself to compile for the GPU.
    for (const projection of Object.values(params)) read(projection.weight);
    const mask = () => tensor([[true, false, true], [false, false, false], [true, true, false]]);
    const input = () => f64(testValues(2 * 3 * 4, 5), [2, 3, 4]);
    const onGpu = await readWebGpu(layer.apply(params, input(), { mask: mask() }));
    expect(onGpu.every(Number.isFinite)).toBe(true);
    expect(onGpu.slice(4, 8)).toEqual([0, 0, 0, 0]);
    expectClose(onGpu, read(layer.apply(params, input(), { mask: mask() })), 1e-5);
  });
});
