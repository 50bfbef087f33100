import type { ReviewItem } from '../plan/edits.js';
import type { RunResult } from '../run.js';
import { VERSION } from '../version.js';
import { allReviewCodes } from './review-codes.js';

/** GitHub refuses a pull-request body or comment longer than this (characters). */
export const GITHUB_BODY_LIMIT = 65_536;

export interface MarkdownOptions {
  /** Prefix of links to `file#Lline` (e.g. `https://github.com/o/r/blob/<sha>/`); relative links when absent. */
  linkBase?: string;
  /** The command that reproduces this migration locally. */
  command: string;
}

/**
 * The pull-request body (`--report markdown`): a summary table, the review items as a checklist
 * grouped by file with links to file:line, the reason chains folded in <details>, and how to
 * reproduce the migration locally.
 */
export function markdownReport(result: RunResult, options: MarkdownOptions): string {
  const changed = result.files.filter((file) => file.outcome.status === 'changed');
  const skipped = result.files.filter((file) => file.outcome.status === 'skipped' || file.outcome.status === 'failed');
  const link = (file: string, line?: number) => `[${file}${line ? `:${line}` : ''}](${options.linkBase ?? ''}${encodeURI(file)}${line ? `#L${line}` : ''})`;
  const out: string[] = [];
  out.push('## asyncshift: migration to asyncio', '');
  out.push(`asyncshift ${VERSION} scanned ${result.scanned} Python file${plural(result.scanned)} and changed ${changed.length} file${plural(changed.length)} (transforms: ${result.transforms.map((t) => `\`${t}\``).join(', ')}). Each review item below is a place to check by hand.`, '');

  out.push('| | |', '|---|---:|');
  out.push(`| Python files scanned | ${result.scanned} |`, `| files changed | ${changed.length} |`, `| files skipped or failed | ${skipped.length} |`);
  for (const [transform, count] of Object.entries(result.counts).sort(([a], [b]) => a.localeCompare(b))) out.push(`| edits: \`${transform}\` | ${count} |`);
  out.push(`| calls bridged with \`asyncio.to_thread\` | ${result.bridges} |`);
  out.push(`| blocking calls converted / left as they are | ${result.blockingCalls.converted} / ${result.blockingCalls.left} |`);
  out.push(`| review items | ${result.reviews.length} |`, '');

  if (result.reviews.length > 0) {
    const meanings = new Map(allReviewCodes().map((entry) => [entry.code, entry.meaning]));
    const byCode = countBy(result.reviews, (item) => item.code);
    out.push('| review code | items | what to check |', '|---|---:|---|');
    for (const [code, count] of [...byCode].sort(([a], [b]) => a.localeCompare(b))) out.push(`| ${code} | ${count} | ${cell(meanings.get(code) ?? '')} |`);
    out.push('', '### Review items', '');
    for (const [file, items] of groupBy(result.reviews, (item) => item.file)) {
      out.push(`#### \`${file}\``, '');
      for (const item of items) out.push(`- [ ] ${link(item.file, item.line)} **${item.code}** ${oneLine(item.message)}`);
      out.push('');
    }
  }

  const { async, pinned, bridges } = result.reasons;
  if (async.length + pinned.length + bridges.length > 0) {
    out.push('### Why signatures changed', '');
    folded(out, `${async.length} function${plural(async.length)} become${async.length === 1 ? 's' : ''} async`, async.map((reason) => `- ${link(reason.file, reason.line)} ${oneLine(reason.text)}`));
    folded(out, `${pinned.length} function${plural(pinned.length)} stay${pinned.length === 1 ? 's' : ''} sync (pinned)`, pinned.map((reason) => `- ${link(reason.file, reason.line)} ${oneLine(reason.text)}`));
    folded(out, `${bridges.length} call${plural(bridges.length)} run in a worker thread`, bridges.map((reason) => `- ${link(reason.file, reason.line)} \`${reason.call}\` runs in \`asyncio.to_thread\`: ${oneLine(reason.reason)}`));
  }

  if (skipped.length > 0) {
    out.push('### Files left unchanged', '');
    for (const file of skipped) if ('reason' in file.outcome) out.push(`- ${oneLine(file.outcome.reason)}`);
    out.push('');
  }

  out.push('### Reproduce locally', '', 'With Node 20 and asyncshift installed, in a checkout of the base branch:', '', '```sh', options.command, '```', '');
  return out.join('\n');
}

/**
 * A body GitHub accepts: when longer than the limit, cut at a line boundary, open `<details>` and code
 * fences closed, and a pointer to the full report appended.
 */
export function fitBody(body: string, pointer: string, limit = GITHUB_BODY_LIMIT): string {
  if (body.length <= limit) return body;
  const notice = `\n\n---\n**This report is cut at GitHub's ${limit.toLocaleString('en-US')}-character limit.** ${pointer}\n`;
  const closers = '\n```\n' + '</details>\n'.repeat(countOf(body, '<details>'));
  let kept = body.slice(0, limit - notice.length - closers.length);
  kept = kept.slice(0, kept.lastIndexOf('\n') + 1);
  const fenceOpen = (kept.match(/^```/gm)?.length ?? 0) % 2 === 1;
  const openDetails = countOf(kept, '<details>') - countOf(kept, '</details>');
  return `${kept}${fenceOpen ? '```\n' : ''}${'</details>\n'.repeat(openDetails)}${notice}`;
}

function folded(out: string[], summary: string, lines: string[]): void {
  if (lines.length === 0) return;
  out.push('<details>', `<summary>${summary}</summary>`, '', ...lines, '', '</details>', '');
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) (groups.get(key(item)) ?? groups.set(key(item), []).get(key(item))!).push(item);
  return groups;
}

function countBy(items: readonly ReviewItem[], key: (item: ReviewItem) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function countOf(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ');
}

function cell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}

function plural(count: number): string {
  return count === 1 ? '' : 's';
}

/** The command line that makes the same migration, for the body's "Reproduce locally". */
export function reproduceCommand(options: { paths: string[]; select?: string[]; ignore?: string[]; annotate?: boolean }): string {
  const words = ['asyncshift', 'migrate', ...options.paths.map(shellWord), '--write'];
  if (options.select?.length) words.push('--select', shellWord(options.select.join(',')));
  if (options.ignore?.length) words.push('--ignore', shellWord(options.ignore.join(',')));
  if (options.annotate) words.push('--annotate');
  return words.join(' ');
}

function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
