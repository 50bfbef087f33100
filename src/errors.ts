/**
 * Errors a user can act on. Each maps to one exit code in one place (cli.ts); nothing else calls
 * process.exit.
 */
export class AsyncshiftError extends Error {
  readonly exitCode: number = 2;
}

/** Bad command-line usage or configuration. */
export class UsageError extends AsyncshiftError {}

/** The configuration file cannot be read or has wrong values. */
export class ConfigError extends AsyncshiftError {}

/** A bug in asyncshift itself (overlapping edits, an edit that breaks the parse). */
export class InternalError extends AsyncshiftError {}
