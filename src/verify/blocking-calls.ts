import type { CallSite, ModuleIndex } from '../analyze/model.js';
import { own } from '../analyze/model.js';
import type { ProjectSymbols, Target } from '../plan/resolve.js';
import { lookup } from '../../transforms/to-thread/catalogue.js';

/** DB-API drivers: a module that imports one makes calls on connections and cursors. */
const DB_DRIVERS = /^(psycopg2|psycopg|pymysql|MySQLdb|mysql\.connector|sqlite3|cx_Oracle|oracledb|pyodbc|pymssql|ibm_db_dbi)(\.|$)/;
const DB_API_METHODS = new Set(['execute', 'executemany', 'executescript', 'callproc', 'fetchone', 'fetchmany', 'fetchall', 'commit', 'rollback', 'copy_expert', 'copy_from', 'copy_to']);

/**
 * Whether a call blocks, whichever transforms are on: a call the blocking catalogue knows by its
 * qualified name (`requests.get`, `psycopg2.connect().cursor().execute`, `socket.gethostbyname`,
 * ...), builtin `open`, or a DB-API method on a receiver of unknown type in a project that imports a
 * database driver (`cur.execute()` on a connection handed in as a parameter from another module).
 * `target` is what the call reaches. Returns what blocks.
 */
export function blockingCall(call: CallSite, module: ModuleIndex, target: Target, symbols: ProjectSymbols, blocking: readonly string[] = []): string | undefined {
  if (call.operand || !call.callee) return undefined;
  const ref = call.callee;
  if (ref.root.kind === 'global' && ref.path.length === 0 && ref.root.name === 'open' && !own(module.bindings, 'open')) return 'open()';
  if (target.kind === 'external' && lookup(target.name, blocking)) return target.name;
  if (target.kind !== 'unknown' || ref.path.length === 0) return undefined;
  const method = ref.path.at(-1)!;
  if (!DB_API_METHODS.has(method) || !usesDbDriver(symbols)) return undefined;
  return `.${method}() on a database connection or cursor`;
}

const projectsUsingDrivers = new WeakMap<ProjectSymbols, boolean>();

function usesDbDriver(symbols: ProjectSymbols): boolean {
  let uses = projectsUsingDrivers.get(symbols);
  if (uses === undefined) {
    uses = [...new Set(symbols.modules.values())].some((module) => module.imports.some((statement) => statement.names.some((name) => DB_DRIVERS.test(name.module))));
    projectsUsingDrivers.set(symbols, uses);
  }
  return uses;
}
