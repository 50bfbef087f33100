import type { FunctionInfo, ModuleIndex } from '../analyze/model.js';
import type { Edit } from './edits.js';
import { pythonSource } from './entry_point_runner.py.js';
import { pythonSource as entryLoopSource } from './entry_loop.py.js';
import { helperPlace } from './helper-place.js';

/**
 * An entry point that something outside calls synchronously (a console script, a click or typer
 * command) keeps its name, decorators and signature as a sync wrapper; its body moves to an async
 * twin that the wrapper runs:
 *
 *     @click.command()                     @click.command()
 *     def deploy(env):            →        def deploy(env):
 *         ...                                  return _run_entry_point(_deploy_async(env))
 *
 *                                          async def _deploy_async(env):
 *                                              ...
 *
 * The wrapper goes through a small runner defined once per module: `asyncio.run` raises inside a
 * running loop (an async test invoking the CLI, a server calling `main()`), so there the coroutine
 * runs on a private loop in a worker thread, blocking the caller exactly as the sync code did.
 * The runner is Python code kept in entry_point_runner.py, embedded at build time.
 */
export const ENTRY_RUNNER = '_run_entry_point';

export function splitEntry(fn: FunctionInfo): Edit[] {
  const twin = entryBodyName(fn);
  const wrapper = `def ${fn.name}${fn.parametersText}${fn.returnAnnotationText}:\n`
    + `${fn.indent}    return ${ENTRY_RUNNER}(${twin}(${forwardArguments(fn)}))\n\n\n${fn.indent}`;
  return [
    { start: fn.defKeyword, end: fn.defKeyword, text: `${wrapper}async `, order: 0 },
    { start: fn.nameSpan.start, end: fn.nameSpan.end, text: twin },
  ];
}

/** The runner, inserted once, before the first split entry of a module (a module-level function). */
export function entryRunner(at: number): Edit {
  return { start: at, end: at, text: `${RUNNER_DEFINITION}\n\n\n`, order: -1 };
}

/** The runner's definition as written in entry_point_runner.py, from its `def` to the end. */
const RUNNER_DEFINITION = pythonSource.slice(pythonSource.indexOf(`def ${ENTRY_RUNNER}(`)).trimEnd();

/** The async function an entry point's body moves into: `main` → `_main_async`. */
export function entryBodyName(fn: FunctionInfo): string {
  return `_${fn.name.replace(/^_+/, '')}_async`;
}

/** The arguments that pass every parameter on unchanged. */
function forwardArguments(fn: FunctionInfo): string {
  let keywordOnly = false;
  const parts: string[] = [];
  for (const parameter of fn.parameters) {
    switch (parameter.kind) {
      case 'positional-only-marker':
        break;
      case 'keyword-only-marker':
        keywordOnly = true;
        break;
      case 'var-positional':
        keywordOnly = true;
        parts.push(`*${parameter.name}`);
        break;
      case 'var-keyword':
        parts.push(`**${parameter.name}`);
        break;
      default:
        parts.push(keywordOnly || parameter.kind === 'keyword-only' ? `${parameter.name}=${parameter.name}` : parameter.name);
    }
  }
  return parts.join(', ');
}

/** The runner entry code's calls share when it runs several coroutines (entry_loop.py). */
export const ENTRY_LOOP_RUNNER = '_run_on_entry_loop';

const ENTRY_LOOP_DEFINITION = entryLoopSource.slice(entryLoopSource.indexOf(`def ${ENTRY_LOOP_RUNNER}(`)).trimEnd();

/**
 * The shared-loop runner, inserted once where it is defined before the entry code first runs: before
 * the module's first top-level function, or else after its last top-level import (a `__main__.py` of
 * statements only). Undefined when neither comes before `firstRun`.
 */
export function entryLoop(module: ModuleIndex, text: string, firstRun: number): Edit | undefined {
  const place = helperPlace(module, text, firstRun);
  if (!place || place.kind === 'end-of-import') return undefined;
  return place.kind === 'function'
    ? { start: place.at, end: place.at, text: `${ENTRY_LOOP_DEFINITION}\n\n\n`, order: -1 }
    : { start: place.at, end: place.at, text: `\n\n${ENTRY_LOOP_DEFINITION}\n\n`, order: 100 };
}
