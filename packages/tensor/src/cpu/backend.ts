import { allocHost, type DType, type HostArray } from "../dtype.js";
import { internal } from "../errors.js";
import type { Backend, BackendBuffer, Program } from "../backend/backend.js";
import type { Tensor } from "../ir/tensor.js";
import type { Shape } from "../shape.js";
import { CPU_KERNELS, type CpuContext } from "./kernels.js";

/**
 * The reference interpreter. `wide: false` is the float32 backend "cpu"; `wide: true` is
 * "cpu64", which computes f32 tensors in float64 and is the oracle of the test suite.
 */
export class CpuBackend implements Backend {
  readonly cacheIntermediates = true;
  private readonly ctx: CpuContext;

  constructor(readonly name: string, wide: boolean) {
    this.ctx = { wide };
  }

  upload(data: HostArray, dtype: DType): BackendBuffer {
    const out = allocHost(dtype, data.length, this.ctx.wide);
    out.set(data);
    return out;
  }

  execute(program: Program, inputs: BackendBuffer[]): BackendBuffer[] {
    const values = new Map<Tensor, HostArray>();
    program.inputs.forEach((t, i) => values.set(t, inputs[i] as HostArray));
    for (const node of program.nodes) {
      if (values.has(node)) continue;
      const args = node.inputs.map((x) => values.get(x) ?? internal(`no value for ${x}, an input of ${node}`));
      values.set(node, CPU_KERNELS[node.op](node, args, this.ctx));
    }
    return program.outputs.map((t) => values.get(t) ?? internal(`no value for output ${t}`));
  }

  read(buffer: BackendBuffer, dtype: DType, shape: Shape): Promise<HostArray> {
    return Promise.resolve(this.readSync(buffer, dtype, shape));
  }

  readSync(buffer: BackendBuffer, dtype: DType, _shape?: Shape): HostArray {
    const data = buffer as HostArray;
    const copy = allocHost(dtype, data.length, data instanceof Float64Array);
    copy.set(data);
    return copy;
  }
}
