import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Edit } from '../../src/plan/edits.js';
import { copyOutput, parseCopy } from './copy.js';
import { readsColumnNamesOnly } from './description.js';
import { argumentList, literalPieces, rewriteQuery, type QueryRewrite } from './placeholders.js';
import type { Planner } from './planner.js';
import { callArguments, enclosingFunction, freshName, indentAt, innerLineStarts, isBlankLine, isInside, lineStart, ownDescendants, same, statementOf } from './syntax.js';

/**
 * The cursor pattern, followed from the connection to its cursors: the cursor disappears and each
 * `execute` becomes the asyncpg connection method that matches how its results are used
 * (`execute`, `fetch`, `fetchrow`, `executemany`, `copy_to_table`, `copy_from_table`), with
 * placeholders renumbered. Results read other than by one adjacent fetch come from an iterator over
 * the rows fetched at execute (psycopg2's client-side cursor held them all from there on); column
 * names from `description` come from a prepared statement.
 */
interface Cursor {
  name: string;
  /** Text of the connection expression the cursor's statements now run on. */
  conn: string;
  fn: SyntaxNode;
  binding?: SyntaxNode;
  bindingKind: 'assigned' | 'with' | 'parameter';
  dictRows: boolean;
  namedTuples: boolean;
  serverSide: boolean;
}

type Use =
  | { kind: 'method'; method: string; call: SyntaxNode; node: SyntaxNode }
  | { kind: 'attribute'; name: string; node: SyntaxNode }
  | { kind: 'iterate'; node: SyntaxNode }
  | { kind: 'batch'; helper: 'execute_values' | 'execute_batch'; call: SyntaxNode; node: SyntaxNode }
  | { kind: 'passed'; call: SyntaxNode; node: SyntaxNode; position: number }
  | { kind: 'other'; node: SyntaxNode };

const STARTS = new Set(['execute', 'executemany', 'copy_expert', 'copy_from', 'copy_to']);
const RESULTS = new Set(['fetchone', 'fetchall', 'fetchmany']);
const WRITE = /^\s*(INSERT|UPDATE|DELETE|MERGE|CREATE|DROP|ALTER|TRUNCATE|COPY|GRANT|REVOKE|COMMENT|WITH\b[\s\S]*\b(INSERT|UPDATE|DELETE)\b)/i;
const COUNTED = /^\s*(INSERT|UPDATE|DELETE|SELECT|MERGE|WITH)\b/i;

export function planCursors(planner: Planner): void {
  const seen = new Set<number>();
  const queue: Cursor[] = [];
  for (const call of planner.context.calls) {
    const callee = call.node.childForFieldName('function');
    if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')!.text !== 'cursor') continue;
    const conn = callee.childForFieldName('object')!;
    if (!planner.isConnection(conn)) continue;
    const cursor = cursorBinding(planner, call.node, conn);
    if (cursor) queue.push(cursor);
  }
  for (const fn of planner.context.root.descendantsOfType('function_definition')) {
    for (const parameter of fn.childForFieldName('parameters')?.namedChildren ?? []) {
      if (parameter.type !== 'typed_parameter' && parameter.type !== 'typed_default_parameter') continue;
      const type = parameter.childForFieldName('type');
      const name = parameter.type === 'typed_parameter' ? parameter.namedChildren[0] : parameter.childForFieldName('name');
      if (!name || name.type !== 'identifier' || !planner.isCursorType(type?.namedChildren[0] ?? type)) continue;
      queue.push({ name: name.text, conn: name.text, fn, binding: type!, bindingKind: 'parameter', dictRows: false, namedTuples: false, serverSide: false });
    }
  }
  while (queue.length > 0) {
    const cursor = queue.shift()!;
    const key = cursor.fn.startIndex * 1000 + cursor.name.length;
    if (seen.has(key) && cursor.bindingKind === 'parameter') continue;
    seen.add(key);
    new CursorPlan(planner, cursor, queue).plan();
  }
}

function cursorBinding(planner: Planner, call: SyntaxNode, conn: SyntaxNode): Cursor | undefined {
  const fn = enclosingFunction(call);
  if (!fn) return undefined;
  const { positional, keywords } = callArguments(call);
  const factory = keywords.get('cursor_factory');
  const factoryName = factory ? planner.context.qualifiedName(factory) ?? factory.text : '';
  const base = {
    conn: conn.text,
    fn,
    dictRows: /RealDictCursor$/.test(factoryName),
    namedTuples: /NamedTupleCursor$/.test(factoryName),
    serverSide: positional.length > 0 || keywords.has('name'),
  };
  const parent = call.parent;
  if (parent?.type === 'assignment' && same(parent.childForFieldName('right'), call) && parent.childForFieldName('left')?.type === 'identifier' && parent.parent?.type === 'expression_statement') {
    return { ...base, name: parent.childForFieldName('left')!.text, binding: parent.parent, bindingKind: 'assigned' };
  }
  const item = parent?.type === 'as_pattern' ? parent.parent : undefined;
  const statement = item?.parent?.parent;
  if (item?.type === 'with_item' && statement?.type === 'with_statement' && statement.namedChildren[0].namedChildren.length === 1) {
    const alias = parent!.namedChildren.at(-1)!;
    const name = alias.type === 'as_pattern_target' ? alias.namedChildren[0] ?? alias : alias;
    if (name.type === 'identifier' && !statement.children.some((token) => token.type === 'async')) {
      return { ...base, name: name.text, binding: statement, bindingKind: 'with' };
    }
  }
  planner.review(call, 'AS320', 'a cursor used in a way asyncshift does not follow: the psycopg2 code of this function is left as it was');
  planner.keepFunction(fn);
  return undefined;
}

class CursorPlan {
  private readonly text: string;
  private readonly edits: Edit[] = [];

  constructor(private readonly planner: Planner, private readonly cursor: Cursor, private readonly queue: Cursor[]) {
    this.text = planner.text;
  }

  plan(): void {
    const uses = this.uses();
    if (!uses) return;
    if (this.cursor.serverSide) {
      this.planServerSide(uses);
      return;
    }
    let index = 0;
    let converted = true;
    while (index < uses.length) {
      const use = uses[index];
      if (use.kind === 'method' && STARTS.has(use.method) || use.kind === 'batch') {
        let end = index + 1;
        while (end < uses.length && this.isResultUse(uses[end])) end++;
        converted = this.planStatement(use, uses.slice(index + 1, end)) && converted;
        index = end;
        continue;
      }
      if (use.kind === 'method' && use.method === 'close') {
        const statement = statementOf(use.call)!;
        const removal = statement.type === 'expression_statement' && same(statement.namedChildren[0], use.call) ? this.planner.deleteStatement(statement) : undefined;
        if (removal) this.planner.add(use.call, [removal]);
        else {
          converted = false;
          this.planner.review(use.node, 'AS320', 'cursor.close() in an expression: not converted');
        }
      } else if (use.kind === 'passed') {
        this.planPassed(use);
      } else {
        converted = false;
        this.planner.review(use.node, 'AS321', `\`${use.node.parent?.text ?? use.node.text}\` is not converted: asyncpg has no cursor here`);
      }
      index++;
    }
    if (converted) this.removeBinding();
    else this.keep(`cursor ${this.cursor.name} is still used by code that was not converted`);
  }

  /** Every use of the cursor name in its function, in source order, or undefined when it is rebound. */
  private uses(): Use[] | undefined {
    const uses: Use[] = [];
    for (const identifier of ownDescendants(this.cursor.fn.childForFieldName('body')!, ['identifier'])) {
      if (identifier.text !== this.cursor.name) continue;
      const parent = identifier.parent!;
      if (this.cursor.bindingKind !== 'parameter' && this.cursor.binding && identifier.startIndex >= this.cursor.binding.startIndex
        && identifier.endIndex <= (this.cursor.bindingKind === 'with' ? this.cursor.binding.namedChildren[0].endIndex : this.cursor.binding.endIndex)) continue;
      if (parent.type === 'attribute' && same(parent.childForFieldName('object'), identifier)) {
        if (parent.childForFieldName('attribute')?.type !== 'identifier' || same(parent.childForFieldName('attribute'), identifier)) continue;
        const name = parent.childForFieldName('attribute')!.text;
        if (parent.parent?.type === 'call' && same(parent.parent.childForFieldName('function'), parent)) uses.push({ kind: 'method', method: name, call: parent.parent, node: identifier });
        else uses.push({ kind: 'attribute', name, node: identifier });
      } else if (parent.type === 'attribute') {
        continue;
      } else if ((parent.type === 'for_statement' || parent.type === 'for_in_clause') && same(parent.childForFieldName('right'), identifier)) {
        uses.push({ kind: 'iterate', node: identifier });
      } else if (parent.type === 'argument_list' && parent.parent?.type === 'call') {
        const call = parent.parent;
        const helper = this.planner.context.qualifiedName(call.childForFieldName('function')!);
        const position = parent.namedChildren.findIndex((child) => same(child, identifier));
        if ((helper === 'psycopg2.extras.execute_values' || helper === 'psycopg2.extras.execute_batch') && position === 0) {
          uses.push({ kind: 'batch', helper: helper.endsWith('values') ? 'execute_values' : 'execute_batch', call, node: identifier });
        } else uses.push({ kind: 'passed', call, node: identifier, position });
      } else if (parent.type === 'assignment' && same(parent.childForFieldName('left'), identifier) || parent.type === 'as_pattern_target' || parent.type === 'pattern_list') {
        this.planner.review(identifier, 'AS320', `cursor ${this.cursor.name} is rebound: the psycopg2 code of this function is left as it was`);
        this.planner.keepFunction(this.cursor.fn);
        return undefined;
      } else {
        uses.push({ kind: 'other', node: identifier });
      }
    }
    return uses.sort((a, b) => a.node.startIndex - b.node.startIndex);
  }

  /** Some use of this cursor is not converted: its function keeps all its psycopg2 code. */
  private keep(why: string): void {
    const parameters = this.cursor.fn.childForFieldName('parameters')!.namedChildren.map((p) => (p.type === 'identifier' ? p : p.childForFieldName('name') ?? p.namedChildren[0])?.text);
    const passedIn = parameters.includes(this.cursor.conn.split('.')[0]);
    this.planner.review(this.cursor.binding ?? this.cursor.fn, 'AS321', `${why}: the psycopg2 code of this function is left as it was${passedIn ? `; it receives ${this.cursor.conn} from its callers, which must keep passing a psycopg2 connection` : ''}`);
    this.planner.keepFunction(this.cursor.fn);
  }

  private isResultUse(use: Use): boolean {
    return use.kind === 'method' && RESULTS.has(use.method) || use.kind === 'attribute' || use.kind === 'iterate';
  }

  private removeBinding(): void {
    const { binding, bindingKind } = this.cursor;
    if (!binding) return;
    if (bindingKind === 'parameter') {
      const inner = binding.namedChildren[0] ?? binding;
      this.planner.add(binding, [{ start: inner.startIndex, end: inner.endIndex, text: 'asyncpg.Connection' }], { imports: [{ module: 'asyncpg' }], releases: [inner.text.split('.')[0]], seed: false });
      return;
    }
    const factory = callArguments(binding.descendantsOfType('call').find((call) => /\.cursor$/.test(call.childForFieldName('function')!.text))!).keywords.get('cursor_factory');
    const releases = factory ? [factory.text.split('.')[0]] : undefined;
    if (bindingKind === 'assigned') {
      const removal = this.planner.deleteStatement(binding);
      if (removal) this.planner.add(binding, [removal], { releases });
      return;
    }
    // `with conn.cursor() as cur:` → the body, one level out.
    const body = binding.childForFieldName('body')!;
    const headerStart = lineStart(this.text, binding.startIndex);
    const bodyStart = lineStart(this.text, body.startIndex);
    const dedent = indentAt(this.text, body.startIndex).length - indentAt(this.text, binding.startIndex).length;
    if (bodyStart <= headerStart || dedent <= 0 || this.text.slice(headerStart, bodyStart).split('\n').length !== 2) {
      this.planner.review(binding, 'AS320', 'a `with conn.cursor()` header asyncshift cannot remove: the psycopg2 code of this function is left as it was');
      this.planner.keepFunction(this.cursor.fn);
      return;
    }
    const header: Edit = { start: headerStart, end: bodyStart, text: '' };
    this.planner.markDeleted(header);
    const edits: Edit[] = [header];
    for (const start of innerLineStarts(this.text, body, true)) {
      if (isBlankLine(this.text, start) || this.planner.isDeletedLine(start) || !/^\s+$/.test(this.text.slice(start, start + dedent))) continue;
      if (this.planner.overlapsReplacement(start, start + dedent)) continue; // a continuation line a statement rewrite replaces
      edits.push({ start, end: start + dedent, text: '' });
    }
    this.planner.add(binding, edits, { releases });
    this.planner.cursorBlocks.push(binding);
  }

  // ---- statements ------------------------------------------------------------------------------

  private planStatement(start: Extract<Use, { kind: 'method' | 'batch' }>, results: Use[]): boolean {
    if (start.kind === 'batch') return this.planBatch(start, results);
    if (start.method === 'executemany') return this.planExecuteMany(start, results);
    if (start.method === 'copy_expert' || start.method === 'copy_from' || start.method === 'copy_to') return this.planCopy(start, results);
    return this.planExecute(start, results);
  }

  private query(call: SyntaxNode, queryNode: SyntaxNode | undefined, params: SyntaxNode | undefined): { rewrite: QueryRewrite; queryText: string; extraEdits: Edit[] } | undefined {
    if (!queryNode) return undefined;
    let literal = queryNode;
    const extraEdits: Edit[] = [];
    let constant = false;
    const withParams = !!params && params.type !== 'none';
    if (!withParams && (queryNode.type === 'identifier' || queryNode.type === 'attribute') && !(queryNode.type === 'identifier' && this.constantValue(queryNode))) {
      // No parameters: psycopg2 sends the text untouched and so does asyncpg (scripts included), so
      // SQL held in a variable or another module's constant needs no rewriting. Its kind is unknown.
      return { rewrite: { edits: [], count: 0, style: 'none', names: [], arrays: new Set(), problems: [], warnings: [], sql: '', unknown: true }, queryText: queryNode.text, extraEdits };
    }
    if (queryNode.type === 'identifier') {
      const value = this.constantValue(queryNode);
      if (!value) {
        this.planner.review(call, 'AS322', `the SQL in ${queryNode.text} is built at run time or not a string constant: placeholders not converted, statement not converted`);
        return undefined;
      }
      literal = value;
      constant = true;
    }
    const rewrite = rewriteQuery(literal, !!params && params.type !== 'none');
    if (rewrite.problems.length > 0) {
      this.planner.review(call, 'AS322', `statement not converted: ${rewrite.problems[0]}`);
      return undefined;
    }
    if (constant) {
      extraEdits.push(...rewrite.edits);
      return { rewrite, queryText: queryNode.text, extraEdits };
    }
    return { rewrite, queryText: applyInside(literal, rewrite.edits, this.text), extraEdits };
  }

  /** A name bound once, at module level or in this function, to a string literal. */
  private constantValue(name: SyntaxNode): SyntaxNode | undefined {
    const candidates: SyntaxNode[] = [];
    const scopes = [this.cursor.fn.childForFieldName('body')!, this.planner.context.root];
    for (const scope of scopes) {
      for (const assignment of scope === this.planner.context.root ? scope.namedChildren.flatMap((s) => s.type === 'expression_statement' ? s.namedChildren : []) : ownDescendants(scope, ['assignment'])) {
        if (assignment.type !== 'assignment') continue;
        const left = assignment.childForFieldName('left');
        if (left?.type === 'identifier' && left.text === name.text) candidates.push(assignment.childForFieldName('right')!);
      }
      if (candidates.length > 0) break;
    }
    if (candidates.length !== 1) return undefined;
    return literalPieces(candidates[0]) ? candidates[0] : undefined;
  }

  private planExecute(start: Extract<Use, { kind: 'method' }>, results: Use[]): boolean {
    const { positional, keywords } = callArguments(start.call);
    const queryNode = positional[0] ?? keywords.get('query');
    const params = positional[1] ?? keywords.get('vars');
    const query = this.query(start.call, queryNode, params);
    if (!query) return false;
    const args = argumentList(query.rewrite, params, this.text);
    if (args.problems.length > 0) {
      this.planner.review(start.call, 'AS322', `statement not converted: ${args.problems[0]}`);
      return false;
    }
    const warnings = [...query.rewrite.warnings, ...args.warnings, ...this.typeWarnings(params)];
    const review = warnings.length > 0 ? warnings.join('; ') : undefined;
    const write = !!query.rewrite.unknown || WRITE.test(query.rewrite.sql) || /\bFOR\s+(UPDATE|SHARE)\b/i.test(query.rewrite.sql);
    const statement = statementOf(start.call)!;
    const conn = this.cursor.conn;
    const fetches = results.filter((use): use is Extract<Use, { kind: 'method' | 'iterate' }> => use.kind === 'method' || use.kind === 'iterate');
    const attributes = results.filter((use): use is Extract<Use, { kind: 'attribute' }> => use.kind === 'attribute');
    const rowcounts = attributes.filter((use) => use.name === 'rowcount');
    const descriptions = attributes.filter((use) => use.name === 'description');
    const unread = () => {
      this.planner.review(start.call, 'AS323', `the results of this execute are read in a way asyncshift does not convert (${results.map((use) => use.kind === 'attribute' ? use.name : use.kind === 'method' ? `${use.method}()` : 'iteration').join(', ')})`);
      return false;
    };
    if (rowcounts.length + descriptions.length < attributes.length || rowcounts.length > 0 && (fetches.length > 0 || descriptions.length > 0)) return unread();
    if (descriptions.length > 0 && fetches.length === 0) return unread();
    const fnBody = this.cursor.fn.childForFieldName('body')!;
    const builtin = (callee: SyntaxNode) => isBuiltinName(this.planner.context.root, callee.text);
    if (descriptions.some((use) => !readsColumnNamesOnly(use.node.parent!, fnBody, builtin))) {
      this.planner.review(start.call, 'AS323', 'cursor.description is read for more than column names (types, sizes, None checks): not converted');
      return false;
    }
    const sizes = new Map<SyntaxNode, string>();
    for (const use of fetches) {
      if (use.kind !== 'method' || use.method !== 'fetchmany') continue;
      const size = this.fetchSize(use.call, 0);
      if (size === undefined) {
        this.planner.review(use.call, 'AS323', 'fetchmany() with a size that is not an integer literal or constant: not converted (a negative size read every row in psycopg2)');
        return false;
      }
      sizes.set(use.call, size);
    }
    const record = (node: SyntaxNode) => this.planner.operations.push({ statement, node, conn, write });
    const unsafe = this.planner.hasUnsafeCall(args.copied);
    if (fetches.length === 0) {
      // Runs for its effect (and maybe its rowcount): stays in place.
      const callee = start.call.childForFieldName('function')!;
      const argsNode = start.call.childForFieldName('arguments')!;
      if (unsafe) {
        this.planner.review(start.call, 'AS322', 'the parameters call functions that may turn async: statement not converted');
        return false;
      }
      const edits: Edit[] = [
        { start: callee.startIndex, end: callee.endIndex, text: `${conn}.execute` },
        ...query.extraEdits,
      ];
      if (query.extraEdits.length === 0 && queryNode !== undefined) {
        edits.push(...query.rewrite.edits);
      }
      edits.push({ start: queryNode!.endIndex, end: argsNode.endIndex, text: `${args.text})` });
      if (attributes.length > 0) {
        if (!COUNTED.test(query.rewrite.sql) || statement.type !== 'expression_statement' || !same(statement.namedChildren[0], start.call)) {
          this.planner.review(start.call, 'AS323', 'rowcount of a statement whose status string carries no count: not converted');
          return false;
        }
        const name = freshName(this.cursor.fn, 'rowcount');
        edits.push(
          { start: start.call.startIndex, end: start.call.startIndex, text: `${name} = int((await `, order: -1 },
          { start: start.call.endIndex, end: start.call.endIndex, text: ').split()[-1])' },
        );
        for (const use of attributes) edits.push({ start: use.node.startIndex, end: use.node.parent!.endIndex, text: name });
        this.planner.add(start.call, edits, { review });
      } else {
        this.planner.add(start.call, edits, { call: start.call, review });
      }
      record(start.call);
      return true;
    }
    const alone = statement.type === 'expression_statement' && same(statement.namedChildren[0], start.call);
    if (!alone || unsafe) {
      this.planner.review(start.call, 'AS323', 'execute and fetch are not adjacent in a shape asyncshift moves safely: not converted');
      return false;
    }
    // psycopg2's cursor `description` comes from the statement, rows or not: asyncpg's prepared statement.
    if (descriptions.some((use) => !siblingAncestor(use.node, statement))) {
      this.planner.review(start.call, 'AS323', 'cursor.description is read outside the block of its execute (another branch or after a loop): not converted');
      return false;
    }
    const prepared = descriptions.length > 0 ? freshName(this.cursor.fn, 'stmt') : undefined;
    const fetch = fetches[0];
    const fetchStatement = statementOf(fetch.node)!;
    const between = prepared ? this.describingStatements(statement, fetchStatement, descriptions, args.copied) : [];
    const once = fetches.length === 1 && !!between && same(nextStatement(between.at(-1) ?? statement), fetchStatement) && evaluatedOnce(fetch.node, fetchStatement);
    const edits: Edit[] = [];
    const imports: { module: string }[] = [];
    let reviewText = review;
    if (this.cursor.namedTuples) {
      const fields = once ? namedTupleFields(fetch, fetchStatement, this.cursor.fn) : undefined;
      if (fields) edits.push(...fields);
      else reviewText = [review, 'NamedTupleCursor rows are asyncpg.Record now: row.column must become row["column"]'].filter(Boolean).join('; ');
    }
    const argsInside = args.text.replace(/^, /, '');
    const target = (method: string) => prepared ? `${prepared}.${method}(${argsInside})` : `${conn}.${method}(${query.queryText}${args.text})`;
    if (prepared) {
      // `cur.execute(q, p)` → `stmt = await conn.prepare(q2)`; the fetch runs the statement with the arguments.
      edits.push(...this.replaceCall(start.call, queryNode!, query, `${prepared} = await ${conn}.prepare`, ')'));
      for (const use of descriptions) edits.push({ start: use.node.startIndex, end: use.node.parent!.endIndex, text: `${prepared}.get_attributes()` });
    }
    const rowName = freshName(this.cursor.fn, '_row');
    if (once) {
      if (!prepared) {
        const removal = this.planner.deleteStatement(statement);
        if (!removal) {
          this.planner.review(start.call, 'AS323', 'execute and fetch are not adjacent in a shape asyncshift moves safely: not converted');
          return false;
        }
        edits.push(removal, ...query.extraEdits);
      }
      if (fetch.kind === 'iterate') {
        const fetched = `await ${target('fetch')}`;
        edits.push({ start: fetch.node.startIndex, end: fetch.node.endIndex, text: this.cursor.dictRows ? `[dict(${rowName}) for ${rowName} in ${fetched}]` : fetched });
        this.planner.add(fetch.node, edits, { review: reviewText });
      } else if (fetch.kind === 'method' && fetch.method === 'fetchmany') {
        // psycopg2's client-side cursor read every row at execute: the first n of them, as a list.
        const fetched = `(await ${target('fetch')})[:${sizes.get(fetch.call)}]`;
        edits.push({ start: fetch.call.startIndex, end: fetch.call.endIndex, text: this.cursor.dictRows ? `[dict(${rowName}) for ${rowName} in ${fetched}]` : fetched });
        this.planner.add(fetch.call, edits, { review: reviewText });
      } else if (fetch.kind === 'method') {
        const method = fetch.method === 'fetchall' ? 'fetch' : 'fetchrow';
        if (this.cursor.dictRows) {
          const fetched = `await ${target(method)}`;
          edits.push({
            start: fetch.call.startIndex,
            end: fetch.call.endIndex,
            text: method === 'fetch' ? `[dict(${rowName}) for ${rowName} in ${fetched}]` : `(dict(${rowName}) if (${rowName} := ${fetched}) is not None else None)`,
          });
          this.planner.add(fetch.call, edits, { review: reviewText });
        } else {
          edits.push({ start: fetch.call.startIndex, end: fetch.call.endIndex, text: target(method) });
          this.planner.add(fetch.call, edits, { call: fetch.call, review: reviewText });
        }
      }
      record(prepared ? start.call : fetch.node);
      return true;
    }
    // Read in several fetches, in a loop or further on: psycopg2's client-side cursor held every row
    // from the execute on, so the rows are fetched there and the fetches read on from an iterator.
    // Every read must follow the execute in its block, so the iterator is bound on every path to it.
    if (fetches.some((use) => !siblingAncestor(use.node, statement))) {
      this.planner.review(start.call, 'AS323', 'the results of this execute are read outside its block (another branch or after a loop): not converted');
      return false;
    }
    const rows = this.cursor.bindingKind === 'parameter' ? freshName(this.cursor.fn, `${this.cursor.name}_rows`) : this.cursor.name;
    const iterator = (fetched: string) => this.cursor.dictRows ? `map(dict, ${fetched})` : `iter(${fetched})`;
    if (prepared) edits.push(this.planner.lineAfter(statement, `${rows} = ${iterator(`await ${target('fetch')}`)}`));
    else edits.push(...this.replaceCall(start.call, queryNode!, query, `${rows} = ${iterator(`await ${conn}.fetch`).slice(0, -1)}`, `${args.text}))`));
    for (const use of fetches) {
      if (use.kind === 'iterate') {
        if (rows !== this.cursor.name) edits.push({ start: use.node.startIndex, end: use.node.endIndex, text: rows });
        continue;
      }
      const read = use.method === 'fetchmany' ? `list(itertools.islice(${rows}, ${sizes.get(use.call)}))` : use.method === 'fetchall' ? `list(${rows})` : `next(${rows}, None)`;
      if (use.method === 'fetchmany') imports.push({ module: 'itertools' });
      edits.push({ start: use.call.startIndex, end: use.call.endIndex, text: read });
    }
    this.planner.add(start.call, edits, { imports, review: reviewText });
    record(start.call);
    return true;
  }

  /** `cur.execute(q, p)` → `<head>(q2<tail>`: the callee replaced, placeholders renumbered in place. */
  private replaceCall(call: SyntaxNode, queryNode: SyntaxNode, query: NonNullable<ReturnType<CursorPlan['query']>>, head: string, tail: string): Edit[] {
    const callee = call.childForFieldName('function')!;
    const argsNode = call.childForFieldName('arguments')!;
    const edits: Edit[] = [{ start: callee.startIndex, end: callee.endIndex, text: head }, ...query.extraEdits];
    if (query.extraEdits.length === 0) edits.push(...query.rewrite.edits);
    edits.push({ start: queryNode.endIndex, end: argsNode.endIndex, text: tail });
    return edits;
  }

  /**
   * The statements between the execute and its fetch when each only reads column names from the
   * description (evaluated in place, the statement runs later): none that could change an argument.
   * Undefined when some statement in between does anything else.
   */
  private describingStatements(execute: SyntaxNode, fetchStatement: SyntaxNode, descriptions: Use[], copied: SyntaxNode[]): SyntaxNode[] | undefined {
    const between: SyntaxNode[] = [];
    const argumentNames = new Set(copied.flatMap((node) => [node, ...node.descendantsOfType('identifier')]).filter((node) => node.type === 'identifier').map((node) => node.text));
    for (let next = nextStatement(execute); next && !same(next, fetchStatement); next = nextStatement(next)) {
      if (!descriptions.some((use) => isInside(use.node, next!)) || this.planner.hasUnsafeCall([next])) return undefined;
      const assigned = ownDescendants(next, ['assignment', 'augmented_assignment', 'named_expression']).flatMap((node) => (node.childForFieldName('left') ?? node.childForFieldName('name'))?.descendantsOfType('identifier') ?? []);
      if ([next, ...assigned].some((node) => node.type === 'identifier' && argumentNames.has(node.text)) || assigned.some((node) => argumentNames.has(node.text))) return undefined;
      between.push(next);
    }
    return between;
  }

  /** The rows `fetchmany()` asks for, as source text: an integer literal (≥ `least`) or a module constant bound to one; 1 when omitted. */
  private fetchSize(call: SyntaxNode, least: number): string | undefined {
    const { positional, keywords } = callArguments(call);
    const size = positional[0] ?? keywords.get('size');
    if (!size) return positional.length === 0 && keywords.size === 0 ? '1' : undefined;
    const value = size.type === 'identifier' ? this.integerConstant(size) : size;
    return value?.type === 'integer' && /^\d+$/.test(value.text) && Number(value.text) >= least ? size.text : undefined;
  }

  /** A module-level name bound once, to an integer literal. */
  private integerConstant(name: SyntaxNode): SyntaxNode | undefined {
    const values = this.planner.context.root.namedChildren.flatMap((statement) => statement.type === 'expression_statement' ? statement.namedChildren : [])
      .filter((node) => node.type === 'assignment' && node.childForFieldName('left')?.text === name.text);
    const shadowed = this.cursor.fn.childForFieldName('parameters')!.descendantsOfType('identifier').some((identifier) => identifier.text === name.text)
      || ownDescendants(this.cursor.fn.childForFieldName('body')!, ['assignment']).some((node) => node.childForFieldName('left')?.text === name.text);
    if (values.length !== 1 || shadowed) return undefined;
    return values[0].childForFieldName('right') ?? undefined;
  }

  private planExecuteMany(start: Extract<Use, { kind: 'method' }>, results: Use[]): boolean {
    const { positional } = callArguments(start.call);
    return this.planMany(start.call, positional[0], positional[1], results, start.call.childForFieldName('function')!, undefined);
  }

  /** `execute_values(cur, "INSERT ... VALUES %s", rows)` / `execute_batch(cur, q, rows)` → `conn.executemany`. */
  private planBatch(start: Extract<Use, { kind: 'batch' }>, results: Use[]): boolean {
    const { positional, keywords } = callArguments(start.call);
    if (keywords.get('fetch')?.text === 'True') {
      this.planner.review(start.call, 'AS324', 'execute_values(fetch=True) is not converted: use INSERT ... SELECT FROM unnest(...) RETURNING or asyncpg ≥ 0.30 fetchmany');
      return false;
    }
    const callee = start.call.childForFieldName('function')!;
    if (start.helper === 'execute_batch') return this.planMany(start.call, positional[1], positional[2], results, callee, positional[0]);
    const queryNode = positional[1];
    const pieces = queryNode ? literalPieces(queryNode) : undefined;
    const template = positional[3] ?? keywords.get('template');
    if (!pieces || !queryNode) {
      this.planner.review(start.call, 'AS324', 'execute_values with SQL built at run time: not converted');
      return false;
    }
    const sql = pieces.map((piece) => piece.text).join('');
    const marker = sql.match(/%s/g) ?? [];
    if (marker.length !== 1 || /%\(/.test(sql)) {
      this.planner.review(start.call, 'AS324', 'execute_values SQL with other placeholders than one VALUES %s: not converted');
      return false;
    }
    let row: string;
    let names: string[] = [];
    if (template && template.type !== 'none') {
      const rewrite = rewriteQuery(template, true);
      if (rewrite.problems.length > 0 || !literalPieces(template)) {
        this.planner.review(start.call, 'AS324', `execute_values template not converted: ${rewrite.problems[0] ?? 'built at run time'}`);
        return false;
      }
      row = applyInside(template, rewrite.edits, this.text);
      row = row.slice(/^[a-zA-Z]*("""|'''|"|')/.exec(row)![0].length, row.length - /("""|'''|"|')$/.exec(row)![0].length);
      names = rewrite.style === 'named' ? rewrite.names : [];
    } else {
      const columns = /^\s*INSERT\s+INTO\s+[\w."]+\s*\(([^)]*)\)\s*VALUES\s*%s/i.exec(sql);
      if (!columns) {
        this.planner.review(start.call, 'AS324', 'execute_values without a column list or template: the row width is unknown, not converted');
        return false;
      }
      const width = columns[1].split(',').length;
      row = `(${Array.from({ length: width }, (_, i) => `$${i + 1}`).join(', ')})`;
    }
    const edits: Edit[] = [];
    for (const piece of pieces) {
      const at = piece.text.indexOf('%s');
      if (at >= 0) edits.push({ start: piece.startIndex + at, end: piece.startIndex + at + 2, text: row });
    }
    return this.finishMany(start.call, callee, positional[0], positional[2], edits, names, results, 'psycopg2.extras');
  }

  private planMany(call: SyntaxNode, queryNode: SyntaxNode | undefined, seq: SyntaxNode | undefined, results: Use[], callee: SyntaxNode, cursorArgument: SyntaxNode | undefined): boolean {
    if (!seq) return false;
    const query = this.query(call, queryNode, seq);
    if (!query) return false;
    const edits = [...query.extraEdits, ...(query.extraEdits.length === 0 ? query.rewrite.edits : [])];
    return this.finishMany(call, callee, cursorArgument, seq, edits, query.rewrite.style === 'named' ? query.rewrite.names : [], results, cursorArgument ? 'psycopg2.extras' : undefined);
  }

  private finishMany(call: SyntaxNode, callee: SyntaxNode, cursorArgument: SyntaxNode | undefined, seq: SyntaxNode | undefined, edits: Edit[], names: string[], results: Use[], helperModule: string | undefined): boolean {
    if (!seq) return false;
    if (results.length > 0) {
      this.planner.review(call, 'AS324', 'rowcount/fetch after executemany: asyncpg returns nothing to read, not converted');
      return false;
    }
    const args = call.childForFieldName('arguments')!;
    edits.push({ start: callee.startIndex, end: callee.endIndex, text: `${this.cursor.conn}.executemany` });
    if (cursorArgument) {
      const next = args.namedChildren.find((child) => child.startIndex > cursorArgument.endIndex)!;
      edits.push({ start: cursorArgument.startIndex, end: next.startIndex, text: '' });
    }
    if (seq.endIndex < args.endIndex - 1) edits.push({ start: seq.endIndex, end: args.endIndex - 1, text: '' });
    if (names.length > 0) {
      const item = freshName(this.cursor.fn, 'params');
      const tuple = names.length === 1 ? `(${item}["${names[0]}"],)` : `(${names.map((name) => `${item}["${name}"]`).join(', ')})`;
      edits.push({ start: seq.startIndex, end: seq.startIndex, text: `[${tuple} for ${item} in ` }, { start: seq.endIndex, end: seq.endIndex, text: ']' });
    }
    const root = callee.type === 'attribute' ? callee.text.split('.')[0] : callee.text;
    this.planner.add(call, edits, { call, releases: helperModule ? [root] : undefined, review: 'asyncpg checks parameter types strictly: every row must carry values of the column types (a str for an integer column now fails)', code: 'AS325' });
    this.planner.operations.push({ statement: statementOf(call)!, node: call, conn: this.cursor.conn, write: true });
    return true;
  }

  /**
   * `copy_expert("COPY t (a, b) FROM STDIN WITH CSV HEADER", f)` / `copy_from(f, "t", sep=",")` →
   * `copy_to_table`; `copy_to(f, "t")` / `copy_expert("COPY t TO STDOUT ...", f)` → `copy_from_table`;
   * `copy_expert("COPY (query) TO STDOUT ...", f)` → `copy_from_query`.
   */
  private planCopy(start: Extract<Use, { kind: 'method' }>, results: Use[]): boolean {
    const { positional, keywords } = callArguments(start.call);
    const fail = (why: string) => {
      this.planner.review(start.call, 'AS326', `${start.method}() not converted: ${why}`);
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
    if (!file || results.length > 0 || this.planner.hasUnsafeCall([file])) return fail('the file is an expression asyncshift does not copy, or the cursor is read after it');
    const binary = this.isBinaryFile(file);
    const conn = this.cursor.conn;
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
        this.planner.add(start.call, edits, { call: start.call, imports });
      } else {
        this.planner.add(start.call, [{ start: start.call.startIndex, end: start.call.endIndex, text: `${conn}.copy_from_table(${table}, output=${output.text}${tail})` }], { call: start.call, imports });
      }
      this.planner.operations.push({ statement: statementOf(start.call)!, node: start.call, conn, write: false });
      return true;
    }
    // asyncpg takes a bytes object as a path (str, bytes and PathLike name files): wrap the data in
    // BytesIO. The sync read runs in a thread, off the event loop, as asyncpg's own reads do.
    const reader = file.type === 'identifier' || file.type === 'attribute' ? file.text : `(${file.text})`;
    const source = binary ? file.text : `io.BytesIO((await asyncio.to_thread(${reader}.read)).encode())`;
    const replacement = `${conn}.copy_to_table(${table}, source=${source}${tail})`;
    this.planner.add(start.call, [{ start: start.call.startIndex, end: start.call.endIndex, text: replacement }], {
      call: start.call,
      imports: binary ? [] : [{ module: 'io' }, { module: 'asyncio' }],
      review: binary === undefined ? 'asyncpg reads bytes from the COPY source: a text file is read whole and encoded as UTF-8 here; check the file mode' : undefined,
      code: 'AS326',
    });
    this.planner.operations.push({ statement: statementOf(start.call)!, node: start.call, conn, write: true });
    return true;
  }

  /** true: opened in binary mode / BytesIO; false: text mode or StringIO; undefined: unknown. */
  private isBinaryFile(file: SyntaxNode): boolean | undefined {
    if (file.type !== 'identifier') return undefined;
    for (const node of ownDescendants(this.cursor.fn.childForFieldName('body')!, ['assignment', 'as_pattern'])) {
      const [target, value] = node.type === 'assignment'
        ? [node.childForFieldName('left'), node.childForFieldName('right')]
        : [node.namedChildren.at(-1)?.namedChildren[0] ?? node.namedChildren.at(-1), node.namedChildren[0]];
      if (target?.text !== file.text || value?.type !== 'call') continue;
      const name = this.planner.context.qualifiedName(value.childForFieldName('function')!);
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

  /** Server-side (named) cursors: `execute(q)` then `for row in cur:` → `async for row in conn.cursor(q)` in a transaction. */
  private planServerSide(uses: Use[]): void {
    const execute = uses[0];
    const loop = uses[1];
    const closing = uses.length > 2 && uses.at(-1)!.kind === 'method' && (uses.at(-1) as Extract<Use, { kind: 'method' }>).method === 'close' ? uses.at(-1) as Extract<Use, { kind: 'method' }> : undefined;
    const fetches = uses.slice(1, closing ? -1 : undefined);
    if (execute.kind === 'method' && execute.method === 'execute' && fetches.length > 0 && fetches.every((use) => use.kind === 'method' && use.method === 'fetchmany')) {
      if (!this.planServerSideFetches(execute, fetches as Extract<Use, { kind: 'method' }>[], closing)) this.planner.keepFunction(this.cursor.fn);
      return;
    }
    const valid = uses.length === 2 && execute.kind === 'method' && execute.method === 'execute' && loop.kind === 'iterate'
      || uses.length === 3 && uses[2].kind === 'method' && uses[2].method === 'close';
    if (!valid || execute.kind !== 'method' || loop.kind !== 'iterate') {
      this.planner.review(this.cursor.binding ?? this.cursor.fn, 'AS327', 'server-side cursor used other than execute-then-iterate: the psycopg2 code of this function is left as it was');
      this.planner.keepFunction(this.cursor.fn);
      return;
    }
    const { positional } = callArguments(execute.call);
    const query = this.query(execute.call, positional[0], positional[1]);
    if (!query) {
      this.planner.keepFunction(this.cursor.fn);
      return;
    }
    const args = argumentList(query.rewrite, positional[1], this.text);
    const statement = statementOf(execute.call)!;
    const forStatement = loop.node.parent!;
    const removal = this.planner.deleteStatement(statement);
    if (args.problems.length > 0 || !removal || !same(nextStatement(statement), forStatement) || this.planner.hasUnsafeCall(args.copied)) {
      this.planner.review(execute.call, 'AS327', 'server-side cursor not converted: the psycopg2 code of this function is left as it was');
      this.planner.keepFunction(this.cursor.fn);
      return;
    }
    const edits: Edit[] = [removal, ...query.extraEdits,
      { start: forStatement.startIndex, end: forStatement.startIndex, text: 'async ', order: 0, key: `async@${forStatement.startIndex}` },
      { start: loop.node.startIndex, end: loop.node.endIndex, text: `${this.cursor.conn}.cursor(${query.queryText}${args.text}, prefetch=2000)` },
    ];
    if (uses.length === 3 && uses[2].kind === 'method') {
      const close = this.planner.deleteStatement(statementOf(uses[2].call)!);
      if (close) edits.push(close);
    }
    this.planner.add(loop.node, edits, { review: this.cursor.dictRows ? 'rows of the server-side cursor are asyncpg.Record now, not dicts' : undefined, code: 'AS327' });
    this.planner.operations.push({ statement: forStatement, node: loop.node, conn: this.cursor.conn, write: false, needsTransaction: true });
    this.removeBinding();
  }

  /**
   * A named cursor read with `fetchmany(n)`: `cur = await conn.cursor(q2, *args)` and `await
   * cur.fetch(n)`, from the execute to the last fetch inside one transaction (asyncpg cursors need
   * one; psycopg2's named cursor lived in its transaction too).
   */
  private planServerSideFetches(execute: Extract<Use, { kind: 'method' }>, fetches: Extract<Use, { kind: 'method' }>[], closing: Extract<Use, { kind: 'method' }> | undefined): boolean {
    const { positional } = callArguments(execute.call);
    const query = this.query(execute.call, positional[0], positional[1]);
    if (!query) return false;
    const args = argumentList(query.rewrite, positional[1], this.text);
    const statement = statementOf(execute.call)!;
    const last = siblingAncestor(fetches.at(-1)!.call, statement);
    const fail = (why: string) => {
      this.planner.review(execute.call, 'AS327', `server-side cursor not converted (${why}): the psycopg2 code of this function is left as it was`);
      return false;
    };
    if (args.problems.length > 0 || statement.type !== 'expression_statement' || !same(statement.namedChildren[0], execute.call) || this.planner.hasUnsafeCall(args.copied)) return fail('the execute is not a plain statement');
    if (!last || fetches.some((use) => !siblingAncestor(use.call, statement))) return fail('a fetch is not in the block of the execute');
    const sizes = fetches.map((use) => this.fetchSize(use.call, 1));
    if (sizes.some((size) => size === undefined)) return fail('fetchmany() with a size that is not a positive integer literal or constant');
    if (fetches.some((use) => { const site = this.planner.callOf(use.call)?.site; return !site || site.syncOnly || site.inGenerator; })) return fail('a fetch where nothing can be awaited');
    const range = { startIndex: statement.startIndex, endIndex: last.endIndex } as SyntaxNode;
    const controls = range.endIndex > range.startIndex && this.planner.context.calls.some((call) => isInside(call.node, range) && /\.(commit|rollback)$/.test(call.node.childForFieldName('function')!.text)
      && this.planner.isConnection(call.node.childForFieldName('function')!.childForFieldName('object')));
    if (controls) return fail('the transaction ends while the cursor is open');
    const name = this.cursor.name;
    this.planner.add(execute.call, this.replaceCall(execute.call, positional[0], query, `${name} = await ${this.cursor.conn}.cursor`, `${args.text})`));
    fetches.forEach((use, index) => {
      const callee = use.call.childForFieldName('function')!;
      const argsNode = use.call.childForFieldName('arguments')!;
      if (this.cursor.dictRows) {
        this.planner.add(use.call, [{ start: use.call.startIndex, end: use.call.endIndex, text: `[dict(_row) for _row in await ${name}.fetch(${sizes[index]})]` }]);
      } else {
        this.planner.add(use.call, [
          { start: callee.startIndex, end: callee.endIndex, text: `${name}.fetch` },
          { start: argsNode.startIndex, end: argsNode.endIndex, text: `(${sizes[index]})` },
        ], { call: use.call, review: this.cursor.namedTuples ? 'NamedTupleCursor rows are asyncpg.Record now: row.column must become row["column"]' : undefined, code: 'AS327' });
      }
    });
    if (closing) {
      const close = this.planner.deleteStatement(statementOf(closing.call)!);
      if (!close) return fail('cursor.close() shares its line');
      this.planner.add(closing.call, [close]);
    }
    this.planner.operations.push({ statement, lastStatement: last, node: execute.call, conn: this.cursor.conn, write: false, needsTransaction: true });
    this.removeBinding();
    return true;
  }

  /** `helper(cur)` → `helper(conn)`; a helper defined in this module is followed with its parameter as the cursor. */
  private planPassed(use: Extract<Use, { kind: 'passed' }>): void {
    const callee = use.call.childForFieldName('function')!;
    const local = callee.type === 'identifier' ? this.localFunction(callee.text) : undefined;
    const parameter = local?.childForFieldName('parameters')?.namedChildren.filter((p) => p.type !== 'comment')[use.position];
    const parameterName = parameter?.type === 'identifier' ? parameter : parameter?.type === 'typed_parameter' ? parameter.namedChildren[0] : undefined;
    this.planner.operations.push({ statement: statementOf(use.call)!, node: use.node, conn: this.cursor.conn, write: true });
    this.planner.add(use.node, [{ start: use.node.startIndex, end: use.node.endIndex, text: this.cursor.conn }], {
      seed: false,
      review: local && parameterName ? undefined : `cursor passed to ${callee.text}(): it now receives the asyncpg connection and must use its methods`,
      code: 'AS328',
    });
    if (local && parameterName?.type === 'identifier') {
      const type = parameter?.type === 'typed_parameter' ? parameter.childForFieldName('type') ?? undefined : undefined;
      this.queue.push({ name: parameterName.text, conn: parameterName.text, fn: local, binding: type, bindingKind: 'parameter', dictRows: this.cursor.dictRows, namedTuples: this.cursor.namedTuples, serverSide: false });
    }
  }

  private localFunction(name: string): SyntaxNode | undefined {
    for (const child of this.planner.context.root.namedChildren) {
      const fn = child.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
      if (fn?.type === 'function_definition' && fn.childForFieldName('name')?.text === name) return fn;
    }
    return undefined;
  }

  private typeWarnings(params: SyntaxNode | undefined): string[] {
    if (!params) return [];
    const warnings: string[] = [];
    for (const string of [params, ...params.namedChildren, ...params.namedChildren.flatMap((child) => child.type === 'pair' ? [child.childForFieldName('value')!] : [])]) {
      if (string.type !== 'string') continue;
      const value = literalPieces(string)?.map((piece) => piece.text).join('');
      if (value !== undefined && /^(-?\d+(\.\d+)?|\d{4}-\d\d-\d\d.*|t|f|true|false)$/i.test(value)) {
        warnings.push(`the string ${string.text} is passed as a parameter: asyncpg does not coerce it to a number, date or boolean column (DataError)`);
      }
    }
    for (const call of params.descendantsOfType('call')) {
      if (this.planner.context.qualifiedName(call.childForFieldName('function')!) === 'psycopg2.extras.Json') {
        warnings.push('psycopg2.extras.Json has no asyncpg counterpart: pass json.dumps(value) or register a JSON codec; json/jsonb results come back as str');
      }
    }
    return warnings;
  }
}

/** `name` is only ever called in the module, never defined, assigned, imported or passed: the builtin. */
function isBuiltinName(root: SyntaxNode, name: string): boolean {
  return root.descendantsOfType('identifier').every((identifier) => identifier.text !== name
    || identifier.parent?.type === 'call' && same(identifier.parent.childForFieldName('function'), identifier)
    || identifier.parent?.type === 'attribute' && same(identifier.parent.childForFieldName('attribute'), identifier));
}

/** Tuple methods and namedtuple helpers: `row.count` is not a column. */
const TUPLE_ATTRIBUTES = /^(_.*|count|index)$/;

/**
 * `row.name` → `row["name"]` where `row` provably holds a NamedTupleCursor row: the target of
 * `for row in cur:` (uses in the loop body) or of `row = cur.fetchone()` (bound once in the
 * function), and every use of the name is a column read. Undefined when that is not provable.
 */
function namedTupleFields(fetch: Use, fetchStatement: SyntaxNode, fn: SyntaxNode): Edit[] | undefined {
  let name: SyntaxNode | null | undefined;
  let scope: SyntaxNode | null | undefined;
  if (fetch.kind === 'iterate') {
    const loop = fetch.node.parent!;
    if (loop.type !== 'for_statement') return undefined;
    name = loop.childForFieldName('left');
    scope = loop.childForFieldName('body');
    const outside = ownDescendants(fn.childForFieldName('body')!, ['identifier']).filter((identifier) => identifier.text === name?.text && !isInside(identifier, loop));
    if (outside.length > 0) return undefined;
  } else if (fetch.kind === 'method' && fetch.method === 'fetchone' && fetchStatement.type === 'expression_statement') {
    const assignment = fetchStatement.namedChildren[0];
    if (assignment?.type !== 'assignment' || !same(assignment.childForFieldName('right'), fetch.call)) return undefined;
    name = assignment.childForFieldName('left');
    scope = fn.childForFieldName('body');
  }
  if (!name || name.type !== 'identifier' || !scope) return undefined;
  const edits: Edit[] = [];
  for (const identifier of ownDescendants(scope, ['identifier'])) {
    if (identifier.text !== name.text || same(identifier, name)) continue;
    const parent = identifier.parent!;
    if (parent.type === 'attribute' && same(parent.childForFieldName('attribute'), identifier)) continue;
    if (parent.type === 'attribute' && same(parent.childForFieldName('object'), identifier)) {
      const field = parent.childForFieldName('attribute')!;
      const assigned = parent.parent?.type === 'assignment' && same(parent.parent.childForFieldName('left'), parent);
      if (TUPLE_ATTRIBUTES.test(field.text) || assigned || parent.parent?.type === 'call' && same(parent.parent.childForFieldName('function'), parent)) return undefined;
      edits.push({ start: identifier.endIndex, end: parent.endIndex, text: `[${quoteFor(parent)}${field.text}${quoteFor(parent)}]` });
      continue;
    }
    if (parent.type === 'comparison_operator' && /\bis\b/.test(parent.text) && parent.namedChildren.some((child) => child.type === 'none')) continue; // `row is None`
    return undefined; // passed on, rebound or compared: its readers are out of sight
  }
  return edits;
}

/** A quote for a key inside `node`: inside an f-string, the one its delimiters do not use (Python < 3.12). */
function quoteFor(node: SyntaxNode): string {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'string') return /^[a-zA-Z]*"/.test(current.text) ? "'" : '"';
  }
  return '"';
}

/** The rewritten text of `node` with `edits` (all inside it) applied. */
function applyInside(node: SyntaxNode, edits: Edit[], text: string): string {
  let result = '';
  let at = node.startIndex;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    result += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return result + text.slice(at, node.endIndex);
}

/** The ancestor of `node` (or itself) that is a statement of the block holding `statement`, at or after it. */
function siblingAncestor(node: SyntaxNode, statement: SyntaxNode): SyntaxNode | undefined {
  for (let current: SyntaxNode | null = node; current; current = current.parent) {
    if (current.parent && statement.parent && same(current.parent, statement.parent) && current.startIndex >= statement.startIndex) return current;
  }
  return undefined;
}

function nextStatement(statement: SyntaxNode): SyntaxNode | undefined {
  let next = statement.nextNamedSibling;
  while (next?.type === 'comment') next = next.nextNamedSibling;
  return next ?? undefined;
}

/** The fetch runs exactly once when its statement runs: not in a loop body, branch, lambda or short-circuit. */
function evaluatedOnce(node: SyntaxNode, statement: SyntaxNode): boolean {
  let child = node;
  for (let parent = node.parent; parent && !same(child, statement); child = parent, parent = parent.parent) {
    switch (parent.type) {
      case 'for_statement':
      case 'for_in_clause':
        if (!same(parent.childForFieldName('right'), child)) return false;
        if (parent.type === 'for_in_clause' && parent.parent && !same(parent.parent.namedChildren.find((c) => c.type === 'for_in_clause'), parent)) return false;
        break;
      case 'if_statement':
      case 'while_statement':
        if (!same(parent.childForFieldName('condition'), child) || parent.type === 'while_statement') return false;
        break;
      case 'boolean_operator':
        if (!same(parent.namedChildren[0], child)) return false;
        break;
      case 'conditional_expression':
        if (!same(parent.namedChildren[1], child)) return false;
        break;
      case 'lambda':
      case 'function_definition':
      case 'with_statement':
      case 'try_statement':
        return false;
      case 'list_comprehension':
      case 'set_comprehension':
      case 'dictionary_comprehension':
      case 'generator_expression':
        if (child.type !== 'for_in_clause') return false;
        break;
      default:
        break;
    }
  }
  return true;
}
