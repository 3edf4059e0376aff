/**
 * Errors the command reports as one line. `CliError` is a failure of the run (exit code 1 by
 * default) and `UsageError` an invalid argument or option (exit code 2).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = "UsageError";
  }
}

/** Exit code of a run stopped by Ctrl-C (SIGINT), as shells report 128 + the signal number 2. */
export const INTERRUPTED_EXIT_CODE = 130;
