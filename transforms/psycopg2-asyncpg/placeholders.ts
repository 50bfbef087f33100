import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Edit } from '../../src/plan/edits.js';

/**
 * psycopg2 placeholders → asyncpg's server-side `$n` parameters, in SQL written as string literals.
 * `%s` numbers in order, `%(name)s` gets one number per distinct name, `%%` becomes `%` (only when
 * parameters are passed: without them psycopg2 sends the text untouched). `IN %s` (a tuple expanded by
 * psycopg2) becomes `= ANY($n)` with the argument turned into a list. Placeholders inside quotes or
 * comments, SQL that already uses `$`, and SQL built at run time are problems: not converted.
 */
export interface QueryRewrite {
  edits: Edit[];
  /** Number of `%s`, or of distinct names. */
  count: number;
  style: 'none' | 'positional' | 'named';
  /** Distinct names in order of first use (named style). */
  names: string[];
  /** Parameter numbers (0-based) that psycopg2 expanded from a tuple (`IN %s`). */
  arrays: Set<number>;
  problems: string[];
  warnings: string[];
  /** The SQL text, for shape checks (INSERT ... VALUES %s, RETURNING, ...). */
  sql: string;
  /** The SQL is not visible (a variable or another module's constant, passed without parameters). */
  unknown?: boolean;
}

/** The string pieces of a literal query, or undefined when the SQL is built at run time. */
export function literalPieces(node: SyntaxNode): SyntaxNode[] | undefined {
  if (node.type === 'parenthesized_expression' && node.namedChildren.length === 1) return literalPieces(node.namedChildren[0]);
  const strings = node.type === 'concatenated_string' ? node.namedChildren : node.type === 'string' ? [node] : undefined;
  if (!strings || strings.some((s) => s.type !== 'string')) return undefined;
  const pieces: SyntaxNode[] = [];
  for (const string of strings) {
    const prefix = /^[a-zA-Z]*/.exec(string.text)![0].toLowerCase();
    if (prefix.includes('f') || prefix.includes('b')) return undefined;
    for (const part of string.namedChildren) {
      if (part.type === 'interpolation') return undefined;
      if (part.type === 'string_content') pieces.push(part);
    }
  }
  return pieces;
}

export function rewriteQuery(node: SyntaxNode, withParams: boolean): QueryRewrite {
  const result: QueryRewrite = { edits: [], count: 0, style: 'none', names: [], arrays: new Set(), problems: [], warnings: [], sql: '' };
  const pieces = literalPieces(node);
  if (!pieces) {
    result.problems.push('the SQL is built at run time, so its placeholders cannot be renumbered');
    return result;
  }
  result.sql = pieces.map((piece) => piece.text).join('');
  if (!withParams) return result;
  if (/\$\d|\$\$|\$[A-Za-z_]\w*\$/.test(result.sql)) {
    result.problems.push('the SQL already contains `$` (dollar quoting or `$n`), which collides with asyncpg\'s numbering');
    return result;
  }
  let quote: string | null = null;
  let lineComment = false;
  let blockComment = false;
  for (const piece of pieces) {
    const text = piece.text;
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (lineComment) {
        if (c === '\n') lineComment = false;
      } else if (blockComment) {
        if (c === '*' && text[i + 1] === '/') blockComment = false;
      } else if (quote) {
        if (c === quote) quote = null;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '-' && text[i + 1] === '-') lineComment = true;
      else if (c === '/' && text[i + 1] === '*') blockComment = true;
      if (c !== '%') {
        out += c;
        continue;
      }
      if (text[i + 1] === '%') {
        out += '%';
        i++;
        continue;
      }
      const named = /^%\((\w+)\)s/.exec(text.slice(i));
      const positional = text[i + 1] === 's';
      if (!named && !positional) {
        result.problems.push(`unsupported placeholder \`${text.slice(i, i + 2)}\``);
        return result;
      }
      if (quote || lineComment || blockComment) {
        result.problems.push('a placeholder sits inside quotes or a comment, where `$n` would not be a parameter');
        return result;
      }
      const style = named ? 'named' : 'positional';
      if (result.style !== 'none' && result.style !== style) {
        result.problems.push('the SQL mixes `%s` and `%(name)s`');
        return result;
      }
      result.style = style;
      let number: number;
      if (named) {
        const index = result.names.indexOf(named[1]);
        number = index >= 0 ? index : result.names.push(named[1]) - 1;
        i += named[0].length - 1;
      } else {
        number = result.count;
        i += 1;
      }
      result.count = Math.max(result.count, number + 1);
      const inList = /\b(NOT\s+)?IN\s*$/i.exec(out);
      if (inList) {
        out = out.slice(0, inList.index) + (inList[1] ? `<> ALL($${number + 1})` : `= ANY($${number + 1})`);
        result.arrays.add(number);
        continue;
      }
      if (/\bSELECT\s*$/i.test(out) || /\bCOALESCE\s*\(\s*$/i.test(out) || /^\s+IS\s+(NOT\s+)?NULL\b/i.test(text.slice(i + 1))) {
        result.warnings.push(`$${number + 1} sits where the server cannot infer its type: asyncpg asks for an exact Python type there (add a cast such as $${number + 1}::int)`);
      }
      out += `$${number + 1}`;
    }
    if (out !== text) result.edits.push({ start: piece.startIndex, end: piece.endIndex, text: out });
  }
  return result;
}

export interface ArgumentList {
  /** `, a, b` to follow the query in the asyncpg call ('' when there are none). */
  text: string;
  problems: string[];
  warnings: string[];
  /** Argument nodes whose text is copied (checked by the caller for calls that other edits touch). */
  copied: SyntaxNode[];
}

const SIMPLE_REFERENCE = new Set(['identifier', 'attribute', 'subscript']);

/** The asyncpg arguments for one execute: `(a, b)` → `, a, b`; `{"x": v}` → values in `$n` order. */
export function argumentList(query: QueryRewrite, params: SyntaxNode | undefined, text: string): ArgumentList {
  const result: ArgumentList = { text: '', problems: [], warnings: [], copied: [] };
  if (!params || params.type === 'none') return result;
  const asArray = (value: string, index: number) => (query.arrays.has(index) ? `list(${value})` : value);
  if (query.style === 'none') {
    const empty = /^[([{]\s*[)\]}]$/.test(params.text);
    if (!empty) result.problems.push('parameters are passed but the SQL has no placeholder');
    return result;
  }
  if (query.style === 'positional') {
    if (params.type === 'tuple' || params.type === 'list') {
      const items = params.namedChildren.filter((child) => child.type !== 'comment');
      if (items.some((item) => item.type === 'list_splat')) {
        result.problems.push('the parameters are unpacked from another sequence');
        return result;
      }
      if (items.length !== query.count) {
        result.problems.push(`${items.length} parameters for ${query.count} placeholders`);
        return result;
      }
      result.copied.push(...items);
      if (query.arrays.size === 0) {
        result.text = `, ${text.slice(items[0].startIndex, items.at(-1)!.endIndex)}`;
      } else {
        result.text = items.map((item, index) => `, ${asArray(item.text, index)}`).join('');
      }
      return result;
    }
    if (params.type === 'dictionary') {
      result.problems.push('a mapping is passed for `%s` placeholders');
      return result;
    }
    result.copied.push(params);
    if (query.arrays.size > 0) {
      if (!SIMPLE_REFERENCE.has(params.type)) {
        result.problems.push('`IN %s` with parameters that are not a literal tuple');
        return result;
      }
      result.text = Array.from({ length: query.count }, (_, index) => `, ${asArray(`${params.text}[${index}]`, index)}`).join('');
      return result;
    }
    result.text = `, *${params.type === 'identifier' || params.type === 'attribute' || params.type === 'call' || params.type === 'subscript' ? params.text : `(${params.text})`}`;
    return result;
  }
  // named
  if (params.type === 'dictionary') {
    const values = new Map<string, SyntaxNode>();
    for (const pair of params.namedChildren) {
      if (pair.type !== 'pair') {
        result.problems.push('the parameter mapping is built with `**`');
        return result;
      }
      const key = pair.childForFieldName('key')!;
      const keyText = key.type === 'string' ? literalPieces(key)?.map((piece) => piece.text).join('') ?? undefined : undefined;
      if (keyText === undefined || !/^\w+$/.test(keyText)) {
        result.problems.push('the parameter mapping has keys that are not plain string literals');
        return result;
      }
      values.set(keyText, pair.childForFieldName('value')!);
    }
    for (const [index, name] of query.names.entries()) {
      const value = values.get(name);
      if (!value) {
        result.problems.push(`no value for %(${name})s in the parameter mapping`);
        return result;
      }
      result.copied.push(value);
      result.text += `, ${asArray(value.text, index)}`;
    }
    return result;
  }
  if (!SIMPLE_REFERENCE.has(params.type)) {
    result.problems.push('the parameter mapping is an expression that would be evaluated once per name');
    return result;
  }
  result.copied.push(params);
  result.text = query.names.map((name, index) => `, ${asArray(`${params.text}["${name}"]`, index)}`).join('');
  return result;
}
