// Bundles the command line (dist/src/cli.js, as tsc wrote it) and the index pool's worker into
// dist/cli/: Node loads one file each instead of some two hundred modules, which is most of the
// start-up time of a run on a small project. The native tree-sitter binding and piscina stay outside.
//
// The command line is a CommonJS bundle (cli.cjs) that a small entry (main.js) loads with V8's code
// cache, made here by migrating the sample repositories once (see src/startup/code-cache.ts).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'cli');
const bundle = path.join(outdir, 'cli.cjs');
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: ['tree-sitter', 'tree-sitter-python', 'piscina'],
  // Without comments, a quarter less text to read and hash, and ASCII only: Node keeps a text with
  // one character beyond Latin-1 (an arrow in a comment) as a string twice the size.
  minifyWhitespace: true,
  logLevel: 'warning',
};

await esbuild.build({
  ...common,
  // The worker sits beside the bundle under the name the pool asks for (see analyze/index-pool.ts).
  entryPoints: { main: 'dist/src/startup/main.js', 'index-worker': 'dist/src/analyze/index-worker.js' },
  outdir,
  format: 'esm',
  // Bundled CommonJS dependencies call require() for Node's own modules.
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
});

fs.rmSync(`${bundle}.cache`, { force: true });
await esbuild.build({
  ...common,
  entryPoints: ['dist/src/cli.js'],
  outfile: bundle,
  format: 'cjs',
  // import() of piscina becomes require(), which needs no loader of the vm module that runs the bundle.
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

const { loadBundle, writeCodeCache } = await import(path.join(root, 'dist', 'src', 'startup', 'code-cache.js'));
const cli = loadBundle(bundle);
const quiet = { stdout: () => {}, stderr: () => {} };
// Sample repositories that, between them, use every transform.
const warmUps = ['deco-api-client', 'files-config-loader', 'pg-inventory-loader', 'prop-classes', 'subprocess-deploy-tool'];
for (const sample of warmUps) {
  await cli.exports.runCli(['migrate', path.join(root, 'snapshots', sample, 'before'), '--no-progress', '--jobs', '1'], quiet);
}
writeCodeCache(bundle, cli);
