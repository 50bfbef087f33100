import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../emit/write-atomic.js';
import { jsonReport } from '../report/json-report.js';
import { fitBody, markdownReport, reproduceCommand } from '../report/markdown-report.js';
import { diffOfFile } from '../report/unified-diff.js';
import { run, type FileResult, type RunResult } from '../run.js';
import type { ActionInputs } from './inputs.js';

export interface Migration {
  result: RunResult;
  changed: (FileResult & { outcome: { status: 'changed' } })[];
  diff: string;
}

/** The same migration as `asyncshift migrate PATHS [--write]`, from the workspace. */
export async function migrateWorkspace(workspace: string, inputs: ActionInputs, write: boolean): Promise<Migration> {
  const result = run({ paths: inputs.paths.map((given) => path.resolve(workspace, given)), select: inputs.select, ignore: inputs.ignore, annotate: inputs.annotate });
  const changed = result.files.filter((file): file is Migration['changed'][number] => file.outcome.status === 'changed');
  if (write) for (const file of changed) await writeFileAtomic(file.path, file.outcome.after, { expected: file.outcome.created ? undefined : file.outcome.before });
  const diff = changed.map(diffOfFile).join('');
  return { result, changed, diff };
}

export interface BodyContext {
  inputs: ActionInputs;
  /** Where `file#Lline` links point: `<server>/<owner>/<repo>/blob/<commit>/`. */
  linkBase: string;
  /** The workflow run, where the full report is uploaded. */
  runUrl: string;
}

/** The pull-request body (or review comment), cut to GitHub's limit with a pointer to the artifact. */
export function reportBody(migration: Migration, context: BodyContext, around: { before?: string; after?: string } = {}): { body: string; full: string } {
  const command = reproduceCommand({ paths: context.inputs.paths, select: context.inputs.select, ignore: context.inputs.ignore, annotate: context.inputs.annotate });
  const full = `${around.before ?? ''}${markdownReport(migration.result, { linkBase: context.linkBase, command })}${around.after ?? ''}`;
  const pointer = `The full report is the \`${context.inputs.reportArtifact}\` artifact of [this workflow run](${context.runUrl}).`;
  return { body: fitBody(full, pointer), full };
}

/** The full reports, for the workflow to upload as an artifact (`report-dir` output). */
export function saveReports(migration: Migration, markdown: string): string {
  const folder = path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'asyncshift-report');
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'report.md'), markdown);
  fs.writeFileSync(path.join(folder, 'report.json'), jsonReport(migration.result));
  fs.writeFileSync(path.join(folder, 'migration.diff'), migration.diff);
  return folder;
}
