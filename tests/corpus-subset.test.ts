import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyDebianSources } from '../corpus/debian-sources.js';
import { judge } from '../corpus/judge.js';
import { checkoutName, loadManifest, type CorpusEntry } from '../corpus/manifest.js';

/**
 * The fast subset of the real-world corpus (manifest entries marked `fast`), judged exactly as
 * `npm run corpus` judges a repository: migrated through the built CLI, no internal error, every
 * changed file compiles, the engine's self-check is clean, pyright finds no new error, and a second
 * run proposes nothing. A clean machine reaches Debian's archive but not GitHub, so by default the
 * sources are those of each project's Debian package (another release of the same code); with
 * ASYNCSHIFT_CORPUS naming a checkouts folder, the pinned checkouts are judged instead.
 */
const CHECKOUTS = process.env.ASYNCSHIFT_CORPUS;
const FAST = loadManifest().filter((entry) => entry.fast);

describe('the fast corpus subset', () => {
  it.concurrent.each(FAST.map((entry) => [entry.repo, entry] as const))('%s migrates soundly and adds no type error', async (_, entry) => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncshift-corpus-subset-'));
    const judgement = await judge({ name: entry.repo, source: await sourceOf(entry, work), workFolder: path.join(work, 'job'), typeCheck: true });
    expect(judgement.migration.filesChanged.length).toBeGreaterThan(0);
    expect({
      internalErrors: judgement.internalErrors,
      compileFailures: judgement.compileFailures,
      selfCheckFindings: judgement.selfCheckFindings,
      newTypeErrors: judgement.typeCheck && 'added' in judgement.typeCheck
        ? judgement.typeCheck.added.map((error) => `${error.file}:${error.line} ${error.rule}: ${error.message}`) : judgement.typeCheck,
      secondRunChanges: judgement.secondRun.changed,
    }).toEqual({ internalErrors: [], compileFailures: [], selfCheckFindings: [], newTypeErrors: [], secondRunChanges: [] });
    fs.rmSync(work, { recursive: true, force: true });
  }, 240_000);
});

/** The checkout when a checkouts folder is given, else a project made of the Debian package's sources. */
async function sourceOf(entry: CorpusEntry, work: string): Promise<string> {
  fs.mkdirSync(path.join(work, 'job'));
  if (CHECKOUTS) {
    const checkout = path.join(CHECKOUTS, checkoutName(entry));
    if (!fs.existsSync(checkout)) throw new Error(`${entry.repo} is not checked out in ${CHECKOUTS} (bash corpus/checkout.sh ${CHECKOUTS} ${entry.repo})`);
    return checkout;
  }
  const project = path.join(work, 'source');
  fs.mkdirSync(project);
  await copyDebianSources(entry.debian!, project);
  return project;
}
