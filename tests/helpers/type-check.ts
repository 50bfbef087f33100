import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compareTypeErrors, type TypeCheckError } from '../../corpus/pyright.js';
import { copyFolder, type Migration } from './project.js';

/**
 * The pyright errors a migration adds, judged as the corpus judges them: both trees checked in one
 * run with the same settings, an error counted only where the original had none.
 */
export async function typeErrorsAdded(root: string, migration: Migration): Promise<TypeCheckError[]> {
  const job = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncshift-types-'));
  copyFolder(root, path.join(job, 'before'));
  copyFolder(root, path.join(job, 'after'));
  for (const [relative, text] of Object.entries(migration.after)) fs.writeFileSync(path.join(job, 'after', relative), text);
  const check = await compareTypeErrors(job, new Set(Object.keys(migration.after)));
  return check.added;
}
