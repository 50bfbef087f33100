import { fileURLToPath } from 'node:url';
import { loadBundle } from './code-cache.js';

/**
 * The command line's entry (`bin/asyncshift` calls `main`): the bundled command line
 * (`dist/cli/cli.cjs`, see scripts/build-cli.mjs), loaded with its code cache.
 */
export function main(argv: string[]): Promise<number> {
  const cli = loadBundle(fileURLToPath(new URL('./cli.cjs', import.meta.url))).exports as typeof import('../cli.js');
  return cli.main(argv);
}
