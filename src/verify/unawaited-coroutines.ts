import fs from 'node:fs';
import type { LoadedModule, LoadedProject } from '../analyze/load-project.js';
import type { FunctionId } from '../analyze/model.js';
import { ArgparseDispatch } from '../plan/argparse-dispatch.js';

export interface UnawaitedCall {
  file: string;
  line: number;
  callee: string;
}

/** Callables that take a coroutine object and run it (`_await_if_awaitable`, the helper asyncshift writes, awaits it). */
const RUNS_COROUTINES = /^(_await_if_awaitable|asyncio\.(run|create_task|ensure_future|gather|wait_for|shield|wait|as_completed|run_coroutine_threadsafe)|_run_entry_point|_run_on_entry_loop|[\w.]+(\(\))?\.(create_task|run_until_complete|start_soon))$/;

/**
 * `jobs.append(writer.feed(data))` and, in the same function, `await asyncio.gather(*jobs)`: a list
 * of coroutines that a runner takes whole.
 */
function gatheredLater(module: LoadedModule, scope: FunctionId | null, handedTo: string): boolean {
  const list = /^(\w+)\.(append|insert)$/.exec(handedTo)?.[1];
  if (!list) return false;
  const text = module.source?.text ?? module.raw ?? fs.readFileSync(module.file, 'utf8');
  const starred = new RegExp(`^\\(\\s*\\*\\s*${list}\\s*[,)]`);
  return module.index.calls.some((call) => call.scope === scope && RUNS_COROUTINES.test(text.slice(call.calleeSpan.start, call.calleeSpan.end))
    && starred.test(text.slice(call.argsSpan.start, call.argsSpan.end)));
}

/**
 * Calls to a project coroutine function whose coroutine is neither awaited nor handed to something
 * that runs it: the `RuntimeWarning: coroutine ... was never awaited` bug, found statically.
 * Async generators and async context managers are consumed, not awaited, and are not counted.
 */
export function findUnawaitedCoroutines(project: LoadedProject): UnawaitedCall[] {
  const found: UnawaitedCall[] = [];
  const dispatch = new ArgparseDispatch(project.symbols, project.modules.map((module) => module.index));
  for (const module of project.modules) {
    for (const site of module.index.calls) {
      // `func=lambda args: main(args)`: the lambda hands main's coroutine to a dispatch that awaits it.
      if (site.operand || !site.callee || dispatch.forwards(module.index, site)) continue;
      const target = project.symbols.resolve(site.callee, module.index, site.scope);
      if (target.kind !== 'function') continue;
      const fn = project.symbols.functions.get(target.id);
      if (!fn?.isAsync || fn.isGenerator || fn.decorators.some((d) => /asynccontextmanager/.test(d.text))) continue;
      if (site.usage.kind === 'awaited') continue;
      if (site.usage.kind === 'argument' && RUNS_COROUTINES.test(site.usage.callee)) continue;
      if (site.usage.kind === 'argument' && gatheredLater(module, site.scope, site.usage.callee)) continue;
      found.push({ file: module.relativePath, line: site.line, callee: `${fn.module}.${fn.qualname}` });
    }
  }
  return found;
}
