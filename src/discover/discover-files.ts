import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { UsageError } from '../errors.js';

export interface DiscoverOptions {
  /** The project root: `.gitignore` files are read from here down, `exclude` is relative to it. */
  root: string;
  /** Files or folders, absolute or relative to the current folder. */
  paths: string[];
  /** gitignore-style patterns from configuration, relative to `root`. */
  exclude: string[];
}

/** Folders that never hold code a user wants migrated, whatever `.gitignore` says. */
const SKIPPED_FOLDER_NAMES = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '__pycache__',
  'site-packages',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
]);

/** git matches ignore patterns case-sensitively except on the usual case-insensitive file systems. */
const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

/** The rules of one `.gitignore` (or of the configured excludes), anchored at their folder. */
interface IgnoreScope {
  folder: string;
  matcher: Ignore;
}

/**
 * The `.py` files under `paths`, as sorted absolute paths.
 *
 * A file or folder named explicitly is always walked (the user asked for it, as ruff checks paths
 * passed explicitly), even when a `.gitignore` above it ignores it: then only the `.gitignore` files
 * inside it apply. Files found by walking a folder are left out when a `.gitignore` between the
 * named folder and them, or a configured exclude, ignores them, or when they sit in a skipped
 * folder (virtualenvs, caches, VCS data). Symbolic
 * links met while walking are not followed: git tracks them as links, and a linked file would be
 * migrated twice.
 */
export function discoverPythonFiles(options: DiscoverOptions): string[] {
  const root = path.resolve(options.root);
  const excludeScope: IgnoreScope = { folder: root, matcher: newMatcher().add(options.exclude) };
  const found = new Set<string>();
  for (const given of options.paths) {
    const absolute = path.resolve(given);
    const stats = statSync(absolute, { throwIfNoEntry: false });
    if (!stats) throw new UsageError(`${given}: no such file or folder`);
    if (stats.isDirectory()) {
      const above = gitignoreScopesAbove(root, absolute);
      const named = isExcluded(absolute, true, above, { folder: root, matcher: newMatcher() }) || ignoredAncestor(root, absolute, above);
      walkFolder(absolute, named ? [] : above, excludeScope, found);
    } else if (isPythonFileName(absolute)) {
      found.add(absolute);
    }
  }
  return [...found].sort();
}

/** Whether a folder between the root and `folder` is ignored by the `.gitignore` files above it. */
function ignoredAncestor(root: string, folder: string, scopes: IgnoreScope[]): boolean {
  const none = { folder: root, matcher: newMatcher() };
  for (let ancestor = path.dirname(folder); isInside(ancestor, root) && ancestor !== root; ancestor = path.dirname(ancestor)) {
    if (isExcluded(ancestor, true, scopes, none)) return true;
  }
  return false;
}

function walkFolder(folder: string, outerScopes: IgnoreScope[], excludeScope: IgnoreScope, found: Set<string>): void {
  const scopes = withGitignoreOf(folder, outerScopes);
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const entryPath = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (isSkippedFolder(entry.name, entryPath) || isExcluded(entryPath, true, scopes, excludeScope)) continue;
      walkFolder(entryPath, scopes, excludeScope, found);
    } else if (entry.isFile() && isPythonFileName(entry.name) && !isExcluded(entryPath, false, scopes, excludeScope)) {
      found.add(entryPath);
    }
  }
}

function isPythonFileName(fileName: string): boolean {
  return fileName.endsWith('.py');
}

function isSkippedFolder(name: string, folderPath: string): boolean {
  return SKIPPED_FOLDER_NAMES.has(name) || name.endsWith('.egg-info') || isVirtualenv(folderPath);
}

/** Every virtualenv has a `pyvenv.cfg` at its top, whatever the folder is called. */
function isVirtualenv(folderPath: string): boolean {
  return statSync(path.join(folderPath, 'pyvenv.cfg'), { throwIfNoEntry: false })?.isFile() ?? false;
}

/** The `.gitignore` scopes of the folders from `root` down to the parent of `folder`, outermost first. */
function gitignoreScopesAbove(root: string, folder: string): IgnoreScope[] {
  if (!isInside(folder, root) || folder === root) return [];
  const scopes: IgnoreScope[] = [];
  for (let ancestor = path.dirname(folder); ; ancestor = path.dirname(ancestor)) {
    const scope = readGitignore(ancestor);
    if (scope) scopes.unshift(scope);
    if (ancestor === root) return scopes;
  }
}

function withGitignoreOf(folder: string, scopes: IgnoreScope[]): IgnoreScope[] {
  const scope = readGitignore(folder);
  return scope ? [...scopes, scope] : scopes;
}

function readGitignore(folder: string): IgnoreScope | undefined {
  const gitignorePath = path.join(folder, '.gitignore');
  if (!statSync(gitignorePath, { throwIfNoEntry: false })?.isFile()) return undefined;
  return { folder, matcher: newMatcher().add(readFileSync(gitignorePath, 'utf8')) };
}

function newMatcher(): Ignore {
  return ignore({ ignorecase: IGNORE_CASE });
}

/** Configured excludes always win; among `.gitignore` files, as in git, the deepest one that has a say decides. */
function isExcluded(entryPath: string, isFolder: boolean, scopes: IgnoreScope[], excludeScope: IgnoreScope): boolean {
  if (verdict(excludeScope, entryPath, isFolder) === 'ignored') return true;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const result = verdict(scopes[i], entryPath, isFolder);
    if (result) return result === 'ignored';
  }
  return false;
}

function verdict(scope: IgnoreScope, entryPath: string, isFolder: boolean): 'ignored' | 'unignored' | undefined {
  if (!isInside(entryPath, scope.folder) || entryPath === scope.folder) return undefined;
  // `ignore` wants the path relative to the rules' folder, with `/`, and a trailing `/` for folders.
  const relative = path.relative(scope.folder, entryPath).split(path.sep).join('/') + (isFolder ? '/' : '');
  const result = scope.matcher.test(relative);
  if (result.ignored) return 'ignored';
  return result.unignored ? 'unignored' : undefined;
}

function isInside(childPath: string, folder: string): boolean {
  const relative = path.relative(folder, childPath);
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
