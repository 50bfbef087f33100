import type { RunResult } from '../run.js';
import { VERSION } from '../version.js';

/**
 * The version of the JSON report's shape (schema/report.schema.json). It changes when a field is
 * removed, renamed or changes meaning; new fields may appear without it changing.
 */
export const REPORT_VERSION = 1;

/** The machine-readable report (`--report json`): files, edits per transform, review items, reasons. */
export function jsonReport(result: RunResult): string {
  return `${JSON.stringify(reportObject(result), null, 2)}\n`;
}

export function reportObject(result: RunResult): Record<string, unknown> {
  return {
    version: REPORT_VERSION,
    asyncshift: VERSION,
    root: result.root,
    transforms: result.transforms,
    scanned: result.scanned,
    files: result.files.map((file) => ({
      path: file.relativePath,
      status: file.outcome.status,
      ...('reason' in file.outcome ? { reason: file.outcome.reason } : {}),
    })),
    edits: result.counts,
    bridges: result.bridges,
    blockingCalls: result.blockingCalls,
    reviewItems: result.reviews,
    reasons: result.reasons,
    verification: {
      rounds: result.verification.rounds,
      findings: result.verification.findings.map(({ rule, file, line, message }) => ({ rule, file, line, message })),
      undone: result.verification.undone.map(({ undo, reason, file, line }) => ({ kind: undo.kind, file, line, reason })),
    },
  };
}
