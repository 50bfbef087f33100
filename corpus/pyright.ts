import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { SYSTEM_PYTHON } from './python.js';
import { runProcess } from './processes.js';

export interface TypeCheckError {
  /** Relative to its tree. */
  file: string;
  /** 1-based. */
  line: number;
  rule: string;
  message: string;
}

export interface TypeCheck {
  before: number;
  after: number;
  /** Errors of the migrated tree that the original does not have (by file, rule and message). */
  added: TypeCheckError[];
}

const SIDES = ['before', 'after'] as const;

const PYRIGHT = createRequire(import.meta.url).resolve('pyright/index.js');

/**
 * Type-checks both trees (`before/` and `after/` in `jobFolder`) in one pyright run, with the same
 * settings: pyright's default mode, the system Python and its site-packages (where httpx, asyncpg and
 * aiofiles are), and a configuration of ours that overrides the repository's own. The configuration
 * lives in the job folder, beside the trees, never in them.
 */
export async function compareTypeErrors(jobFolder: string, changedFiles: ReadonlySet<string>): Promise<TypeCheck> {
  fs.writeFileSync(path.join(jobFolder, 'pyrightconfig.json'), JSON.stringify({
    include: [...SIDES],
    exclude: ['**/node_modules', '**/__pycache__', '**/.*'],
    executionEnvironments: SIDES.map((side) => ({ root: side, extraPaths: sourceFolders(path.join(jobFolder, side)).map((folder) => `${side}/${folder}`) })),
    typeCheckingMode: 'standard',
    pythonVersion: '3.11',
    pythonPlatform: 'Linux',
  }, null, 2));
  const result = await runProcess(process.execPath, ['--max-old-space-size=8192', PYRIGHT, '--outputjson', '--pythonpath', SYSTEM_PYTHON, '-p', 'pyrightconfig.json'], {
    cwd: jobFolder,
    timeoutMs: 60 * 60_000,
  });
  if (result.timedOut || (result.code !== 0 && result.code !== 1)) {
    throw new Error(`pyright failed (exit ${result.timedOut ? 'timeout' : result.code}): ${(result.stderr || result.stdout).trim().split('\n').slice(0, 3).join(' ')}`);
  }
  const report = JSON.parse(result.stdout) as { generalDiagnostics: PyrightDiagnostic[] };
  const errors = { before: [] as TypeCheckError[], after: [] as TypeCheckError[] };
  for (const diagnostic of report.generalDiagnostics) {
    if (diagnostic.severity !== 'error') continue;
    const relative = path.relative(jobFolder, diagnostic.file).split(path.sep);
    const side = relative[0] as typeof SIDES[number];
    if (!SIDES.includes(side)) continue;
    errors[side].push({
      file: relative.slice(1).join('/'),
      line: diagnostic.range.start.line + 1,
      rule: diagnostic.rule ?? '',
      message: withoutTreeNames(diagnostic.message, jobFolder),
    });
  }
  const lines = new Map<string, string[]>();
  const lineText = (side: typeof SIDES[number], file: string, line: number): string | undefined => {
    const key = `${side}/${file}`;
    if (!lines.has(key)) lines.set(key, fs.existsSync(path.join(jobFolder, side, file)) ? fs.readFileSync(path.join(jobFolder, side, file), 'utf8').split('\n') : []);
    return lines.get(key)![line - 1];
  };
  return { before: errors.before.length, after: errors.after.length, added: addedErrors(errors.before, errors.after, changedFiles, lineText) };
}

/**
 * A message as it would read in a tree of its own: pyright names modules from the job folder
 * (`after.pkg.mod.Class` where two classes share a name) and sometimes gives absolute paths.
 */
export function withoutTreeNames(message: string, jobFolder: string): string {
  return SIDES.reduce((text, side) => text.replaceAll(`${path.join(jobFolder, side)}${path.sep}`, ''), message)
    .replace(/(?<![\w.])(?:before|after)\.(?=[A-Za-z_])/g, '');
}

interface PyrightDiagnostic {
  file: string;
  severity: 'error' | 'warning' | 'information';
  message: string;
  rule?: string;
  range: { start: { line: number; character: number } };
}

/**
 * The errors of `after` beyond those of `before`, compared as multisets of (file, rule, message):
 * a migration shifts line numbers, so lines cannot pair errors up. In a file the migration left
 * unchanged the lines stay, and an error still on its line under the same rule is the same error
 * even if pyright words it differently from one run to the next (which base class it names first).
 */
export function addedErrors(
  before: readonly TypeCheckError[],
  after: readonly TypeCheckError[],
  changedFiles: ReadonlySet<string>,
  lineText?: (side: 'before' | 'after', file: string, line: number) => string | undefined,
): TypeCheckError[] {
  const byMessage = (error: TypeCheckError) => `${error.file}\0${error.rule}\0${error.message}`;
  const byLine = (error: TypeCheckError) => `${error.file}\0${error.rule}\0${error.line}`;
  const unmatchedBefore = new Map<string, TypeCheckError[]>();
  for (const error of before) unmatchedBefore.set(byMessage(error), [...(unmatchedBefore.get(byMessage(error)) ?? []), error]);
  const unmatchedAfter: TypeCheckError[] = [];
  for (const error of after) {
    const same = unmatchedBefore.get(byMessage(error));
    if (same?.length) same.pop();
    else unmatchedAfter.push(error);
  }
  const leftOnTheirLines = new Map<string, number>();
  for (const error of [...unmatchedBefore.values()].flat()) {
    if (!changedFiles.has(error.file)) leftOnTheirLines.set(byLine(error), (leftOnTheirLines.get(byLine(error)) ?? 0) + 1);
  }
  // A migration copies some code on purpose (a sync twin keeps a function's original body, calling
  // the twins of what it called) and awaits calls in place: an error on such a copy of a line that
  // had the same error before is that error, not a new one.
  const copiedFrom = new Set<string>();
  if (lineText) {
    for (const error of before) {
      const text = lineText('before', error.file, error.line)?.trim();
      if (text) copiedFrom.add(asOriginal(`${byMessage(error)}\0${text}`));
    }
  }
  return unmatchedAfter.filter((error) => {
    const text = lineText?.('after', error.file, error.line)?.trim();
    if (text && copiedFrom.has(asOriginal(`${byMessage(error)}\0${text}`))) return false;
    const left = changedFiles.has(error.file) ? 0 : leftOnTheirLines.get(byLine(error)) ?? 0;
    if (left > 0) leftOnTheirLines.set(byLine(error), left - 1);
    return left === 0;
  });
}

/**
 * A line or message as it read before the migration named twins (`f_sync`), awaited calls and ran
 * them in a thread (`asyncio.to_thread(f, x)` and `asyncio.to_thread(lambda: f(x))` are `f(x)`, and
 * pyright no longer names the function). The async library's stubs may name a parameter differently
 * from the sync API's (aiofiles' `write(b)` for `write(buffer)`): on a line that is otherwise the
 * same, an error about that parameter is the same error. Through an awaited recursive call pyright
 * infers a little less (`bytes | Unknown` where it had `bytes`): the Unknown parts are no difference,
 * nor is an `Any` where it had inferred `Unknown` (both are types it does not know).
 * A generator that turned async keeps the wrong return annotation it had (`def fixture() -> Env:`
 * around a `yield`): pyright's complaint names `AsyncGenerator[...]` types where it named
 * `Generator[...]` ones (with other parameters, some now `Unknown`), and is the same complaint. An
 * override that was incompatible stays so once both methods turned async: pyright names the
 * coroutines' types (`CoroutineType[Any, Any, bytes]`) and explains their covariance, about the same
 * two result types.
 */
function asOriginal(text: string): string {
  return text.split('\0').map(withoutCoroutineTypes).join('\0').replace(/\bawait\s+/g, '').replace(/\basyncio\.to_thread\(lambda:\s*(.*)\)/g, '$1')
    .replace(/\basyncio\.to_thread\(([\w.]+),\s*/g, '$1(')
    .replace(/ in function "[^"]*"/g, '').replace(/\bparameter "\w+"/g, 'parameter').replace(/\bAny\b/g, 'Unknown').replace(/ \| Unknown\b|\bUnknown \| /g, '').replace(/\b(\w+?)_sync\b/g, '$1')
    .replace(/\basync (def|generator)\b/g, '$1').replace(/\b(Async)?Generator\[[^\]]*\]/g, 'Generator[...]');
}

/** `CoroutineType[Any, Any, X]` as `X`, without the lines that explain why the coroutine types differ (their covariance). */
function withoutCoroutineTypes(text: string): string {
  const lines = text.replace(/\b(?:Coroutine|CoroutineType)\[Any, Any, ((?:[^[\]]|\[[^[\]]*\])*)\]/g, '$1').split('\n');
  const indent = (line: string) => /^[\s\u00a0]*/.exec(line)![0].length;
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/Type parameter "_ReturnT\w*@Coroutine(?:Type)?" is covariant/.test(lines[i])) {
      kept.push(lines[i]);
      continue;
    }
    const depth = indent(lines[i]);
    while (i + 1 < lines.length && indent(lines[i + 1]) > depth) i++;
  }
  return kept.join('\n');
}

/** Where a repository keeps its importable packages besides its root (`src/` layouts). */
function sourceFolders(tree: string): string[] {
  return ['src', 'lib'].filter((folder) => fs.existsSync(path.join(tree, folder)));
}
