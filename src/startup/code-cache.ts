import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * Loads a CommonJS bundle with V8's code cache: the functions a run compiled when the cache was made
 * are not parsed and compiled again, a tenth of a small project's run (Node 20 keeps no code cache
 * of its own). The cache is made by the build (`scripts/build-cli.mjs`), never at run time.
 *
 * V8 checks a cache against its own version and flags and the source's length only: the cache file
 * starts with a digest of the very text it was made from, and is ignored for any other.
 */
export function loadBundle(file: string): LoadedBundle {
  const bytes = fs.readFileSync(file);
  const cache = readCache(cacheFileOf(file), digestOf(bytes));
  const script = new vm.Script(wrapCommonJs(bytes.toString('utf8')), { filename: file, cachedData: cache });
  const module = { exports: {} as Record<string, unknown> };
  (script.runInThisContext() as CommonJsWrapper)(module.exports, createRequire(file), module, file, path.dirname(file));
  return { exports: module.exports, script };
}

export interface LoadedBundle {
  exports: Record<string, unknown>;
  script: vm.Script;
}

/** Writes the code cache of a bundle loaded with `loadBundle`, with what it has compiled so far. */
export function writeCodeCache(file: string, bundle: LoadedBundle): void {
  fs.writeFileSync(cacheFileOf(file), Buffer.concat([digestOf(fs.readFileSync(file)), bundle.script.createCachedData()]));
}

export function cacheFileOf(file: string): string {
  return `${file}.cache`;
}

type CommonJsWrapper = (exports: object, require: NodeRequire, module: object, filename: string, dirname: string) => void;

function wrapCommonJs(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}

function digestOf(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest();
}

function readCache(cacheFile: string, digest: Buffer): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  return bytes.subarray(0, digest.length).equals(digest) ? bytes.subarray(digest.length) : undefined;
}
