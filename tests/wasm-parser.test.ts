import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flattenTree, GrammarNames } from '../src/parse/flat-tree.js';
import { nativePythonParser } from '../src/parse/native-parser.js';
import { parsePython, useParser } from '../src/parse/parse-python.js';
import { wasmPythonParser, type WasmFiles } from '../src/parse/wasm-parser.js';
import { run } from '../src/run.js';
import { migrateFiles } from './helpers/project.js';

/**
 * The GitHub Action parses with tree-sitter's WebAssembly build, the command line with the native
 * binding: both must give the engine the same trees, indices in UTF-16 code units included.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const WASM_FILES: WasmFiles = {
  runtime: path.join(ROOT, 'node_modules', 'web-tree-sitter', 'tree-sitter.wasm'),
  python: path.join(ROOT, 'node_modules', 'tree-sitter-python', 'tree-sitter-python.wasm'),
};
const SNAPSHOTS = path.join(ROOT, 'snapshots');

const native = nativePythonParser();
let wasm: Awaited<ReturnType<typeof wasmPythonParser>>;

beforeAll(async () => {
  wasm = await wasmPythonParser(WASM_FILES);
});
afterAll(() => useParser(native));

describe('the WebAssembly parser', () => {
  it('reports UTF-16 indices, as the native binding does', () => {
    const text = 's = "é😀"\nf(x)\n';
    for (const parser of [native, wasm]) {
      const call = flattenTree(parser.parse(text), text, new GrammarNames()).rootNode.namedChildren[1].namedChildren[0];
      expect(call.type).toBe('call');
      expect([call.startIndex, call.endIndex]).toEqual([10, 14]);
      expect(text.slice(call.startIndex, call.endIndex)).toBe('f(x)');
    }
  });

  it('migrates non-ASCII source exactly as the native binding does', () => {
    const files = { 'app.py': '# é😀\nimport time\n\n\ndef nap(label="ünï😀"):\n    print(label, "→")\n    time.sleep(0)\n' };
    useParser(native);
    const expected = migrateFiles(files).after;
    useParser(wasm);
    expect(migrateFiles(files).after).toEqual(expected);
    expect(expected['app.py']).toContain('    await asyncio.sleep(0)\n');
  });

  it('gives the same migration of every sample repository', () => {
    const cases = fs.readdirSync(SNAPSHOTS).filter((name) => fs.existsSync(path.join(SNAPSHOTS, name, 'before')));
    expect(cases.length).toBeGreaterThan(10);
    for (const name of cases) {
      const settings = fs.existsSync(path.join(SNAPSHOTS, name, 'case.json')) ? JSON.parse(fs.readFileSync(path.join(SNAPSHOTS, name, 'case.json'), 'utf8')) : {};
      const migrate = () => run({ paths: [path.join(SNAPSHOTS, name, 'before')], select: settings.select });
      useParser(native);
      const expected = migrate();
      expect(expected.files.some((file) => file.outcome.status === 'changed'), name).toBe(true);
      useParser(wasm);
      expect(migrate(), name).toEqual(expected);
    }
    // Every sample migrated twice, self-check rounds included: minutes on a busy two-core machine.
  }, 300_000);

  it('is what parsePython uses once chosen', () => {
    useParser(wasm);
    expect(parsePython('x = 1\n').rootNode.constructor).not.toBe(native.parse('x = 1\n').rootNode.constructor);
  });
});
