import path from 'node:path';
import type { Transform, TransformOptions } from '../../transforms/define-transform.js';

/**
 * Which files are worth parsing: parsing is most of a run's cost, and in a large code base few files
 * can change. First the files in which a transform can seed (its `seedsIn` text test) and every
 * `conftest.py` (fixtures are found by name, in any of them); then, as the plan grows, the files that
 * mention a name through which code reaches a function that may turn async (plan/decisive-names.ts),
 * those a resolution needed, and, once a method may turn async, those calling `getattr(...)` results
 * (a dynamic call may reach any method). A file never parsed cannot change and changes no decision.
 */
export class Prefilter {
  private readonly seeders: ((text: string) => boolean)[];
  private readonly searched = new Set<string>();
  private dynamicCallsIncluded = false;

  constructor(transforms: readonly Transform[], options: TransformOptions) {
    this.seeders = transforms.map((transform) => (text: string) => transform.seedsIn ? transform.seedsIn(text, options) : transform.mentions.test(text));
  }

  initial(unparsed: readonly [string, string][]): string[] {
    return unparsed.filter(([file, text]) => path.basename(file) === 'conftest.py' || this.seeders.some((seeds) => seeds(text))).map(([file]) => file);
  }

  /**
   * Unparsed files whose code mentions one of `names` not searched for before (or that make dynamic
   * calls). Comments and docstrings are not code: in a large code base they name nearly everything.
   */
  mentioning(unparsed: readonly [string, string][], names: Iterable<string>, dynamicCalls: boolean): string[] {
    const fresh = [...names].filter((name) => !this.searched.has(name) && /^[A-Za-z_]\w*$/.test(name));
    for (const name of fresh) this.searched.add(name);
    const addDynamic = dynamicCalls && !this.dynamicCallsIncluded;
    this.dynamicCallsIncluded ||= dynamicCalls;
    if (fresh.length === 0 && !addDynamic) return [];
    const mention = fresh.length > 0 ? new RegExp(`(?<!\\w)(?:${fresh.join('|')})(?!\\w)`) : undefined;
    const wanted = unparsed.filter(([file, text]) => {
      const code = this.codeOf(file, text);
      return mention?.test(code) || (addDynamic && DYNAMIC_CALL.test(code));
    }).map(([file]) => file);
    for (const file of wanted) this.codes.delete(file); // it is parsed next: never searched again
    return wanted;
  }

  private readonly codes = new Map<string, string>();

  private codeOf(file: string, text: string): string {
    let code = this.codes.get(file);
    if (code === undefined) this.codes.set(file, code = withoutCommentsAndLongStrings(text));
    return code;
  }
}

/**
 * Strings and comments, read left to right as Python's tokenizer does (a `#` inside a string starts no
 * comment, a quote inside a comment opens no string). Triple-quoted strings are docstrings, SQL and
 * templates; the strings the analysis reads (patch targets, `getattr` names, `__all__`) are short ones.
 */
export const STRINGS_AND_COMMENTS = /("""(?:[^"\\]|\\[\s\S]|"(?!""))*(?:"""|$)|'''(?:[^'\\]|\\[\s\S]|'(?!''))*(?:'''|$))|("(?:[^"\\\n]|\\[\s\S])*"?|'(?:[^'\\\n]|\\[\s\S])*'?)|#[^\n]*/g;

/** The text with its comments and triple-quoted strings blanked, short strings kept. */
export function withoutCommentsAndLongStrings(text: string): string {
  return text.replace(STRINGS_AND_COMMENTS, (_match, _long: string | undefined, short: string | undefined) => short ?? ' ');
}

/** The same, each blanked character a space (line breaks kept): offsets stay those of `text`. */
export function blankCommentsAndLongStrings(text: string): string {
  return text.replace(STRINGS_AND_COMMENTS, (match, _long: string | undefined, short: string | undefined) => short ?? match.replace(/[^\n]/g, ' '));
}

/** `getattr(obj, name)(...)`: the one call the indexer cannot name (see CallSite.dynamicTarget). */
const DYNAMIC_CALL = /\bgetattr\s*\(/;
