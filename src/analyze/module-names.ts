import path from 'node:path';

/**
 * Where a project's modules are imported from, besides its root: folders that hold a project of
 * their own (`pyproject.toml`, `setup.py` or `setup.cfg`: a repository with several packages) and
 * their `src/`, and the folders holding an `__init__.py` (packages), by path relative to the root.
 */
export interface ProjectLayout {
  sourceRoots: ReadonlySet<string>;
  packages: ReadonlySet<string>;
  /** The folders pytest puts on sys.path: for each test module, the nearest folder above it that is not a package. */
  testBases?: ReadonlySet<string>;
}

/**
 * Dotted module names for project files. A file can be importable under more than one name: from the
 * project root and, in a `src/` layout, from `src/`; from the folder of a sub-project that is
 * installed on its own; and, for a script or a test outside any package, from its own folder (Python
 * puts a script's folder on sys.path, pytest a test's). The first name is the one reported; the
 * others are secondary (see ProjectSymbols: a secondary name claimed by two modules names neither).
 */
export function moduleNamesFor(relativeFile: string, layout?: ProjectLayout): string[] {
  const withoutExt = relativeFile.replace(/\.pyi?$/, '').split(path.sep).join('/');
  const parts = withoutExt.split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  const names = [parts.join('.')];
  if (parts[0] === 'src' && parts.length > 1) names.unshift(parts.slice(1).join('.'));
  // Test folders without __init__.py are put on sys.path by pytest's rootdir-relative import mode. With
  // the layout known, the nearest folder that is not a package says it below: a `tests` package's
  // `tests/json/` is `tests.json`, and `import json` in it is the standard library's.
  if (!layout && (parts[0] === 'tests' || parts[0] === 'test') && parts.length > 1) names.push(parts.slice(1).join('.'));
  if (layout) {
    const folders = withoutExt.split('/').slice(0, -1);
    for (let depth = folders.length; depth > 0; depth--) {
      const folder = folders.slice(0, depth).join('/');
      if (layout.sourceRoots.has(folder)) names.push(parts.slice(depth).join('.'));
    }
    // The nearest folder above the file that is not a package is where it is imported from: a
    // script's own folder, or where pytest imports a test folder's modules from. Not a namespace
    // package under `src/` (poetry's `src/poetry/`, whose `json/` package is no `import json`).
    const depth = nearestNonPackage(folders, layout.packages);
    const base = folders.slice(0, depth).join('/');
    const script = depth === folders.length && !inSourceFolder(base, layout);
    if (depth > 0 && (script || layout.testBases?.has(base))) names.push(parts.slice(depth).join('.'));
  }
  return [...new Set(names.filter((name) => name.length > 0))];
}

/** How many of `folders` lead down to the nearest one that is not a package (0: none is). */
export function nearestNonPackage(folders: readonly string[], packages: ReadonlySet<string>): number {
  let depth = folders.length;
  while (depth > 0 && packages.has(folders.slice(0, depth).join('/'))) depth--;
  return depth;
}

/** A folder below a `src/` that Python imports from (the root's, or a sub-project's). */
function inSourceFolder(folder: string, layout: ProjectLayout): boolean {
  if (folder.startsWith('src/')) return true;
  for (const root of layout.sourceRoots) if (root.endsWith('/src') && folder.startsWith(`${root}/`)) return true;
  return false;
}

export function isPackageInit(relativeFile: string): boolean {
  return path.basename(relativeFile) === '__init__.py';
}

export function isTestModule(relativeFile: string): boolean {
  const base = path.basename(relativeFile);
  return /^test_.*\.py$/.test(base) || /_test\.py$/.test(base) || base === 'conftest.py';
}

/** `from ..x import y` inside module `a.b.c`: the absolute module the dots point at. */
export function resolveRelativeModule(
  currentModule: string,
  currentIsPackage: boolean,
  level: number,
  rest: string,
): string {
  const parts = currentModule.split('.');
  const packageParts = currentIsPackage ? parts : parts.slice(0, -1);
  const base = packageParts.slice(0, Math.max(0, packageParts.length - (level - 1)));
  return [...base, ...(rest ? rest.split('.') : [])].join('.');
}

/** Folders that hold scripts people run by path: `python examples/update_status.py`. */
const SCRIPT_FOLDERS = new Set(['examples', 'example', 'scripts', 'script', 'bin', 'tools', 'demo', 'demos', 'samples', 'codesnippets']);

/** Files that tools import or exec by name, whatever folder they are in. */
const TOOL_FILES = new Set(['setup.py', 'conf.py', 'noxfile.py', 'fabfile.py', 'manage.py', 'tasks.py', 'dodo.py']);

/**
 * An ASGI application: an ASGI server imports its module from inside its running event loop, where
 * `asyncio.run` at the top level would raise.
 */
const ASGI_APPLICATION = /\b(?:FastAPI|Starlette|Quart|Sanic|Litestar|web\.Application)\(/;

/**
 * A script its users run by path, whose top level is then entry code as a `__main__.py`'s is: a file
 * outside any package (`packageDepth` 0: nothing imports it as a package module), in a folder of
 * examples or scripts, with no `if __name__ == "__main__":` guard (with one, the author marked what
 * runs and what may be imported), not a test, not a file a tool imports by its name, and no ASGI
 * application.
 */
export function isScript(relativeFile: string, text: string, packageDepth: number | undefined): boolean {
  if (packageDepth !== 0 || isTestModule(relativeFile) || TOOL_FILES.has(path.basename(relativeFile))) return false;
  const folders = path.dirname(relativeFile).split(/[\\/]/);
  return folders.some((folder) => SCRIPT_FOLDERS.has(folder)) && !/^if\s+__name__\s*==/m.test(text) && !ASGI_APPLICATION.test(text);
}
