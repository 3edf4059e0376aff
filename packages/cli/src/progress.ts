/**
 * Training progress on stderr: a progress bar (cli-progress) when stderr is a terminal, else
 * one plain line every `logEvery` steps, so logs of non-interactive runs stay readable.
 */
import cliProgress from "cli-progress";
import { duration, lossText, rateText } from "./format.js";
import { writeLine, type Io } from "./io.js";

export interface ProgressUpdate {
  /** Completed steps. */
  step: number;
  loss: number;
  lr: number;
  /** Wall time of the step in seconds. */
  stepSeconds: number;
  batchSize: number;
}

export interface ProgressDisplay {
  update(update: ProgressUpdate): void;
  /** Prints a line above the bar (or as a plain line). */
  log(line: string): void;
  stop(): void;
}

export interface ProgressOptions {
  label: string;
  total: number;
  /** Steps already completed (a resumed run). */
  start: number;
  logEvery: number;
  /** Force the plain-line display even on a terminal. */
  plain?: boolean;
}

/** Steps whose times estimate the remaining time. */
const RATE_WINDOW = 20;

/**
 * Tracks recent step times to estimate the throughput and the time left. The first step of a
 * session includes tracing and shader compilation, so it counts only until others exist.
 */
class RateTracker {
  private first: number | null = null;
  private readonly recent: number[] = [];

  add(seconds: number): void {
    if (this.first === null) {
      this.first = seconds;
      return;
    }
    this.recent.push(seconds);
    if (this.recent.length > RATE_WINDOW) this.recent.shift();
  }

  secondsPerStep(): number {
    if (this.recent.length === 0) return this.first ?? NaN;
    return this.recent.reduce((a, b) => a + b, 0) / this.recent.length;
  }
}

export function createProgress(io: Io, options: ProgressOptions): ProgressDisplay {
  const rate = new RateTracker();
  const fields = (update: ProgressUpdate) => {
    rate.add(update.stepSeconds);
    const perStep = rate.secondsPerStep();
    return {
      loss: lossText(update.loss),
      lr: rateText(update.lr),
      imagesPerSecond: (update.batchSize / perStep).toFixed(1),
      timeLeft: duration(perStep * (options.total - update.step)),
    };
  };

  if (io.stderr.isTTY && !options.plain) {
    const bars = new cliProgress.MultiBar(
      {
        stream: io.stderr,
        format: `${options.label} {bar} {value}/{total} | loss {loss} | lr {lr} | {imagesPerSecond} img/s | ETA {timeLeft}`,
        barsize: 24,
        hideCursor: true,
        clearOnComplete: false,
        stopOnComplete: false,
        forceRedraw: true,
      },
      cliProgress.Presets.shades_classic,
    );
    const bar = bars.create(options.total, options.start, { loss: "-", lr: "-", imagesPerSecond: "-", timeLeft: "-" });
    return {
      update: (update) => bar.update(update.step, fields(update)),
      log: (line) => bars.log(`${line}\n`),
      stop: () => bars.stop(),
    };
  }

  const width = String(options.total).length;
  return {
    update: (update) => {
      const values = fields(update);
      const first = update.step === options.start + 1;
      if (!first && update.step % options.logEvery !== 0 && update.step !== options.total) return;
      const percentDone = Math.floor((100 * update.step) / options.total);
      writeLine(
        io.stderr,
        `step ${String(update.step).padStart(width)}/${options.total} (${String(percentDone).padStart(3)}%)  loss ${values.loss}  lr ${values.lr}  ${values.imagesPerSecond} img/s  ETA ${values.timeLeft}`,
      );
    },
    log: (line) => writeLine(io.stderr, line),
    stop: () => {},
  };
}
