/**
 * `npm run bench:parsers -- [PATH]`: the native tree-sitter binding against its WebAssembly build
 * (what the bundled GitHub Action uses), on the Python files under PATH (default: the sample
 * repositories). Parsing alone and a whole dry-run migration, each timed in one run, plus the peak
 * memory of a migration with each parser in a child process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { nativePythonParser } from '../src/parse/native-parser.js';
import { useParser, type PythonParser } from '../src/parse/parse-python.js';
import { wasmPythonParser } from '../src/parse/wasm-parser.js';
import { run } from '../src/run.js';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WASM_FILES = {
  runtime: path.join(PROJECT_ROOT, 'node_modules', 'web-tree-sitter', 'tree-sitter.wasm'),
  python: path.join(PROJECT_ROOT, 'node_modules', 'tree-sitter-python', 'tree-sitter-python.wasm'),
};

async function parserNamed(name: string): Promise<PythonParser> {
  return name === 'wasm' ? wasmPythonParser(WASM_FILES) : nativePythonParser();
}

function seconds(action: () => void): number {
  const start = process.hrtime.bigint();
  action();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const [mode, parserName, target] = process.argv.slice(2);
if (mode === '--migrate-peak') {
  useParser(await parserNamed(parserName));
  run({ paths: [target] });
  console.log(process.resourceUsage().maxRSS / 1024);
  process.exit(0);
}

const root = path.resolve(mode ?? path.join(PROJECT_ROOT, 'snapshots'));
const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.py'));
const texts = files.map((file) => fs.readFileSync(path.join(root, file), 'utf8'));
const lines = texts.reduce((total, text) => total + text.split('\n').length, 0);
console.log(`${root}: ${files.length} Python files, ${lines} lines`);

// One migration first, so neither parser's figures carry the engine's warm-up.
run({ paths: [root] });
for (const name of ['native', 'wasm']) {
  const parser = await parserNamed(name);
  parser.parse('x = 1\n');
  const parse = seconds(() => { for (const text of texts) parser.parse(text).delete?.(); });
  useParser(parser);
  const migrate = seconds(() => run({ paths: [root] }));
  const peak = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--migrate-peak', name, root], { encoding: 'utf8' });
  const peakMb = peak.status === 0 ? `${Number(peak.stdout.trim()).toFixed(0)} MB` : `failed: ${peak.stderr.trim().split('\n')[0]}`;
  console.log(`${name.padEnd(6)} parse ${parse.toFixed(2)} s (${(lines / parse / 1000).toFixed(0)}k lines/s), migration ${migrate.toFixed(2)} s, migration peak memory ${peakMb}`);
}
