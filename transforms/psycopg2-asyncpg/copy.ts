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

export function parseCopy(sql: string): ParsedCopy | undefined {
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
export function copyOutput(file: string, binary: boolean | undefined): { text: string; modules: string[] } {
  if (binary) return { text: file, modules: [] };
  if (binary === false) return { text: `lambda data: asyncio.to_thread(${file}.write, data.decode())`, modules: ['asyncio'] };
  return { text: `lambda data: asyncio.to_thread(${file}.write, data.decode() if isinstance(${file}, io.TextIOBase) else data)`, modules: ['asyncio', 'io'] };
}
