#!/usr/bin/env node
/**
 * Entry point of the `kiln` command. Failures print one line, `kiln: error: …`, and exit with a
 * non-zero code. KILN_DEBUG set to anything but "" or "0" adds the stack trace.
 */
import { KilnError } from "@kiln/tensor";
import { CliError } from "./errors.js";
import { processIo, writeLine } from "./io.js";
import { runCli } from "./program.js";

const io = processIo();
try {
  process.exitCode = await runCli(process.argv, io);
} catch (error) {
  const debug = (process.env.KILN_DEBUG ?? "0") !== "0" && process.env.KILN_DEBUG !== "";
  const known = error instanceof CliError || error instanceof KilnError;
  const message = error instanceof Error ? error.message : String(error);
  writeLine(io.stderr, `kiln: error: ${message}${known || debug ? "" : " (set KILN_DEBUG=1 to see where it failed)"}`);
  if (debug && error instanceof Error && error.stack) writeLine(io.stderr, error.stack);
  process.exitCode = error instanceof CliError ? error.exitCode : 1;
}
