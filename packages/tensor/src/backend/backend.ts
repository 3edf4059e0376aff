import type { DType, HostArray } from "../dtype.js";
import { fail } from "../errors.js";
import type { Shape } from "../shape.js";
import type { Tensor } from "../ir/tensor.js";

/** An opaque handle to memory owned by a backend. */
export type BackendBuffer = object;

/**
 * A graph ready to run: `inputs` are leaves whose buffers the caller supplies (realized tensors
 * and compile placeholders), `nodes` are the remaining nodes in topological order, and
 * `outputs` are the nodes whose buffers are returned.
 */
export interface Program {
  inputs: Tensor[];
  nodes: Tensor[];
  outputs: Tensor[];
  /** Indices into `inputs` whose buffers the program may overwrite (donated arguments). */
  donated?: ReadonlySet<number>;
}

export interface Backend {
  readonly name: string;
  /** Whether eager realization keeps the value of every intermediate node (cheap on the host). */
  readonly cacheIntermediates: boolean;
  /** Copies host data into a new buffer. */
  upload(data: HostArray, dtype: DType, shape: Shape): BackendBuffer;
  /** Runs a program; returns one buffer per output, in order. */
  execute(program: Program, inputs: BackendBuffer[]): BackendBuffer[];
  /** Copies a buffer back to the host. */
  read(buffer: BackendBuffer, dtype: DType, shape: Shape): Promise<HostArray>;
  /** Synchronous read; absent on backends whose memory is not host-visible. */
  readSync?(buffer: BackendBuffer, dtype: DType, shape: Shape): HostArray;
  /**
   * Frees a buffer that no tensor uses any more (`Tensor.dispose`). Work already submitted
   * that reads the buffer still reads its contents. Absent where the garbage collector frees buffers.
   */
  release?(buffer: BackendBuffer): void;
}

const factories = new Map<string, () => Backend>();
const instances = new Map<string, Backend>();
let defaultName = "cpu";

/** Registers a backend under `name`; the factory runs on first use. */
export function registerBackend(name: string, factory: () => Backend): void {
  factories.set(name, factory);
  instances.delete(name);
}

export function backendNames(): string[] {
  return [...factories.keys()];
}

export function getBackend(name: string): Backend {
  let backend = instances.get(name);
  if (backend) return backend;
  const factory = factories.get(name);
  if (!factory) fail("getBackend", `unknown backend "${name}"; registered: ${backendNames().join(", ")}`);
  backend = factory();
  instances.set(name, backend);
  return backend;
}

export function defaultBackend(): Backend {
  return getBackend(defaultName);
}

/** Sets the backend on which unrealized tensors are computed. */
export function setDefaultBackend(name: string): void {
  getBackend(name);
  defaultName = name;
}

/** Runs `fn` with `name` as the default backend, restoring the previous default afterwards. */
export function withBackend<T>(name: string, fn: () => T): T {
  const previous = defaultName;
  setDefaultBackend(name);
  try {
    return fn();
  } finally {
    defaultName = previous;
  }
}
