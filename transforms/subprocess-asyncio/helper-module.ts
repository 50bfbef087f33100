import path from 'node:path';
import type { ImportRequest, NewFile } from '../../src/plan/edits.js';
import type { TransformContext } from '../define-transform.js';
import { pythonSource } from './_async_subprocess.py.js';

/**
 * The generated helper module `_async_subprocess.py`: async twins of the subprocess functions with
 * the same arguments, results and exceptions. One per top-level package (or one next to top-level
 * modules and scripts); migrated modules reach it with a relative import (`from .. import
 * _async_subprocess`), which works however the package is installed or put on sys.path.
 */

export const HELPER_NAME = '_async_subprocess';

/**
 * The helper's text: `_async_subprocess.py` beside this file (type-checked with pyright and tested
 * against subprocess itself by the tests), embedded at build time by scripts/embed-python.mjs.
 */
export const HELPER_SOURCE = pythonSource;

export interface HelperModule {
  /** `from . import _async_subprocess`, `from .. import ...`, or `import _async_subprocess`; none when already imported. */
  importRequest?: ImportRequest;
  /** The file to create, relative to the project root. */
  file: NewFile;
}

/** Where the helper goes for this module, or undefined when the package layout is unknown. */
export function helperFor(context: TransformContext): HelperModule | undefined {
  const depth = context.packageDepth;
  if (depth === undefined) return undefined;
  let folder = path.posix.dirname(context.file);
  for (let level = 1; level < depth; level++) folder = path.posix.dirname(folder);
  const file = { path: folder === '.' ? `${HELPER_NAME}.py` : `${folder}/${HELPER_NAME}.py`, text: HELPER_SOURCE };
  if (ALREADY_IMPORTED.test(context.source.text)) return { file };
  return { file, importRequest: depth === 0 ? { module: HELPER_NAME } : { from: '.'.repeat(depth), name: HELPER_NAME } };
}

/** The helper itself is never converted. */
export function isHelperModule(file: string): boolean {
  return path.posix.basename(file) === `${HELPER_NAME}.py`;
}

const ALREADY_IMPORTED = new RegExp(`^[ \\t]*(from[ \\t]+\\.+[ \\t]+import\\b[^\\n]*\\b${HELPER_NAME}\\b|import[ \\t]+${HELPER_NAME}\\b)`, 'm');
