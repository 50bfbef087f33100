import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Edit } from '../../src/plan/edits.js';
import type { Cursor, MethodUse, Use } from './cursor-dataflow.js';
import { literalPieces } from './placeholders.js';
import type { Planner } from './planner.js';
import { callArguments, ownDescendants, statementOf } from './syntax.js';

/**
 * COPY through a cursor (`copy_expert`, `copy_from`, `copy_to`) → asyncpg's `copy_to_table`,
 * `copy_from_table` or `copy_from_query`: the COPY statement parsed into a table (or query) and
 * keyword options, and the file handed over as asyncpg reads and writes it (bytes).
 */

/**
 * COPY statements for asyncpg's copy methods: `COPY t (a, b) FROM STDIN WITH ...` → `copy_to_table`,
 * `COPY t TO STDOUT ...` → `copy_from_table`, `COPY (query) TO STDOUT ...` → `copy_from_query`, with
 * the options turned into keywords. Unquoted names are folded to lower case, as the server does
 * (asyncpg quotes the names it is given). Anything else is not parsed.
 */
export interface ParsedCopy {
  direction: 'from' | 'to';
  /** The table, or undefined for `COPY (query) TO`. */
  table?: string;
  /** Offsets of the query inside the SQL text, for `COPY (query) TO`. */
  query?: { start: number; end: number };
  options: string[];
}

function parseCopy(sql: string): ParsedCopy | undefined {
  const head = /^\s*COPY\s+/i.exec(sql);
  if (!head) return undefined;
  let rest = sql.slice(head[0].length);
  let offset = head[0].length;
  const options: string[] = [];
  let table: string | undefined;
  let query: ParsedCopy['query'];
  if (rest.startsWith('(')) {
    const close = matchingParenthesis(rest);
    if (close === undefined) return undefined;
    query = { start: offset + 1, end: offset + close };
    if (/;/.test(sql.slice(query.start, query.end))) return undefined;
    offset += close + 1;
    rest = rest.slice(close + 1);
  } else {
    const named = /^([A-Za-z_]\w*)(?:\s*\(([^)]*)\))?/.exec(rest);
    if (!named) return undefined;
    table = named[1].toLowerCase();
    if (named[2] !== undefined) {
      const columns = named[2].split(',').map((column) => column.trim());
      if (columns.some((column) => !/^[A-Za-z_]\w*$/.test(column))) return undefined;
      options.push(`columns=[${columns.map((column) => JSON.stringify(column.toLowerCase())).join(', ')}]`);
    }
    rest = rest.slice(named[0].length);
  }
  const direction = /^\s+FROM\s+STDIN\b/i.exec(rest) ? 'from' : /^\s+TO\s+STDOUT\b/i.exec(rest) ? 'to' : undefined;
  if (!direction || (query && direction === 'from')) return undefined;
  rest = rest.replace(/^\s+(FROM\s+STDIN|TO\s+STDOUT)\b/i, '');
  const parsed = copyOptions(rest.replace(/^\s*(WITH\b)?\s*/i, '').replace(/\s*;?\s*$/, ''));
  if (!parsed) return undefined;
  return { direction, table, query, options: [...options, ...parsed] };
}

/** `CSV HEADER DELIMITER '|'` / `(FORMAT csv, HEADER true)` → keyword arguments. */
function copyOptions(text: string): string[] | undefined {
  const options: string[] = [];
  let words = text.replace(/^\(|\)$/g, '').split(/[\s,]+/).filter(Boolean);
  while (words.length > 0) {
    const word = words[0].toUpperCase();
    if (word === 'CSV' || word === 'BINARY') {
      options.push(`format="${word.toLowerCase()}"`);
      words = words.slice(1);
    } else if (word === 'FORMAT' && words[1] && /^(csv|text|binary)$/i.test(words[1])) {
      options.push(`format="${words[1].toLowerCase()}"`);
      words = words.slice(2);
    } else if (word === 'HEADER') {
      const explicit = words[1] && /^(true|false)$/i.test(words[1]);
      options.push(`header=${explicit && /false/i.test(words[1]) ? 'False' : 'True'}`);
      words = words.slice(explicit ? 2 : 1);
    } else if ((word === 'DELIMITER' || word === 'NULL' || word === 'QUOTE' || word === 'ESCAPE') && words[1] && /^'[^'\\]*'$/.test(words[1])) {
      options.push(`${word.toLowerCase()}=${JSON.stringify(words[1].slice(1, -1))}`);
      words = words.slice(2);
    } else {
      return undefined;
    }
  }
  return options;
}

function matchingParenthesis(text: string): number | undefined {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return undefined;
}

/**
 * What asyncpg's `output=` gets for a file psycopg2 wrote COPY data to. asyncpg writes bytes;
 * psycopg2 wrote str to text files (`io.TextIOBase`) and bytes to anything else. A binary file is
 * passed as it is; otherwise each chunk (whole rows, UTF-8) is written from a worker thread, decoded
 * when the file is a text file — known from how it was opened, or checked as psycopg2 does.
 */
function copyOutput(file: string, binary: boolean | undefined): { text: string; modules: string[] } {
  if (binary) return { text: file, modules: [] };
  if (binary === false) return { text: `lambda data: asyncio.to_thread(${file}.write, data.decode())`, modules: ['asyncio'] };
  return { text: `lambda data: asyncio.to_thread(${file}.write, data.decode() if isinstance(${file}, io.TextIOBase) else data)`, modules: ['asyncio', 'io'] };
}

/**
 * `copy_expert("COPY t (a, b) FROM STDIN WITH CSV HEADER", f)` / `copy_from(f, "t", sep=",")` →
 * `copy_to_table`; `copy_to(f, "t")` / `copy_expert("COPY t TO STDOUT ...", f)` → `copy_from_table`;
 * `copy_expert("COPY (query) TO STDOUT ...", f)` → `copy_from_query`. False when not converted.
 */
export function planCopy(planner: Planner, cursor: Cursor, start: MethodUse, results: Use[]): boolean {
  const { positional, keywords } = callArguments(start.call);
  const fail = (why: string) => {
    planner.review(start.call, 'AS326', `${start.method}() not converted: ${why}`);
    return false;
  };
  let table: string | undefined;
  let file: SyntaxNode | undefined;
  let direction: 'from' | 'to' = start.method === 'copy_to' ? 'to' : 'from';
  const options: string[] = [];
  const edits: Edit[] = [];
  let head: string | undefined;
  if (start.method === 'copy_expert') {
    const sqlNode = positional[0];
    const pieces = sqlNode ? literalPieces(sqlNode) : undefined;
    const sql = pieces?.map((piece) => piece.text).join('');
    file = positional[1];
    const parsed = sql !== undefined ? parseCopy(sql) : undefined;
    if (!parsed || [...keywords.keys()].some((name) => name !== 'size')) return fail('only COPY table [(columns)] FROM STDIN, COPY table [(columns)] TO STDOUT and COPY (query) TO STDOUT, with plain options, are parsed');
    direction = parsed.direction;
    options.push(...parsed.options);
    if (parsed.query) {
      // `COPY (query) TO STDOUT ...` → copy_from_query: the literal keeps only the query.
      if (sqlNode!.type !== 'string' || pieces!.length !== 1) return fail('the COPY query is not one string literal');
      const piece = pieces![0];
      edits.push(
        { start: piece.startIndex, end: piece.startIndex + parsed.query.start, text: '' },
        { start: piece.startIndex + parsed.query.end, end: piece.endIndex, text: '' },
      );
      head = 'copy_from_query';
    } else table = JSON.stringify(parsed.table);
  } else {
    file = positional[0];
    const tableNode = positional[1] ?? keywords.get('table');
    if (!tableNode) return false;
    table = tableNode.text;
    const keywordNames: Record<string, string> = { sep: 'delimiter', null: 'null', columns: 'columns' };
    for (const [name, value] of keywords) {
      if (keywordNames[name]) options.push(`${keywordNames[name]}=${name === 'columns' ? `list(${value.text})` : value.text}`);
      else if (name !== 'size' && name !== 'table' && name !== 'file') return fail(`keyword ${name}=`);
    }
    if (positional.length > 2) return fail('positional options');
  }
  if (!file || results.length > 0 || planner.hasUnsafeCall([file])) return fail('the file is an expression asyncshift does not copy, or the cursor is read after it');
  const binary = isBinaryFile(planner, cursor, file);
  const conn = cursor.conn;
  const tail = options.map((option) => `, ${option}`).join('');
  if (direction === 'to') {
    if (binary !== true && file.type !== 'identifier' && file.type !== 'attribute') return fail('the output is written by a callback, which needs the file as a name');
    const output = copyOutput(file.text, binary);
    const imports = output.modules.map((module) => ({ module }));
    if (head) {
      const callee = start.call.childForFieldName('function')!;
      edits.push(
        { start: callee.startIndex, end: callee.endIndex, text: `${conn}.${head}` },
        { start: positional[0].endIndex, end: start.call.endIndex, text: `, output=${output.text}${tail})` },
      );
      planner.add(start.call, edits, { call: start.call, imports });
    } else {
      planner.add(start.call, [{ start: start.call.startIndex, end: start.call.endIndex, text: `${conn}.copy_from_table(${table}, output=${output.text}${tail})` }], { call: start.call, imports });
    }
    planner.operations.push({ statement: statementOf(start.call)!, node: start.call, conn, write: false });
    return true;
  }
  // asyncpg takes a bytes object as a path (str, bytes and PathLike name files): wrap the data in
  // BytesIO. The sync read runs in a thread, off the event loop, as asyncpg's own reads do.
  const reader = file.type === 'identifier' || file.type === 'attribute' ? file.text : `(${file.text})`;
  const source = binary ? file.text : `io.BytesIO((await asyncio.to_thread(${reader}.read)).encode())`;
  const replacement = `${conn}.copy_to_table(${table}, source=${source}${tail})`;
  planner.add(start.call, [{ start: start.call.startIndex, end: start.call.endIndex, text: replacement }], {
    call: start.call,
    imports: binary ? [] : [{ module: 'io' }, { module: 'asyncio' }],
    review: binary === undefined ? 'asyncpg reads bytes from the COPY source: a text file is read whole and encoded as UTF-8 here; check the file mode' : undefined,
    code: 'AS326',
  });
  planner.operations.push({ statement: statementOf(start.call)!, node: start.call, conn, write: true });
  return true;
}

/** true: opened in binary mode / BytesIO; false: text mode or StringIO; undefined: unknown. */
function isBinaryFile(planner: Planner, cursor: Cursor, file: SyntaxNode): boolean | undefined {
  if (file.type !== 'identifier') return undefined;
  for (const node of ownDescendants(cursor.fn.childForFieldName('body')!, ['assignment', 'as_pattern'])) {
    const [target, value] = node.type === 'assignment'
      ? [node.childForFieldName('left'), node.childForFieldName('right')]
      : [node.namedChildren.at(-1)?.namedChildren[0] ?? node.namedChildren.at(-1), node.namedChildren[0]];
    if (target?.text !== file.text || value?.type !== 'call') continue;
    const name = planner.context.qualifiedName(value.childForFieldName('function')!);
    if (name === 'io.BytesIO') return true;
    if (name === 'io.StringIO') return false;
    if (name === 'builtins.open') {
      const { positional, keywords } = callArguments(value);
      const mode = positional[1] ?? keywords.get('mode');
      return mode ? /b/.test(mode.text) : false;
    }
  }
  return undefined;
}
