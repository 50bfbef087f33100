import { BUILTINS, isRead } from '../../analyze/syntax-facts.js';
import type { Finding, SelfCheckRule } from '../self-check.js';

/**
 * A name the migration wrote that nothing in the module binds: a sync twin called where its import
 * was not added (`find_template_sync`), a library used without its import. NameError on first use.
 * Only names asyncshift introduces are judged (twins, entry-point runners, the async libraries and
 * the helper module), so a project's own dynamic names are never second-guessed. Undo: the module is
 * left unchanged.
 */
export const undefinedNames: SelfCheckRule = {
  id: 'undefined-names',
  doc: {
    what: 'a name the migration wrote (a sync twin, an async library, the helper module) that the module neither defines nor imports',
    why: 'NameError when the line runs',
  },
  check(output) {
    const findings: Finding[] = [];
    for (const module of output.modules) {
      if (!module.changed || !module.source) continue;
      const introduced = output.treeOf(module)!.rootNode.descendantsOfType('identifier').filter((identifier) => INTRODUCED.test(identifier.text));
      // Anything defined anywhere in the module counts as bound: locals, parameters, attributes.
      const bound = new Set([...Object.keys(module.index.bindings), ...introduced.filter((identifier) => !isRead(identifier)).map((identifier) => identifier.text)]);
      const reported = new Set<string>();
      for (const identifier of introduced) {
        const name = identifier.text;
        if (bound.has(name) || BUILTINS.has(name) || reported.has(name) || !isRead(identifier)) continue;
        if (!output.written(module, identifier.startIndex)) continue;
        reported.add(name);
        const line = identifier.startPosition.row + 1;
        findings.push({
          rule: this.id, module: module.index.module, file: module.input.relativePath, line,
          message: `${module.input.relativePath}:${line} uses ${name}, which the migrated module neither defines nor imports`,
          undo: [{ kind: 'freeze', module: module.index.module }],
        });
      }
    }
    return findings;
  },
};

const INTRODUCED = /^(\w+_sync|_\w+_async|asyncio|aiofiles|httpx|asyncpg|inspect|_async_subprocess|_run_entry_point|_run_on_entry_loop)$/;
