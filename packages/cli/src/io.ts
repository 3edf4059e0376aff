/**
 * Output streams of the command. Results go to `stdout`, and progress, warnings and notes go
 * to `stderr`, so `--json` output on stdout stays machine-readable.
 */
import type { Logger } from "@kiln/data";

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

/** Returns the process's own streams. */
export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr };
}

/** Writes one line to `stream`. */
export function writeLine(stream: NodeJS.WritableStream, line = ""): void {
  stream.write(`${line}\n`);
}

/** Logger for @kiln/data that writes notes and warnings to stderr. */
export function stderrLogger(io: Io, options: { quiet?: boolean } = {}): Logger {
  return {
    info: (message) => {
      if (!options.quiet) writeLine(io.stderr, message);
    },
    warn: (message) => writeLine(io.stderr, `warning: ${message}`),
  };
}
