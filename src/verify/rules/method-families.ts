import { ownMethod } from '../../analyze/model.js';
import type { Finding, SelfCheckRule } from '../self-check.js';

/**
 * A method the migration made async while the method of the same name in a project base class or
 * subclass stayed sync (or the other way round). Code written against the base calls whichever one
 * the object has: `self._fetch_next_page()` in the base gets a coroutine from the subclass and uses
 * it as a list. Undo: the method stays sync.
 */
export const methodFamilies: SelfCheckRule = {
  id: 'method-families',
  doc: {
    what: 'a method that became async while the same method in a project base class or subclass stays sync',
    why: 'callers written against the base call either one: half of them get a coroutine, or await a plain value',
  },
  check(output) {
    const findings: Finding[] = [];
    for (const { module, fn } of output.methodsTurnedAsync()) {
      for (const ancestor of output.symbols.mro(fn.classId).slice(1)) {
        const inherited = ownMethod(output.symbols.classes.get(ancestor), fn.name);
        const other = inherited ? output.after(inherited) : undefined;
        if (!other || other.isAsync) continue;
        findings.push({
          rule: this.id, module: module.index.module, file: module.input.relativePath, line: fn.line,
          message: `${fn.module}.${fn.qualname} became async, but ${other.module}.${other.qualname}, which it overrides, stays sync`,
          undo: [{ kind: 'pin', fn: fn.id }],
        });
        break;
      }
    }
    return findings;
  },
};
