import { isOverloadStub, type FunctionInfo } from '../../analyze/model.js';
import type { Finding, SelfCheckRule } from '../self-check.js';

/**
 * A name defined more than once in one scope (`if HAVE_X: def f() ... else: def f()`) whose
 * definitions came out in different colours: its callers await one and not the other, so under one
 * of the two conditions they get a coroutine or await a plain value. Undo: the definitions that
 * turned async stay sync.
 */
export const redefinitions: SelfCheckRule = {
  id: 'redefinitions',
  doc: {
    what: 'a function defined more than once under one name (conditional definitions) that is async in one definition and sync in another',
    why: 'its callers are written for one colour: whichever definition ran, the other breaks them',
  },
  check(output) {
    const findings: Finding[] = [];
    for (const module of output.modules) {
      if (!module.changed) continue;
      const byName = new Map<string, FunctionInfo[]>();
      for (const fn of module.index.functions) {
        if (isOverloadStub(fn)) continue;
        byName.set(fn.qualname, [...byName.get(fn.qualname) ?? [], fn]);
      }
      for (const definitions of byName.values()) {
        if (definitions.every((fn) => fn.isAsync) || definitions.every((fn) => !fn.isAsync)) continue;
        for (const fn of definitions.filter((definition) => output.turnedAsync(definition.id))) {
          findings.push({
            rule: this.id, module: module.index.module, file: module.input.relativePath, line: fn.line,
            message: `${fn.module}.${fn.qualname} became async here while another definition of the name stays sync`,
            undo: [{ kind: 'pin', fn: fn.id }],
          });
        }
      }
    }
    return findings;
  },
};
