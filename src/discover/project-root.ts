import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/** Files or folders whose presence makes a folder the root of a Python project. */
const PROJECT_MARKERS = ['pyproject.toml', 'setup.py', 'setup.cfg', '.git'];

/**
 * The nearest folder, at or above `startPath`, that holds a project marker. It bounds the analysis:
 * imports resolve and callers are searched inside it. Without any marker, the folder of
 * `startPath` itself.
 */
export function findProjectRoot(startPath: string): string {
  const startFolder = folderOf(path.resolve(startPath));
  for (let folder = startFolder; ; folder = path.dirname(folder)) {
    if (hasProjectMarker(folder)) return folder;
    if (path.dirname(folder) === folder) return startFolder;
  }
}

function folderOf(absolutePath: string): string {
  const stats = statSync(absolutePath, { throwIfNoEntry: false });
  return stats?.isDirectory() ? absolutePath : path.dirname(absolutePath);
}

function hasProjectMarker(folder: string): boolean {
  return PROJECT_MARKERS.some((marker) => existsSync(path.join(folder, marker)));
}
