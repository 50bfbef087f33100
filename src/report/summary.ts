import type { RunResult } from '../run.js';
import { plain, type Palette } from './colors.js';

const MAX_REVIEW_LINES = 20;
const MAX_REASON_LINES = 10;

/** The one-screen summary printed on stderr after a run. */
export function formatSummary(result: RunResult, wrote: boolean, palette: Palette = plain): string {
  const changed = result.files.filter((f) => f.outcome.status === 'changed');
  const skipped = result.files.filter((f) => f.outcome.status === 'skipped');
  const failed = result.files.filter((f) => f.outcome.status === 'failed');
  const lines: string[] = [];
  // Changed files include settings and generated modules, not only the Python files scanned.
  lines.push(palette.heading(`asyncshift: ${result.scanned} Python file${plural(result.scanned)} scanned; ${changed.length} file${plural(changed.length)} ${wrote ? 'changed' : 'would change'}, ${skipped.length} skipped${failed.length ? `, ${failed.length} failed` : ''}`));
  if (result.scanned === 0) lines.push('  no .py file under the given paths (configured excludes, virtualenvs, caches and .gitignore files inside them are honoured)');
  const counts = Object.entries(result.counts).sort(([a], [b]) => a.localeCompare(b));
  if (counts.length > 0) lines.push(`  edits: ${counts.map(([transform, count]) => `${transform} ${count}`).join(', ')}`);
  if (result.bridges > 0) lines.push(`  bridged with asyncio.to_thread: ${result.bridges}`);
  for (const file of [...skipped, ...failed]) {
    if (file.outcome.status === 'skipped' || file.outcome.status === 'failed') lines.push(`  ${file.outcome.reason}`);
  }
  if (result.reviews.length > 0) {
    lines.push(`  review items: ${result.reviews.length}`);
    for (const item of result.reviews.slice(0, MAX_REVIEW_LINES)) lines.push(`    ${item.file}:${item.line}: ${palette.code(item.code)} ${item.message}`);
    if (result.reviews.length > MAX_REVIEW_LINES) lines.push(palette.dim(`    ... ${result.reviews.length - MAX_REVIEW_LINES} more (--report json lists them all)`));
  }
  const reasons = [...result.reasons.async, ...result.reasons.pinned, ...result.reasons.bridges];
  if (reasons.length > 0) {
    const { async, pinned, bridges } = result.reasons;
    lines.push(`  why: ${async.length} function${plural(async.length)} become${async.length === 1 ? 's' : ''} async, ${pinned.length} stay${pinned.length === 1 ? 's' : ''} sync, ${bridges.length} call${plural(bridges.length)} run in a thread`);
    for (const reason of reasons.slice(0, MAX_REASON_LINES)) lines.push(`    ${reason.text}`);
    if (reasons.length > MAX_REASON_LINES) lines.push(palette.dim(`    ... ${reasons.length - MAX_REASON_LINES} more (--report json lists them all)`));
  }
  return `${lines.join('\n')}\n`;
}

function plural(count: number): string {
  return count === 1 ? '' : 's';
}
