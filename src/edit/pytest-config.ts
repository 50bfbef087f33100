import { SourceText, type LineEnding } from '../parse/source-text.js';

/** How one settings file spells the setting, its sections and its comments. */
interface SettingsSyntax {
  setting: string;
  isAuto: (value: string) => boolean;
  /** The section a header line opens, normalised, or undefined when the line is not our kind of header. */
  headerName: (line: string) => string | undefined;
  isComment: (line: string) => boolean;
}

const TOML_SYNTAX: SettingsSyntax = {
  setting: 'asyncio_mode = "auto"',
  isAuto: (value) => /^\s*(["'])auto\1\s*(#.*)?$/.test(value),
  headerName: (line) => {
    const header = /^\[\s*([^[\]]+?)\s*\]\s*(#.*)?$/.exec(line);
    // `[ tool . pytest . "ini_options" ]` names the same table as `[tool.pytest.ini_options]`.
    return header?.[1]
      .split('.')
      .map((part) => part.trim().replace(/^(["'])(.*)\1$/, '$2'))
      .join('.');
  },
  isComment: (line) => /^\s*#/.test(line),
};

const INI_SYNTAX: SettingsSyntax = {
  setting: 'asyncio_mode = auto',
  isAuto: (value) => /^\s*auto\s*([#;].*)?$/.test(value),
  headerName: (line) => /^\[(.+)\]/.exec(line)?.[1],
  isComment: (line) => /^\s*[#;]/.test(line),
};

const ASYNCIO_MODE_KEY = /^(\s*)asyncio_mode\s*[=:]/;

/**
 * `text` with pytest-asyncio's `asyncio_mode = auto` set in `section` (by default the section pytest
 * reads in a file of that name): an existing value is replaced, a missing key is added after the
 * section's last line of content, a missing section is appended. Line endings and BOM are kept,
 * and a file already set to auto comes back unchanged.
 */
export function withAsyncioModeAuto(fileName: string, text: string, section: string | undefined): string {
  const source = new SourceText(text);
  const syntax = fileName.endsWith('.toml') ? TOML_SYNTAX : INI_SYNTAX;
  const sectionName = section ?? defaultSection(fileName);
  const lines = source.text === '' ? [] : source.text.split(/(?<=\n)/);
  const edited = setInSection(lines, sectionName, syntax, source.lineEnding);
  return SourceText.serialize(edited.join(''), source.hasBom);
}

/** A new `pytest.ini` for a project that has no pytest settings yet. */
export function newPytestIni(): string {
  return '[pytest]\nasyncio_mode = auto\n';
}

function defaultSection(fileName: string): string {
  if (fileName.endsWith('pyproject.toml')) return 'tool.pytest.ini_options';
  if (fileName.endsWith('setup.cfg')) return 'tool:pytest';
  return 'pytest';
}

function setInSection(lines: string[], section: string, syntax: SettingsSyntax, eol: LineEnding): string[] {
  const header = lines.findIndex((line) => syntax.headerName(contentOf(line)) === section);
  if (header === -1) return withDottedKeySet(lines, section, syntax, eol) ?? withSectionAppended(lines, section, syntax, eol);
  const end = sectionEnd(lines, header);
  const existing = findIndexBetween(lines, header + 1, end, (line) => ASYNCIO_MODE_KEY.test(line));
  if (existing !== -1) return withValueReplaced(lines, existing, syntax);
  const afterLastContent =
    findLastIndexBetween(lines, header + 1, end, (line) => line.trim() !== '' && !syntax.isComment(line)) + 1;
  return withLineInserted(lines, Math.max(afterLastContent, header + 1), syntax.setting, eol);
}

/** Sections end where the next one starts: a line that opens with `[` in the first column. */
function sectionEnd(lines: string[], header: number): number {
  const next = findIndexBetween(lines, header + 1, lines.length, (line) => line.startsWith('['));
  return next === -1 ? lines.length : next;
}

/**
 * TOML may define `[tool.pytest.ini_options]` through dotted keys in its parent (`[tool.pytest]` then
 * `ini_options.addopts = ...`): a header of its own would redefine the table, so the key goes there
 * as `ini_options.asyncio_mode = "auto"`.
 */
function withDottedKeySet(lines: string[], section: string, syntax: SettingsSyntax, eol: LineEnding): string[] | undefined {
  if (syntax !== TOML_SYNTAX || !section.includes('.')) return undefined;
  const parent = section.slice(0, section.lastIndexOf('.'));
  const prefix = section.slice(section.lastIndexOf('.') + 1);
  const header = lines.findIndex((line) => syntax.headerName(contentOf(line)) === parent);
  if (header === -1) return undefined;
  const end = sectionEnd(lines, header);
  const dottedKey = new RegExp(`^\\s*["']?${prefix}["']?\\s*\\.`);
  const keys = findLastIndexBetween(lines, header + 1, end, (line) => dottedKey.test(line));
  if (keys === -1) return undefined;
  const setting = `${prefix}.${syntax.setting}`;
  const existing = findIndexBetween(lines, header + 1, end, (line) => new RegExp(`^\\s*${prefix}\\s*\\.\\s*asyncio_mode\\s*=`).test(line));
  if (existing !== -1) {
    const value = contentOf(lines[existing]).slice(contentOf(lines[existing]).indexOf('=') + 1);
    if (syntax.isAuto(value)) return lines;
    const result = [...lines];
    result[existing] = setting + lineEndingOf(lines[existing]);
    return result;
  }
  const afterLastContent = findLastIndexBetween(lines, header + 1, end, (line) => line.trim() !== '' && !syntax.isComment(line)) + 1;
  return withLineInserted(lines, afterLastContent, setting, eol);
}

function withValueReplaced(lines: string[], index: number, syntax: SettingsSyntax): string[] {
  const line = contentOf(lines[index]);
  const value = line.slice(line.search(/[=:]/) + 1);
  if (syntax.isAuto(value)) return lines;
  const indentation = ASYNCIO_MODE_KEY.exec(line)?.[1] ?? '';
  const result = [...lines];
  result[index] = indentation + syntax.setting + lineEndingOf(lines[index]);
  return result;
}

function withLineInserted(lines: string[], index: number, line: string, eol: LineEnding): string[] {
  const result = [...lines];
  const previous = index - 1;
  if (previous >= 0 && lineEndingOf(result[previous]) === '') result[previous] += eol;
  result.splice(index, 0, line + eol);
  return result;
}

function withSectionAppended(lines: string[], section: string, syntax: SettingsSyntax, eol: LineEnding): string[] {
  const result = [...lines];
  const last = result.length - 1;
  if (last >= 0 && lineEndingOf(result[last]) === '') result[last] += eol;
  const endsWithBlankLine = last >= 0 && result[last].trim() === '';
  const hasContent = result.some((line) => line.trim() !== '');
  if (hasContent && !endsWithBlankLine) result.push(eol);
  result.push(`[${section}]${eol}`, syntax.setting + eol);
  return result;
}

function contentOf(line: string): string {
  return line.replace(/\r?\n$/, '');
}

function lineEndingOf(line: string): string {
  return line.slice(contentOf(line).length);
}

function findIndexBetween(lines: string[], from: number, to: number, test: (line: string) => boolean): number {
  for (let i = from; i < to; i++) if (test(lines[i])) return i;
  return -1;
}

function findLastIndexBetween(lines: string[], from: number, to: number, test: (line: string) => boolean): number {
  for (let i = to - 1; i >= from; i--) if (test(lines[i])) return i;
  return -1;
}
