import type { ModuleIndex, Span } from '../analyze/model.js';
import { own } from '../analyze/model.js';
import type { SourceText } from '../parse/source-text.js';
import type { Edit, ImportRequest } from '../plan/edits.js';
import { importSection } from './import-sections.js';

/**
 * The one importer: adds the imports edits need (once), and drops an import whose every use was
 * replaced by the other edits. Imports nobody asked about are never touched.
 */
export function importEdits(options: {
  module: ModuleIndex;
  source: SourceText;
  requests: readonly ImportRequest[];
  releases: readonly string[];
  otherEdits: readonly Edit[];
}): Edit[] {
  const { module, source } = options;
  const edits: Edit[] = [];
  const removed = removals(options);
  edits.push(...removed.edits);
  const added = new Set<string>();
  const sorted = [...options.requests].sort((a, b) => requestKey(a).localeCompare(requestKey(b)));
  for (const request of sorted) {
    const key = 'module' in request ? request.module : `${request.from}:${request.name}`;
    if (added.has(key) || isBound(module, request)) continue;
    added.add(key);
    edits.push(addition(module, request, removed.statements));
  }
  return [...edits.filter((edit) => !edit.key), ...newSections(edits, source)];
}

/** Imports that open a new section at one place go together, with one blank line between sections. */
function newSections(edits: Edit[], source: SourceText): Edit[] {
  const groups = new Map<string, Edit[]>();
  for (const edit of edits) {
    if (!edit.key) continue;
    const id = `${edit.key}@${edit.start}`;
    (groups.get(id) ?? groups.set(id, []).get(id)!).push(edit);
  }
  return [...groups.values()].map((group) => {
    const at = group[0].start;
    if (group[0].key === 'replace-block') {
      // Several new imports replacing a dropped block: isort order, a blank line between sections.
      const bySection = new Map<number, string[]>();
      for (const edit of group) {
        const rank = SECTION_ORDER.indexOf(importSection(/^(?:import|from) ([\w.]+)/.exec(edit.text)?.[1] ?? ''));
        (bySection.get(rank) ?? bySection.set(rank, []).get(rank)!).push(edit.text);
      }
      const text = [...bySection.entries()].sort(([a], [b]) => a - b).map(([, lines]) => lines.join('')).join('\n');
      return { start: at, end: at, text, order: IMPORT_ORDER };
    }
    const lines = group.map((edit) => edit.text).join('');
    if (group[0].key === 'first-imports') {
      // The module had no imports: a block of its own, set off by blank lines.
      const blankBefore = at > 0 && !/\n\s*\n$/.test(source.text.slice(0, at)) ? '\n' : '';
      const rest = source.text.slice(at);
      const blankAfter = at >= source.text.length || /^\s*\n/.test(rest) ? '' : /^(@|def |class |async def )/.test(rest) ? '\n\n' : '\n';
      return { start: at, end: at, text: `${blankBefore}${lines}${blankAfter}`, order: IMPORT_ORDER };
    }
    const before = group[0].key === 'section-before';
    return { start: at, end: at, text: before ? `${lines}\n` : `\n${lines}`, order: IMPORT_ORDER };
  });
}

/** New import lines go before anything else inserted at the same place (`async ` of a first-line def). */
const IMPORT_ORDER = -100;

function requestKey(request: ImportRequest): string {
  return 'module' in request ? request.module : `${request.from} ${request.name}`;
}

function isBound(module: ModuleIndex, request: ImportRequest): boolean {
  if ('module' in request) {
    if (request.module.includes('.')) {
      // `import a.b` binds `a`; look for the statement itself.
      return module.imports.some((statement) => statement.kind === 'import' && statement.topLevel
        && statement.names.some((name) => name.written === request.module));
    }
    const binding = own(module.bindings, request.module);
    return binding?.kind === 'module' && binding.module === request.module && importedUnconditionally(module, request.module);
  }
  const binding = own(module.bindings, request.name);
  return binding?.kind === 'from-import' && binding.module === request.from && binding.name === request.name && importedUnconditionally(module, request.name);
}

/**
 * Bound by an import that always runs: one in a `try` or an `if` (`try: import aiofiles` / `except
 * ImportError: aiofiles_installed = False`, found on pyTelegramBotAPI) may leave the name unbound,
 * where the code the migration writes needs it.
 */
function importedUnconditionally(module: ModuleIndex, name: string): boolean {
  return module.imports.some((statement) => statement.topLevel && statement.names.some((bound) => bound.bound === name));
}

function addition(module: ModuleIndex, request: ImportRequest, removedStatements: Set<number>): Edit {
  if ('from' in request) {
    const existing = module.imports.find((statement) => statement.topLevel && statement.kind === 'from'
      && statement.fromModule === request.from && !removedStatements.has(statement.span.start));
    if (existing) {
      const last = existing.names.at(-1)!;
      return { start: last.span.end, end: last.span.end, text: `, ${request.name}`, order: 95 };
    }
  }
  const line = 'module' in request ? `import ${request.module}` : `from ${request.from} import ${request.name}`;
  const sortKey = 'module' in request ? request.module : request.from;
  const { index, before } = module.importInsertion;
  if (before.length === 0) return { start: index, end: index, text: `${line}\n`, order: IMPORT_ORDER, key: 'first-imports' };
  if (before.every((entry) => removedStatements.has(entry.index))) {
    // Every import of the block is dropped: the new ones take their place, with their spacing.
    return { start: before[0].index, end: before[0].index, text: `${line}\n`, order: IMPORT_ORDER, key: 'replace-block' };
  }
  // Dropped imports still mark places: inserting at the start of a dropped line lands before it.
  return insertIntoSection(before, line, sortKey);
}

/** In the request's isort section, alphabetically; a section of its own when there is none yet. */
function insertIntoSection(entries: ModuleIndex['importInsertion']['before'], line: string, sortKey: string): Edit {
  const section = importSection(sortKey);
  const rank = SECTION_ORDER.indexOf(section);
  const sameSection = entries.filter((entry) => importSection(entry.module) === section);
  if (sameSection.length > 0) {
    const next = sameSection.find((entry) => entry.module.toLowerCase() > sortKey.toLowerCase());
    const at = next ? next.index : sameSection.at(-1)!.end;
    return { start: at, end: at, text: `${line}\n`, order: IMPORT_ORDER };
  }
  const later = entries.find((entry) => SECTION_ORDER.indexOf(importSection(entry.module)) > rank);
  if (later) return { start: later.index, end: later.index, text: `${line}\n`, order: IMPORT_ORDER, key: 'section-before' };
  const last = entries.at(-1)!;
  return { start: last.end, end: last.end, text: `${line}\n`, order: IMPORT_ORDER, key: 'section-after' };
}

const SECTION_ORDER = ['future', 'stdlib', 'third-party', 'local'];

function removals(options: Parameters<typeof importEdits>[0]): { edits: Edit[]; statements: Set<number> } {
  const { module, source } = options;
  const replaced = options.otherEdits.filter((edit) => edit.end > edit.start);
  const stillUsed = (name: string) => (own(module.identifierUses, name) ?? []).some((use) => !replaced.some((edit) => covers(edit, use)));
  // Text another edit inserts may use the name too: it asked for the import, which then stays.
  const requested = new Set(options.requests.map((request) => ('module' in request ? request.module.split('.')[0] : request.name)));
  const unused = new Set(options.releases.filter((name) => !stillUsed(name) && !requested.has(name)));
  const edits: Edit[] = [];
  const statements = new Set<number>();
  for (const statement of module.imports) {
    if (!statement.topLevel) continue;
    const dropped = statement.names.filter((name) => unused.has(name.bound));
    if (dropped.length === 0) continue;
    if (dropped.length === statement.names.length) {
      statements.add(statement.span.start);
      const lineStart = source.lineStartOf(statement.span.start);
      const onlyStatementOnLine = source.text.slice(lineStart, statement.span.start).trim() === '';
      edits.push({ start: onlyStatementOnLine ? lineStart : statement.span.start, end: source.lineEndAfter(statement.span.end), text: '' });
      continue;
    }
    for (const name of dropped) {
      const index = statement.names.indexOf(name);
      const previous = statement.names[index - 1];
      const next = statement.names[index + 1];
      // Remove the clause with the comma that separates it from a neighbour.
      edits.push(next ? { start: name.span.start, end: next.span.start, text: '' } : { start: previous!.span.end, end: name.span.end, text: '' });
    }
  }
  return { edits, statements };
}

function covers(edit: Edit, use: Span): boolean {
  return edit.start <= use.start && use.end <= edit.end;
}

/**
 * Whether code the migration writes may name `name` through an import it requests: the module leaves
 * the name free, or binds it by that import, from one of `sources` (`mock` stands for `unittest.mock`,
 * `typing_extensions` for `typing`). A name bound to anything else would reach that other object.
 */
export function freeForImport(module: ModuleIndex, name: string, sources: readonly string[]): boolean {
  const binding = own(module.bindings, name);
  if (!binding) return true;
  if (binding.kind === 'module') return binding.module === name && sources.includes(name);
  return binding.kind === 'from-import' && binding.name === name && sources.includes(binding.module);
}
