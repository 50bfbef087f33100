// Bundles the command line (dist/src/cli.js, as tsc wrote it) and the index pool's worker into
// dist/cli/: Node loads one file each instead of some two hundred modules, which is most of the
// start-up time of a run on a small project. The native tree-sitter binding and piscina stay outside.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

await esbuild.build({
  absWorkingDir: root,
  // The worker sits beside the bundle under the name the pool asks for (see analyze/index-pool.ts).
  entryPoints: { main: 'dist/src/cli.js', 'index-worker': 'dist/src/analyze/index-worker.js' },
  outdir: path.join(root, 'dist', 'cli'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: ['tree-sitter', 'tree-sitter-python', 'piscina'],
  // Bundled CommonJS dependencies call require() for Node's own modules.
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
