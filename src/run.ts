import fs from 'node:fs';
import path from 'node:path';
import type { FunctionInfo } from './analyze/model.js';
import { indexFile, type IndexJob, type IndexOutcome, type IndexSettings } from './analyze/index-file.js';
import { ProjectLoader, toRelative, type LoadedModule, type LoadedProject } from './analyze/load-project.js';
import { Prefilter } from './analyze/prefilter.js';
import { loadConfig, pytestSettingsFile, readEntryPoints, type Config } from './config/load-config.js';
import { discoverPythonFiles } from './discover/discover-files.js';
import { findProjectRoot } from './discover/project-root.js';
import { annotationEdits } from './edit/annotations.js';
import { applyEdits } from './edit/apply-edits.js';
import { shiftChanges, type TextChange } from './edit/text-changes.js';
import { importEdits } from './edit/import-manager.js';
import { newPytestIni, withAsyncioModeAuto } from './edit/pytest-config.js';
import { AsyncshiftError, UsageError } from './errors.js';
import { findSyntaxProblem, parsePython } from './parse/parse-python.js';
import { SourceText } from './parse/source-text.js';
import type { ReviewItem, Site } from './plan/edits.js';
import { planModuleEdits } from './plan/module-edits.js';
import { decisiveNames } from './plan/decisive-names.js';
import { propagate, type Propagation, type ResolvedCall } from './plan/propagate.js';
import { asyncReasons, pinReasons, type BridgeReason, type Reasons } from './plan/reason-chains.js';
import { TRANSFORMS } from '../transforms/registry.js';
import type { Transform } from '../transforms/define-transform.js';

export interface RunOptions {
  paths: string[];
  select?: string[];
  ignore?: string[];
  configFile?: string;
  /** Write each review item as a `# asyncshift: review(CODE): ...` comment above its statement. */
  annotate?: boolean;
  /** The transforms to choose from (default: the registry); tests and embedders pass their own. */
  available?: readonly Transform[];
  /** Parse every file, not only those that can change or change a decision (for comparisons). */
  parseEverything?: boolean;
}

export type FileOutcome =
  /**
   * `created`: the file does not exist yet (a generated helper module, a new pytest.ini). `changes`:
   * where `before` and `after` differ, when the edit stage knows (a diff then looks nowhere else).
   */
  | { status: 'changed'; before: string; after: string; created?: boolean; changes?: TextChange[] }
  | { status: 'unchanged' }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string };

export interface FileResult {
  /** Absolute path. */
  path: string;
  /** Relative to the project root, with forward slashes. */
  relativePath: string;
  outcome: FileOutcome;
}

export interface RunResult {
  root: string;
  files: FileResult[];
  scanned: number;
  counts: Record<string, number>;
  bridges: number;
  /** Blocking calls in non-test code (transform sites that seed or bridge): converted, or left as they were. */
  blockingCalls: { converted: number; left: number };
  reviews: ReviewItem[];
  /** Why each signature changed, each pin and each bridge. */
  reasons: Reasons;
  transforms: string[];
}

/** The pipeline asks its driver to index these files (in this thread, or in worker threads). */
export interface IndexRequest {
  jobs: IndexJob[];
  settings: IndexSettings;
  transforms: readonly Transform[];
}

/**
 * The pipeline: discover → parse → index → plan → edit → verify. Returns what would change; the
 * caller decides whether to print a diff or write (emit). Files are indexed in this thread.
 */
export function run(options: RunOptions): RunResult {
  const pipeline = migration(options);
  for (let step = pipeline.next(); ;) {
    if (step.done) return step.value;
    const { jobs, settings, transforms } = step.value;
    step = pipeline.next(jobs.map((job) => indexFile(job, settings, transforms)));
  }
}

/**
 * The pipeline as steps: it yields each batch of files to index and goes on with their outcomes, so
 * that one pipeline serves an in-thread driver (`run`) and a worker-pool driver (run-in-workers.ts).
 *
 * Files are parsed in rounds: those in which a transform can seed, then those the plan finds it needs
 * (see analyze/prefilter.ts), until a round asks for nothing new; that round's plan is the plan.
 */
export function* migration(options: RunOptions): Generator<IndexRequest, RunResult, IndexOutcome[]> {
  if (options.paths.length === 0) throw new UsageError('no PATH given: asyncshift migrate PATH...');
  const absolutePaths = options.paths.map((p) => path.resolve(p));
  for (const given of absolutePaths) if (!fs.existsSync(given)) throw new UsageError(`${given}: no such file or folder`);
  const root = findProjectRoot(absolutePaths[0]);
  const config = loadConfig(root, options.configFile);
  const transforms = chooseTransforms(options, config);

  const wholeProject = discoverPythonFiles({ root, paths: [root], exclude: config.exclude });
  // Migrating the whole project (the usual case) needs one walk of it, not two.
  const editable = new Set(absolutePaths.every((given) => given === root) ? wholeProject
    : discoverPythonFiles({ root, paths: absolutePaths, exclude: config.exclude }));
  const analysed = new Set([...wholeProject, ...editable]);
  const loader = new ProjectLoader({ root, analysed, editable, transforms, transformOptions: { blocking: config.blocking } });
  const prefilter = options.parseEverything ? undefined : new Prefilter(transforms);
  const consoleScripts = new Set(readEntryPoints(root).map((entry) => `${entry.module}:${entry.attribute}`));

  let wanted = prefilter ? prefilter.initial(loader.unparsed()) : loader.unparsedFiles();
  let project: LoadedProject;
  let propagation: Propagation;
  for (;;) {
    const jobs = loader.jobsFor(wanted);
    if (jobs.length > 0) loader.add(jobs, yield { jobs, settings: loader.settings, transforms });
    project = loader.project();
    const editableModules = new Set(project.modules.filter((m) => m.editable).map((m) => m.index.module));
    propagation = propagate({
      symbols: project.symbols,
      modules: project.modules.map((m) => m.index),
      sitesByModule: new Map(project.modules.map((m) => [m.index.module, m.sites])),
      frozen: (fn: FunctionInfo) => !editableModules.has(fn.module),
      keepSync: new Set(config.keepSync),
      consoleScripts,
    });
    if (!prefilter) break;
    const names = decisiveNames(project.symbols, project.modules.map((m) => m.index), propagation.wouldBeAsync);
    for (const name of loader.neededMentions) names.add(name);
    const methodsMayTurnAsync = [...propagation.wouldBeAsync].some((id) => !!project.symbols.functions.get(id)?.classId);
    wanted = [
      ...[...loader.neededModules].map((module) => loader.unparsedFileOf(module)).filter((file): file is string => !!file),
      ...prefilter.mentioning(loader.unparsed(), names, methodsMayTurnAsync),
    ];
    loader.neededModules.clear();
    loader.neededMentions.clear();
    if (wanted.length === 0) break;
  }
  const { modules: loaded, skipped, failed, symbols } = project;
  const editableModules = new Set(loaded.filter((m) => m.editable).map((m) => m.index.module));
  const files: FileResult[] = [
    ...skipped.map(({ file, relativePath, reason }): FileResult => ({ path: file, relativePath, outcome: { status: 'skipped', reason } })),
    ...failed.filter(({ file }) => editable.has(file)).map(({ file, relativePath, reason }): FileResult => ({ path: file, relativePath, outcome: { status: 'failed', reason } })),
    // What was never parsed cannot change.
    ...loader.unparsedFiles().filter((file) => editable.has(file)).map((file): FileResult => ({ path: file, relativePath: toRelative(root, file), outcome: { status: 'unchanged' } })),
  ];

  const callsByModule = new Map<string, ResolvedCall[]>();
  for (const call of propagation.calls) {
    const list = callsByModule.get(call.module.module) ?? callsByModule.set(call.module.module, []).get(call.module.module)!;
    list.push(call);
  }

  const counts: Record<string, number> = {};
  const editablePaths = new Set(loaded.filter((m) => m.editable).map((m) => m.relativePath));
  const reviews: ReviewItem[] = propagation.reviews.filter((item) => editablePaths.has(item.file));
  let bridges = 0;
  const bridgeReasons: BridgeReason[] = [];
  const blockingCalls = { converted: 0, left: 0 };
  let asyncTests = false;
  const newFiles = new Map<string, string>();
  for (const module of loaded.filter((m): m is LoadedModule & { raw: string; source: SourceText } => m.editable && !!m.source)) {
    const plan = planModuleEdits({
      module: module.index,
      source: module.source,
      sites: module.sites,
      calls: callsByModule.get(module.index.module) ?? [],
      propagation,
      symbols,
    });
    const annotated = options.annotate ? [...reviews.filter((item) => item.file === module.relativePath), ...plan.reviews] : [];
    const outcome = editModule(module, plan, annotated);
    files.push({ path: module.file, relativePath: module.relativePath, outcome });
    if (!module.index.isTestModule) countBlockingCalls(blockingCalls, module.sites, outcome.status === 'changed' ? plan.appliedSites : new Set());
    if (outcome.status !== 'changed') continue;
    for (const [transform, count] of Object.entries(plan.counts)) counts[transform] = (counts[transform] ?? 0) + count;
    bridges += plan.bridges;
    bridgeReasons.push(...plan.bridgeReasons);
    reviews.push(...plan.reviews);
    asyncTests ||= plan.asyncTests;
    for (const file of plan.newFiles) newFiles.set(file.path, file.text);
  }
  for (const [relativePath, text] of newFiles) {
    const created = newFileChange(root, relativePath, text);
    if ('outcome' in created) files.push(created);
    else reviews.push(created);
  }
  if (asyncTests) files.push(pytestSettingsChange(root));
  files.sort((a, b) => a.relativePath.localeCompare(b.relativePath));
  reviews.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  const changedPaths = new Set(files.filter((file) => file.outcome.status === 'changed').map((file) => file.relativePath));
  const inEditable = (fn: FunctionInfo) => editableModules.has(fn.module);
  const reasons: Reasons = {
    async: asyncReasons(propagation, symbols, inEditable).filter((reason) => changedPaths.has(reason.file)),
    pinned: pinReasons(propagation, symbols, inEditable),
    bridges: bridgeReasons.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
  };
  return { root, files, scanned: editable.size, counts, bridges, blockingCalls, reviews, reasons, transforms: transforms.map((t) => t.id) };
}

function countBlockingCalls(tally: RunResult['blockingCalls'], sites: readonly Site[], applied: ReadonlySet<Site>): void {
  for (const site of sites) {
    if (!site.seed && !site.bridge) continue;
    if (applied.has(site)) tally.converted++;
    else tally.left++;
  }
}

function editModule(module: LoadedModule & { raw: string; source: SourceText }, plan: ReturnType<typeof planModuleEdits>, annotated: ReviewItem[]): FileOutcome {
  if (plan.edits.length === 0 && annotated.length === 0) return { status: 'unchanged' };
  try {
    const imports = importEdits({
      module: module.index,
      source: module.source,
      requests: plan.imports,
      releases: plan.releases,
      otherEdits: plan.edits,
    });
    const edits = [...plan.edits, ...imports];
    edits.push(...annotationEdits(module.source, annotated, edits));
    const { text, changes } = applyEdits(module.source.text, edits, module.source.lineEnding, module.relativePath);
    const verified = findSyntaxProblem(parsePython(text), new SourceText(text));
    if (verified) {
      const { line, column } = new SourceText(text).position(verified.index);
      return { status: 'failed', reason: `${module.relativePath}: internal error: the migrated file would not parse (${verified.message} at ${line}:${column}); left unchanged — please report this` };
    }
    const after = SourceText.serialize(text, module.source.hasBom);
    if (after === module.raw) return { status: 'unchanged' };
    return { status: 'changed', before: module.raw, after, changes: module.source.hasBom ? shiftChanges(changes, 1) : changes };
  } catch (error) {
    if (error instanceof AsyncshiftError) return { status: 'failed', reason: `${error.message}; left unchanged — please report this` };
    throw error;
  }
}

/**
 * A file the migrated code needs (a generated helper module): created when missing, left alone when
 * it already holds the same text, and never overwritten: other content is reported instead.
 */
function newFileChange(root: string, relativePath: string, text: string): FileResult | ReviewItem {
  const file = path.join(root, ...relativePath.split('/'));
  if (!fs.existsSync(file)) return { path: file, relativePath, outcome: { status: 'changed', before: '', after: text, created: true } };
  if (fs.readFileSync(file, 'utf8') === text) return { path: file, relativePath, outcome: { status: 'unchanged' } };
  return { code: 'AS111', file: relativePath, line: 1, message: `the migrated code imports ${relativePath}, which already exists with other content: it was left as it is; check that it provides what the migrated code uses` };
}

/** pytest-asyncio runs async tests only when told to: `asyncio_mode = auto` where pytest reads settings. */
function pytestSettingsChange(root: string): FileResult {
  const settings = pytestSettingsFile(root);
  const file = settings?.file ?? path.join(root, 'pytest.ini');
  const before = settings ? fs.readFileSync(file, 'utf8') : '';
  const after = settings ? withAsyncioModeAuto(path.basename(file), before, settings.section) : newPytestIni();
  const relativePath = toRelative(root, file);
  return { path: file, relativePath, outcome: before === after ? { status: 'unchanged' } : { status: 'changed', before, after, created: !settings } };
}

function chooseTransforms(options: RunOptions, config: Config): Transform[] {
  const select = options.select ?? config.select;
  const ignore = new Set([...(options.ignore ?? []), ...(config.ignore ?? [])]);
  const available = options.available ?? TRANSFORMS;
  const known = new Set(available.map((t) => t.id));
  for (const id of [...(select ?? []), ...ignore]) {
    if (!known.has(id)) throw new UsageError(`unknown transform "${id}" (see: asyncshift transforms)`);
  }
  return available.filter((t) => (!select || select.includes(t.id)) && !ignore.has(t.id));
}

