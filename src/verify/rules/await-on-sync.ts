import type { Finding, SelfCheckRule } from '../self-check.js';

/**
 * An `await` the migration wrote in front of a call to a project function that is still sync in the
 * output, or to a method of an object a sync library made (a `subprocess.Popen` whose creation was
 * not converted): `await` on its result raises TypeError at run time. Undo: the function holding the
 * call stays sync (for a library object: first, the conversion that wrote the await is dropped).
 */
/** Methods of objects made by the sync libraries asyncshift converts from: never awaitable. */
const SYNC_LIBRARY_OBJECT = /^(subprocess\.Popen|requests\.(Session|get|post|put|patch|delete|head|request)|psycopg2\.connect|builtins\.open)\(\)\./;

export const awaitOnSync: SelfCheckRule = {
  id: 'await-on-sync',
  doc: {
    what: 'an await the migration added in front of a call to a function that stayed sync',
    why: 'awaiting a plain value raises TypeError: object ... can\'t be used in \'await\' expression',
  },
  check(output) {
    const findings: Finding[] = [];
    for (const module of output.modules) {
      if (!module.changed || !module.source) continue;
      for (const site of module.index.calls) {
        if (site.operand || !site.callee || site.usage.kind !== 'awaited' || !site.scope) continue;
        const target = output.targetOf(module, site);
        const awaitKeyword = module.source.text.lastIndexOf('await', site.span.start);
        if (awaitKeyword < 0 || !output.written(module, awaitKeyword)) continue;
        if (target.kind === 'external' && SYNC_LIBRARY_OBJECT.test(target.name)) {
          // `await proc.wait()` on a `subprocess.Popen` whose creation was not converted.
          const conversion = output.siteAt(module, awaitKeyword);
          findings.push({
            rule: this.id, module: module.index.module, file: module.input.relativePath, line: site.line,
            message: `${target.name} is sync, but the migrated code awaits it at ${module.input.relativePath}:${site.line}`,
            undo: [...(conversion ? [{ kind: 'drop' as const, site: conversion }] : []), { kind: 'pin', fn: site.scope }, { kind: 'freeze', module: module.index.module }],
          });
          continue;
        }
        if (target.kind !== 'function') continue;
        const callee = output.after(target.id);
        if (!callee || callee.isAsync) continue;
        findings.push({
          rule: this.id, module: module.index.module, file: module.input.relativePath, line: site.line,
          message: `${callee.module}.${callee.qualname} stayed sync, but the migrated code awaits it at ${module.input.relativePath}:${site.line}`,
          undo: [{ kind: 'pin', fn: site.scope }],
        });
      }
    }
    return findings;
  },
};
