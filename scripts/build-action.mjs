// Bundles the GitHub Action (src/action/main.ts and everything it imports) into action/index.mjs,
// with tree-sitter's WebAssembly runtime and the Python grammar beside it. The bundle is committed:
// GitHub runs an action from its repository, with no `npm install`. `node scripts/build-action.mjs
// OUTDIR` builds elsewhere (the test that checks the committed bundle is fresh does that).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.resolve(process.argv[2] ?? path.join(root, 'action'));

// The Action parses with WebAssembly: the native binding stays out of the bundle.
const withoutNativeParser = {
  name: 'without-native-parser',
  setup(build) {
    build.onResolve({ filter: /\/native-parser\.js$/ }, () => ({ path: 'native-parser', namespace: 'absent' }));
    build.onLoad({ filter: /.*/, namespace: 'absent' }, () => ({
      contents: 'export function nativePythonParser() { throw new Error("the native tree-sitter binding is not part of the Action bundle"); }',
      loader: 'js',
    }));
  },
};

// The engine reads its version from package.json: only the version goes into the bundle, so that
// editing the package's scripts or dependencies does not change it.
const versionOnly = {
  name: 'version-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]package\.json$/ }, (args) => (args.path !== path.join(root, 'package.json') ? undefined : {
      contents: JSON.stringify({ version: JSON.parse(fs.readFileSync(args.path, 'utf8')).version }),
      loader: 'json',
    }));
  },
};

// Python that asyncshift writes into users' code lives in `.py` files, imported as `./name.py.js`
// (a module exporting the text, generated beside the .py for tsc): the bundle takes the text from the
// .py file itself, whether or not the generated module is there.
const pythonText = {
  name: 'python-text',
  setup(build) {
    // Paths relative to the root: the bundle names modules by path, and must not name this machine's.
    build.onResolve({ filter: /\.py\.js$/ }, (args) => ({
      path: path.relative(root, path.join(args.resolveDir, args.path.slice(0, -'.js'.length))).split(path.sep).join('/'),
      namespace: 'python-text',
    }));
    build.onLoad({ filter: /.*/, namespace: 'python-text' }, (args) => ({
      contents: `export const pythonSource = ${JSON.stringify(fs.readFileSync(path.join(root, args.path), 'utf8'))};`,
      loader: 'js',
    }));
  },
};

fs.mkdirSync(outdir, { recursive: true });
await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['src/action/main.ts'],
  outfile: path.join(outdir, 'index.mjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Bundled CommonJS dependencies call require() for Node's own modules.
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  legalComments: 'eof',
  logLevel: 'warning',
  plugins: [withoutNativeParser, versionOnly, pythonText],
});
fs.copyFileSync(path.join(root, 'node_modules', 'web-tree-sitter', 'tree-sitter.wasm'), path.join(outdir, 'tree-sitter.wasm'));
fs.copyFileSync(path.join(root, 'node_modules', 'tree-sitter-python', 'tree-sitter-python.wasm'), path.join(outdir, 'tree-sitter-python.wasm'));
for (const file of ['tree-sitter.wasm', 'tree-sitter-python.wasm']) fs.chmodSync(path.join(outdir, file), 0o644);
