/**
 * `kiln train clip|moco`: the training loop shared by both models, with progress, metrics,
 * checkpoints, evaluation, a NaN/infinity stop, Ctrl-C handling and the run report.
 */
import { dirname, join, resolve } from "node:path";
import { batches, prefetch, type Batch, type FashionMnist } from "@kiln/data";
import { NonFiniteTensorError, warmupCosine } from "@kiln/nn";
import { selectBackend, type SelectedBackend } from "../backend.js";
import type { TrainConfig } from "../config.js";
import { loadSplit } from "../data.js";
import { CliError, UsageError } from "../errors.js";
import { median } from "../format.js";
import { stderrLogger, type Io } from "../io.js";
import { lossChartSvg } from "../plot.js";
import { createProgress } from "../progress.js";
import { renderReport, type ReportInput, type RunStatus } from "../report.js";
import { checkNewRunFolder, createRunFolder, MetricsLog, RUN_FILES, writeFileAtomic, writeJson, type EvalRecord, type TrainRecord } from "../run-dir.js";
import { saveTrainCheckpoint, type TrainProgress } from "../checkpoint.js";
import { clipTask } from "../tasks/clip.js";
import { mocoTask } from "../tasks/moco.js";
import type { Evaluation, TrainTask } from "../tasks/types.js";
import { resolveRun, type TrainOptions } from "./train-config.js";

export type { TrainOptions } from "./train-config.js";

export interface TrainResult {
  model: TrainConfig["model"];
  status: RunStatus["kind"];
  /** Reason for an early stop, for status "stopped". */
  message?: string;
  /** Completed steps and the configured total. */
  step: number;
  steps: number;
  /** Loss of the last completed step; null when no step ran in this session or it was not finite. */
  finalLoss: number | null;
  metrics: Record<string, number>;
  evaluation: Evaluation | null;
  /** Wall time of this session in seconds. */
  seconds: number;
  trainSeconds: number;
  secondsPerStep: number;
  imagesPerSecond: number;
  backend: SelectedBackend["name"];
  adapter: SelectedBackend["adapter"];
  runDir: string;
  checkpoint: string | null;
}

function createTask(config: TrainConfig, train: FashionMnist, test: FashionMnist): TrainTask<unknown, unknown> {
  const task = config.model === "clip" ? clipTask(config, train, test) : mocoTask(config, train, test);
  return task as unknown as TrainTask<unknown, unknown>;
}

function evalRecord(step: number, evaluation: Evaluation): EvalRecord {
  return { type: "eval", step, ...evaluation.metrics, seconds: Number(evaluation.seconds.toFixed(3)) };
}

/** Median step time over the log, leaving out each session's first step when others exist. */
function medianStepSeconds(records: TrainRecord[]): number {
  const steady = records.filter((record) => !record.firstInSession && record.loss !== null);
  return median((steady.length > 0 ? steady : records).map((record) => record.stepSeconds));
}

/** Runs `kiln train`. Progress and notes go to `io.stderr`; the caller prints the summary. */
export async function train(options: TrainOptions, io: Io): Promise<TrainResult> {
  const sessionStart = performance.now();
  const logger = stderrLogger(io);
  const { config, runDir, resumeFrom } = await resolveRun(options);
  if (resumeFrom && options.steps !== undefined && options.steps !== resumeFrom.config.steps) {
    const schedules = config.model === "moco" ? "the learning-rate and momentum schedules change" : "the learning-rate schedule changes";
    logger.warn(`--steps ${options.steps} differs from the checkpoint's ${resumeFrom.config.steps}, so ${schedules} from step ${resumeFrom.progress.step} on`);
  }

  if (config.warmupSteps >= config.steps) {
    logger.warn(`--warmup ${config.warmupSteps} is not below --steps ${config.steps}, so the learning rate stays in its warm-up and never reaches --lr ${config.lr}; lower --warmup`);
  }

  const continuesInPlace = resumeFrom !== null && resolve(dirname(resumeFrom.path)) === resolve(runDir);
  if (!continuesInPlace) checkNewRunFolder(runDir);

  const backend = await selectBackend(config.backend, logger.warn);
  const trainData = loadSplit("train", config.limit, { dir: config.dataDir, logger });
  const testData = loadSplit("test", config.testLimit, { dir: config.dataDir, logger });
  if (config.batchSize > trainData.count) {
    throw new UsageError(`--batch ${config.batchSize} exceeds the ${trainData.count} training images; lower --batch or raise --limit`);
  }
  if (resumeFrom && resumeFrom.progress.dataCount !== trainData.count) {
    throw new CliError(
      `the checkpoint's data order was drawn over ${resumeFrom.progress.dataCount} training images, but ${trainData.count} were loaded from ${trainData.path}; pass the same --data to resume`,
    );
  }

  const task = createTask(config, trainData, testData);
  const startStep = resumeFrom?.progress.step ?? 0;
  let state = resumeFrom ? task.restore(resumeFrom.tree, resumeFrom.path) : task.init();
  let trainSeconds = resumeFrom?.progress.trainSeconds ?? 0;

  // The run folder, config.json and metrics.jsonl.
  let metrics: MetricsLog;
  const metricsPath = join(runDir, RUN_FILES.metrics);
  if (!continuesInPlace) createRunFolder(runDir);
  if (resumeFrom) {
    metrics = MetricsLog.resume(metricsPath, startStep, join(dirname(resumeFrom.path), RUN_FILES.metrics));
  } else {
    metrics = new MetricsLog(metricsPath);
  }
  writeJson(join(runDir, RUN_FILES.config), config);
  const checkpointPath = join(runDir, RUN_FILES.checkpoint);
  // A resumed run in its own folder has the checkpoint of its start step there already.
  let lastCheckpointStep: number | null = continuesInPlace ? startStep : null;
  logger.info(
    `${resumeFrom ? `Resuming ${config.model} at step ${startStep}` : `Training ${config.model}`} for ${config.steps} steps on ${backend.name}, ` +
      `${trainData.count} training images, batch ${config.batchSize}; run folder ${runDir}`,
  );

  const schedule = warmupCosine({ base: config.lr, warmupSteps: config.warmupSteps, totalSteps: Math.max(config.steps, config.warmupSteps) });
  const progressOf = (step: number): TrainProgress => ({
    step,
    epoch: Math.floor(step / Math.floor(trainData.count / config.batchSize)),
    seed: config.seed,
    dataCount: trainData.count,
    trainSeconds,
  });
  /** Saves the state after `step`. Returns the reason to stop when the state is not finite, and then writes nothing. */
  const saveCheckpoint = async (step: number): Promise<string | null> => {
    try {
      await saveTrainCheckpoint(checkpointPath, task.checkpointTree(state), config, progressOf(step), task.metadata());
    } catch (error) {
      if (!(error instanceof NonFiniteTensorError)) throw error;
      return `the training state is not finite after step ${step} (${error.tensorName} contains ${error.value}), so no checkpoint was written for it`;
    }
    lastCheckpointStep = step;
    return null;
  };

  let evalSeconds = 0;
  let evaluation: Evaluation | null = null;
  const evaluate = async (step: number, log: (line: string) => void) => {
    log(`Evaluating at step ${step}…`);
    evaluation = await task.evaluate(state);
    evalSeconds += evaluation.seconds;
    metrics.append(evalRecord(step, evaluation));
    log(`step ${step}: ${evaluation.headline} (${evaluation.seconds.toFixed(1)} s)`);
  };

  // The loop: one prepared batch ahead of the device.
  const progress = createProgress(io, { label: config.model, total: config.steps, start: startStep, logEvery: config.logEvery, plain: options.plainProgress });
  let status: RunStatus = { kind: "finished", step: startStep };
  let finalLoss: number | null = null;
  let firstInSession = true;
  function* preparedBatches(): Generator<{ batch: Batch; inputs: unknown }> {
    if (startStep >= config.steps) return;
    for (const batch of batches({ count: trainData.count, batchSize: config.batchSize, seed: config.seed, startStep })) {
      if (batch.step >= config.steps) return;
      yield { batch, inputs: task.prepare(batch) };
    }
  }
  try {
    for await (const { batch, inputs } of prefetch(preparedBatches(), 1)) {
      const stepIndex = batch.step;
      const completed = stepIndex + 1;
      const lr = schedule(stepIndex);
      const started = performance.now();
      const out = task.step(state, inputs, stepIndex, lr);
      state = out.state;
      const loss = Number(await out.loss.item());
      const stepSeconds = (performance.now() - started) / 1000;
      trainSeconds += stepSeconds;

      const record: TrainRecord = {
        type: "train",
        step: completed,
        loss: Number.isFinite(loss) ? loss : null,
        lr,
        epoch: batch.epoch,
        stepSeconds: Number(stepSeconds.toFixed(4)),
        imagesPerSecond: Number((config.batchSize / stepSeconds).toFixed(2)),
        ...out.scheduled,
      };
      if (!Number.isFinite(loss)) record.nonFinite = String(loss);
      if (firstInSession) record.firstInSession = true;
      firstInSession = false;
      metrics.append(record);
      progress.update({ step: completed, loss, lr, stepSeconds, batchSize: config.batchSize });

      if (!Number.isFinite(loss)) {
        status = { kind: "stopped", step: completed, reason: `the loss became ${loss} at step ${completed}` };
        break;
      }
      finalLoss = loss;
      status = { kind: "finished", step: completed };
      if (options.signal?.aborted) {
        status = { kind: "interrupted", step: completed };
        break;
      }
      if (completed < config.steps && completed % config.checkpointEvery === 0) {
        const problem = await saveCheckpoint(completed);
        if (problem) {
          status = { kind: "stopped", step: completed, reason: problem };
          break;
        }
      }
      if (config.evalEvery !== null && completed < config.steps && completed % config.evalEvery === 0) await evaluate(completed, progress.log);
    }
  } finally {
    progress.stop();
  }

  // The end of the run: checkpoint, evaluation, plot, report.
  if (status.kind !== "stopped" && lastCheckpointStep !== status.step) {
    const problem = await saveCheckpoint(status.step);
    if (problem) status = { kind: "stopped", step: status.step, reason: problem };
  }
  if (status.kind === "finished") await evaluate(status.step, logger.info);

  const sessionSeconds = (performance.now() - sessionStart) / 1000;
  const { secondsPerStep, imagesPerSecond } = writePlotAndReport(metrics, {
    runDir,
    config,
    status,
    evaluation,
    backend,
    trainSeconds,
    evalSeconds,
    sessionSeconds,
    data: {
      train: { count: trainData.count, source: trainData.source, path: trainData.path },
      test: { count: testData.count, source: testData.source, path: testData.path },
    },
  });

  let message: string | undefined;
  if (status.kind === "stopped") {
    const kept =
      lastCheckpointStep === null ? "no checkpoint was saved before it" : `the last good checkpoint, from step ${lastCheckpointStep}, is kept at ${checkpointPath}`;
    message = `training stopped: ${status.reason}; ${kept}. Lower --lr (or check the data) and start a new run`;
  }
  return {
    model: config.model,
    status: status.kind,
    message,
    step: status.step,
    steps: config.steps,
    finalLoss,
    metrics: (evaluation as Evaluation | null)?.metrics ?? {},
    evaluation,
    seconds: sessionSeconds,
    trainSeconds,
    secondsPerStep,
    imagesPerSecond,
    backend: backend.name,
    adapter: backend.adapter,
    runDir,
    checkpoint: lastCheckpointStep === null ? null : checkpointPath,
  };
}

/**
 * Writes loss.svg and report.md from the metrics of all sessions and returns the median step
 * time and the throughput it implies.
 */
function writePlotAndReport(
  metrics: MetricsLog,
  run: Omit<ReportInput, "finalLoss" | "history" | "timing"> & { trainSeconds: number; evalSeconds: number; sessionSeconds: number },
): { secondsPerStep: number; imagesPerSecond: number } {
  const records = metrics.records();
  const trainRecords = records.filter((record): record is TrainRecord => record.type === "train");
  const secondsPerStep = medianStepSeconds(trainRecords);
  const imagesPerSecond = run.config.batchSize / secondsPerStep;
  const title = `${run.config.model === "clip" ? "CLIP-tiny" : "MoCo v3-tiny"} training loss, ${run.runDir}`;
  const points = trainRecords.map((record) => ({ step: record.step, loss: record.loss ?? NaN }));
  writeFileAtomic(join(run.runDir, RUN_FILES.plot), lossChartSvg(points, { title }));

  const { trainSeconds, evalSeconds, sessionSeconds, ...report } = run;
  writeFileAtomic(
    join(run.runDir, RUN_FILES.report),
    renderReport({
      ...report,
      finalLoss: trainRecords.length > 0 ? trainRecords[trainRecords.length - 1].loss : null,
      history: records.filter((record): record is EvalRecord => record.type === "eval"),
      timing: { stepsRun: trainRecords.length, trainSeconds, medianStepSeconds: secondsPerStep, imagesPerSecond, evalSeconds, sessionSeconds },
    }),
  );
  return { secondsPerStep, imagesPerSecond };
}
