/**
 * The parts the training-step cases (MLP, Transformer block) share: a framework's step loop ready to
 * time, the side-by-side timing of all frameworks, and each framework's loop around its step.
 */
import type * as k from "@kiln/tensor";
import type { Program } from "@kiln/tensor";
import type { Executable, WebGpuBackend } from "@kiln/webgpu";
import type { ResultRow } from "./results.js";
import { errorMessage, measureInterleaved, type Contender, type Timing, type TimingOptions } from "./timing.js";

/** A framework's training loop, ready to time; `after` reads the last loss. */
export interface StepContender extends Contender {
  details: Record<string, unknown>;
  after(): Promise<Record<string, unknown>>;
}

/** Builds a case's result row from a framework, its median time (null when it failed) and extras. */
export type StepRow = (framework: string, medianMs: number | null, rest?: Partial<ResultRow>) => ResultRow;

/**
 * Prepares each framework (a failure becomes a row with its error), times the prepared ones
 * side by side, and returns one row each. `annotate` may add details to a framework's row.
 */
export async function timeTrainingSteps(
  label: string,
  attempts: readonly [string, () => Promise<StepContender>][],
  row: StepRow,
  timing: TimingOptions,
  log: (line: string) => void,
  annotate?: (contender: StepContender, timing: Timing, details: Record<string, unknown>) => void,
): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  const prepared: StepContender[] = [];
  for (const [framework, attempt] of attempts) {
    log(`${label}: preparing ${framework}`);
    try {
      prepared.push(await attempt());
    } catch (error) {
      rows.push(row(framework, null, { error: errorMessage(error) }));
    }
  }
  log(`${label}: timing ${prepared.length} frameworks side by side`);
  const timings = await measureInterleaved(prepared, timing);
  for (const p of prepared) {
    const t = timings.get(p.name) as Timing;
    const details: Record<string, unknown> = { ...p.details, ...(await p.after()) };
    annotate?.(p, t, details);
    rows.push(row(p.name, t.medianMs, { minMs: t.minMs, details }));
  }
  return rows;
}

/**
 * Runs one jitted jax-js step `step(params, ...data)` returning [params, loss], and wraps the
 * loop for timing. jax-js arrays are reference-counted, so each call passes new references
 * to the data and the previous loss is disposed.
 */
export async function jaxStepContender(step: (...args: any[]) => unknown, initial: Record<string, any>, data: readonly any[]): Promise<StepContender> {
  const call = (p: Record<string, any>) => step(p, ...data.map((d) => d.ref)) as [Record<string, any>, any];
  let [params, value] = call(initial);
  const firstLoss = (await value.ref.data())[0];
  return {
    name: "jax-js",
    details: { firstLoss },
    async run(count) {
      for (let i = 0; i < count; i++) {
        value.dispose();
        [params, value] = call(params);
      }
      await value.blockUntilReady();
    },
    after: async () => ({ lastLoss: (await value.ref.data())[0] }),
  };
}

/**
 * Wraps a tfjs training loop: each step is `optimizer.minimize(loss)` with SGD at `lr`, and the
 * previous step's loss is disposed.
 */
export async function tfjsStepContender(tf: typeof import("@tensorflow/tfjs-core"), loss: () => import("@tensorflow/tfjs-core").Scalar, lr: number): Promise<StepContender> {
  type Scalar = import("@tensorflow/tfjs-core").Scalar;
  const optimizer = tf.train.sgd(lr);
  const stepOnce = () => optimizer.minimize(loss, true) as Scalar;
  const first = stepOnce();
  const firstLoss = (await first.data())[0];
  first.dispose();
  let last: Scalar | null = null;
  return {
    name: "tfjs-webgpu",
    details: { firstLoss },
    async run(count) {
      for (let i = 0; i < count; i++) {
        last?.dispose();
        last = stepOnce();
      }
      await last?.data();
    },
    after: async () => ({ lastLoss: last ? (await (last as Scalar).data())[0] : null }),
  };
}

/** A compiled Kiln step with donated parameters: `step(params, ...data)` returns the new parameters and the loss. */
export type KilnStep<P> = ((params: P, ...data: k.Tensor[]) => { params: P; loss: k.Tensor }) & { trace(...args: unknown[]): { program: Program } };

/**
 * Runs the first Kiln step, then wraps the loop for timing. The details name the kernel count
 * and peak bytes of the step's executable, plus `extra` from it.
 */
export async function kilnStepContender<P>(
  backend: WebGpuBackend,
  step: KilnStep<P>,
  initial: P,
  data: readonly k.Tensor[],
  extra: (exe: Executable) => Record<string, unknown> = () => ({}),
): Promise<StepContender> {
  const exe = backend.executable(step.trace(initial, ...data).program);
  let state = step(initial, ...data);
  const firstLoss = await state.loss.item();
  let params = state.params;
  const { kernelCount, peakBytes } = exe.stats;
  return {
    name: "kiln",
    details: { kernelCount, peakBytes, firstLoss, note: `${kernelCount} kernels/step`, ...extra(exe) },
    async run(count) {
      for (let i = 0; i < count; i++) {
        const previous = state.loss;
        state = step(params, ...data);
        params = state.params;
        previous.dispose();
      }
      await backend.ctx.device.queue.onSubmittedWorkDone();
    },
    after: async () => ({ lastLoss: await state.loss.item() }),
  };
}
