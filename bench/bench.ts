/**
 * `npm run bench`: speed and memory of a migration on a generated project, as ratios measured in one
 * run (these machines are shared and noisy; absolute numbers vary, ratios much less).
 *
 * - parse-only vs full migration time: how much the index, solver and edits add to parsing;
 * - peak memory of a migration (which drops each tree once indexed) vs merely holding every tree.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parsePython, type Tree } from '../src/parse/parse-python.js';
import { run } from '../src/run.js';

const PACKAGES = Number(process.env.BENCH_PACKAGES ?? 40);
const MODULES_PER_PACKAGE = 10;

function generateProject(): { root: string; lines: number } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncshift-bench-'));
  fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "bench"\n');
  let lines = 0;
  for (let p = 0; p < PACKAGES; p++) {
    const pkg = path.join(root, `pkg${p}`);
    fs.mkdirSync(pkg);
    fs.writeFileSync(path.join(pkg, '__init__.py'), '');
    for (let m = 0; m < MODULES_PER_PACKAGE; m++) {
      const text = moduleText(p, m);
      lines += text.split('\n').length;
      fs.writeFileSync(path.join(pkg, `mod${m}.py`), text);
    }
  }
  return { root, lines };
}

/** A module in the shape of real code: imports across packages, a class, helpers, a sleeping path. */
function moduleText(p: number, m: number): string {
  const other = `pkg${(p + 1) % PACKAGES}.mod${m}`;
  const parts = [
    '"""Generated module for the asyncshift benchmark."""', '', 'import json', 'import logging', 'import time', '',
    `from ${other} import helper_0 as upstream`, '', 'log = logging.getLogger(__name__)', '', '',
    'class Service:', '    def __init__(self, name):', '        self.name = name', '        self.calls = 0', '',
    '    def poll(self, delay):', '        self.calls += 1', '        time.sleep(delay)', '        return self.calls', '',
    '    def report(self):', '        return json.dumps({"name": self.name, "calls": self.calls})', '',
  ];
  for (let f = 0; f < 20; f++) {
    parts.push('', '', `def helper_${f}(value, *, retries=3):`, '    """Transform a value, with bookkeeping."""',
      '    total = 0', '    for attempt in range(retries):', '        total += attempt * value',
      '        if total > 1000:', '            log.debug("large %s", total)', '            break',
      f % 5 === 0 ? '    Service("s").poll(0)' : '    total = upstream(total) if False else total', '    return total');
  }
  return `${parts.join('\n')}\n`;
}

function timed<T>(action: () => T): { value: T; seconds: number } {
  const start = process.hrtime.bigint();
  const value = action();
  return { value, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

/** Peak resident memory of a child process doing one job on the project (MB). */
function peakMemoryOf(mode: 'hold-trees' | 'migrate', root: string): number {
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), mode, root], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return Number(result.stdout.trim());
}

const [mode, projectRoot] = process.argv.slice(2);
if (mode === 'hold-trees' || mode === 'migrate') {
  const pythonFiles = fs.readdirSync(projectRoot, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.py'));
  const kept: Tree[] = [];
  if (mode === 'hold-trees') for (const file of pythonFiles) kept.push(parsePython(fs.readFileSync(path.join(projectRoot, file), 'utf8')));
  else run({ paths: [projectRoot] });
  console.log(process.resourceUsage().maxRSS / 1024);
  process.exit(0);
}

const { root, lines } = generateProject();
const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.py')).map((f) => path.join(root, f));
const texts = files.map((file) => fs.readFileSync(file, 'utf8'));

const parseOnly = timed(() => texts.map((text) => parsePython(text).rootNode.childCount));
const migration = timed(() => run({ paths: [root] }));
const changed = migration.value.files.filter((f) => f.outcome.status === 'changed').length;
const holdTrees = peakMemoryOf('hold-trees', root);
const migrate = peakMemoryOf('migrate', root);

console.log(`project: ${files.length} files, ${lines} lines; ${changed} files changed`);
console.log(`time: parse only ${parseOnly.seconds.toFixed(2)} s, full migration ${migration.seconds.toFixed(2)} s (${(migration.seconds / parseOnly.seconds).toFixed(1)}x parsing), ${(lines / migration.seconds / 1000).toFixed(0)}k lines/s`);
console.log(`peak memory: parsing and holding every tree ${holdTrees.toFixed(0)} MB, a whole migration ${migrate.toFixed(0)} MB (${(migrate / holdTrees).toFixed(2)}x)`);
if (process.env.BENCH_KEEP) console.log(`project kept in ${root}`);
else fs.rmSync(root, { recursive: true, force: true });
