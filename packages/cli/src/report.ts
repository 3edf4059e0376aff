/** report.md: the configuration, results, confusion matrix, timing and backend of a run. */
import { CLASSES } from "@kiln/data";
import { describeAdapter, type SelectedBackend } from "./backend.js";
import type { TrainConfig } from "./config.js";
import { duration, lossText, metricTitle, percent, settingText } from "./format.js";
import { RUN_FILES, type EvalRecord } from "./run-dir.js";
import type { Evaluation } from "./tasks/types.js";

export interface RunStatus {
  kind: "finished" | "interrupted" | "stopped";
  /** Completed steps. */
  step: number;
  /** Reason for an early stop, for "stopped". */
  reason?: string;
}

export interface Timing {
  /** Steps run in all sessions. */
  stepsRun: number;
  /** Seconds in training steps, over all sessions. */
  trainSeconds: number;
  /** Median step time without the first step of each session (tracing and shader compilation). */
  medianStepSeconds: number;
  imagesPerSecond: number;
  /** Seconds in evaluations of this session. */
  evalSeconds: number;
  /** Wall time of this session. */
  sessionSeconds: number;
}

export interface SplitInfo {
  count: number;
  source: string;
  path: string;
}

export interface ReportInput {
  runDir: string;
  config: TrainConfig;
  status: RunStatus;
  finalLoss: number | null;
  evaluation: Evaluation | null;
  history: EvalRecord[];
  timing: Timing;
  backend: SelectedBackend;
  data: { train: SplitInfo; test: SplitInfo };
}

const TITLES = { clip: "CLIP-tiny on Fashion-MNIST", moco: "MoCo v3-tiny on Fashion-MNIST" };

function table(header: string[], rows: (string | number)[][]): string[] {
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((row) => `| ${row.join(" | ")} |`)];
}

function statusLine(status: RunStatus, total: number): string {
  switch (status.kind) {
    case "finished":
      return `Finished: ${status.step} of ${total} steps.`;
    case "interrupted":
      return `Interrupted (Ctrl-C) after ${status.step} of ${total} steps; the checkpoint contains step ${status.step}, and \`--resume\` continues from it.`;
    case "stopped":
      return `Stopped at step ${status.step} of ${total}: ${status.reason ?? "unknown reason"}.`;
  }
}

function confusionTable(matrix: number[][]): string[] {
  const header = ["true \\ predicted", ...CLASSES];
  return table(
    header,
    matrix.map((row, i) => [`**${CLASSES[i]}**`, ...row.map((count, j) => (i === j ? `**${count}**` : String(count)))]),
  );
}

function metricCell(value: unknown): string {
  return typeof value === "number" ? percent(value) : "";
}

function configRows(config: TrainConfig): (string | number)[][] {
  const rows: (string | number)[][] = [
    ["model", `${config.model} (${config.preset})`],
    ["steps", config.steps],
    ["batch size", config.batchSize],
    ["learning rate", `${settingText(config.lr)}, linear warm-up over ${config.warmupSteps} steps, then cosine to 0`],
    [
      "optimiser",
      `AdamW, betas (${config.optimizer.betas.join(", ")}), eps ${settingText(config.optimizer.eps)}, weight decay ${config.optimizer.weightDecay} on ${config.optimizer.decay === "matrices" ? "weight matrices only (no embeddings, norms or biases)" : "every parameter"}`,
    ],
    ["seed", config.seed],
    ["training images", config.limit === null ? "all" : `first ${config.limit}`],
    ["test images", config.testLimit === null ? "all" : `first ${config.testLimit}`],
  ];
  if (config.model === "moco") rows.push(["momentum", `${config.momentumBase} rising to 1 by a cosine`], ["temperature", String(config.temperature)]);
  rows.push(
    ["evaluation", config.evalEvery === null ? "at the end" : `every ${config.evalEvery} steps and at the end`],
    ["checkpoint", `every ${config.checkpointEvery} steps, at the end and on Ctrl-C`],
  );
  return rows;
}

/** Renders report.md. */
export function renderReport(input: ReportInput): string {
  const { config, evaluation, timing, backend } = input;
  const lines: string[] = [`# ${TITLES[config.model]}`, "", `Run folder \`${input.runDir}\`. ${statusLine(input.status, config.steps)}`, ""];

  lines.push("## Results", "");
  if (evaluation) {
    lines.push(`At step ${input.status.step}: **${evaluation.headline}**.`, "", ...evaluation.details, "");
    lines.push(`### ${evaluation.confusion.title}`, "", "Rows are the true classes, columns the predicted ones.", "", ...confusionTable(evaluation.confusion.matrix), "");
  } else {
    lines.push("No evaluation ran in this session.", "");
  }
  if (input.history.length > 1) {
    const keys = Object.keys(input.history[0]).filter((key) => !["type", "step", "seconds"].includes(key));
    const titles = keys.map(metricTitle);
    lines.push("### Evaluations during training", "", ...table(["step", ...titles], input.history.map((record) => [record.step, ...keys.map((key) => metricCell(record[key]))])), "");
  }

  lines.push("## Training", "");
  lines.push(`Final loss: ${input.finalLoss === null ? "none recorded" : lossText(input.finalLoss)}.`, "", `![Loss curve](${RUN_FILES.plot})`, "");

  lines.push("## Timing", "");
  lines.push(
    ...table(
      ["steps run", "time in training steps", "median s/step", "images/s", "evaluation (this session)", "wall time (this session)"],
      [[timing.stepsRun, duration(timing.trainSeconds), timing.medianStepSeconds.toFixed(3), timing.imagesPerSecond.toFixed(1), duration(timing.evalSeconds), duration(timing.sessionSeconds)]],
    ),
    "",
    "A step runs the forward pass, backward pass and optimiser update and reads the loss back. The median leaves out the first step of each session, which includes tracing and shader compilation. Images/s is the batch size divided by the median step time.",
    "",
  );

  lines.push("## Backend", "");
  lines.push(
    ...table(
      ["backend", "adapter", "runtime"],
      [[backend.name === backend.requested ? backend.name : `${backend.name} (requested ${backend.requested}; no WebGPU adapter)`, describeAdapter(backend.adapter), `Node ${process.version}, ${process.platform} ${process.arch}`]],
    ),
    "",
  );

  lines.push("## Configuration", "", ...table(["setting", "value"], configRows(config)), "");
  lines.push("## Data", "");
  lines.push(
    ...table(
      ["split", "images", "source"],
      [
        ["train", input.data.train.count, `${input.data.train.source}: \`${input.data.train.path}\``],
        ["test", input.data.test.count, `${input.data.test.source}: \`${input.data.test.path}\``],
      ],
    ),
    "",
  );
  return lines.join("\n");
}
