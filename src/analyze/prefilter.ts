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

  /** Unparsed files that mention one of `names` not searched for before (or that make dynamic calls). */
  mentioning(unparsed: readonly [string, string][], names: Iterable<string>, dynamicCalls: boolean): string[] {
    const fresh = [...names].filter((name) => !this.searched.has(name) && /^[A-Za-z_]\w*$/.test(name));
    for (const name of fresh) this.searched.add(name);
    const addDynamic = dynamicCalls && !this.dynamicCallsIncluded;
    this.dynamicCallsIncluded ||= dynamicCalls;
    if (fresh.length === 0 && !addDynamic) return [];
    const mention = fresh.length > 0 ? new RegExp(`(?<!\\w)(?:${fresh.join('|')})(?!\\w)`) : undefined;
    return unparsed.filter(([, text]) => mention?.test(text) || (addDynamic && DYNAMIC_CALL.test(text))).map(([file]) => file);
  }
}

/** `getattr(obj, name)(...)`: the one call the indexer cannot name (see CallSite.dynamicTarget). */
const DYNAMIC_CALL = /\bgetattr\s*\(/;
