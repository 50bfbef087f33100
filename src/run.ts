import fs from 'node:fs';
import path from 'node:path';
import type { FunctionInfo, ModuleIndex } from './analyze/model.js';
import { indexModule } from './analyze/module-index.js';
import { moduleNamesFor } from './analyze/module-names.js';
import { loadConfig, pytestSettingsFile, readEntryPoints, type Config } from './config/load-config.js';
import { discoverPythonFiles } from './discover/discover-files.js';
import { findProjectRoot } from './discover/project-root.js';
import { applyEdits } from './edit/apply-edits.js';
import { importEdits } from './edit/import-manager.js';
import { newPytestIni, withAsyncioModeAuto } from './edit/pytest-config.js';
import { AsyncshiftError, UsageError } from './errors.js';
import { findSyntaxProblem, parsePython } from './parse/parse-python.js';
import { SourceText } from './parse/source-text.js';
import type { ReviewItem, Site } from './plan/edits.js';
import { planModuleEdits } from './plan/module-edits.js';
import { propagate, type ResolvedCall } from './plan/propagate.js';
import { ProjectSymbols } from './plan/resolve.js';
import { TRANSFORMS } from '../transforms/registry.js';
import type { Transform } from '../transforms/define-transform.js';

export interface RunOptions {
  paths: string[];
  select?: string[];
  ignore?: string[];
  configFile?: string;
  /** The transforms to choose from (default: the registry); tests and embedders pass their own. */
  available?: readonly Transform[];
}

export type FileOutcome =
  | { status: 'changed'; before: string; after: string }
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
  reviews: ReviewItem[];
  transforms: string[];
}

interface LoadedModule {
  file: string;
  relativePath: string;
  raw: string;
  source: SourceText;
  index: ModuleIndex;
  sites: Site[];
  editable: boolean;
}

/**
 * The pipeline: discover → parse → index → plan → edit → verify. Returns what would change; the
 * caller decides whether to print a diff or write (emit).
 */
export function run(options: RunOptions): RunResult {
  if (options.paths.length === 0) throw new UsageError('no PATH given: asyncshift migrate PATH...');
  const absolutePaths = options.paths.map((p) => path.resolve(p));
  for (const given of absolutePaths) if (!fs.existsSync(given)) throw new UsageError(`${given}: no such file or folder`);
  const root = findProjectRoot(absolutePaths[0]);
  const config = loadConfig(root, options.configFile);
  const transforms = chooseTransforms(options, config);

  const editable = new Set(discoverPythonFiles({ root, paths: absolutePaths, exclude: config.exclude }));
  const analysed = new Set([...discoverPythonFiles({ root, paths: [root], exclude: config.exclude }), ...editable]);
  const texts = new Map<string, string>();
  for (const file of analysed) texts.set(file, fs.readFileSync(file, 'utf8'));
  const projectFunctionNames = functionNamesIn(texts.values());

  const files: FileResult[] = [];
  const loaded: LoadedModule[] = [];
  for (const file of [...analysed].sort()) {
    const relativePath = toRelative(root, file);
    const raw = texts.get(file)!;
    const source = new SourceText(raw);
    const tree = parsePython(source.text);
    const problem = findSyntaxProblem(tree, source);
    if (problem) {
      const { line, column } = source.position(problem.index);
      if (editable.has(file)) files.push({ path: file, relativePath, outcome: { status: 'skipped', reason: `${relativePath}:${line}:${column}: ${problem.message}, left unchanged` } });
      continue;
    }
    const module = moduleNamesFor(relativePath)[0];
    const { index, sites } = indexModule({
      tree, source, file: relativePath, module, projectFunctionNames, transforms,
      transformOptions: { blocking: config.blocking },
    });
    loaded.push({ file, relativePath, raw, source, index, sites, editable: editable.has(file) });
  }

  const symbols = new ProjectSymbols(loaded.map((m) => ({ index: m.index, names: moduleNamesFor(m.relativePath) })));
  const editableModules = new Set(loaded.filter((m) => m.editable).map((m) => m.index.module));
  const propagation = propagate({
    symbols,
    modules: loaded.map((m) => m.index),
    sitesByModule: new Map(loaded.map((m) => [m.index.module, m.sites])),
    frozen: (fn: FunctionInfo) => !editableModules.has(fn.module),
    keepSync: new Set(config.keepSync),
    consoleScripts: new Set(readEntryPoints(root).map((entry) => `${entry.module}:${entry.attribute}`)),
  });

  const callsByModule = new Map<string, ResolvedCall[]>();
  for (const call of propagation.calls) {
    const list = callsByModule.get(call.module.module) ?? callsByModule.set(call.module.module, []).get(call.module.module)!;
    list.push(call);
  }

  const counts: Record<string, number> = {};
  const reviews: ReviewItem[] = [...propagation.reviews.filter((item) => editableFile(loaded, item.file))];
  let bridges = 0;
  let asyncTests = false;
  for (const module of loaded.filter((m) => m.editable)) {
    const plan = planModuleEdits({
      module: module.index,
      source: module.source,
      sites: module.sites,
      calls: callsByModule.get(module.index.module) ?? [],
      propagation,
      symbols,
    });
    const outcome = editModule(module, plan);
    files.push({ path: module.file, relativePath: module.relativePath, outcome });
    if (outcome.status !== 'changed') continue;
    for (const [transform, count] of Object.entries(plan.counts)) counts[transform] = (counts[transform] ?? 0) + count;
    bridges += plan.bridges;
    reviews.push(...plan.reviews);
    asyncTests ||= plan.asyncTests;
  }
  if (asyncTests) files.push(pytestSettingsChange(root));
  files.sort((a, b) => a.relativePath.localeCompare(b.relativePath));
  reviews.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { root, files, scanned: editable.size, counts, bridges, reviews, transforms: transforms.map((t) => t.id) };
}

function editModule(module: LoadedModule, plan: ReturnType<typeof planModuleEdits>): FileOutcome {
  if (plan.edits.length === 0) return { status: 'unchanged' };
  try {
    const imports = importEdits({
      module: module.index,
      source: module.source,
      requests: plan.imports,
      releases: plan.releases,
      otherEdits: plan.edits,
    });
    const text = applyEdits(module.source.text, [...plan.edits, ...imports], module.source.lineEnding, module.relativePath);
    const verified = findSyntaxProblem(parsePython(text), new SourceText(text));
    if (verified) {
      const { line, column } = new SourceText(text).position(verified.index);
      return { status: 'failed', reason: `${module.relativePath}: internal error: the migrated file would not parse (${verified.message} at ${line}:${column}); left unchanged — please report this` };
    }
    const after = SourceText.serialize(text, module.source.hasBom);
    return after === module.raw ? { status: 'unchanged' } : { status: 'changed', before: module.raw, after };
  } catch (error) {
    if (error instanceof AsyncshiftError) return { status: 'failed', reason: `${error.message}; left unchanged — please report this` };
    throw error;
  }
}

/** pytest-asyncio runs async tests only when told to: `asyncio_mode = auto` where pytest reads settings. */
function pytestSettingsChange(root: string): FileResult {
  const settings = pytestSettingsFile(root);
  const file = settings?.file ?? path.join(root, 'pytest.ini');
  const before = settings ? fs.readFileSync(file, 'utf8') : '';
  const after = settings ? withAsyncioModeAuto(path.basename(file), before, settings.section) : newPytestIni();
  const relativePath = toRelative(root, file);
  return { path: file, relativePath, outcome: before === after ? { status: 'unchanged' } : { status: 'changed', before, after } };
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

/** Names of every `def` in the project, from the text: references to other names are not recorded. */
function functionNamesIn(texts: Iterable<string>): Set<string> {
  const names = new Set<string>();
  for (const text of texts) for (const match of text.matchAll(/\bdef\s+([A-Za-z_]\w*)/g)) names.add(match[1]);
  return names;
}

function editableFile(loaded: LoadedModule[], relativePath: string): boolean {
  return loaded.some((m) => m.editable && m.relativePath === relativePath);
}

function toRelative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}
