/**
 * Learning-rate and momentum schedules: plain functions from a step count to a number,
 * evaluated outside a compiled step and passed in as a traced number.
 */
import { KilnError } from "@kiln/tensor";

/** A schedule: maps the number of completed optimiser steps (0 for the first update) to a value. */
export type Schedule = (step: number) => number;

function checkStep(op: string, step: number): void {
  if (typeof step !== "number" || !Number.isFinite(step) || step < 0) {
    throw new KilnError(op, `step must be a finite non-negative number, got ${String(step)}`);
  }
}

function checkCount(op: string, name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new KilnError(op, `${name} must be an integer of at least ${min}, got ${String(value)}`);
}

function checkFinite(op: string, name: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new KilnError(op, `${name} must be a finite number, got ${String(value)}`);
}

export interface WarmupCosineOptions {
  /** Peak value, reached at the end of warm-up. */
  base: number;
  /** Number of warm-up steps W. */
  warmupSteps: number;
  /** Step T at which the cosine reaches `final`. Later steps stay at `final`. */
  totalSteps: number;
  /** Value at the end of the cosine. */
  final?: number;
}

/**
 * Linear warm-up then cosine decay. The values equal those of a PyTorch `LambdaLR` whose
 * multiplier is written in terms of completed steps k:
 *
 *   k < W:  base·(k + 1)/W
 *   k ≥ W:  final + (base − final)·½·(1 + cos(π·min(1, (k − W)/max(1, T − W))))
 *
 * The warm-up line starts from 0 at k = −1, so the first update (k = 0) uses base/W and the
 * last warm-up step (k = W − 1) and the first cosine step (k = W) both use base.
 */
export function warmupCosine(options: WarmupCosineOptions): Schedule {
  const op = "warmupCosine";
  const { base, warmupSteps, totalSteps } = options;
  const final = options.final ?? 0;
  checkFinite(op, "base", base);
  checkFinite(op, "final", final);
  checkCount(op, "warmupSteps", warmupSteps, 0);
  checkCount(op, "totalSteps", totalSteps, warmupSteps);
  return (step: number) => {
    checkStep(op, step);
    if (step < warmupSteps) return (base * (step + 1)) / warmupSteps;
    const progress = Math.min(1, (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
    return final + (base - final) * 0.5 * (1 + Math.cos(Math.PI * progress));
  };
}

export interface StepDecayOptions {
  /** Value for the first `every` steps. */
  base: number;
  /** Number of steps between decays. */
  every: number;
  /** Multiplier applied at each decay. */
  factor: number;
}

/** Step decay, as PyTorch's `StepLR`: base·factor^⌊k / every⌋ after k completed steps. */
export function stepDecay(options: StepDecayOptions): Schedule {
  const op = "stepDecay";
  checkFinite(op, "base", options.base);
  checkFinite(op, "factor", options.factor);
  checkCount(op, "every", options.every, 1);
  return (step: number) => {
    checkStep(op, step);
    return options.base * options.factor ** Math.floor(step / options.every);
  };
}

/** A schedule that returns `value` at every step. */
export function constantSchedule(value: number): Schedule {
  checkFinite("constantSchedule", "value", value);
  return (step: number) => {
    checkStep("constantSchedule", step);
    return value;
  };
}

/**
 * MoCo v3's momentum schedule for the target encoder: 1 − (1 − base)·(cos(π·k/K) + 1)/2, which
 * rises from `base` at k = 0 to 1 at k = K. Steps past K return 1.
 */
export function cosineMomentum(step: number, total: number, base = 0.99): number {
  const op = "cosineMomentum";
  checkStep(op, step);
  checkCount(op, "total", total, 1);
  checkFinite(op, "base", base);
  const progress = Math.min(step, total) / total;
  return 1 - ((1 - base) * (Math.cos(Math.PI * progress) + 1)) / 2;
}
