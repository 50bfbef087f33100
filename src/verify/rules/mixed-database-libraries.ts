import type { CallSite } from '../../analyze/model.js';
import type { OutputModule, OutputProject } from '../output-project.js';
import type { Finding, SelfCheckRule } from '../self-check.js';

/**
 * An object of one database library used as the other: an asyncpg connection reaching code written
 * for psycopg2 (`conn.cursor()` with no query, `cur.execute(...)`, `conn.commit()`), or a psycopg2
 * connection or cursor whose methods the migrated code awaits (`await conn.fetch(...)`). Half a
 * conversion: the first call raises AttributeError or TypeError. Undo: drop the conversion that
 * wrote the call, else keep its function sync, else leave the module unchanged.
 */
export const mixedDatabaseLibraries: SelfCheckRule = {
  id: 'mixed-database-libraries',
  doc: {
    what: 'an asyncpg connection used with psycopg2 methods, or a psycopg2 object awaited as if it were asyncpg',
    why: 'the call fails at run time (no such attribute, or a result that cannot be awaited): half a conversion',
  },
  check(output) {
    const findings: Finding[] = [];
    for (const module of output.modules) {
      if (!module.changed) continue;
      for (const site of module.index.calls) {
        if (site.operand || !site.callee) continue;
        const problem = mixedUse(output, module, site);
        if (!problem) continue;
        findings.push({
          rule: this.id, module: module.index.module, file: module.input.relativePath, line: site.line,
          message: `${module.input.relativePath}:${site.line} ${problem}`,
          undo: output.undoAtCall(module, site),
        });
      }
    }
    return findings;
  },
};

const ASYNCPG_CONNECTION = /^asyncpg\.(connect|(connection\.)?Connection|create_pool\(\)\.acquire)\(\)\./;
const PSYCOPG2_CONNECTION_ONLY = new Set([
  'commit', 'rollback', 'set_session', 'set_isolation_level', 'set_client_encoding', 'get_dsn_parameters',
  'get_transaction_status', 'get_backend_pid', 'get_parameter_status', 'lobject', 'xid', 'tpc_begin', 'tpc_commit',
  'tpc_prepare', 'tpc_recover', 'tpc_rollback', 'cancel', 'poll',
]);
const PSYCOPG2_CURSOR_METHODS = new Set(['execute', 'executemany', 'fetchone', 'fetchall', 'fetchmany', 'mogrify', 'callproc', 'copy_expert', 'copy_from', 'copy_to', 'scroll']);
const PSYCOPG2_OBJECT = /^psycopg2\.(connect|extensions\.connection|extensions\.cursor)\(\)\./;

function mixedUse(output: OutputProject, module: OutputModule, site: CallSite): string | undefined {
  const resolved = output.targetOf(module, site);
  if (resolved.kind !== 'external') return undefined;
  const name = resolved.name;
  if (ASYNCPG_CONNECTION.test(name)) {
    const rest = name.replace(ASYNCPG_CONNECTION, '');
    const arguments_ = (site.passes?.positional.length ?? 0) + Object.keys(site.passes?.keywords ?? {}).length;
    if (PSYCOPG2_CONNECTION_ONLY.has(rest)) return `calls ${rest}() on an asyncpg connection, which has no such method (psycopg2 code)`;
    if (rest === 'cursor' && arguments_ === 0 && !site.passes?.spread) return 'opens a psycopg2-style cursor (no query) on an asyncpg connection';
    const cursorMethod = /^cursor\(\)\.(\w+)$/.exec(rest)?.[1];
    if (cursorMethod && PSYCOPG2_CURSOR_METHODS.has(cursorMethod)) return `calls the psycopg2 cursor method ${cursorMethod}() on a cursor of an asyncpg connection`;
  }
  if (PSYCOPG2_OBJECT.test(name) && site.usage.kind === 'awaited') {
    return `awaits ${name.replace(PSYCOPG2_OBJECT, '')} on a psycopg2 object, which is sync`;
  }
  return undefined;
}
