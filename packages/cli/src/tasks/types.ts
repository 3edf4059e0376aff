/** The contract between the generic training loop and one model's training and evaluation. */
import type { Batch } from "@kiln/data";
import type { Tensor } from "@kiln/tensor";
import type { ModelName } from "../config.js";

/** A finished evaluation, in the forms the metrics file, the summary and report.md need. */
export interface Evaluation {
  /** Flat metrics for metrics.jsonl and --json, such as { zeroShotAccuracy: 0.746 }. */
  metrics: Record<string, number>;
  /** One line for the summary, such as "zero-shot accuracy 74.6% on 1000 test images". */
  headline: string;
  /** Confusion matrix of the main classifier, rows true class and columns predicted. */
  confusion: { title: string; matrix: number[][] };
  /** Markdown lines describing the protocol and the other results, for report.md. */
  details: string[];
  seconds: number;
}

/** Result of one optimiser step. The loss stays on the device until the loop reads it. */
export interface StepResult<State> {
  state: State;
  loss: Tensor;
  /** Scalars scheduled on the host for this step (momentum), recorded in metrics.jsonl. */
  scheduled?: Record<string, number>;
}

export interface TrainTask<State, Inputs> {
  readonly model: ModelName;
  /** Images per optimiser step. */
  readonly batchSize: number;
  /** The state at step 0, from the configured seed. */
  init(): State;
  /**
   * Host-side inputs of one step (augmented images, captions). It depends only on the seed,
   * the batch's step and its indices, and runs ahead of the device in a prefetch queue.
   */
  prepare(batch: Batch): Inputs;
  /** Runs optimiser step `batch.step` (0-based) with learning rate `lr`. Donates `state`. */
  step(state: State, inputs: Inputs, stepIndex: number, lr: number): StepResult<State>;
  evaluate(state: State): Promise<Evaluation>;
  /** The tree saved in a checkpoint, and its inverse. `restore` checks structure and shapes. */
  checkpointTree(state: State): unknown;
  restore(tree: unknown, source: string): State;
  /** Extra checkpoint metadata needed to evaluate the model later (the vocabulary). */
  metadata(): Record<string, string>;
}
