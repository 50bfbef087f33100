import type { RunResult } from '../run.js';

/** The machine-readable report (`--report json`): files, edits per transform, review items. */
export function jsonReport(result: RunResult): string {
  return `${JSON.stringify({
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
    reviewItems: result.reviews,
  }, null, 2)}\n`;
}
