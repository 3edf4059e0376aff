/**
 * Receiver for the package's progress notes and warnings. Nothing in @kiln/data writes to the
 * terminal itself: every message goes through the logger the caller passes, `silentLogger` by default.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

/** Logger that discards every message, the default everywhere in @kiln/data. */
export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
};
