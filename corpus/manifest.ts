import fs from 'node:fs';
import path from 'node:path';

export const KINDS = ['api-client', 'cli', 'service', 'etl', 'db-tool', 'library'] as const;
export type Kind = typeof KINDS[number];

/** How a repository's own test suite runs here: Debian packages only, offline. */
export interface TestSuite {
  /** Debian packages the suite needs (besides the Python test stack of scripts/install-test-deps.sh). */
  packages: string[];
  /** pytest arguments, run from the repository's root. */
  args: string[];
  env?: Record<string, string>;
  /** What part of the suite runs, and why the rest does not. */
  subset?: string;
}

export interface CorpusEntry {
  /** `owner/name` on GitHub. */
  repo: string;
  /** The pinned commit. */
  commit: string;
  kind: Kind;
  /** Part of the scale corpus: judged only when asked for (`--scale`). */
  scale?: boolean;
  /** The Debian package that ships this project (another release of it). */
  debian?: string;
  /**
   * In the fast subset `npm test` judges: the sources of the Debian package (installed by
   * scripts/install-test-deps.sh), or the checkout when a checkouts folder is given.
   */
  fast?: boolean;
  tests?: TestSuite;
}

/** The root of the asyncshift package, from a module in `corpus/` or in `dist/corpus/`. */
export const PACKAGE_ROOT = findPackageRoot(import.meta.dirname);

export const MANIFEST_FILE = path.join(PACKAGE_ROOT, 'corpus', 'manifest.json');

function findPackageRoot(from: string): string {
  for (let folder = from; ; folder = path.dirname(folder)) {
    if (fs.existsSync(path.join(folder, 'package.json')) && fs.existsSync(path.join(folder, 'corpus', 'manifest.json'))) return folder;
    if (path.dirname(folder) === folder) throw new Error(`no asyncshift package above ${from}`);
  }
}

/** The folder name of a checkout: `owner+name`. */
export function checkoutName(entry: Pick<CorpusEntry, 'repo'>): string {
  return entry.repo.replace('/', '+');
}

export function loadManifest(file = MANIFEST_FILE): CorpusEntry[] {
  const entries = JSON.parse(fs.readFileSync(file, 'utf8')) as { repositories: CorpusEntry[] };
  for (const entry of entries.repositories) validate(entry, file);
  return entries.repositories;
}

function validate(entry: CorpusEntry, file: string): void {
  const problem = !/^[\w.-]+\/[\w.-]+$/.test(entry.repo ?? '') ? 'repo must be owner/name'
    : !/^[0-9a-f]{40}$/.test(entry.commit ?? '') ? 'commit must be a full hash'
      : !KINDS.includes(entry.kind) ? `kind must be one of ${KINDS.join(', ')}`
        : entry.fast && !entry.debian ? 'a fast entry names its Debian package'
          : entry.tests && !Array.isArray(entry.tests.args) ? 'tests.args must be a list'
            : undefined;
  if (problem) throw new Error(`${file}: ${entry.repo ?? JSON.stringify(entry)}: ${problem}`);
}
