import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml, TomlError, type TomlTable } from 'smol-toml';
import { ConfigError } from '../errors.js';

/** asyncshift's settings: `[tool.asyncshift]` in pyproject.toml, or a file given with `--config`. */
export interface Config {
  /** Transform ids to run (all when absent). */
  select?: string[];
  /** Transform ids not to run. */
  ignore?: string[];
  /** gitignore-style patterns, relative to the project root, of files never to read or edit. */
  exclude: string[];
  /** Qualified names (`pkg.mod.func`, `pkg.mod.Class.method`) of functions that must stay sync. */
  keepSync: string[];
  /** Qualified names of calls to treat as blocking, beyond the ones asyncshift knows. */
  blocking: string[];
  /** Qualified names of decorators that keep a coroutine function one (beyond the catalogue). */
  transparentDecorators: string[];
  /** Qualified names of decorators that call the function synchronously: what they decorate stays sync. */
  syncDecorators: string[];
  /** Absolute path of the file the settings came from; absent when there were none. */
  source?: string;
}

/** A console or GUI script: running `name` calls `attribute` of `module`. */
export interface EntryPoint {
  name: string;
  /** `console_scripts`, `gui_scripts`, or a plugin group (`pytest11`, `flake8.extension`, ...). */
  group: string;
  module: string;
  /** Undefined for a plugin that names a whole module. */
  attribute?: string;
  /** Absolute path of the file that declares it. */
  source: string;
}

type ListKey = 'select' | 'ignore' | 'exclude' | 'keep-sync' | 'blocking' | 'transparent-decorators' | 'sync-decorators';

const KNOWN_KEYS: readonly ListKey[] = ['select', 'ignore', 'exclude', 'keep-sync', 'blocking', 'transparent-decorators', 'sync-decorators'];

/** `pkg.mod.func`: at least two dotted Python identifiers (a bare name resolves to nothing). */
const QUALIFIED_NAME = /^[\p{L}_][\p{L}\p{N}_]*(\.[\p{L}_][\p{L}\p{N}_]*)+$/u;

/** Where the settings table was found, for messages: `pyproject.toml: [tool.asyncshift] `. */
interface SettingsTable {
  table: TomlTable;
  where: string;
  source: string;
}

/**
 * The configuration from `configFile` (relative to the current folder) when given, else from
 * `[tool.asyncshift]` in `root/pyproject.toml`. Missing settings are empty lists.
 * Throws ConfigError, naming the file and key, on invalid TOML or a value of the wrong type.
 */
export function loadConfig(root: string, configFile?: string): Config {
  const settings = configFile ? settingsFromConfigFile(configFile) : settingsFromPyproject(root);
  if (!settings) return { exclude: [], keepSync: [], blocking: [], transparentDecorators: [], syncDecorators: [] };
  rejectUnknownKeys(settings);
  const select = optionalStringList(settings, 'select');
  const ignore = optionalStringList(settings, 'ignore');
  return {
    ...(select && { select }),
    ...(ignore && { ignore }),
    exclude: optionalStringList(settings, 'exclude') ?? [],
    keepSync: qualifiedNameList(settings, 'keep-sync'),
    blocking: qualifiedNameList(settings, 'blocking'),
    transparentDecorators: qualifiedNameList(settings, 'transparent-decorators'),
    syncDecorators: qualifiedNameList(settings, 'sync-decorators'),
    source: settings.source,
  };
}

function settingsFromPyproject(root: string): SettingsTable | undefined {
  const file = path.join(path.resolve(root), 'pyproject.toml');
  const document = readTomlFile(file);
  const table = document && toolTable(document, file, 'asyncshift');
  return table && { table, where: `${displayName(file)}: [tool.asyncshift] `, source: file };
}

/** A `--config` file holds either a `[tool.asyncshift]` table (a pyproject.toml) or the keys at top level. */
function settingsFromConfigFile(configFile: string): SettingsTable | undefined {
  const file = path.resolve(configFile);
  const document = readTomlFile(file);
  if (!document) throw new ConfigError(`${displayName(file)}: no such file`);
  if (!('tool' in document)) return { table: document, where: `${displayName(file)}: `, source: file };
  const table = toolTable(document, file, 'asyncshift');
  return table && { table, where: `${displayName(file)}: [tool.asyncshift] `, source: file };
}

/** `[tool.<name>]` of a parsed document, if present. */
function toolTable(document: TomlTable, file: string, name: string): TomlTable | undefined {
  const tool = document.tool;
  if (tool === undefined) return undefined;
  if (!isTable(tool)) throw new ConfigError(`${displayName(file)}: tool must be a table`);
  const table = tool[name];
  if (table === undefined) return undefined;
  if (!isTable(table)) throw new ConfigError(`${displayName(file)}: tool.${name} must be a table`);
  return table;
}

function rejectUnknownKeys(settings: SettingsTable): void {
  for (const key of Object.keys(settings.table)) {
    if ((KNOWN_KEYS as readonly string[]).includes(key)) continue;
    const dashed = key.replaceAll('_', '-');
    const hint = (KNOWN_KEYS as readonly string[]).includes(dashed) ? ` (did you mean ${dashed}?)` : '';
    throw new ConfigError(`${settings.where}unknown key ${key}${hint}; known keys: ${KNOWN_KEYS.join(', ')}`);
  }
}

function optionalStringList(settings: SettingsTable, key: ListKey): string[] | undefined {
  const value = settings.table[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new ConfigError(`${settings.where}${key} must be a list of strings`);
  }
  return value as string[];
}

function qualifiedNameList(settings: SettingsTable, key: ListKey): string[] {
  const names = optionalStringList(settings, key) ?? [];
  const invalid = names.find((name) => !QUALIFIED_NAME.test(name));
  if (invalid !== undefined) {
    throw new ConfigError(`${settings.where}${key}: "${invalid}" is not a qualified name like pkg.mod.func`);
  }
  return names;
}

/**
 * The entry points a project declares: console and GUI scripts (their targets are called
 * synchronously by the generated launcher, so they keep a sync wrapper) and plugins of other
 * groups (called by their host, synchronously). Read from pyproject.toml (`[project.scripts]`,
 * `[project.gui-scripts]`, `[project.entry-points.*]`, `[tool.poetry.scripts]`,
 * `[tool.poetry.plugins.*]`), setup.cfg `[options.entry_points]` and setup.py `entry_points=`.
 */
export function readEntryPoints(root: string): EntryPoint[] {
  const folder = path.resolve(root);
  return [
    ...pyprojectEntryPoints(path.join(folder, 'pyproject.toml')),
    ...setupCfgEntryPoints(path.join(folder, 'setup.cfg')),
    ...setupPyEntryPoints(path.join(folder, 'setup.py')),
  ];
}

/** Console and GUI scripts: the groups whose targets a generated launcher calls. */
export function isScript(entry: EntryPoint): boolean {
  return entry.group === 'console_scripts' || entry.group === 'gui_scripts';
}

function pyprojectEntryPoints(file: string): EntryPoint[] {
  const document = readTomlFile(file);
  if (!document) return [];
  const groups: [string, unknown][] = [];
  const project = document.project;
  if (isTable(project)) {
    groups.push(['console_scripts', project.scripts], ['gui_scripts', project['gui-scripts']]);
    if (isTable(project['entry-points'])) groups.push(...Object.entries(project['entry-points']));
  }
  const poetry = isTable(document.tool) && isTable(document.tool.poetry) ? document.tool.poetry : undefined;
  if (poetry) {
    groups.push(['console_scripts', poetry.scripts]);
    if (isTable(poetry.plugins)) groups.push(...Object.entries(poetry.plugins));
  }
  const entries: EntryPoint[] = isTable(document.tool) ? toolHooks(document.tool, 'tool', file) : [];
  for (const [group, table] of groups) {
    if (!isTable(table)) continue;
    for (const [name, value] of Object.entries(table)) {
      // Poetry also takes `name = { callable = "pkg.mod:func" }` (older: `reference`, with `type`).
      const reference = typeof value === 'string' ? value
        : isTable(value) && typeof (value.callable ?? value.reference) === 'string' ? String(value.callable ?? value.reference) : undefined;
      const entry = reference === undefined ? undefined : parseEntryPoint(name, reference, file, group);
      if (entry) entries.push(entry);
    }
  }
  return entries;
}

function setupCfgEntryPoints(file: string): EntryPoint[] {
  const text = readTextFile(file);
  const section = text === undefined ? undefined : readIniSections(text).get('options.entry_points');
  if (!section) return [];
  return [...section].flatMap(([group, value]) => value.split('\n').flatMap((line) => entryPointFromAssignment(line, file, group) ?? []));
}

const SCRIPT_STRING = String.raw`"[^"\n]*"|'[^'\n]*'`;
/**
 * `console_scripts=[...]`, `"console_scripts": (...)` or `"pytest11": [...]`: a group's list or tuple
 * of string literals, comments allowed.
 */
const SETUP_PY_GROUP_LIST = new RegExp(
  String.raw`(?:["']([\w.\-]+)["']|\b(console_scripts|gui_scripts)\b)\s*[:=]\s*[[(]((?:\s|,|#[^\n]*|${SCRIPT_STRING})*)[\])]`,
  'g',
);

/** setup.py is code, not data: a regex finds the common literal forms and misses computed ones. */
function setupPyEntryPoints(file: string): EntryPoint[] {
  const text = readTextFile(file);
  if (text === undefined) return [];
  const entries: EntryPoint[] = [];
  for (const list of text.matchAll(SETUP_PY_GROUP_LIST)) {
    const group = list[1] ?? list[2];
    for (const literal of list[3].matchAll(new RegExp(SCRIPT_STRING, 'g'))) {
      const entry = entryPointFromAssignment(literal[0].slice(1, -1), file, group);
      if (entry) entries.push(entry);
    }
  }
  return entries;
}

/** `name = pkg.mod:func [extra]`, the form setup.cfg and setup.py use. */
function entryPointFromAssignment(line: string, source: string, group: string): EntryPoint | undefined {
  const equals = line.indexOf('=');
  if (equals === -1) return undefined;
  return parseEntryPoint(line.slice(0, equals).trim(), line.slice(equals + 1), source, group);
}

/**
 * Project functions a build tool calls, named in its settings as `{ module = "pkg.mod", value = "func" }`:
 * versioningit's custom methods (`[tool.versioningit.onbuild] method = {...}`, found on streamlink).
 */
function toolHooks(table: Record<string, unknown>, where: string, source: string, depth = 0): EntryPoint[] {
  if (typeof table.module === 'string' && typeof table.value === 'string') {
    const entry = parseEntryPoint(table.value, `${table.module}:${table.value}`, source, where);
    return entry ? [entry] : [];
  }
  if (depth > 4) return [];
  return Object.entries(table).flatMap(([key, value]) => (isTable(value) ? toolHooks(value, `${where}.${key}`, source, depth + 1) : []));
}

/**
 * `pkg.mod:func` or `pkg.mod:Class.method`, with an optional `[extras]` suffix that does not matter
 * here; a plugin may name a whole module (`pkg.plugin`).
 */
function parseEntryPoint(name: string, reference: string, source: string, group: string): EntryPoint | undefined {
  const withoutExtras = reference.replace(/\[[^\]]*\]\s*$/, '').trim();
  const match = /^([\p{L}\p{N}_.]+)\s*(?::\s*([\p{L}\p{N}_.]+))?$/u.exec(withoutExtras);
  if (!name || !match) return undefined;
  if (!match[2] && (group === 'console_scripts' || group === 'gui_scripts')) return undefined;
  return { name, group, module: match[1], attribute: match[2], source };
}

/**
 * The file that holds the project's pytest settings, in pytest's own order: pytest.toml,
 * .pytest.toml, pytest.ini, .pytest.ini (each even when empty), then pyproject.toml, tox.ini and
 * setup.cfg only when they have a pytest section.
 */
export function pytestSettingsFile(root: string): { file: string; section: string } | undefined {
  const folder = path.resolve(root);
  for (const name of ['pytest.toml', '.pytest.toml', 'pytest.ini', '.pytest.ini']) {
    const file = path.join(folder, name);
    if (isFile(file)) return { file, section: 'pytest' };
  }
  const pyproject = path.join(folder, 'pyproject.toml');
  const pyprojectSection = pyprojectPytestSection(pyproject);
  if (pyprojectSection) return { file: pyproject, section: pyprojectSection };
  for (const [name, section] of [['tox.ini', 'pytest'], ['setup.cfg', 'tool:pytest']]) {
    const file = path.join(folder, name);
    const text = readTextFile(file);
    if (text !== undefined && readIniSections(text).has(section)) return { file, section };
  }
  return undefined;
}

/** `[tool.pytest.ini_options]`, or pytest 9's native `[tool.pytest]` table. */
function pyprojectPytestSection(file: string): string | undefined {
  const document = readTomlFile(file);
  const pytest = document && toolTable(document, file, 'pytest');
  if (!pytest) return undefined;
  if (isTable(pytest.ini_options)) return 'tool.pytest.ini_options';
  return Object.keys(pytest).length > 0 ? 'tool.pytest' : undefined;
}

/**
 * The sections of an INI file as configparser reads them: `key = value` or `key: value`, indented
 * lines continue the previous value (joined with `\n`), `#` and `;` start comment lines.
 */
function readIniSections(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let section: Map<string, string> | undefined;
  let key: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const header = /^\[(.+)\]/.exec(line);
    if (header) {
      section = sections.get(header[1]) ?? new Map<string, string>();
      sections.set(header[1], section);
      key = undefined;
    } else if (/^\s/.test(line) && section && key !== undefined) {
      section.set(key, `${section.get(key)}\n${trimmed}`);
    } else if (section) {
      const delimiter = trimmed.search(/[=:]/);
      key = (delimiter === -1 ? trimmed : trimmed.slice(0, delimiter)).trim().toLowerCase();
      section.set(key, delimiter === -1 ? '' : trimmed.slice(delimiter + 1).trim());
    }
  }
  return sections;
}

/** The parsed document, or undefined when the file does not exist. */
function readTomlFile(file: string): TomlTable | undefined {
  const text = readTextFile(file);
  if (text === undefined) return undefined;
  try {
    return parseToml(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const reason = error.message.split('\n')[0].replace(/^Invalid TOML document:\s*/, '');
    throw new ConfigError(`${displayName(file)}: invalid TOML at line ${error.line}, column ${error.column}: ${reason}`);
  }
}

/** The text without a BOM, which neither TOML nor INI readers expect; undefined when there is no such file. */
function readTextFile(file: string): string | undefined {
  return isFile(file) ? readFileSync(file, 'utf8').replace(/^\uFEFF/, '') : undefined;
}

function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

function isTable(value: unknown): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** The file as the user would type it from the current folder. */
function displayName(file: string): string {
  return path.relative(process.cwd(), file) || file;
}
