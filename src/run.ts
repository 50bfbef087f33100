import fs from 'node:fs';
import path from 'node:path';
import type { FunctionId, FunctionInfo } from './analyze/model.js';
import { indexFile, type IndexJob, type IndexOutcome, type IndexSettings } from './analyze/index-file.js';
import { ProjectLoader, toRelative, type LoadedModule, type LoadedProject } from './analyze/load-project.js';
import { Prefilter } from './analyze/prefilter.js';
import { isScript, loadConfig, pytestSettingsFile, readEntryPoints, type Config } from './config/load-config.js';
import { discoverPythonFiles } from './discover/discover-files.js';
import { findProjectRoot } from './discover/project-root.js';
import { annotationEdits } from './edit/annotations.js';
import { applyEdits } from './edit/apply-edits.js';
import { shiftChanges, type TextChange } from './edit/text-changes.js';
import { importEdits } from './edit/import-manager.js';
import { parse as parseToml } from 'smol-toml';
import { newPytestIni, withAsyncioModeAuto } from './edit/pytest-config.js';
import { InternalError, UsageError } from './errors.js';
import { findSyntaxProblem, parsePython } from './parse/parse-python.js';
import { SourceText } from './parse/source-text.js';
import type { Edit, ReviewItem, Site } from './plan/edits.js';
import { planModuleEdits, type ModulePlan } from './plan/module-edits.js';
import { decisiveNames } from './plan/decisive-names.js';
import { propagate, type Propagation, type ResolvedCall } from './plan/propagate.js';
import { asyncReasons, leftCallReason, pinReasons, withdrawnConversion, type BridgeReason, type LeftCallReason, type Reasons } from './plan/reason-chains.js';
import { Revisions, type UndoneDecision } from './plan/revisions.js';
import { isTestFile } from './plan/test-code.js';
import { selfCheck, type Finding } from './verify/self-check.js';
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
  /** `detail`: the stack trace of an internal error, shown with --verbose. */
  | { status: 'failed'; reason: string; detail?: string };

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
  /**
   * Blocking calls in non-test code (transform sites that seed or bridge): converted, or left as they
   * were, each left one with the cause that kept it.
   */
  blockingCalls: { converted: number; left: number; leftCalls: LeftCallReason[] };
  reviews: ReviewItem[];
  /** Why each signature changed, each pin and each bridge. */
  reasons: Reasons;
  transforms: string[];
  /** The whole-output self-check: attempts made, findings left (none unless it gave up), decisions undone. */
  verification: { rounds: number; findings: Finding[]; undone: UndoneDecision[] };
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
 * The files a round parses: a round that wants most of the files left takes all of them, because
 * the few files more cost less than a further round (its propagation resolves every call of the grown
 * project again) and than choosing what that round would want.
 */
function roundOf(wanted: string[], loader: ProjectLoader): string[] {
  const unparsed = loader.unparsedFiles();
  return new Set(wanted).size * 2 >= unparsed.length ? unparsed : wanted;
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
  const transformOptions = { blocking: config.blocking };
  const loader = new ProjectLoader({ root, analysed, editable, transforms, transformOptions });
  const prefilter = options.parseEverything ? undefined : new Prefilter(transforms, transformOptions);

  let wanted = prefilter ? roundOf(prefilter.initial(loader.unparsed()), loader) : loader.unparsedFiles();
  let project: LoadedProject;
  let propagation: Propagation;
  for (;;) {
    const jobs = loader.jobsFor(wanted);
    if (jobs.length > 0) loader.add(jobs, yield { jobs, settings: loader.settings, transforms });
    project = loader.project();
    propagation = propagateOnce(project, declaredEntryPoints(root, project), config, new Revisions());
    // With every file parsed there is nothing left to ask for.
    if (!prefilter || loader.unparsedFiles().length === 0) break;
    const names = decisiveNames(project.symbols, project.modules.map((m) => m.index), propagation.wouldBeAsync, project.blockingSubclasses.keys());
    for (const name of loader.neededMentions) names.add(name);
    const methodsMayTurnAsync = [...propagation.wouldBeAsync].some((id) => !!project.symbols.functions.get(id)?.classId);
    wanted = [
      ...[...loader.neededModules].map((module) => loader.unparsedFileOf(module)).filter((file): file is string => !!file),
      ...prefilter.mentioning(loader.unparsed(), names, methodsMayTurnAsync),
    ];
    loader.neededModules.clear();
    loader.neededMentions.clear();
    if (wanted.length === 0) break;
    wanted = roundOf(wanted, loader);
  }
  const files: FileResult[] = [
    ...project.skipped.map(({ file, relativePath, reason }): FileResult => ({ path: file, relativePath, outcome: { status: 'skipped', reason } })),
    ...project.failed.filter(({ file }) => editable.has(file)).map(({ file, relativePath, reason, stack }): FileResult => ({ path: file, relativePath, outcome: { status: 'failed', reason, detail: stack } })),
    // What was never parsed cannot change.
    ...loader.unparsedFiles().filter((file) => editable.has(file)).map((file): FileResult => ({ path: file, relativePath: toRelative(root, file), outcome: { status: 'unchanged' } })),
  ];

  const attempt = yield* migrateUntilVerified(project, declaredEntryPoints(root, project), config, { settings: loader.settings, transforms }, propagation);
  ({ propagation } = attempt);
  const { outputs, revisions } = attempt;
  const editableModules = new Set(project.modules.filter((m) => m.editable).map((m) => m.index.module));

  const counts: Record<string, number> = {};
  const editablePaths = new Set(project.modules.filter((m) => m.editable).map((m) => m.relativePath));
  const reviews: ReviewItem[] = propagation.reviews.filter((item) => editablePaths.has(item.file));
  let bridges = 0;
  const bridgeReasons: BridgeReason[] = [];
  const blockingCalls: RunResult['blockingCalls'] = { converted: 0, left: 0, leftCalls: [] };
  const leftSites: LeftSite[] = [];
  let asyncTests = false;
  const asyncTestFiles: string[] = [];
  const newFiles = new Map<string, string>();
  for (const module of project.modules.filter((m) => m.editable && m.source)) {
    const failure = attempt.failures.get(module.index.module);
    if (failure) {
      files.push({ path: module.file, relativePath: module.relativePath, outcome: failure });
      if (!isTestFile(module.index)) {
        const why = 'reason' in failure ? failure.reason : 'the module was left unchanged';
        leftSites.push(...countBlockingCalls(blockingCalls, module.sites, new Set()).map((site) => ({ site, file: module.relativePath, failure: why })));
      }
      continue;
    }
    let output = outputs.get(module.index.module);
    if (output && options.annotate) {
      // Review items as comments: added once the output is verified (comments change no behaviour).
      const annotated = [...reviews.filter((item) => item.file === module.relativePath), ...output.plan.reviews];
      if (annotated.length > 0) output = passParseGate(editModule(output.module, output.plan, annotated));
    }
    const outcome: FileOutcome = output ? output.outcome : { status: 'unchanged' };
    files.push({ path: module.file, relativePath: module.relativePath, outcome });
    // Blocking calls are counted outside tests: a test's own calls stay as written (see onlyTestsNeed).
    if (!isTestFile(module.index)) {
      const applied = output && outcome.status === 'changed' ? output.plan.appliedSites : new Set<Site>();
      leftSites.push(...countBlockingCalls(blockingCalls, module.sites, applied).map((site) => ({ site, file: module.relativePath })));
    }
    if (!output || outcome.status !== 'changed') continue;
    const plan = output.plan;
    for (const [transform, count] of Object.entries(plan.counts)) counts[transform] = (counts[transform] ?? 0) + count;
    bridges += plan.bridges;
    bridgeReasons.push(...plan.bridgeReasons);
    reviews.push(...plan.reviews);
    if (plan.asyncTests) asyncTestFiles.push(module.file);
    asyncTests ||= plan.asyncTests;
    for (const file of plan.newFiles) newFiles.set(file.path, file.text);
  }
  reviews.push(...undoneReviews(revisions, attempt.failures));
  for (const [relativePath, text] of newFiles) {
    const created = newFileChange(root, relativePath, text);
    if ('outcome' in created) files.push(created);
    else reviews.push(created);
  }
  if (asyncTests) for (const file of pytestSettingsFiles(root, asyncTestFiles)) files.push(pytestSettingsChange(root, file));
  files.sort((a, b) => a.relativePath.localeCompare(b.relativePath));
  blockingCalls.leftCalls = leftCallReasons(leftSites, reviews, propagation, project, revisions.blockedIn);
  reviews.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  const changedPaths = new Set(files.filter((file) => file.outcome.status === 'changed').map((file) => file.relativePath));
  const inEditable = (fn: FunctionInfo) => editableModules.has(fn.module);
  const reasons: Reasons = {
    async: asyncReasons(propagation, project.symbols, inEditable).filter((reason) => changedPaths.has(reason.file)),
    pinned: pinReasons(propagation, project.symbols, inEditable),
    bridges: bridgeReasons.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
  };
  return {
    root, files, scanned: editable.size, counts, bridges, blockingCalls, reviews, reasons, transforms: transforms.map((t) => t.id),
    verification: { rounds: attempt.rounds, findings: attempt.findings, undone: revisions.undone },
  };
}

/** Each blocking call left with its cause: the module's failure, else its chain of pins or the review items at its line. */
function leftCallReasons(
  leftSites: readonly LeftSite[], reviews: readonly ReviewItem[], propagation: Propagation, project: LoadedProject, blockedIn: ReadonlyMap<FunctionId, FunctionId>,
): LeftCallReason[] {
  const reviewsByLine = new Map<string, ReviewItem[]>();
  for (const item of reviews) {
    const key = `${item.file}:${item.line}`;
    (reviewsByLine.get(key) ?? reviewsByLine.set(key, []).get(key)!).push(item);
  }
  return leftSites.map(({ site, file, failure }) => failure
    ? { file, line: site.line, transform: site.transform, cause: failure }
    : leftCallReason(site, file, propagation, project.symbols, reviewsByLine.get(`${file}:${site.line}`) ?? [], blockedIn));
}

/** A blocking call left, in the module at `file`; `failure` when the whole module was left unchanged. */
interface LeftSite {
  site: Site;
  file: string;
  failure?: string;
}

/**
 * Counts the module's blocking calls and returns those left. A call may have more than one site (the
 * conversion and its fallback bridge): it is converted when any of them was applied, or when it sits
 * in a block that moved into a thread, and counted once.
 */
function countBlockingCalls(tally: RunResult['blockingCalls'], sites: readonly Site[], applied: ReadonlySet<Site>): Site[] {
  const byCall = new Map<string, Site[]>();
  for (const site of sites) {
    if (!site.seed && !site.bridge) continue;
    const key = site.call ? `call ${site.call.span.start}` : `line ${site.line} ${site.transform}`;
    (byCall.get(key) ?? byCall.set(key, []).get(key)!).push(site);
  }
  // A call inside a block that moved into a thread as a whole (a `with open(...)` block) runs there too.
  const movedBlocks = [...applied].flatMap((site) => (site.syncRegion ? [site.syncRegion] : []));
  const inMovedBlock = (site: Site) => !!site.call && movedBlocks.some((block) => block.start <= site.call!.span.start && site.call!.span.end <= block.end);
  const left: Site[] = [];
  for (const alternatives of byCall.values()) {
    if (alternatives.some((site) => applied.has(site) || inMovedBlock(site))) tally.converted++;
    else left.push(alternatives[0]);
  }
  tally.left += left.length;
  return left;
}

interface EntryPoints {
  consoleScripts: Set<string>;
  hostCalled: Map<string, string>;
}

/**
 * The entry points of the project and of every sub-project in it, as function ids: console and GUI
 * scripts (they keep a sync wrapper), and plugins' functions (their host calls them synchronously:
 * they stay sync, with why).
 */
function declaredEntryPoints(root: string, project: LoadedProject): EntryPoints {
  const consoleScripts = new Set<string>();
  const hostCalled = new Map<string, string>();
  for (const folder of ['', ...project.layout.sourceRoots]) {
    let entries: ReturnType<typeof readEntryPoints> = [];
    try {
      entries = readEntryPoints(path.join(root, folder));
    } catch (error) {
      if (folder === '') throw error; // a sub-project's broken settings file is its own business
    }
    for (const entry of entries) {
      const target = project.symbols.resolveDotted(entry.attribute ? `${entry.module}.${entry.attribute}` : entry.module);
      const functions = target.kind === 'function' ? [target.id]
        : target.kind === 'module' ? project.symbols.modules.get(target.module)!.functions.filter((fn) => !fn.classId && !fn.nestedIn).map((fn) => fn.id)
          : [];
      for (const id of functions) {
        if (isScript(entry)) consoleScripts.add(id);
        else hostCalled.set(id, `it is reached through the \`${entry.group}\` entry point \`${entry.name}\` (${toRelative(root, entry.source)}), whose host calls it synchronously`);
      }
    }
  }
  return { consoleScripts, hostCalled };
}

function propagateOnce(project: LoadedProject, entries: EntryPoints, config: Config, revisions: Revisions): Propagation {
  const editableModules = new Set(project.modules.filter((m) => m.editable).map((m) => m.index.module));
  return propagate({
    symbols: project.symbols,
    modules: project.modules.map((m) => m.index),
    sitesByModule: new Map(project.modules.map((m) => [m.index.module, sitesInForce(m.sites, revisions)])),
    frozen: (fn: FunctionInfo) => !editableModules.has(fn.module),
    keepSync: new Set(config.keepSync),
    consoleScripts: entries.consoleScripts,
    hostCalled: entries.hostCalled,
    revisions,
    opaqueModules: project.failed.map((failure) => ({ file: failure.relativePath, names: failure.names })),
    decorators: { transparent: config.transparentDecorators, sync: config.syncDecorators },
    editableModules,
    loadsModules: project.loadsModules,
  });
}

/**
 * A module's sites as one attempt plans them: a fallback bridge (Site.fallbackOf) only where the
 * self-check withdrew the conversion of the same call it stands behind.
 */
function sitesInForce(sites: Site[], revisions: Revisions): Site[] {
  if (!sites.some((site) => site.fallbackOf)) return sites;
  const withdrawn = new Set(sites.filter((site) => site.call && revisions.dropped.has(site)).map((site) => `${site.transform} ${site.call!.span.start}`));
  return sites.filter((site) => !site.fallbackOf || (site.call && withdrawn.has(`${site.fallbackOf} ${site.call.span.start}`)));
}

/** Past this many attempts the modules still at fault are left unchanged (each attempt undoes more). */
const MAX_ATTEMPTS = 25;

interface Attempt {
  propagation: Propagation;
  outputs: Map<string, ModuleOutput>;
  /** Modules asyncshift failed on while planning or editing (a bug), by module name. */
  failures: Map<string, FileOutcome & { status: 'failed' }>;
  revisions: Revisions;
  /** Findings the last attempt still had (empty unless the loop gave up). */
  findings: Finding[];
  rounds: number;
}

/**
 * Plan, edit, and check the whole output; when the check finds a problem, undo the decision that
 * caused it and plan again. Never-broken is a property of this loop: what it emits passed the check.
 */
function* migrateUntilVerified(project: LoadedProject, entries: EntryPoints, config: Config, indexing: Omit<IndexRequest, 'jobs'>, unrevised: Propagation): Generator<IndexRequest, Attempt, IndexOutcome[]> {
  const revisions = new Revisions();
  const failures = new Map<string, FileOutcome & { status: 'failed' }>();
  for (let round = 1; ; round++) {
    revisions.nextAttempt();
    // The first attempt undoes nothing: its plan is the one the loader's last round made.
    const propagation = round === 1 ? unrevised : propagateOnce(project, entries, config, revisions);
    const failuresBefore = failures.size;
    const outputs = planAndEdit(project, propagation, revisions, failures);
    if (failures.size > failuresBefore) {
      freezeFailed(failures, revisions);
      continue;
    }
    // The self-check indexes every changed module's output: the driver does it (in worker threads when
    // it pays), and the parse gate with it. A module whose output would not parse stays as it is.
    const changed = [...outputs.values()].filter((output) => output.outcome.status === 'changed');
    const jobs = project.outputJobs(changed.map((output) => ({ relativePath: output.module.relativePath, text: output.text })));
    if (jobs.length > 0) {
      const outcomes = yield { ...indexing, jobs };
      project.rememberOutputs(jobs, outcomes);
      outcomes.forEach((outcome, position) => {
        if (outcome.kind !== 'skipped' || !outcome.syntax) return;
        const output = changed.find((candidate) => candidate.module.relativePath === jobs[position].relativePath)!;
        failures.set(output.module.index.module, internalFailure(output.module.relativePath, 'editing', unparsable(outcome.syntax)));
      });
    }
    if (failures.size > failuresBefore) {
      freezeFailed(failures, revisions);
      continue;
    }
    const findings = selfCheck({ project, propagation, outputs });
    // Pins whose awaiting functions all stay sync for their own reasons are taken back and the plan
    // made again: a second run would otherwise find those functions sync and convert more.
    if (findings.length === 0 && round < MAX_ATTEMPTS && revisions.relax((fn) => propagation.pinned.has(fn))) continue;
    if (findings.length === 0 || round >= MAX_ATTEMPTS) return { propagation, outputs, failures, revisions, findings, rounds: round };
    let learned = false;
    for (const finding of findings) {
      const { message: reason, file, line, blockedIn, awaitedIn } = finding;
      learned = finding.undo.some((undo) => revisions.apply({ undo, reason, file, line, blockedIn, awaitedIn })) || learned;
    }
    if (!learned) {
      // The undo the check asked for is already in place: leave the modules at fault as they are.
      for (const finding of findings) {
        learned = revisions.apply({ undo: { kind: 'freeze', module: finding.module }, reason: finding.message, file: finding.file, line: finding.line }) || learned;
      }
      if (!learned) return { propagation, outputs, failures, revisions, findings, rounds: round };
    }
  }
}

/** A module asyncshift failed on stays as it is: the next attempt plans with its functions kept sync. */
function freezeFailed(failures: ReadonlyMap<string, FileOutcome & { status: 'failed' }>, revisions: Revisions): void {
  for (const [module, failure] of failures) revisions.apply({ undo: { kind: 'freeze', module }, reason: failure.reason, file: module, line: 1 });
}

export interface ModuleOutput {
  module: LoadedModule & { raw: string; source: SourceText };
  plan: ModulePlan;
  /** The edited text (without BOM) and every edit that made it, imports included. */
  text: string;
  edits: Edit[];
  outcome: FileOutcome;
}

/** Every editable module planned and edited; an internal error in one is recorded and the rest go on. */
function planAndEdit(project: LoadedProject, propagation: Propagation, revisions: Revisions, failures: Map<string, FileOutcome & { status: 'failed' }>): Map<string, ModuleOutput> {
  const callsByModule = new Map<string, ResolvedCall[]>();
  for (const call of propagation.calls) {
    const list = callsByModule.get(call.module.module) ?? callsByModule.set(call.module.module, []).get(call.module.module)!;
    list.push(call);
  }
  const outputs = new Map<string, ModuleOutput>();
  for (const module of project.modules) {
    if (!module.editable || !module.raw || !module.source || revisions.frozen.has(module.index.module)) continue;
    const editable = module as LoadedModule & { raw: string; source: SourceText };
    try {
      const plan = planModuleEdits({
        module: module.index,
        source: module.source,
        sites: sitesInForce(module.sites, revisions),
        calls: callsByModule.get(module.index.module) ?? [],
        propagation,
        symbols: project.symbols,
      });
      outputs.set(module.index.module, editModule(editable, plan));
    } catch (error) {
      const stage = error instanceof InternalError ? 'editing' : 'planning';
      failures.set(module.index.module, internalFailure(module.relativePath, stage, error));
    }
  }
  return outputs;
}

/** A module asyncshift failed on: left unchanged and named; the stack trace shows with --verbose. */
function internalFailure(relativePath: string, stage: string, error: unknown): FileOutcome & { status: 'failed' } {
  const message = error instanceof Error ? error.message.replace(`${relativePath}: `, '') : String(error);
  return {
    status: 'failed',
    reason: `${relativePath}: internal error while ${stage} (${message}); left unchanged — please report this`,
    detail: error instanceof Error ? error.stack : undefined,
  };
}

/** What the self-check undid, for the reviewer: pins already say why in AS101, the rest here. */
function undoneReviews(revisions: Revisions, failures: ReadonlyMap<string, unknown>): ReviewItem[] {
  const items: ReviewItem[] = [];
  for (const { undo, reason, file, line } of revisions.undone) {
    // At the conversion's own line: the finding's line is one of the migrated text, which moved.
    if (undo.kind === 'drop') items.push({ code: 'AS120', file, line: undo.site.line, message: withdrawnConversion(undo.site, reason) });
    if (undo.kind === 'freeze' && !failures.has(undo.module)) items.push({ code: 'AS121', file, line, message: `this module was left unchanged: ${reason}` });
  }
  return items;
}

function editModule(module: LoadedModule & { raw: string; source: SourceText }, plan: ModulePlan, annotated: ReviewItem[] = []): ModuleOutput {
  if (plan.edits.length === 0 && annotated.length === 0) return { module, plan, text: module.source.text, edits: [], outcome: { status: 'unchanged' } };
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
  const after = SourceText.serialize(text, module.source.hasBom);
  const outcome: FileOutcome = after === module.raw ? { status: 'unchanged' }
    : { status: 'changed', before: module.raw, after, changes: module.source.hasBom ? shiftChanges(changes, 1) : changes };
  return { module, plan, text, edits, outcome };
}

/** The edited text's parse problem, as the error of the module's editing stage (the parse gate). */
function unparsable(problem: { message: string; line: number; column: number }): InternalError {
  return new InternalError(`the migrated file would not parse (${problem.message} at ${problem.line}:${problem.column})`);
}

/** The parse gate, here in this thread: for a verified output that gains review comments (--annotate). */
function passParseGate(output: ModuleOutput): ModuleOutput {
  const source = new SourceText(output.text);
  const problem = findSyntaxProblem(parsePython(source.text), source);
  if (problem) throw unparsable({ message: problem.message, ...source.position(problem.index) });
  return output;
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

/**
 * Where pytest reads its settings for these tests: the project's root, and a settings file nearer to
 * the tests (`tests/pytest.ini`), which pytest prefers when run on that folder.
 */
function pytestSettingsFiles(root: string, testFiles: readonly string[]): (string | undefined)[] {
  const found = new Set<string | undefined>([pytestSettingsFile(root)?.file]);
  const top = path.resolve(root);
  for (const folder of new Set(testFiles.map((file) => path.dirname(path.resolve(file))))) {
    for (let current = folder; current.startsWith(top + path.sep); current = path.dirname(current)) {
      const settings = pytestSettingsFile(current);
      if (settings) {
        found.add(settings.file);
        break;
      }
    }
  }
  return [...found];
}

/** pytest-asyncio runs async tests only when told to: `asyncio_mode = auto` where pytest reads settings. */
function pytestSettingsChange(root: string, settingsFile?: string): FileResult {
  const settings = settingsFile ? pytestSettingsFile(path.dirname(settingsFile)) : pytestSettingsFile(root);
  const file = settings?.file ?? path.join(root, 'pytest.ini');
  const before = settings ? fs.readFileSync(file, 'utf8') : '';
  const after = settings ? withAsyncioModeAuto(path.basename(file), before, settings.section) : newPytestIni();
  const relativePath = toRelative(root, file);
  if (before !== after && file.endsWith('.toml') && !parsesAsToml(after) && parsesAsToml(before)) {
    // A settings file asyncshift cannot edit safely is never written half-right.
    return { path: file, relativePath, outcome: { status: 'failed', reason: 'setting asyncio_mode = "auto" here would leave invalid TOML; set it by hand' } };
  }
  return { path: file, relativePath, outcome: before === after ? { status: 'unchanged' } : { status: 'changed', before, after, created: !settings } };
}

function parsesAsToml(text: string): boolean {
  try {
    parseToml(text);
    return true;
  } catch {
    return false;
  }
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

