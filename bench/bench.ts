/**
 * `npm run bench [-- FOLDER... [--jobs N]]`: asyncshift's speed and memory beside this machine's own
 * yardsticks, measured in one run (these machines are shared and noisy: absolute numbers vary, ratios
 * much less).
 *
 * - The corpus: the Python files under the FOLDERs (for the figures in the README: sympy, sqlalchemy
 *   and twisted at their pinned commits), or a generated project when none is given. It is measured
 *   at a quarter, half and all of its files, to show that cost grows linearly.
 * - `asyncshift migrate` (a dry run with every transform): wall time and peak resident memory.
 * - The parse floor: two worker threads that only read and parse every file.
 * - ast-grep's scan with six rules (the blocking calls the transforms start from), when installed.
 * - A generated project in which every file is relevant (all parsed, indexed and edited), and
 *   generated repositories of 5,000 and 100,000 lines.
 *
 * The folders are only read: each size is a copy of the Python files in a temporary folder.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { generateProject } from './generate-project.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.resolve(HERE, '..', '..', 'bin', 'asyncshift');
const GENERATED_LINES = Number(process.env.BENCH_LINES ?? 400_000);

const SIX_RULES = [
  ['time-sleep', 'time.sleep($A)'],
  ['requests-get', 'requests.get($$$ARGS)'],
  ['requests-post', 'requests.post($$$ARGS)'],
  ['subprocess-run', 'subprocess.run($$$ARGS)'],
  ['open', 'open($$$ARGS)'],
  ['psycopg2-connect', 'psycopg2.connect($$$ARGS)'],
].map(([id, pattern]) => `id: ${id}\nlanguage: python\nseverity: hint\nrule:\n  pattern: ${pattern}\n`).join('---\n');

interface Measured {
  seconds: number;
  /** Peak resident memory in MiB, when the machine can tell (GNU time). */
  peakMiB?: number;
}

interface Corpus {
  root: string;
  files: string[];
  lines: number;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const jobsAt = args.indexOf('--jobs');
  const jobs = jobsAt >= 0 ? ['--jobs', args[jobsAt + 1]] : [];
  const folders = args.filter((arg, i) => !arg.startsWith('--') && (jobsAt < 0 || i !== jobsAt + 1));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncshift-bench-'));
  try {
    const astGrep = findAstGrep();
    const rules = path.join(scratch, 'rules.yml');
    fs.writeFileSync(rules, SIX_RULES);
    console.log(`machine: ${os.cpus().length} cores, Node ${process.version}; asyncshift ${jobs.join(' ') || '(default jobs)'}; ast-grep: ${astGrep ?? 'not installed'}`);

    const all = folders.length > 0 ? copyCorpus(folders, path.join(scratch, 'corpus-1'), 1) : generatedCorpus(path.join(scratch, 'corpus-1'), GENERATED_LINES);
    const sizes = folders.length > 0
      ? [copyCorpus(folders, path.join(scratch, 'corpus-4'), 4), copyCorpus(folders, path.join(scratch, 'corpus-2'), 2), all]
      : [generatedCorpus(path.join(scratch, 'corpus-4'), GENERATED_LINES / 4), generatedCorpus(path.join(scratch, 'corpus-2'), GENERATED_LINES / 2), all];
    console.log(`\ncorpus: ${folders.length > 0 ? folders.map((folder) => path.basename(folder)).join(', ') : 'generated'}`);
    console.log(table(['files', 'lines', 'asyncshift', 'peak RSS', 'parse floor', 'vs floor', 'ast-grep 6 rules', 'vs ast-grep', 'per 100k lines']));
    for (const corpus of sizes) {
      const migrate = measure(process.execPath, [CLI, 'migrate', corpus.root, ...jobs]);
      const floor = await parseFloor(corpus.files);
      const scan = astGrep ? measure(astGrep, ['scan', '-r', rules, corpus.root]) : undefined;
      console.log(row([
        String(corpus.files.length), String(corpus.lines), seconds(migrate), mib(migrate), seconds(floor), ratio(migrate, floor),
        scan ? `${seconds(scan)} ${mib(scan)}` : '-', scan ? ratio(migrate, scan) : '-',
        `${(migrate.seconds / corpus.lines * 100_000).toFixed(2)} s`,
      ]));
    }

    const relevant = generatedCorpus(path.join(scratch, 'relevant'), Math.min(all.lines, 400_000));
    const migrate = measure(process.execPath, [CLI, 'migrate', relevant.root, ...jobs]);
    const floor = await parseFloor(relevant.files);
    console.log(`\nevery file relevant (generated, ${relevant.files.length} files, ${relevant.lines} lines): asyncshift ${seconds(migrate)} ${mib(migrate)}, parse floor ${seconds(floor)}: ${ratio(migrate, floor)} the floor`);

    for (const lines of [5_000, 100_000]) {
      const repository = generatedCorpus(path.join(scratch, `repository-${lines}`), lines);
      const small = measure(process.execPath, [CLI, 'migrate', repository.root, ...jobs]);
      console.log(`a ${lines}-line repository (generated, ${repository.files.length} files): asyncshift ${seconds(small)} ${mib(small)}`);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Every `step`-th Python file of the folders (all when 1), copied under `to/<folder name>/`. */
function copyCorpus(folders: string[], to: string, step: number): Corpus {
  const files: string[] = [];
  let lines = 0;
  let position = 0;
  for (const folder of folders) {
    const names = fs.readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.py')).sort();
    for (const name of names) {
      if (position++ % step !== 0) continue;
      const source = path.join(folder, name);
      if (!fs.statSync(source).isFile()) continue;
      const target = path.join(to, path.basename(folder), name);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const text = fs.readFileSync(source);
      fs.writeFileSync(target, text);
      lines += countLines(text);
      files.push(target);
    }
  }
  fs.writeFileSync(path.join(to, 'pyproject.toml'), '[project]\nname = "corpus"\n');
  return { root: to, files, lines };
}

function generatedCorpus(root: string, lines: number): Corpus {
  const made = generateProject(root, lines);
  const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.py')).map((name) => path.join(root, name));
  return { root, files, lines: made.lines };
}

function countLines(bytes: Buffer): number {
  let count = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) count++;
  return count;
}

/** Wall time of a command (output discarded), and its peak memory through GNU time when present. */
function measure(command: string, args: string[]): Measured {
  const gnuTime = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const start = process.hrtime.bigint();
  const result = gnuTime
    ? spawnSync(gnuTime, ['-f', '%M', command, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status === null || result.status > 2) throw new Error(`${path.basename(command)} failed: ${result.stderr}`);
  const kib = gnuTime ? Number(result.stderr.trim().split('\n').at(-1)) : NaN;
  return { seconds, peakMiB: Number.isFinite(kib) ? kib / 1024 : undefined };
}

/** Two worker threads reading and parsing every file: what no tool built on tree-sitter can beat here. */
async function parseFloor(files: string[]): Promise<Measured> {
  const start = process.hrtime.bigint();
  const shares = [files.filter((_, i) => i % 2 === 0), files.filter((_, i) => i % 2 === 1)];
  await Promise.all(shares.map((share) => new Promise<void>((resolve, reject) => {
    const worker = new Worker(new URL('./parse-floor-worker.js', import.meta.url), { workerData: { files: share } });
    worker.once('message', () => {
      resolve();
      void worker.terminate();
    });
    worker.once('error', reject);
  })));
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

function findAstGrep(): string | undefined {
  const local = path.resolve(HERE, '..', '..', 'node_modules', '.bin', 'ast-grep');
  if (fs.existsSync(local)) return local;
  const found = spawnSync('sh', ['-c', 'command -v ast-grep'], { encoding: 'utf8' }).stdout.trim();
  return found || undefined;
}

function seconds(measured: Measured): string {
  return `${measured.seconds.toFixed(2)} s`;
}

function mib(measured: Measured): string {
  return measured.peakMiB === undefined ? '' : `${measured.peakMiB.toFixed(0)} MiB`;
}

function ratio(a: Measured, b: Measured): string {
  return `${(a.seconds / b.seconds).toFixed(2)}x`;
}

const WIDTHS = [7, 9, 11, 10, 12, 9, 18, 12, 15];

function table(headers: string[]): string {
  return row(headers);
}

function row(cells: string[]): string {
  return cells.map((cell, i) => cell.padStart(WIDTHS[i])).join(' ');
}

await main();
