import { allocHost, type DType, type HostArray } from "./dtype.js";
import { fail, internal } from "./errors.js";
import { defaultBackend, type Backend, type BackendBuffer, type Program } from "./backend/backend.js";
import { insideCompileTrace, insideTransform } from "./ir/context.js";
import { toposort } from "./ir/graph.js";
import { Primitive } from "./ir/primitive.js";
import type { Tensor } from "./ir/tensor.js";
import type { Shape } from "./shape.js";

/** Tells where realization stops walking the graph: at computed values, placeholders and disposed tensors (which have neither). */
const isLeaf = (t: Tensor): boolean => t.realized !== null || t.op === Primitive.Input || t.disposed;

/**
 * Eager realization: runs the unrealized part of the graph below `tensors` on one backend and
 * stores the resulting buffers on the nodes. Outside transforms, realized nodes drop their
 * inputs so that finished graphs can be garbage-collected.
 */
function planRealization(tensors: readonly Tensor[]): { backend: Backend; program: Program } {
  if (insideCompileTrace()) {
    fail("data", "cannot read the value of a tensor while compile() is tracing; return it from the function instead");
  }
  for (const t of tensors) {
    const message = t.unusableMessage("read");
    if (message) fail("data", message);
  }
  const pending = tensors.filter((t) => !t.realized);
  const backend = pending.length > 0 ? defaultBackend() : tensors[0]?.realized?.backend ?? defaultBackend();
  const { order, leaves } = toposort(pending, isLeaf);
  for (const leaf of leaves) {
    if (leaf.op === Primitive.Input) fail("data", `cannot read ${leaf}: it is a placeholder of a compiled function`);
    if (leaf.donated) {
      // The requested tensors are still lazy, and one of the inputs they are computed from has
      // given its buffer to a compiled call since they were created.
      const requested = pending.map(String).join(", ");
      fail(
        "data",
        `cannot read ${requested}: it depends on ${leaf}, which was donated to a compiled call before the value was read; read the value before that call or compute it from the call's outputs`,
      );
    }
    if (leaf.disposed) {
      const requested = pending.map(String).join(", ");
      fail("data", `cannot read ${requested}: it depends on ${leaf}, which was disposed before the value was read; read the value before disposing ${leaf}`);
    }
  }
  const outputs = backend.cacheIntermediates ? order : pending;
  return { backend, program: { inputs: leaves, nodes: order, outputs } };
}

function finish(program: Program, backend: Backend, buffers: BackendBuffer[]): void {
  program.outputs.forEach((t, i) => {
    t.realized = { backend, buffer: buffers[i] };
  });
  if (!insideTransform()) {
    for (const t of program.outputs) t.inputs = [];
  }
}

/** Returns the buffer of `t` on `backend`, copied there synchronously if needed. `op` names the caller in the error raised when it cannot be copied. */
function leafBufferSync(t: Tensor, backend: Backend, op = "dataSync"): BackendBuffer {
  const r = t.realized ?? internal(`leaf ${t} is not realized`);
  if (r.backend === backend) return r.buffer;
  const read =
    r.backend.readSync ??
    (op === "compile"
      ? fail(
          op,
          `${t} lives on backend "${r.backend.name}", which cannot be read synchronously, so it cannot be an argument of a function compiled for backend "${backend.name}". ` +
            `Compile for "${r.backend.name}", or copy the tensor first with fromArray(await t.data(), t.shape, t.dtype)`,
        )
      : fail(op, `${t} lives on backend "${r.backend.name}", which cannot be read synchronously; use await t.data()`));
  return backend.upload(read.call(r.backend, r.buffer, t.dtype, t.shape), t.dtype, t.shape);
}

export function realizeSync(tensors: readonly Tensor[]): HostArray[] {
  const { backend, program } = planRealization(tensors);
  if (program.nodes.length > 0) {
    const inputs = program.inputs.map((t) => leafBufferSync(t, backend));
    finish(program, backend, backend.execute(program, inputs));
  }
  return tensors.map((t) => {
    const r = t.realized ?? internal(`${t} was not realized`);
    const read = r.backend.readSync ?? fail("dataSync", `backend "${r.backend.name}" cannot be read synchronously; use await t.data()`);
    return read.call(r.backend, r.buffer, t.dtype, t.shape);
  });
}

export async function realize(tensors: readonly Tensor[]): Promise<HostArray[]> {
  const { backend, program } = planRealization(tensors);
  if (program.nodes.length > 0) {
    const inputs: BackendBuffer[] = [];
    for (const t of program.inputs) {
      const r = t.realized ?? internal(`leaf ${t} is not realized`);
      inputs.push(r.backend === backend ? r.buffer : backend.upload(await r.backend.read(r.buffer, t.dtype, t.shape), t.dtype, t.shape));
    }
    finish(program, backend, backend.execute(program, inputs));
  }
  const out: HostArray[] = [];
  for (const t of tensors) {
    const r = t.realized ?? internal(`${t} was not realized`);
    out.push(await r.backend.read(r.buffer, t.dtype, t.shape));
  }
  return out;
}

/** Converts flat row-major data into nested arrays (booleans for `bool`). */
export function toNested(data: HostArray, shape: Shape, dtype: DType): unknown {
  const convert = dtype === "bool" ? (v: number) => v !== 0 : (v: number) => v;
  if (shape.length === 0) return convert(data[0]);
  let offset = 0;
  const build = (axis: number): unknown[] => {
    const out: unknown[] = [];
    for (let i = 0; i < shape[axis]; i++) {
      out.push(axis === shape.length - 1 ? convert(data[offset++]) : build(axis + 1));
    }
    return out;
  };
  return build(0);
}

export { allocHost };

/**
 * Makes sure every tensor has a buffer on `backend`, computing or transferring as needed,
 * without reading anything back. Used by compiled functions for their arguments.
 */
export function realizeOn(tensors: readonly Tensor[], backend: Backend): BackendBuffer[] {
  for (const t of tensors) {
    const message = t.unusableMessage("used");
    if (message) fail("compile", message);
  }
  const pending = tensors.filter((t) => !t.realized || t.realized.backend !== backend);
  const unrealized = pending.filter((t) => !t.realized);
  if (unrealized.length > 0) {
    const { order, leaves } = toposort(unrealized, isLeaf);
    for (const leaf of leaves) {
      if (leaf.op === Primitive.Input) fail("compile", `cannot use ${leaf}, a placeholder of another compiled function, as an argument`);
      const message = leaf.unusableMessage("used");
      if (message) fail("compile", message);
    }
    const program: Program = { inputs: leaves, nodes: order, outputs: backend.cacheIntermediates ? order : unrealized };
    finish(program, backend, backend.execute(program, leaves.map((t) => leafBufferSync(t, backend, "compile"))));
  }
  return tensors.map((t) => leafBufferSync(t, backend, "compile"));
}
