import fs from 'node:fs';
import path from 'node:path';
import { runProcess } from './processes.js';

/**
 * Copies the Python sources a Debian package installed (its top-level packages and modules, wherever
 * Debian put them: dist-packages or a private folder under /usr/share) into `project`, as a project
 * of their own to migrate. The package must be installed.
 */
export async function copyDebianSources(debianPackage: string, project: string): Promise<string[]> {
  const listing = await runProcess('dpkg-query', ['-L', debianPackage], { cwd: project });
  if (listing.code !== 0) throw new Error(`the Debian package ${debianPackage} is not installed (scripts/install-test-deps.sh installs it)`);
  const tops = new Set<string>();
  for (const file of listing.stdout.split('\n').filter((line) => line.endsWith('.py'))) {
    if (!fs.existsSync(file) || file.split(path.sep).includes('tests')) continue;
    tops.add(topLevel(file));
  }
  if (tops.size === 0) throw new Error(`the Debian package ${debianPackage} installs no Python source`);
  for (const top of tops) {
    fs.cpSync(top, path.join(project, path.basename(top)), { recursive: true, filter: (file) => !/__pycache__|\.pyc$/.test(file) });
  }
  return [...tops].map((top) => path.basename(top)).sort();
}

/** The outermost package holding a module (a folder chain of `__init__.py`), or the module itself. */
function topLevel(file: string): string {
  let top = file;
  for (let folder = path.dirname(file); fs.existsSync(path.join(folder, '__init__.py')); folder = path.dirname(folder)) top = folder;
  return top;
}
