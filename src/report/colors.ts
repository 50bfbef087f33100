import { styleText } from 'node:util';

/** How text is styled on a terminal; `plain` leaves it as it is (pipes, files, NO_COLOR). */
export interface Palette {
  added: (text: string) => string;
  removed: (text: string) => string;
  hunk: (text: string) => string;
  heading: (text: string) => string;
  code: (text: string) => string;
  dim: (text: string) => string;
}

export type ColorChoice = 'auto' | 'always' | 'never';

const identity = (text: string) => text;

export const plain: Palette = { added: identity, removed: identity, hunk: identity, heading: identity, code: identity, dim: identity };

type Format = Parameters<typeof styleText>[0];
// Node 22 checks the stream itself unless told not to; the choice is made once, below.
const style = (format: Format) => (text: string) => (styleText as (f: Format, t: string, o?: { validateStream: boolean }) => string)(format, text, { validateStream: false });

export const colored: Palette = {
  added: style('green'),
  removed: style('red'),
  hunk: style('cyan'),
  heading: style('bold'),
  code: style('yellow'),
  dim: style('dim'),
};

/**
 * `--color=always|never` decide; `auto` colours a terminal unless NO_COLOR is set (no-color.org) or
 * the terminal is dumb.
 */
export function paletteFor(choice: ColorChoice, isTerminal: boolean, env: NodeJS.ProcessEnv): Palette {
  if (choice === 'always') return colored;
  if (choice === 'never') return plain;
  return isTerminal && !env.NO_COLOR && env.TERM !== 'dumb' ? colored : plain;
}

/** A unified diff with its headers, hunk lines, additions and removals styled. */
export function colorDiff(diff: string, palette: Palette): string {
  if (palette === plain) return diff;
  return diff.split('\n').map((line) => {
    if (/^(diff --git |--- |\+\+\+ |new file mode )/.test(line)) return palette.heading(line);
    if (line.startsWith('@@')) return palette.hunk(line);
    if (line.startsWith('+')) return palette.added(line);
    if (line.startsWith('-')) return palette.removed(line);
    return line;
  }).join('\n');
}
