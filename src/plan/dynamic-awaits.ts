import type { ModuleIndex } from '../analyze/model.js';
import { freeForImport } from '../edit/import-manager.js';
import type { Edit } from './edits.js';
import { helperPlace } from './helper-place.js';
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
  const place = helperPlace(module, text);
  if (!place) return { start: text.length, end: text.length, text: `${text.endsWith('\n') ? '' : '\n'}\n\n${AWAITER_DEFINITION}\n`, order: 100 };
  const written = { function: `${AWAITER_DEFINITION}\n\n\n`, 'after-import': `\n\n${AWAITER_DEFINITION}\n`, 'end-of-import': `\n\n\n${AWAITER_DEFINITION}` }[place.kind];
  return { start: place.at, end: place.at, text: written, order: place.kind === 'function' ? -1 : 100 };
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
