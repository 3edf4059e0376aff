/** The final output of each command: a short human summary, or one JSON object with --json. */
import { duration, lossText, metricTitle } from "./format.js";
import type { AdapterReport } from "@kiln/webgpu";
import type { EvalResult } from "./commands/eval.js";
import type { TrainResult } from "./commands/train.js";
import { RUN_FILES } from "./run-dir.js";

const MODEL_TITLES = { clip: "CLIP-tiny", moco: "MoCo v3-tiny" };

/** Picks the adapter fields that identify it, without the limits. */
function adapterJson(adapter: AdapterReport | null) {
  if (!adapter) return null;
  const { vendor, architecture, device, description, isFallbackAdapter } = adapter;
  return { vendor, architecture, device, description, isFallbackAdapter };
}

/** Names the backend, with the adapter's description on WebGPU. */
function backendText(backend: string, adapter: AdapterReport | null): string {
  if (!adapter) return backend;
  return `${backend} (${adapter.description || adapter.device || adapter.vendor})`;
}

export function trainJson(result: TrainResult): Record<string, unknown> {
  return {
    command: "train",
    model: result.model,
    status: result.status,
    ...(result.message === undefined ? {} : { message: result.message }),
    step: result.step,
    steps: result.steps,
    finalLoss: result.finalLoss,
    metrics: result.metrics,
    seconds: Number(result.seconds.toFixed(3)),
    trainSeconds: Number(result.trainSeconds.toFixed(3)),
    secondsPerStep: Number(result.secondsPerStep.toFixed(4)),
    imagesPerSecond: Number(result.imagesPerSecond.toFixed(2)),
    backend: result.backend,
    adapter: adapterJson(result.adapter),
    runDir: result.runDir,
    checkpoint: result.checkpoint,
  };
}

export function trainSummary(result: TrainResult): string[] {
  const verbs = { finished: "Trained", interrupted: "Interrupted", stopped: "Stopped" };
  const what = verbs[result.status];
  const lines = [
    `${what} ${MODEL_TITLES[result.model]}: ${result.step} of ${result.steps} steps on ${backendText(result.backend, result.adapter)}, ${duration(result.seconds)} in this session.`,
    `  final loss ${result.finalLoss === null ? "none" : lossText(result.finalLoss)}, median ${result.secondsPerStep.toFixed(3)} s/step, ${result.imagesPerSecond.toFixed(1)} images/s`,
  ];
  if (result.evaluation) lines.push(`  ${result.evaluation.headline}`);
  lines.push(`  run folder ${result.runDir}: ${RUN_FILES.report}, ${RUN_FILES.plot}, ${RUN_FILES.metrics}${result.checkpoint ? `, ${RUN_FILES.checkpoint}` : ""}`);
  if (result.status === "interrupted") lines.push(`  continue with: npx kiln train ${result.model} --resume ${result.runDir}`);
  return lines;
}

export function evalJson(result: EvalResult): Record<string, unknown> {
  return {
    command: "eval",
    evaluation: result.kind,
    model: result.model,
    checkpoint: result.checkpoint,
    step: result.step,
    metrics: result.evaluation.metrics,
    confusion: result.evaluation.confusion.matrix,
    seconds: Number(result.seconds.toFixed(3)),
    backend: result.backend,
    adapter: adapterJson(result.adapter),
  };
}

export function evalSummary(result: EvalResult): string[] {
  return [
    `${result.kind} evaluation of ${result.checkpoint} (${MODEL_TITLES[result.model]}, step ${result.step}) on ${backendText(result.backend, result.adapter)}: ${result.evaluation.headline}.`,
    ...Object.entries(result.evaluation.metrics).map(([key, value]) => `  ${metricTitle(key)}: ${(value * 100).toFixed(2)}%`),
    `  took ${duration(result.seconds)}`,
  ];
}
