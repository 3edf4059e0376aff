import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import { hasWebGpu, webgpu } from "./gpu.js";

// Destroys the process-wide device, so it runs in a file of its own (vitest isolates files).
describe.runIf(hasWebGpu)("webgpu device loss", () => {
  it("rejects pending and later work with a clear error", async () => {
    const backend = (await webgpu())!;
    const pending = k.withBackend("webgpu", () => k.ones([1000]).mul(2).data());
    backend.ctx.device.destroy();
    await expect(pending).rejects.toThrow(/device was lost|reading a buffer failed/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(() => k.withBackend("webgpu", () => k.compile((x: k.Tensor) => x.add(1))(k.ones([2])))).toThrow(/WebGPU device was lost/);
  });
});
