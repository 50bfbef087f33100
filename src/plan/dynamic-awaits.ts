import type { ModuleIndex } from '../analyze/model.js';
import { freeForImport } from '../edit/import-manager.js';
import type { Edit } from './edits.js';
import { pythonSource } from './await_if_awaitable.py.js';

/**
 * Calls on a receiver of unknown type (`probe.run()` on a parameter) where a project method of that
 * name turned async go through a helper defined once per module, kept in await_if_awaitable.py and
 * embedded at build time:
 *
 *     out = probe.run()        →     out = await _await_if_awaitable(probe.run())
 *
 * A project method that turned async returns a coroutine, which the helper awaits; a library
 * object's method, or a project method that stayed sync, returns its result as before, which the
 * helper hands back. The call behaves as before whichever object the receiver turns out to be.
 */
export const AWAITER = '_await_if_awaitable';

/**
 * The helper, inserted once: before the module's first top-level function, else on the line after
 * its last top-level import (a module of classes only; past the import's line end, which a
 * conversion may delete with the import), else at the end of the module (it is looked up when a
 * call runs, not when the module is loaded).
 */
export function awaiterDefinition(module: ModuleIndex, text: string): Edit {
  const firstFunction = module.functions.find((fn) => !fn.indent);
  if (firstFunction) return { start: firstFunction.span.start, end: firstFunction.span.start, text: `${AWAITER_DEFINITION}\n\n\n`, order: -1 };
  const lastImport = module.imports.filter((statement) => statement.topLevel).at(-1);
  if (!lastImport) return { start: text.length, end: text.length, text: `${text.endsWith('\n') ? '' : '\n'}\n\n${AWAITER_DEFINITION}\n`, order: 100 };
  const lineEnd = text.indexOf('\n', lastImport.span.end);
  if (lineEnd < 0) return { start: lastImport.span.end, end: lastImport.span.end, text: `\n\n\n${AWAITER_DEFINITION}`, order: 100 };
  return { start: lineEnd + 1, end: lineEnd + 1, text: `\n\n${AWAITER_DEFINITION}\n`, order: 100 };
}

/**
 * The helper uses `inspect` and `typing.Any`: a module that binds either name to something else
 * cannot host it.
 */
export function canHostAwaiter(module: ModuleIndex): boolean {
  return freeForImport(module, 'inspect', ['inspect']) && freeForImport(module, 'Any', ['typing', 'typing_extensions']);
}

/** The helper's definition as written in await_if_awaitable.py, from its `async def` to the end. */
const AWAITER_DEFINITION = pythonSource.slice(pythonSource.indexOf(`async def ${AWAITER}(`)).trimEnd();
