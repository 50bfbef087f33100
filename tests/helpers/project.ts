import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProject } from '../../src/analyze/load-project.js';
import { discoverPythonFiles } from '../../src/discover/discover-files.js';
import { run, type RunOptions, type RunResult } from '../../src/run.js';
import { findUnawaitedCoroutines, type UnawaitedCall } from '../../src/verify/unawaited-coroutines.js';

/** Writes a throw-away project (path → content) and returns its folder. */
export function makeProject(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncshift-test-'));
  if (!('pyproject.toml' in files)) files = { 'pyproject.toml': '[project]\nname = "sample"\n', ...files };
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

export interface Migration {
  result: RunResult;
  /** Relative path → migrated text, for every file that changed. */
  after: Record<string, string>;
}

/** The messages of the review items with `code`, one per line: what a test reads a reason from. */
export function reviewMessages(reviews: RunResult['reviews'], code: string): string {
  return reviews.filter((item) => item.code === code).map((item) => item.message).join('\n');
}

/** Migrates a project built from `files` and returns what changed. */
export function migrateFiles(files: Record<string, string>, options: Partial<RunOptions> = {}): Migration {
  const root = makeProject(files);
  return migrateFolder(root, options);
}

export function migrateFolder(root: string, options: Partial<RunOptions> = {}): Migration {
  const result = run({ paths: [root], ...options });
  const after: Record<string, string> = {};
  for (const file of result.files) if (file.outcome.status === 'changed') after[file.relativePath] = file.outcome.after;
  return { result, after };
}

/** Writes every changed file of a migration back into its folder. */
export function applyMigration(root: string, migration: Migration): void {
  for (const [relative, text] of Object.entries(migration.after)) fs.writeFileSync(path.join(root, relative), text);
}

export function copyFolder(from: string, to = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncshift-copy-'))): string {
  fs.cpSync(from, to, { recursive: true, filter: (source) => !/__pycache__|\.pytest_cache/.test(source) });
  return to;
}

/** Project coroutine calls in a folder that nothing awaits (see src/verify/unawaited-coroutines.ts). */
export function unawaitedCoroutines(root: string): UnawaitedCall[] {
  const files = discoverPythonFiles({ root, paths: [root], exclude: [] });
  const project = loadProject({ root, analysed: files, editable: new Set(), transforms: [], transformOptions: { blocking: [] } });
  return findUnawaitedCoroutines(project);
}
