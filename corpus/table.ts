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

/**
 * What keeps the blocking calls left, over every repository: each call's first cause (the pin at the
 * end of its chain, from the JSON report's `leftCalls`) sorted into kinds a reviewer tells apart.
 * The first rule a cause matches names its kind.
 */
const CAUSE_KINDS: readonly { kind: string; matches: RegExp }[] = [
  { kind: 'a decorator that may call it synchronously, or would cache a coroutine', matches: /decorat|a @[\w.]+ cannot be awaited|the wrapper of @/ },
  { kind: 'a receiver of unknown type, in code that stays sync', matches: /receiver of unknown type/ },
  { kind: 'a sync twin (AS125) of a caller that turned async calls it', matches: /called by the sync twin of/ },
  { kind: 'a sync framework, library or thread calls it', matches: /sync callable|the library calls|may call \w+ synchronously|synchronously|run in a thread|in a worker thread|hook\b/ },
  { kind: '__init__, __call__ or another method with no async form', matches: /has no async form/ },
  { kind: 'module-level code', matches: /module level|module-level code/ },
  { kind: 'a test patches the call the conversion replaces (AS120)', matches: /^AS120: .* patches / },
  { kind: 'the self-check undid the conversion', matches: /^AS12[01]: / },
  { kind: 'a thread lock held across the await', matches: /thread lock/ },
  { kind: 'it runs a coroutine on an event loop of its own', matches: /event loop of its own/ },
  { kind: 'its module is handed on as a value', matches: /handed on as a value/ },
  { kind: 'a block bound to one thread, in code nothing turns async', matches: /nothing turns it async/ },
  { kind: 'reached through getattr or a dynamic call', matches: /getattr|dynamic call/ },
  { kind: 'a generator or context manager used in a form with no async equivalent', matches: /generator|context manager/ },
  { kind: 'a wider-scoped fixture, a lambda, a try around StopIteration', matches: /fixture|lambda|StopIteration/ },
  {
    kind: 'the self-check kept it sync: a caller it cannot make await it, an except clause, or a blocking call it bridges',
    matches: /does not await it|stays sync and blocks|which stays sync \(|its try body calls|^AS113: /,
  },
];

/** The blocking calls left over every repository, by kind of first cause, most frequent first. */
export function leftCausesTable(results: readonly { judgement: Judgement }[]): string {
  const counts = new Map<string, { count: number; example: string }>();
  let total = 0;
  for (const { judgement } of results) {
    for (const left of judgement.migration.blockingCalls?.leftCalls ?? []) {
      const cause = left.cause.replace(/^`[^`]*` stays sync: /, '');
      const kind = CAUSE_KINDS.find((rule) => rule.matches.test(cause))?.kind ?? 'other';
      const entry = counts.get(kind) ?? counts.set(kind, { count: 0, example: `${judgement.repo}: ${left.cause}` }).get(kind)!;
      entry.count++;
      total++;
    }
  }
  const rows = [...counts].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
    .map(([kind, { count, example }]) => [kind, String(count), `${Math.round((100 * count) / total)}%`, example.replace(/\|/g, '\\|').slice(0, 160)]);
  const header = ['first cause of a blocking call left', 'calls', 'share', 'example'];
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
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
