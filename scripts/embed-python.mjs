// The Python that asyncshift writes into users' code lives in real .py files under src/ and
// transforms/, where pytest and pyright read them. This turns each `name.py` into a sibling module
// `name.py.ts` exporting its text (`import { pythonSource } from './name.py.js'`), so tsc, vitest and
// any bundler carry it as an ordinary string: nothing is read from disk at run time. The generated
// modules are not committed; `npm run build` and the test runner regenerate them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FOLDERS = ['src', 'transforms'];

/** Writes every embedding module whose text changed and removes those of deleted .py files; returns the .py files embedded. */
export function embedPythonSources(root = ROOT) {
  const embedded = [];
  for (const folder of FOLDERS) {
    for (const file of fs.readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' }).sort()) {
      const source = path.join(root, folder, file);
      if (file.endsWith('.py.ts') && !fs.existsSync(source.slice(0, -'.ts'.length))) fs.rmSync(source);
      if (!file.endsWith('.py') || file.split(path.sep).includes('__pycache__')) continue;
      const text = fs.readFileSync(source, 'utf8');
      const module = `// Generated from ${path.basename(file)} by scripts/embed-python.mjs: edit the .py file.\n`
        + `export const pythonSource: string = ${JSON.stringify(text)};\n`;
      const target = `${source}.ts`;
      if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== module) fs.writeFileSync(target, module);
      embedded.push(path.posix.join(folder, file.split(path.sep).join('/')));
    }
  }
  return embedded;
}

/** vitest's globalSetup hook: a test run never sees a stale embedding. */
export function setup() {
  embedPythonSources();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) embedPythonSources();
