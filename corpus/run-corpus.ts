/**
 * `npm run corpus -- --checkouts DIR`: migrates every repository of the real-world corpus (pinned in
 * corpus/manifest.json, checked out as DIR/<owner>+<name>) and judges the result; see judge.ts.
 * Prints a table, writes the full results with `--json FILE`, exits 1 when a repository fails a
 * judgement or is missing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { judge, type Judgement } from './judge.js';
import { checkoutName, loadManifest, PACKAGE_ROOT, type CorpusEntry } from './manifest.js';
import { runProcess } from './processes.js';
import { missingDebianPackages } from './python.js';
import { leftCausesTable, resultsTable } from './table.js';

interface Options {
  checkouts: string;
  only?: string[];
  scale: boolean;
  tests: boolean;
  pyright: boolean;
  jobs: number;
  json?: string;
  keep: boolean;
}

async function main(): Promise<number> {
  const args = await yargs(hideBin(process.argv))
    .scriptName('npm run corpus --')
    .usage('$0 --checkouts DIR [--only a,b] [--tests] [--json FILE]')
    .option('checkouts', { type: 'string', default: process.env.ASYNCSHIFT_CORPUS, describe: 'folder holding the checkouts as <owner>+<name> (default: $ASYNCSHIFT_CORPUS)' })
    .option('only', { type: 'string', array: true, describe: 'only these repositories (owner/name or name; commas or repeats)' })
    .option('scale', { type: 'boolean', default: false, describe: 'also the scale corpus (sympy, sqlalchemy, twisted)' })
    .option('tests', { type: 'boolean', default: false, describe: 'run the repositories\' own suites before and after' })
    .option('pyright', { type: 'boolean', default: true, describe: 'compare pyright errors (--no-pyright to skip)' })
    .option('jobs', { type: 'number', default: 2, describe: 'repositories judged at once' })
    .option('json', { type: 'string', describe: 'write the full results to this file' })
    .option('keep', { type: 'boolean', default: false, describe: 'keep the migrated copies (their folder is printed)' })
    .strict()
    .help()
    .version(false)
    .parseAsync();
  if (!args.checkouts) {
    console.error('corpus: name the folder of the checkouts: --checkouts DIR (see corpus/checkout.sh)');
    return 2;
  }
  const options: Options = { ...args, checkouts: path.resolve(args.checkouts), only: args.only?.flatMap((value) => value.split(',')).filter(Boolean) };
  const entries = chooseEntries(loadManifest(), options);
  const present = entries.filter((entry) => isCheckedOut(path.join(options.checkouts, checkoutName(entry))));
  const missing = entries.filter((entry) => !present.includes(entry));
  if (missing.length > 0) {
    console.error(`corpus: ${missing.length} of ${entries.length} repositories are not checked out in ${options.checkouts}: ${missing.map((e) => e.repo).join(', ')}`);
    console.error(`corpus: get them with: bash corpus/checkout.sh ${options.checkouts} ${missing.map((e) => e.repo).join(' ')}`);
  }
  for (const entry of present) await warnOnOtherCommit(entry, path.join(options.checkouts, checkoutName(entry)));
  const missingPackages = options.tests ? await missingDebianPackages([...new Set(['python3-pytest-timeout', ...present.flatMap((e) => e.tests?.packages ?? [])])]) : [];
  if (missingPackages.length > 0) console.error(`corpus: the suites need Debian packages that are not installed: sudo apt-get install ${missingPackages.join(' ')}`);

  const workRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncshift-corpus-'));
  const results: { entry: CorpusEntry; judgement: Judgement }[] = [];
  let started = 0;
  const queue = [...present];
  const worker = async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      const number = ++started;
      const tag = `[${number}/${present.length}] ${entry.repo}`;
      console.error(`${tag}: started`);
      const judgement = await judgeEntry(entry, options, workRoot, missingPackages, (step) => console.error(`${tag}: ${step}`));
      results.push({ entry, judgement });
      console.error(`${tag}: ${judgement.failures.length === 0 ? 'ok' : `FAIL (${judgement.failures.join('; ')})`} in ${judgement.seconds} s`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, present.length)) }, worker));
  if (options.keep) console.error(`corpus: migrated copies kept in ${workRoot}`);
  else fs.rmSync(workRoot, { recursive: true, force: true });

  results.sort((a, b) => entries.indexOf(a.entry) - entries.indexOf(b.entry));
  console.log(resultsTable(results.map(({ entry, judgement }) => ({ judgement, kind: entry.kind }))));
  const failed = results.filter(({ judgement }) => judgement.failures.length > 0);
  console.log(`\n${results.length} repositories judged: ${results.length - failed.length} ok, ${failed.length} failed${missing.length ? `, ${missing.length} missing` : ''}.`);
  for (const { judgement } of failed) console.log(`- ${judgement.repo}: ${judgement.failures.join('; ')}`);
  console.log(`\n${leftCausesTable(results)}`);

  if (options.json) {
    fs.writeFileSync(options.json, `${JSON.stringify({
      asyncshift: (await runProcess('git', ['rev-parse', 'HEAD'], { cwd: PACKAGE_ROOT })).stdout.trim(),
      date: new Date().toISOString(),
      missing: missing.map((entry) => entry.repo),
      results: results.map(({ entry, judgement }) => ({ kind: entry.kind, commit: entry.commit, ...judgement })),
    }, null, 2)}\n`);
  }
  return failed.length > 0 || missing.length > 0 ? 1 : 0;
}

function chooseEntries(manifest: CorpusEntry[], options: Options): CorpusEntry[] {
  if (!options.only) return manifest.filter((entry) => options.scale || !entry.scale);
  const named = (entry: CorpusEntry, name: string) => [entry.repo, checkoutName(entry), entry.repo.split('/')[1]].some((form) => form.toLowerCase() === name.toLowerCase());
  const unknown = options.only.filter((name) => !manifest.some((entry) => named(entry, name)));
  if (unknown.length > 0) throw new Error(`not in the manifest: ${unknown.join(', ')}`);
  return manifest.filter((entry) => options.only!.some((name) => named(entry, name)));
}

async function judgeEntry(entry: CorpusEntry, options: Options, workRoot: string, missingPackages: string[], progress: (step: string) => void): Promise<Judgement> {
  const unmet = entry.tests?.packages.filter((name) => missingPackages.includes(name)) ?? [];
  const workFolder = path.join(workRoot, checkoutName(entry));
  fs.mkdirSync(workFolder);
  const judgement = await judge({
    name: entry.repo,
    source: path.join(options.checkouts, checkoutName(entry)),
    workFolder,
    typeCheck: options.pyright,
    suite: options.tests && entry.tests && unmet.length === 0 ? entry.tests : undefined,
    progress,
  });
  if (unmet.length > 0) judgement.failures.push(`tests not run: missing Debian packages ${unmet.join(' ')}`);
  if (!options.keep) fs.rmSync(workFolder, { recursive: true, force: true });
  return judgement;
}

/** A folder with something besides git's data (a failed clone leaves only that). */
function isCheckedOut(folder: string): boolean {
  return fs.existsSync(folder) && fs.readdirSync(folder).some((name) => name !== '.git');
}

/** A git checkout at another commit than the pinned one judges other code: say so. */
async function warnOnOtherCommit(entry: CorpusEntry, checkout: string): Promise<void> {
  if (!fs.existsSync(path.join(checkout, '.git'))) return;
  const head = (await runProcess('git', ['rev-parse', 'HEAD'], { cwd: checkout })).stdout.trim();
  if (head && head !== entry.commit) console.error(`corpus: ${entry.repo} is checked out at ${head.slice(0, 12)}, not at the pinned ${entry.commit.slice(0, 12)}`);
}

main().then((code) => { process.exitCode = code; }, (error: Error) => {
  console.error(`corpus: ${error.message}`);
  process.exitCode = 2;
});
