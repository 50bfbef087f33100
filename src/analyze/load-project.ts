import fs from 'node:fs';
import path from 'node:path';
import type { Transform, TransformOptions } from '../../transforms/define-transform.js';
import { findSyntaxProblem, parsePython } from '../parse/parse-python.js';
import { SourceText } from '../parse/source-text.js';
import type { Site } from '../plan/edits.js';
import { ProjectSymbols } from '../plan/resolve.js';
import type { ModuleIndex } from './model.js';
import { indexModule } from './module-index.js';
import { moduleNamesFor } from './module-names.js';

export interface LoadedModule {
  file: string;
  relativePath: string;
  index: ModuleIndex;
  sites: Site[];
  editable: boolean;
  /** Kept only for files that may be edited: the rest of the project is known by its index. */
  raw?: string;
  source?: SourceText;
}

export interface SkippedFile {
  file: string;
  relativePath: string;
  reason: string;
}

export interface LoadedProject {
  modules: LoadedModule[];
  skipped: SkippedFile[];
  symbols: ProjectSymbols;
}

/** Parse and index every analysed file, one at a time: each tree is dropped once indexed. */
export function loadProject(options: {
  root: string;
  analysed: Iterable<string>;
  editable: ReadonlySet<string>;
  transforms: readonly Transform[];
  transformOptions: TransformOptions;
}): LoadedProject {
  const files = [...new Set(options.analysed)].sort();
  const texts = new Map(files.map((file) => [file, readUtf8(file)] as const));
  const projectFunctionNames = functionNamesIn(texts.values());
  const projectModules = new Set(files.flatMap((file) => moduleNamesFor(toRelative(options.root, file))));
  const modules: LoadedModule[] = [];
  const skipped: SkippedFile[] = [];
  for (const file of files) {
    const relativePath = toRelative(options.root, file);
    const editable = options.editable.has(file);
    const read = texts.get(file)!;
    texts.delete(file);
    if ('problem' in read) {
      if (editable) skipped.push({ file, relativePath, reason: `${relativePath}: ${read.problem}, left unchanged` });
      continue;
    }
    const raw = read.text;
    const source = new SourceText(raw);
    const tree = parsePython(source.text);
    const problem = findSyntaxProblem(tree, source);
    if (problem) {
      const { line, column } = source.position(problem.index);
      if (editable) skipped.push({ file, relativePath, reason: `${relativePath}:${line}:${column}: ${problem.message}, left unchanged` });
      continue;
    }
    const { index, sites } = indexModule({
      tree, source, file: relativePath, module: moduleNamesFor(relativePath)[0], projectFunctionNames,
      transforms: options.transforms, transformOptions: options.transformOptions,
      packageDepth: packageDepth(options.root, file), projectModules,
    });
    modules.push({ file, relativePath, index, sites, editable, ...(editable ? { raw, source } : {}) });
  }
  const symbols = new ProjectSymbols(modules.map((m) => ({ index: m.index, names: moduleNamesFor(m.relativePath) })));
  return { modules, skipped, symbols };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The file's text, or why it cannot be migrated: decoding another encoding and writing it back would
 * risk its bytes, and an unreadable file is named rather than ending the run.
 */
function readUtf8(file: string): { text: string } | { problem: string } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  try {
    return { text: UTF8.decode(bytes) };
  } catch {
    return { problem: 'not UTF-8 text' };
  }
}

/** Names of every `def` in the project, from the text: references to other names are not recorded. */
function functionNamesIn(texts: Iterable<{ text: string } | { problem: string }>): Set<string> {
  const names = new Set<string>();
  for (const read of texts) {
    if (!('text' in read)) continue;
    for (const match of read.text.matchAll(/\bdef\s+([A-Za-z_]\w*)/g)) names.add(match[1]);
  }
  return names;
}

/** How many folders from the file's own up to the project root hold `__init__.py` (see TransformContext). */
function packageDepth(root: string, file: string): number {
  let depth = 0;
  for (let folder = path.dirname(file); folder !== root && folder.startsWith(root); folder = path.dirname(folder)) {
    if (!fs.existsSync(path.join(folder, '__init__.py'))) break;
    depth++;
  }
  return depth;
}

export function toRelative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}
