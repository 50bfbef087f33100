import fs from 'node:fs';
import path from 'node:path';
import type { Transform, TransformOptions } from '../../transforms/define-transform.js';
import { parsePython } from '../parse/parse-python.js';
import { SourceText } from '../parse/source-text.js';
import type { Site } from '../plan/edits.js';
import { blockingLibrarySubclasses, inheritedBlockingSites } from '../plan/inherited-blocking.js';
import { ProjectFacts } from '../plan/project-facts.js';
import { loadsModules } from '../plan/module-values.js';
import { joinSiteFamilies } from '../plan/site-families.js';
import { ProjectSymbols, type UnindexedModules } from '../plan/resolve.js';
import { indexFile, type IndexJob, type IndexOutcome, type IndexSettings } from './index-file.js';
import type { ClassId, ModuleIndex } from './model.js';
import { indexModule } from './module-index.js';
import { isTestModule, moduleNamesFor, nearestNonPackage, type ProjectLayout } from './module-names.js';

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

/**
 * A file asyncshift failed on while indexing (a bug): left unchanged, its functions unknown to the
 * others; since nothing is known of what it calls, every project function it names stays sync.
 */
export interface FailedFile extends SkippedFile {
  /** The stack trace, shown with --verbose. */
  stack?: string;
  /** Every identifier in its text. */
  names: ReadonlySet<string>;
}

export interface LoadedProject {
  modules: LoadedModule[];
  skipped: SkippedFile[];
  failed: FailedFile[];
  symbols: ProjectSymbols;
  layout: ProjectLayout;
  /** The names a project file is imported under, the reported one first (as the symbol table has them). */
  namesOf(relativePath: string): string[];
  /**
   * Indexes another text of one of the project's files with the same settings (the migrated output);
   * without sites, an outcome `rememberOutputs` holds for that text is the answer.
   */
  reindex(relativePath: string, text: string, withSites: boolean): IndexOutcome;
  /**
   * Jobs that index the migrated texts of project files (without sites, through the parse gate, each
   * tree kept for the self-check), for a driver to run: none for
   * a text whose outcome is remembered (a verification round that edits a module as the last one did).
   * Outcomes of files not among `outputs`, or of other texts, are forgotten.
   */
  outputJobs(outputs: Iterable<{ relativePath: string; text: string }>): IndexJob[];
  /** The outcomes of `outputJobs`' jobs, for `reindex`. */
  rememberOutputs(jobs: readonly IndexJob[], outcomes: readonly IndexOutcome[]): void;
  /** Some file, parsed or not, may get hold of a module without naming it (plan/module-values.ts). */
  loadsModules: boolean;
  /** Project classes whose instances carry blocking methods of a library base (plan/inherited-blocking.ts), when to-thread runs. */
  blockingSubclasses: ReadonlyMap<ClassId, ReadonlySet<string>>;
}

export interface LoadOptions {
  root: string;
  analysed: Iterable<string>;
  editable: ReadonlySet<string>;
  transforms: readonly Transform[];
  transformOptions: TransformOptions;
}

/** Parse and index every analysed file, one at a time: each tree is dropped once indexed. */
export function loadProject(options: LoadOptions): LoadedProject {
  const loader = new ProjectLoader(options);
  const jobs = loader.jobsFor(loader.unparsedFiles());
  loader.add(jobs, jobs.map((job) => indexFile(job, loader.settings, options.transforms)));
  return loader.project();
}

/**
 * The project as it is read: every file's text up front (cheap), then the files asked for parsed and
 * indexed, in one go or in rounds (the prefilter asks for more as the plan needs them). The loader is
 * also the symbol table's view of the modules without an index: it notes each one a resolution needs.
 */
export class ProjectLoader implements UnindexedModules {
  readonly settings: IndexSettings;
  /** Every analysed file in a stable order, with its text or why it has none. */
  private readonly texts: Map<string, { text: string } | { problem: string }>;
  private readonly fileOfModule = new Map<string, string>();
  private readonly indexed = new Map<string, LoadedModule>();
  private readonly parsed = new Set<string>();
  private readonly skipped: SkippedFile[] = [];
  private readonly failed: FailedFile[] = [];
  private readonly layout: ProjectLayout;
  /** A file's names, first its own, then those no other file claims (see moduleNamesFor). */
  private readonly names = new Map<string, string[]>();
  /** Files whose module name another file has (see separateNamesakes), with the name they get instead. */
  private readonly primaryNames = new Map<string, string>();
  /** What resolutions asked for since the last round: modules to index, names whose mentions matter. */
  readonly neededModules = new Set<string>();
  readonly neededMentions = new Set<string>();
  private readonly loadsModules: boolean;
  /** Outcomes of indexing migrated texts, by relative path (see LoadedProject.rememberOutputs). */
  private outputOutcomes = new Map<string, { text: string; outcome: IndexOutcome }>();

  constructor(private readonly options: LoadOptions) {
    const files = [...new Set(options.analysed)].sort();
    this.texts = new Map(files.map((file) => [file, readUtf8(file)] as const));
    this.layout = projectLayout(options.root, files);
    const candidates = new Map<string, string[]>();
    const claims = new Map<string, number>();
    for (const [file, read] of this.texts) {
      if ('problem' in read && options.editable.has(file)) {
        const relativePath = toRelative(options.root, file);
        this.skipped.push({ file, relativePath, reason: `${relativePath}: ${read.problem}, left unchanged` });
      }
      if (!('text' in read)) continue;
      candidates.set(file, moduleNamesFor(toRelative(options.root, file), this.layout));
    }
    this.separateNamesakes(candidates);
    for (const [file, names] of candidates) {
      for (const name of names.slice(1)) claims.set(name, (claims.get(name) ?? 0) + 1);
      if (!this.fileOfModule.has(names[0])) this.fileOfModule.set(names[0], file);
    }
    // A secondary name two files claim (`conftest`, `helpers` in two test folders) names neither.
    for (const [file, names] of candidates) {
      for (const name of names.slice(1)) if (claims.get(name) === 1 && !this.fileOfModule.has(name)) this.fileOfModule.set(name, file);
    }
    for (const [file, names] of candidates) this.names.set(toRelative(options.root, file), names.filter((name) => this.fileOfModule.get(name) === file));
    this.loadsModules = loadsModules([...this.texts.values()].flatMap((read) => ('text' in read ? [read.text] : [])));
    this.settings = {
      projectFunctionNames: functionNamesIn(this.texts.values()),
      projectModules: new Set([...candidates.values()].flat()),
      transformOptions: options.transformOptions,
    };
  }

  /**
   * `pg_view.py` beside the package `pg_view/`: Python imports the package, so it keeps the name and
   * the other file gets one of its own that no import reaches (`pg_view[pg_view.py]`).
   */
  private separateNamesakes(candidates: Map<string, string[]>): void {
    const filesByName = new Map<string, string[]>();
    for (const [file, names] of candidates) (filesByName.get(names[0]) ?? filesByName.set(names[0], []).get(names[0])!).push(file);
    for (const [name, files] of filesByName) {
      if (files.length < 2) continue;
      const winner = files.find((file) => path.basename(file) === '__init__.py') ?? files[0];
      for (const file of files) {
        if (file === winner) continue;
        const relativePath = toRelative(this.options.root, file);
        const own = `${name}[${relativePath}]`;
        this.primaryNames.set(relativePath, own);
        candidates.set(file, [own, ...candidates.get(file)!.slice(1)]);
      }
    }
  }

  private primaryName(relativePath: string): string {
    return this.primaryNames.get(relativePath) ?? moduleNamesFor(relativePath)[0];
  }

  /** Readable files not parsed yet, with their text. */
  unparsed(): [string, string][] {
    const found: [string, string][] = [];
    for (const [file, read] of this.texts) if ('text' in read && !this.parsed.has(file)) found.push([file, read.text]);
    return found;
  }

  unparsedFiles(): string[] {
    return this.unparsed().map(([file]) => file);
  }

  /** The file of a project module, when it can still be parsed. */
  unparsedFileOf(module: string): string | undefined {
    const file = this.fileOfModule.get(module);
    return file && !this.parsed.has(file) ? file : undefined;
  }

  /** Jobs for the files not parsed yet; with `text`, a job for another text of one file (always). */
  jobsFor(files: Iterable<string>, text?: string): IndexJob[] {
    const jobs: IndexJob[] = [];
    for (const file of new Set(files)) {
      const read = this.texts.get(file);
      if (text === undefined && (!read || !('text' in read) || this.parsed.has(file))) continue;
      const relativePath = toRelative(this.options.root, file);
      jobs.push({ file, relativePath, text: text ?? (read as { text: string }).text, module: this.primaryName(relativePath), packageDepth: packageDepth(this.options.root, file) });
    }
    return jobs;
  }

  add(jobs: readonly IndexJob[], outcomes: readonly IndexOutcome[]): void {
    jobs.forEach((job, position) => {
      const outcome = outcomes[position];
      const editable = this.options.editable.has(job.file);
      this.parsed.add(job.file);
      if (outcome.kind === 'skipped') {
        if (editable) this.skipped.push({ file: job.file, relativePath: job.relativePath, reason: outcome.reason });
      } else if (outcome.kind === 'failed') {
        this.failed.push({ file: job.file, relativePath: job.relativePath, reason: outcome.reason, stack: outcome.stack, names: identifiersIn(job.text) });
      } else {
        const module: LoadedModule = { file: job.file, relativePath: job.relativePath, index: outcome.index, sites: outcome.sites, editable };
        if (editable) {
          module.raw = job.text;
          module.source = new SourceText(job.text);
        }
        this.indexed.set(job.file, module);
      }
    });
  }

  /** The project as indexed so far, in file order, with a symbol table that notes what it lacks. */
  project(): LoadedProject {
    const modules = [...this.texts.keys()].map((file) => this.indexed.get(file)).filter((module): module is LoadedModule => !!module);
    // A name two files share belongs to the first, indexed or not (as when every file is indexed).
    const namesOf = (relativePath: string) => this.names.get(relativePath) ?? [this.primaryName(relativePath)];
    const symbols = new ProjectSymbols(modules.map((m) => ({ index: m.index, names: namesOf(m.relativePath) })), this);
    const reindex = (relativePath: string, text: string, withSites: boolean): IndexOutcome => {
      const remembered = withSites ? undefined : this.outputOutcomes.get(relativePath);
      if (remembered?.text === text) return remembered.outcome;
      const [job] = this.jobsFor([path.join(this.options.root, relativePath)], text);
      return indexFile(job, this.settings, withSites ? this.options.transforms : []);
    };
    const outputJobs = (outputs: Iterable<{ relativePath: string; text: string }>): IndexJob[] => {
      const remembered = new Map<string, { text: string; outcome: IndexOutcome }>();
      const jobs: IndexJob[] = [];
      for (const { relativePath, text } of outputs) {
        const known = this.outputOutcomes.get(relativePath);
        if (known?.text === text) remembered.set(relativePath, known);
        else jobs.push({ ...this.jobsFor([path.join(this.options.root, relativePath)], text)[0], withoutSites: true, keepTree: true });
      }
      this.outputOutcomes = remembered;
      return jobs;
    };
    const rememberOutputs = (jobs: readonly IndexJob[], outcomes: readonly IndexOutcome[]): void => {
      jobs.forEach((job, position) => this.outputOutcomes.set(job.relativePath, { text: job.text, outcome: outcomes[position] }));
    };
    const blockingSubclasses = this.options.transforms.some((transform) => transform.id === 'to-thread')
      ? blockingLibrarySubclasses(symbols, this.settings.transformOptions.blocking) : new Map<ClassId, Set<string>>();
    return {
      modules: this.withInheritedBlockingSites(this.withFollowingSites(modules, symbols), symbols, blockingSubclasses), skipped: [...this.skipped], failed: [...this.failed], symbols, layout: this.layout, namesOf,
      reindex, outputJobs, rememberOutputs, loadsModules: this.loadsModules, blockingSubclasses,
    };
  }

  /**
   * The sites of the transforms that follow objects across modules (see
   * Transform.followsAcrossModules), found with what the project as loaded knows: in the modules
   * that name their library and in those that receive its objects from elsewhere. Their families then
   * join across modules. The modules come back as copies: each round finds these sites afresh.
   */
  private withFollowingSites(modules: LoadedModule[], symbols: ProjectSymbols): LoadedModule[] {
    const following = this.options.transforms.filter((transform) => transform.followsAcrossModules);
    const textOf = (m: LoadedModule) => {
      const read = this.texts.get(m.file);
      return read && 'text' in read ? read.text : undefined;
    };
    const naming = modules.filter((m) => following.some((transform) => transform.mentions.test(textOf(m) ?? '')));
    if (naming.length === 0) return modules;
    const facts = new ProjectFacts(symbols, modules.map((m) => m.index), new RegExp(following.map((t) => t.followsAcrossModules!.source).join('|')));
    const enabled = new Set(this.options.transforms.map((transform) => transform.id));
    const copies = modules.map((module) => {
      const [job] = naming.includes(module) || facts.touches(module.index) ? this.jobsFor([module.file], textOf(module)) : [];
      if (!job) return { ...module, sites: [...module.sites] };
      const source = module.source ?? new SourceText(job.text);
      const { sites } = indexModule({
        tree: parsePython(source.text), source, file: job.relativePath, module: module.index.module, transforms: following, enabled,
        projectFunctionNames: this.settings.projectFunctionNames, projectModules: this.settings.projectModules,
        transformOptions: this.settings.transformOptions, packageDepth: job.packageDepth, project: facts,
      });
      return { ...module, sites: [...module.sites, ...sites] };
    });
    joinSiteFamilies(copies.map((m) => m.sites), new Set(following.map((t) => t.id)));
    return copies;
  }

  /**
   * Bridges for the blocking methods project classes inherit from a library (see
   * plan/inherited-blocking.ts): the to-thread bridge's, found with what the whole project knows.
   */
  private withInheritedBlockingSites(modules: LoadedModule[], symbols: ProjectSymbols, subclasses: ReadonlyMap<ClassId, ReadonlySet<string>>): LoadedModule[] {
    if (subclasses.size === 0) return modules;
    const methods = new Set([...subclasses.values()].flatMap((names) => [...names]));
    return modules.map((module) => {
      const read = this.texts.get(module.file);
      if (!module.editable || !read || !('text' in read)) return module;
      const sites = inheritedBlockingSites(module.index, read.text, module.sites, symbols, subclasses, methods);
      return sites.length > 0 ? { ...module, sites: [...module.sites, ...sites] } : module;
    });
  }

  has(module: string): boolean {
    const file = this.fileOfModule.get(module);
    return !!file && !this.indexed.has(file);
  }

  need(module: string): void {
    if (this.unparsedFileOf(module)) this.neededModules.add(module);
  }

  needMentions(name: string): void {
    this.neededMentions.add(name);
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const PROJECT_MARKERS = ['pyproject.toml', 'setup.py', 'setup.cfg'];

/** Packages and the roots of sub-projects, from the folders that hold the analysed files. */
function projectLayout(root: string, files: readonly string[]): ProjectLayout {
  const packages = new Set<string>();
  const sourceRoots = new Set<string>();
  const seen = new Set<string>();
  for (const file of files) {
    if (path.basename(file) === '__init__.py') packages.add(toRelative(root, path.dirname(file)));
    for (let folder = path.dirname(file); folder !== root && folder.startsWith(root) && !seen.has(folder); folder = path.dirname(folder)) {
      seen.add(folder);
      if (!PROJECT_MARKERS.some((marker) => fs.existsSync(path.join(folder, marker)))) continue;
      const relative = toRelative(root, folder);
      sourceRoots.add(relative);
      if (fs.existsSync(path.join(folder, 'src'))) sourceRoots.add(`${relative}/src`);
    }
  }
  const testBases = new Set<string>();
  for (const file of files) {
    if (!isTestModule(file)) continue;
    const folders = toRelative(root, path.dirname(file)).split('/').filter((part) => part.length > 0);
    testBases.add(folders.slice(0, nearestNonPackage(folders, packages)).join('/'));
  }
  return { packages, sourceRoots, testBases };
}

/** The identifiers of a text, near enough: names inside strings and comments are included too. */
export function identifiersIn(text: string): Set<string> {
  return new Set(text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
}

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
