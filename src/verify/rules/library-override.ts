import { libraryOverride } from '../../analyze/library-classes.js';
import type { Finding, SelfCheckRule } from '../self-check.js';

/**
 * A method the migration made async in a class derived from a library class, where it overrides a
 * method of that class (or the class is unknown): the library calls it synchronously, gets a
 * coroutine, and the body never runs (`threading.Thread.run`, setuptools' `Command.run`,
 * `logging.Handler.emit`). Undo: the method stays sync.
 */
export const libraryOverrideRule: SelfCheckRule = {
  id: 'async-library-override',
  doc: {
    what: 'an async method overriding a method of a library base class, which the library calls synchronously',
    why: 'the library gets a coroutine instead of running the method: its body never runs',
  },
  check(output) {
    const findings: Finding[] = [];
    for (const { module, fn } of output.methodsTurnedAsync()) {
      const where = { rule: this.id, module: module.index.module, file: module.input.relativePath, line: fn.line, undo: [{ kind: 'pin' as const, fn: fn.id }] };
      if (/^(setUp|tearDown)$/.test(fn.name) && output.symbols.servesTestCase(fn.classId)) {
        const awaited = `async${fn.name[0].toUpperCase()}${fn.name.slice(1)}`;
        findings.push({ ...where, message: `${fn.module}.${fn.qualname} became async under its own name: unittest calls ${fn.name} synchronously (IsolatedAsyncioTestCase awaits ${awaited})` });
        continue;
      }
      const bases = output.symbols.libraryBases(fn.classId);
      if (output.symbols.externalBases(fn.classId).some((base) => /IsolatedAsyncioTestCase$/.test(base)) && /^(test|asyncSetUp$|asyncTearDown$)/.test(fn.name)) continue;
      const base = bases.find((candidate) => !candidate || libraryOverride(candidate, fn.name) !== 'own');
      if (base === undefined && !bases.includes(undefined)) continue;
      findings.push({ ...where, message: `${fn.module}.${fn.qualname} became async, but ${base ?? 'an unresolved base class'} may call it synchronously` });
    }
    return findings;
  },
};
