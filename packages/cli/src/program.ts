/** The `kiln` command line: commander definitions of train, eval and info, and their output. */
import { createRequire } from "node:module";
import { Command, CommanderError, Option } from "commander";
import { BACKEND_NAMES, type BackendName } from "./backend.js";
import { COMMON_DEFAULTS, MODEL_DEFAULTS, PRESETS, type ModelName, type PresetName } from "./config.js";
import { evaluateCheckpoint, type EvalKind, type EvalOptions } from "./commands/eval.js";
import { collectInfo, formatInfo } from "./commands/info.js";
import { train } from "./commands/train.js";
import { INTERRUPTED_EXIT_CODE } from "./errors.js";
import { writeLine, type Io } from "./io.js";
import { nonNegativeInteger, positiveInteger, positiveNumber } from "./options.js";
import { evalJson, evalSummary, trainJson, trainSummary } from "./summary.js";
import { KNN_DEFAULTS } from "./eval/moco-eval.js";
import { LINEAR_PROBE_DEFAULTS } from "./eval/linear-probe.js";

/** Version of @kiln/cli, from its package.json (one folder above both src/ and dist/). */
export const VERSION = (createRequire(import.meta.url)("../package.json") as { version: string }).version;

const MODEL_DESCRIPTIONS: Record<ModelName, string> = {
  clip: "train CLIP-tiny on image–caption pairs built from the class names, then report zero-shot accuracy and retrieval recall",
  moco: "train MoCo v3-tiny (self-supervised, two augmented views), then report k-NN and linear-probe accuracy on frozen features",
};

interface ParsedTrainOptions {
  steps?: number;
  batch?: number;
  lr?: number;
  warmup?: number;
  seed?: number;
  preset?: PresetName;
  backend?: BackendName;
  data?: string;
  out?: string;
  resume?: string;
  evalEvery?: number;
  checkpointEvery?: number;
  logEvery?: number;
  limit?: number;
  testLimit?: number;
  evalBatch?: number;
  json?: boolean;
}

function backendOption(): Option {
  return new Option("--backend <name>", `where tensors run; webgpu falls back to cpu with a warning when no adapter exists (default ${COMMON_DEFAULTS.backend})`).choices(BACKEND_NAMES);
}

/** The exit code that an action sets for `runCli` to return. */
interface Outcome {
  exitCode: number;
}

function addTrainCommand(parent: Command, model: ModelName, io: Io, outcome: Outcome): void {
  const defaults = MODEL_DEFAULTS[model];
  parent
    .command(model)
    .description(MODEL_DESCRIPTIONS[model])
    .addOption(new Option("--steps <n>", `optimiser steps in total; the cosine schedule ends there (default ${defaults.steps})`).argParser(positiveInteger))
    .addOption(new Option("--batch <n>", `images per step (default ${defaults.batchSize})`).argParser(positiveInteger))
    .addOption(new Option("--lr <rate>", `peak learning rate of AdamW (default ${defaults.lr})`).argParser(positiveNumber))
    .addOption(new Option("--warmup <n>", `linear warm-up steps before the cosine decay (default ${defaults.warmupSteps})`).argParser(nonNegativeInteger))
    .addOption(new Option("--seed <n>", `seed of the initialisation, data order and augmentation (default ${COMMON_DEFAULTS.seed})`).argParser(nonNegativeInteger))
    .addOption(new Option("--preset <name>", `model size (default ${COMMON_DEFAULTS.preset})`).choices(PRESETS))
    .addOption(backendOption())
    .option("--data <dir>", "folder with the Fashion-MNIST IDX files (default: $KILN_DATA, then /usr/share/datasets/fashion-mnist, then the embedded subset)")
    .option("--out <dir>", `run folder (default runs/${model}-<timestamp>; with --resume, the checkpoint's folder)`)
    .option("--resume <path>", "continue a run from its folder or from a checkpoint.safetensors file")
    .addOption(new Option("--eval-every <n>", "also evaluate every n steps (default: only at the end)").argParser(positiveInteger))
    .addOption(new Option("--checkpoint-every <n>", `save a checkpoint every n steps, besides the end and Ctrl-C (default ${COMMON_DEFAULTS.checkpointEvery})`).argParser(positiveInteger))
    .addOption(new Option("--log-every <n>", `print a progress line every n steps when stderr is not a terminal (default ${COMMON_DEFAULTS.logEvery})`).argParser(positiveInteger))
    .addOption(new Option("--limit <n>", "train on the first n training images only (default all)").argParser(positiveInteger))
    .addOption(new Option("--test-limit <n>", "evaluate on the first n test images only (default all)").argParser(positiveInteger))
    .addOption(new Option("--eval-batch <n>", `images per forward pass during evaluation (default ${COMMON_DEFAULTS.evalBatchSize})`).argParser(positiveInteger))
    .option("--json", "print one JSON object with the results on stdout at the end")
    .action(async (options: ParsedTrainOptions) => {
      const controller = new AbortController();
      const onInterrupt = () => {
        if (controller.signal.aborted) {
          writeLine(io.stderr, "\nkiln: second Ctrl-C, quitting without waiting for the checkpoint. Checkpoints saved earlier are intact, and a run without one must start again.");
          process.exit(INTERRUPTED_EXIT_CODE);
        }
        controller.abort();
        writeLine(io.stderr, "\nCtrl-C: stopping after the current step and saving a checkpoint (press Ctrl-C again to quit at once)");
      };
      process.on("SIGINT", onInterrupt);
      let result;
      try {
        result = await train(
          {
            model,
            steps: options.steps,
            batchSize: options.batch,
            lr: options.lr,
            warmupSteps: options.warmup,
            seed: options.seed,
            preset: options.preset,
            backend: options.backend,
            dataDir: options.data,
            out: options.out,
            resume: options.resume,
            evalEvery: options.evalEvery,
            checkpointEvery: options.checkpointEvery,
            logEvery: options.logEvery,
            limit: options.limit,
            testLimit: options.testLimit,
            evalBatchSize: options.evalBatch,
            json: options.json,
            signal: controller.signal,
          },
          io,
        );
      } finally {
        process.off("SIGINT", onInterrupt);
      }
      const summaryStream = options.json ? io.stderr : io.stdout;
      if (result.message) writeLine(io.stderr, `kiln: ${result.message}`);
      for (const line of trainSummary(result)) writeLine(summaryStream, line);
      if (options.json) writeLine(io.stdout, JSON.stringify(trainJson(result)));
      if (result.status === "stopped") outcome.exitCode = 1;
      if (result.status === "interrupted") outcome.exitCode = INTERRUPTED_EXIT_CODE;
    });
}

interface ParsedEvalOptions {
  checkpoint: string;
  backend?: BackendName;
  data?: string;
  limit?: number;
  testLimit?: number;
  evalBatch?: number;
  json?: boolean;
  k?: number;
  temperature?: number;
  epochs?: number;
  batch?: number;
  lr?: number;
  seed?: number;
}

function addEvalCommand(parent: Command, kind: EvalKind, description: string, io: Io): Command {
  const command = parent
    .command(kind)
    .description(description)
    .requiredOption("--checkpoint <path>", "run folder or checkpoint.safetensors file written by kiln train")
    .addOption(backendOption())
    .option("--data <dir>", "folder with the Fashion-MNIST IDX files (default: the data the checkpoint was trained on)")
    .addOption(new Option("--test-limit <n>", "evaluate on the first n test images only (default: as the run)").argParser(positiveInteger))
    .addOption(new Option("--eval-batch <n>", "images per forward pass (default: as the run)").argParser(positiveInteger))
    .option("--json", "print one JSON object with the results on stdout");
  if (kind !== "zero-shot") {
    command.addOption(new Option("--limit <n>", "use the features of the first n training images only (default: as the run)").argParser(positiveInteger));
  }
  command.action(async (options: ParsedEvalOptions) => {
    const evalOptions: EvalOptions = {
      checkpoint: options.checkpoint,
      backend: options.backend,
      dataDir: options.data,
      limit: options.limit,
      testLimit: options.testLimit,
      evalBatchSize: options.evalBatch,
      json: options.json,
      k: options.k,
      temperature: options.temperature,
      epochs: options.epochs,
      batchSize: options.batch,
      lr: options.lr,
      seed: options.seed,
    };
    const result = await evaluateCheckpoint(kind, evalOptions, io);
    for (const line of evalSummary(result)) writeLine(options.json ? io.stderr : io.stdout, line);
    if (options.json) writeLine(io.stdout, JSON.stringify(evalJson(result)));
  });
  return command;
}

/**
 * Builds the `kiln` program. Output goes to `io`; invalid usage raises a CommanderError
 * (exitOverride); a run that stops or is interrupted sets `outcome.exitCode`.
 */
export function createProgram(io: Io, outcome: Outcome = { exitCode: 0 }): Command {
  const program = new Command("kiln")
    .description("Train and evaluate CLIP and MoCo v3 on Fashion-MNIST with Kiln on WebGPU")
    .version(VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "print help")
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // One line: commander puts its "(Did you mean --steps?)" suggestion on a line of its own.
      outputError: (text, write) => write(`kiln: ${text.trim().replace(/\s*\n\s*/g, " ")} (see --help)\n`),
    });

  const trainCommand = program.command("train").description("train a model on Fashion-MNIST and evaluate it");
  addTrainCommand(trainCommand, "clip", io, outcome);
  addTrainCommand(trainCommand, "moco", io, outcome);

  const evalCommand = program.command("eval").description("evaluate a checkpoint written by kiln train");
  addEvalCommand(evalCommand, "zero-shot", "CLIP: zero-shot accuracy with the evaluation templates, and image↔text recall@1 over paired test captions", io);
  addEvalCommand(evalCommand, "knn", "MoCo: k-NN accuracy of frozen features, votes weighted by exp(similarity / temperature)", io)
    .addOption(new Option("--k <n>", `neighbours (default ${KNN_DEFAULTS.k})`).argParser(positiveInteger))
    .addOption(new Option("--temperature <t>", `temperature of the vote weights (default ${KNN_DEFAULTS.temperature})`).argParser(positiveNumber));
  addEvalCommand(evalCommand, "linear-probe", "MoCo: accuracy of a logistic-regression classifier trained on frozen features", io)
    .addOption(new Option("--epochs <n>", `training epochs (default ${LINEAR_PROBE_DEFAULTS.epochs})`).argParser(positiveInteger))
    .addOption(new Option("--batch <n>", `batch size (default ${LINEAR_PROBE_DEFAULTS.batchSize})`).argParser(positiveInteger))
    .addOption(new Option("--lr <rate>", `peak learning rate of SGD (default ${LINEAR_PROBE_DEFAULTS.lr})`).argParser(positiveNumber))
    .addOption(new Option("--seed <n>", "seed of the classifier's initialisation and batch order (default: the run's)").argParser(nonNegativeInteger));

  program
    .command("info")
    .description("print the WebGPU adapter, its limits and features, and where the data is found")
    .option("--data <dir>", "also check this data folder")
    .option("--json", "print one JSON object")
    .action(async (options: { data?: string; json?: boolean }) => {
      const info = await collectInfo({ dataDir: options.data, version: VERSION });
      if (options.json) writeLine(io.stdout, JSON.stringify(info));
      else for (const line of formatInfo(info)) writeLine(io.stdout, line);
      // A --data folder without the files is an invalid argument, though the report is printed.
      if (options.data !== undefined && !info.dataFound) outcome.exitCode = 2;
    });

  return program;
}

/**
 * Runs the command line `argv` (as process.argv: node, script, arguments…) and returns the
 * exit code: 0, 1 for a failed or stopped run, 2 for invalid usage, 130 after Ctrl-C. Errors
 * other than usage errors propagate to the caller.
 */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const outcome: Outcome = { exitCode: 0 };
  const program = createProgram(io, outcome);
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return 0;
      return error.exitCode === 0 ? 0 : 2;
    }
    throw error;
  }
  return outcome.exitCode;
}
