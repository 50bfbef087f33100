import type { Transform, TransformOptions } from '../../transforms/define-transform.js';
import { findSyntaxProblem, parsePython } from '../parse/parse-python.js';
import { treeData, type TreeData } from '../parse/flat-tree.js';
import { SourceText } from '../parse/source-text.js';
import type { Site } from '../plan/edits.js';
import type { ModuleIndex } from './model.js';
import { indexModule } from './module-index.js';

/** One file to parse and index. Plain data: it may cross to a worker thread. */
export interface IndexJob {
  file: string;
  relativePath: string;
  /** The file's decoded text (a BOM included). */
  text: string;
  module: string;
  packageDepth: number;
  /** Index only (the migrated output, which the self-check reads): no transform proposes sites. */
  withoutSites?: boolean;
  /**
   * The migrated output of a file: its tree comes back with its index (the self-check reads both), and
   * the parse gate here is the one every edited text must pass before it is written.
   */
  keepTree?: boolean;
}

/** What every file of one run is indexed with. Plain data, sent once to each worker. */
export interface IndexSettings {
  /** Every function and method name defined in the project (references to others are ignored). */
  projectFunctionNames: ReadonlySet<string>;
  projectModules: ReadonlySet<string>;
  transformOptions: TransformOptions;
}

/**
 * What became of one file. Plain data that crosses back from a worker: the index and the sites; the
 * tree only for a migrated output (as typed arrays), else it is dropped as soon as the file is read.
 */
export type IndexOutcome =
  /** `tree`: for a job that keeps it. */
  | { kind: 'indexed'; index: ModuleIndex; sites: Site[]; tree?: TreeData }
  /**
   * Not migratable as it stands (a parse error, Python 2, nesting Python refuses): one line saying
   * where; `syntax` is the parse gate's finding, when it is one.
   */
  | { kind: 'skipped'; reason: string; syntax?: { message: string; line: number; column: number } }
  /** A bug in asyncshift while reading this file: the others go on. */
  | { kind: 'failed'; reason: string; stack?: string };

/** Parse, check and index one file. Never throws: a failure is the file's outcome. */
export function indexFile(job: IndexJob, settings: IndexSettings, transforms: readonly Transform[]): IndexOutcome {
  try {
    const source = new SourceText(job.text);
    const tree = parsePython(source.text);
    const problem = findSyntaxProblem(tree, source);
    if (problem) {
      const { line, column } = source.position(problem.index);
      return { kind: 'skipped', reason: `${job.relativePath}:${line}:${column}: ${problem.message}, left unchanged`, syntax: { message: problem.message, line, column } };
    }
    // Transforms that follow objects across modules look once the project is loaded (see ProjectLoader.project).
    const active = job.withoutSites ? [] : transforms;
    const { index, sites } = indexModule({
      tree, source, file: job.relativePath, module: job.module,
      transforms: active.filter((transform) => !transform.followsAcrossModules), enabled: new Set(active.map((transform) => transform.id)),
      projectFunctionNames: settings.projectFunctionNames, projectModules: settings.projectModules,
      transformOptions: settings.transformOptions, packageDepth: job.packageDepth,
    });
    return { kind: 'indexed', index, sites, ...(job.keepTree ? { tree: treeData(tree) } : {}) };
  } catch (error) {
    // The walks do not recurse on the input's depth; a helper that still overflows names the file.
    if (error instanceof RangeError && /call stack/.test(error.message)) return { kind: 'skipped', reason: `${job.relativePath}: nested too deeply to analyse, left unchanged` };
    const reason = `${job.relativePath}: internal error while indexing (${(error as Error).message}); left unchanged — please report this`;
    return { kind: 'failed', reason, stack: (error as Error).stack };
  }
}
