import type { Judgement } from './judge.js';

const HEADER = ['repo', 'kind', 'lines', 'files changed', 'blocking calls converted / left', 'review items', 'internal errors',
  'compile failures', 'self-check findings', 'new pyright errors', 'second-run changes', 'tests passed before → after', 'verdict'];

/** The results as one Markdown table (read in a terminal, pasted into the README). */
export function resultsTable(results: readonly { judgement: Judgement; kind: string }[]): string {
  const rows = results.map(({ judgement, kind }) => [
    judgement.repo,
    kind,
    thousands(judgement.lines),
    String(judgement.migration.filesChanged.length),
    judgement.migration.blockingCalls ? `${judgement.migration.blockingCalls.converted} / ${judgement.migration.blockingCalls.left}` : '–',
    compactCodes(judgement.migration.reviewItems),
    String(judgement.internalErrors.length),
    String(judgement.compileFailures.length),
    String(judgement.selfCheckFindings.length),
    !judgement.typeCheck ? '–' : 'error' in judgement.typeCheck ? 'did not run' : String(judgement.typeCheck.added.length),
    String(judgement.secondRun.changed.length),
    judgement.tests ? `${judgement.tests.before.passed} → ${judgement.tests.after.passed}` : '–',
    judgement.failures.length === 0 ? 'ok' : 'FAIL',
  ]);
  return [HEADER, HEADER.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** `37 (AS109×20, AS101×9, AS320×5, …)`: the total and the most frequent codes. */
export function compactCodes(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return '0';
  const shown = entries.slice(0, 3).map(([code, count]) => `${code}×${count}`);
  return `${total} (${shown.join(', ')}${entries.length > 3 ? ', …' : ''})`;
}

function thousands(lines: number): string {
  return lines >= 1000 ? `${(lines / 1000).toFixed(lines >= 100_000 ? 0 : 1)}k` : String(lines);
}
