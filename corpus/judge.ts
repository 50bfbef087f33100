import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT, type TestSuite } from './manifest.js';
import { runProcess } from './processes.js';
import { compareTypeErrors, type TypeCheck } from './pyright.js';
import { compileFailures, runSuite, type CompileFailure, type SuiteOutcome } from './python.js';

export interface JudgeOptions {
  /** The name the results carry (`owner/name`). */
  name: string;
  /** The tree to judge; only read. */
  source: string;
  /** An empty folder for the copies (`before/`, `after/`) and the type checker's settings. */
  workFolder: string;
  typeCheck: boolean;
  /** The repository's own suite, run before and after the migration. */
  suite?: TestSuite;
  /** Reports each step as it starts. */
  progress?: (step: string) => void;
}

export interface Judgement {
  repo: string;
  /** Lines of the tree's `.py` files. */
  lines: number;
  seconds: number;
  migration: {
    exitCode: number | null;
    filesChanged: string[];
    filesSkipped: number;
    blockingCalls?: BlockingCalls;
    /** Review items per code. */
    reviewItems: Record<string, number>;
  };
  internalErrors: string[];
  /** Changed Python files that do not compile, and changed settings files that no longer parse. */
  compileFailures: CompileFailure[];
  /** What the engine's own whole-output check still found wrong (`verification.findings`). */
  selfCheckFindings: unknown[];
  typeCheck?: TypeCheck | { error: string };
  /** Files a second migration over the output would change, and its internal errors. */
  secondRun: { changed: string[]; internalErrors: string[] };
  /**
   * `lost`: tests that fail or error after the migration and did not before; `unawaited`: coroutines
   * the suite left unawaited after the migration and not before.
   */
  tests?: { before: SuiteOutcome; after: SuiteOutcome; lost: string[]; unawaited?: string[] };
  /** Each failed judgement in a few words; empty when the repository passes. */
  failures: string[];
}

/** Blocking calls in non-test code, converted and left, each left one with its first cause. */
export interface BlockingCalls {
  converted: number;
  left: number;
  leftCalls?: { file: string; line: number; transform: string; function?: string; cause: string }[];
}

/** The parts of asyncshift's `--report json` the judge reads. */
interface MigrationReport {
  files: { path: string; status: string; reason?: string }[];
  blockingCalls?: BlockingCalls;
  reviewItems: { code: string }[];
  verification?: { findings?: unknown[] };
}

const ASYNCSHIFT = path.join(PACKAGE_ROOT, 'bin', 'asyncshift');

/**
 * Migrates a copy of a tree with every transform, as a user would (the built CLI, `--write`), and
 * judges the result: no internal error, every changed file compiles, the engine's self-check is
 * clean, pyright finds no new error, a second run proposes nothing, and the repository's own suite
 * passes as many tests as before, with no coroutine Python warns was never awaited that it did not
 * warn about before.
 */
export async function judge(options: JudgeOptions): Promise<Judgement> {
  const started = Date.now();
  const progress = options.progress ?? (() => {});
  const before = path.join(options.workFolder, 'before');
  const after = path.join(options.workFolder, 'after');
  progress('copying');
  await copyTree(options.source, before);
  await copyTree(options.source, after);
  const lines = countPythonLines(before);

  progress('migrating');
  const first = await migrate(after, true);
  const report = first.report;
  const filesChanged = report?.files.filter((file) => file.status === 'changed').map((file) => file.path) ?? [];

  progress('compiling');
  const compiled = await newCompileFailures(before, after, filesChanged);

  progress('second run');
  const second = await migrate(after, false);
  const secondRun = {
    changed: second.report?.files.filter((file) => file.status === 'changed').map((file) => file.path) ?? [],
    internalErrors: second.internalErrors,
  };

  let typeCheck: Judgement['typeCheck'];
  if (options.typeCheck) {
    progress('type-checking');
    typeCheck = await compareTypeErrors(options.workFolder, new Set(filesChanged)).catch((error: Error) => ({ error: error.message }));
  }

  const tests = options.suite ? await compareSuites(before, after, options.suite, progress) : undefined;

  const judgement: Judgement = {
    repo: options.name,
    lines,
    seconds: Math.round((Date.now() - started) / 1000),
    migration: {
      exitCode: first.exitCode,
      filesChanged,
      filesSkipped: report?.files.filter((file) => file.status === 'skipped').length ?? 0,
      blockingCalls: report?.blockingCalls,
      reviewItems: countByCode(report?.reviewItems ?? []),
    },
    internalErrors: first.internalErrors,
    compileFailures: compiled,
    selfCheckFindings: report?.verification?.findings ?? [],
    typeCheck,
    secondRun,
    tests,
    failures: [],
  };
  judgement.failures = failedJudgements(judgement);
  return judgement;
}

/** Each judgement that failed, in a few words. */
export function failedJudgements(judgement: Judgement): string[] {
  const failures: string[] = [];
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  if (judgement.internalErrors.length > 0) failures.push(plural(judgement.internalErrors.length, 'internal error'));
  if (judgement.compileFailures.length > 0) failures.push(`${plural(judgement.compileFailures.length, 'file')} not compiling or parsing`);
  if (judgement.selfCheckFindings.length > 0) failures.push(plural(judgement.selfCheckFindings.length, 'self-check finding'));
  if (judgement.typeCheck && 'error' in judgement.typeCheck) failures.push('pyright did not run');
  else if (judgement.typeCheck && judgement.typeCheck.added.length > 0) failures.push(plural(judgement.typeCheck.added.length, 'new pyright error'));
  if (judgement.secondRun.changed.length > 0) failures.push(`second run changes ${plural(judgement.secondRun.changed.length, 'file')}`);
  if (judgement.secondRun.internalErrors.length > 0) failures.push(`second run: ${plural(judgement.secondRun.internalErrors.length, 'internal error')}`);
  if (judgement.tests) {
    const { before, after } = judgement.tests;
    if (before.passed === 0) failures.push(`no test passed before the migration (${before.summary})`);
    else if (after.passed !== before.passed) failures.push(`tests passed ${before.passed} → ${after.passed}`);
    const unawaited = judgement.tests.unawaited ?? [];
    if (unawaited.length > 0) failures.push(`${plural(unawaited.length, 'coroutine')} never awaited in the suite (${unawaited.join(', ')})`);
  }
  return failures;
}

/** Changed files that no longer compile or parse, leaving out those the system Python rejected before (newer syntax). */
async function newCompileFailures(before: string, after: string, filesChanged: readonly string[]): Promise<CompileFailure[]> {
  const failedAfter = await compileFailures(after, filesChanged.filter((file) => /\.(py|toml|cfg|ini)$/.test(file)));
  const existedBefore = failedAfter.map((failure) => failure.file).filter((file) => fs.existsSync(path.join(before, file)));
  const failedBefore = new Set((await compileFailures(before, existedBefore)).map((failure) => failure.file));
  return failedAfter.filter((failure) => !failedBefore.has(failure.file));
}

async function compareSuites(before: string, after: string, suite: TestSuite, progress: (step: string) => void): Promise<NonNullable<Judgement['tests']>> {
  progress('tests before');
  const suiteBefore = await runSuite(before, suite);
  progress('tests after');
  const suiteAfter = await runSuite(after, suite);
  return {
    before: suiteBefore, after: suiteAfter,
    lost: suiteAfter.failedTests.filter((id) => !suiteBefore.failedTests.includes(id)),
    unawaited: suiteAfter.neverAwaited.filter((name) => !suiteBefore.neverAwaited.includes(name)),
  };
}

interface MigrationRun {
  exitCode: number | null;
  report?: MigrationReport;
  internalErrors: string[];
}

/** Runs the built CLI over a whole tree: `migrate . [--write] --report json`. */
async function migrate(tree: string, write: boolean): Promise<MigrationRun> {
  const result = await runProcess(process.execPath, [ASYNCSHIFT, 'migrate', '.', ...(write ? ['--write'] : []), '--report', 'json'], {
    cwd: tree,
    timeoutMs: 30 * 60_000,
  });
  const lines = result.stderr.split('\n');
  const reportStart = lines.indexOf('{');
  const report = reportStart >= 0 ? JSON.parse(lines.slice(reportStart).join('\n')) as MigrationReport : undefined;
  const otherOutput = (reportStart >= 0 ? lines.slice(0, reportStart) : lines).filter((line) => line.trim());
  const internalErrors = [
    ...(report?.files.filter((file) => file.status === 'failed').map((file) => file.reason ?? file.path) ?? []),
    ...otherOutput.filter((line) => /internal error/i.test(line)),
  ];
  if (result.timedOut) internalErrors.push('the migration timed out');
  else if (result.code === 2 && internalErrors.length === 0) internalErrors.push(`exit 2: ${otherOutput.slice(0, 3).join(' ') || 'no message'}`);
  else if (!report && internalErrors.length === 0) internalErrors.push(`no report (exit ${result.code}): ${otherOutput.slice(0, 3).join(' ')}`);
  return { exitCode: result.code, report, internalErrors };
}

function countByCode(items: readonly { code: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item.code] = (counts[item.code] ?? 0) + 1;
  return counts;
}

/**
 * A copy of a checkout without its VCS data or caches, made a git work tree of its own as a user's
 * repository is (asyncshift finds the project root there). Links are copied as links.
 */
async function copyTree(source: string, target: string): Promise<void> {
  await fs.promises.cp(source, target, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (file) => !/(^|[\\/])(\.git|__pycache__|\.pytest_cache|\.mypy_cache|\.tox|\.nox)$/.test(file) && !file.endsWith('.pyc'),
  });
  const init = await runProcess('git', ['init', '-q'], { cwd: target });
  if (init.code !== 0) throw new Error(`git init failed in ${target}: ${init.stderr.trim()}`);
}

function countPythonLines(tree: string): number {
  let lines = 0;
  for (const entry of fs.readdirSync(tree, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.py') || entry.parentPath.split(path.sep).includes('.git')) continue;
    const text = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    lines += text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  }
  return lines;
}
