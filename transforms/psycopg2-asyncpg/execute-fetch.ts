import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Edit } from '../../src/plan/edits.js';
import type { Cursor, MethodUse, Use } from './cursor-dataflow.js';
import { readsColumnNamesOnly } from './description.js';
import { parameterTypeWarnings, replaceExecuteCall, resolveQuery } from './execute-query.js';
import { fetchmanySize } from './fetchmany-size.js';
import { argumentList } from './placeholders.js';
import type { Planner } from './planner.js';
import { dictRowList, dictRowOrNone, NAMED_TUPLE_REVIEW, namedTupleFields, rowIterator } from './row-shapes.js';
import { callArguments, freshName, isInside, nextStatement, ownDescendants, same, siblingAncestor, statementOf } from './syntax.js';

/**
 * `cur.execute(q, p)` and the reads of its results that follow (`fetchone`, `fetchall`,
 * `fetchmany`, iteration, `rowcount`, `description`) → one asyncpg call chosen by how the results
 * are read: `execute` (rowcount from its status string), `fetch` / `fetchrow` in place of one
 * adjacent fetch, an iterator over the rows fetched at execute for any other reads (psycopg2's
 * client-side cursor held them all from there on), and a prepared statement when column names are
 * read from `description`.
 */

const WRITE = /^\s*(INSERT|UPDATE|DELETE|MERGE|CREATE|DROP|ALTER|TRUNCATE|COPY|GRANT|REVOKE|COMMENT|WITH\b[\s\S]*\b(INSERT|UPDATE|DELETE)\b)/i;
const COUNTED = /^\s*(INSERT|UPDATE|DELETE|SELECT|MERGE|WITH)\b/i;

/** Plans `start` (an execute) with the uses of the cursor that read its results; false when not converted. */
export function planExecute(planner: Planner, cursor: Cursor, start: MethodUse, results: Use[]): boolean {
  const text = planner.text;
  const { positional, keywords } = callArguments(start.call);
  const queryNode = positional[0] ?? keywords.get('query');
  const params = positional[1] ?? keywords.get('vars');
  const query = resolveQuery(planner, cursor, start.call, queryNode, params);
  if (!query) return false;
  const args = argumentList(query.rewrite, params, text);
  if (args.problems.length > 0) {
    planner.review(start.call, 'AS322', `statement not converted: ${args.problems[0]}`);
    return false;
  }
  const warnings = [...query.rewrite.warnings, ...args.warnings, ...parameterTypeWarnings(planner, params)];
  const review = warnings.length > 0 ? warnings.join('; ') : undefined;
  const write = !!query.rewrite.unknown || WRITE.test(query.rewrite.sql) || /\bFOR\s+(UPDATE|SHARE)\b/i.test(query.rewrite.sql);
  const statement = statementOf(start.call)!;
  const conn = cursor.conn;
  const fetches = results.filter((use): use is Extract<Use, { kind: 'method' | 'iterate' }> => use.kind === 'method' || use.kind === 'iterate');
  const attributes = results.filter((use): use is Extract<Use, { kind: 'attribute' }> => use.kind === 'attribute');
  const rowcounts = attributes.filter((use) => use.name === 'rowcount');
  const descriptions = attributes.filter((use) => use.name === 'description');
  const unread = () => {
    planner.review(start.call, 'AS323', `the results of this execute are read in a way asyncshift does not convert (${results.map((use) => use.kind === 'attribute' ? use.name : use.kind === 'method' ? `${use.method}()` : 'iteration').join(', ')})`);
    return false;
  };
  if (rowcounts.length + descriptions.length < attributes.length || rowcounts.length > 0 && (fetches.length > 0 || descriptions.length > 0)) return unread();
  if (descriptions.length > 0 && fetches.length === 0) return unread();
  const fnBody = cursor.fn.childForFieldName('body')!;
  const builtin = (callee: SyntaxNode) => isBuiltinName(planner.context.root, callee.text);
  if (descriptions.some((use) => !readsColumnNamesOnly(use.node.parent!, fnBody, builtin))) {
    planner.review(start.call, 'AS323', 'cursor.description is read for more than column names (types, sizes, None checks): not converted');
    return false;
  }
  const sizes = new Map<SyntaxNode, string>();
  for (const use of fetches) {
    if (use.kind !== 'method' || use.method !== 'fetchmany') continue;
    const size = fetchmanySize(planner, cursor, use.call, 0);
    if (size === undefined) {
      planner.review(use.call, 'AS323', 'fetchmany() with a size that is not an integer literal or constant: not converted (a negative size read every row in psycopg2)');
      return false;
    }
    sizes.set(use.call, size);
  }
  const record = (node: SyntaxNode) => planner.operations.push({ statement, node, conn, write });
  const unsafe = planner.hasUnsafeCall(args.copied);
  if (fetches.length === 0) {
    // (The query stays where it is, so SQL built by an expression is not copied here.)
    // Runs for its effect (and maybe its rowcount): stays in place.
    const callee = start.call.childForFieldName('function')!;
    const argsNode = start.call.childForFieldName('arguments')!;
    if (unsafe) {
      planner.review(start.call, 'AS322', 'the parameters call functions that may turn async: statement not converted');
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
        planner.review(start.call, 'AS323', 'rowcount of a statement whose status string carries no count: not converted');
        return false;
      }
      const name = freshName(cursor.fn, 'rowcount');
      edits.push(
        { start: start.call.startIndex, end: start.call.startIndex, text: `${name} = int((await `, order: -1 },
        { start: start.call.endIndex, end: start.call.endIndex, text: ').split()[-1])' },
      );
      for (const use of attributes) edits.push({ start: use.node.startIndex, end: use.node.parent!.endIndex, text: name });
      planner.add(start.call, edits, { review });
    } else {
      planner.add(start.call, edits, { call: start.call, review });
    }
    record(start.call);
    return true;
  }
  const alone = statement.type === 'expression_statement' && same(statement.namedChildren[0], start.call);
  if (!alone || unsafe || (query.built && planner.hasUnsafeCall([query.built]))) {
    planner.review(start.call, 'AS323', 'execute and fetch are not adjacent in a shape asyncshift moves safely: not converted');
    return false;
  }
  // psycopg2's cursor `description` comes from the statement, rows or not: asyncpg's prepared statement.
  if (descriptions.some((use) => !siblingAncestor(use.node, statement))) {
    planner.review(start.call, 'AS323', 'cursor.description is read outside the block of its execute (another branch or after a loop): not converted');
    return false;
  }
  const prepared = descriptions.length > 0 ? freshName(cursor.fn, 'stmt') : undefined;
  const fetch = fetches[0];
  const fetchStatement = statementOf(fetch.node)!;
  const between = prepared ? describingStatements(planner, statement, fetchStatement, descriptions, args.copied) : [];
  const once = fetches.length === 1 && !!between && same(nextStatement(between.at(-1) ?? statement), fetchStatement) && evaluatedOnce(fetch.node, fetchStatement);
  const edits: Edit[] = [];
  const imports: { module: string }[] = [];
  let reviewText = review;
  if (cursor.namedTuples) {
    const fields = once ? namedTupleFields(fetch, fetchStatement, cursor.fn) : undefined;
    if (fields) edits.push(...fields);
    else reviewText = [review, NAMED_TUPLE_REVIEW].filter(Boolean).join('; ');
  }
  const argsInside = args.text.replace(/^, /, '');
  const target = (method: string) => prepared ? `${prepared}.${method}(${argsInside})` : `${conn}.${method}(${query.queryText}${args.text})`;
  if (prepared) {
    // `cur.execute(q, p)` → `stmt = await conn.prepare(q2)`; the fetch runs the statement with the arguments.
    edits.push(...replaceExecuteCall(start.call, queryNode!, query, `${prepared} = await ${conn}.prepare`, ')'));
    for (const use of descriptions) edits.push({ start: use.node.startIndex, end: use.node.parent!.endIndex, text: `${prepared}.get_attributes()` });
  }
  const rowName = freshName(cursor.fn, '_row');
  if (once) {
    if (!prepared) {
      const removal = planner.deleteStatement(statement);
      if (!removal) {
        planner.review(start.call, 'AS323', 'execute and fetch are not adjacent in a shape asyncshift moves safely: not converted');
        return false;
      }
      edits.push(removal, ...query.extraEdits);
    }
    if (fetch.kind === 'iterate') {
      const fetched = `await ${target('fetch')}`;
      edits.push({ start: fetch.node.startIndex, end: fetch.node.endIndex, text: cursor.dictRows ? dictRowList(fetched, rowName) : fetched });
      planner.add(fetch.node, edits, { review: reviewText });
    } else if (fetch.kind === 'method' && fetch.method === 'fetchmany') {
      // psycopg2's client-side cursor read every row at execute: the first n of them, as a list.
      const fetched = `(await ${target('fetch')})[:${sizes.get(fetch.call)}]`;
      edits.push({ start: fetch.call.startIndex, end: fetch.call.endIndex, text: cursor.dictRows ? dictRowList(fetched, rowName) : fetched });
      planner.add(fetch.call, edits, { review: reviewText });
    } else if (fetch.kind === 'method') {
      const method = fetch.method === 'fetchall' ? 'fetch' : 'fetchrow';
      if (cursor.dictRows) {
        const fetched = `await ${target(method)}`;
        edits.push({
          start: fetch.call.startIndex,
          end: fetch.call.endIndex,
          text: method === 'fetch' ? dictRowList(fetched, rowName) : dictRowOrNone(fetched, rowName),
        });
        planner.add(fetch.call, edits, { review: reviewText });
      } else {
        edits.push({ start: fetch.call.startIndex, end: fetch.call.endIndex, text: target(method) });
        planner.add(fetch.call, edits, { call: fetch.call, review: reviewText });
      }
    }
    record(prepared ? start.call : fetch.node);
    return true;
  }
  // Read in several fetches, in a loop or further on: psycopg2's client-side cursor held every row
  // from the execute on, so the rows are fetched there and the fetches read on from an iterator.
  // Every read must follow the execute in its block, so the iterator is bound on every path to it.
  if (fetches.some((use) => !siblingAncestor(use.node, statement))) {
    planner.review(start.call, 'AS323', 'the results of this execute are read outside its block (another branch or after a loop): not converted');
    return false;
  }
  const rows = cursor.bindingKind === 'parameter' ? freshName(cursor.fn, `${cursor.name}_rows`) : cursor.name;
  const iterator = (fetched: string) => rowIterator(fetched, cursor.dictRows);
  if (prepared) edits.push(planner.lineAfter(statement, `${rows} = ${iterator(`await ${target('fetch')}`)}`));
  else edits.push(...replaceExecuteCall(start.call, queryNode!, query, `${rows} = ${iterator(`await ${conn}.fetch`).slice(0, -1)}`, `${args.text}))`));
  for (const use of fetches) {
    if (use.kind === 'iterate') {
      if (rows !== cursor.name) edits.push({ start: use.node.startIndex, end: use.node.endIndex, text: rows });
      continue;
    }
    const read = use.method === 'fetchmany' ? `list(itertools.islice(${rows}, ${sizes.get(use.call)}))` : use.method === 'fetchall' ? `list(${rows})` : `next(${rows}, None)`;
    if (use.method === 'fetchmany') imports.push({ module: 'itertools' });
    edits.push({ start: use.call.startIndex, end: use.call.endIndex, text: read });
  }
  planner.add(start.call, edits, { imports, review: reviewText });
  record(start.call);
  return true;
}

/**
 * The statements between the execute and its fetch when each only reads column names from the
 * description (evaluated in place, the statement runs later): none that could change an argument.
 * Undefined when some statement in between does anything else.
 */
function describingStatements(planner: Planner, execute: SyntaxNode, fetchStatement: SyntaxNode, descriptions: Use[], copied: SyntaxNode[]): SyntaxNode[] | undefined {
  const between: SyntaxNode[] = [];
  const argumentNames = new Set(copied.flatMap((node) => [node, ...node.descendantsOfType('identifier')]).filter((node) => node.type === 'identifier').map((node) => node.text));
  for (let next = nextStatement(execute); next && !same(next, fetchStatement); next = nextStatement(next)) {
    if (!descriptions.some((use) => isInside(use.node, next!)) || planner.hasUnsafeCall([next])) return undefined;
    const assigned = ownDescendants(next, ['assignment', 'augmented_assignment', 'named_expression']).flatMap((node) => (node.childForFieldName('left') ?? node.childForFieldName('name'))?.descendantsOfType('identifier') ?? []);
    if ([next, ...assigned].some((node) => node.type === 'identifier' && argumentNames.has(node.text)) || assigned.some((node) => argumentNames.has(node.text))) return undefined;
    between.push(next);
  }
  return between;
}

/** `name` is only ever called in the module, never defined, assigned, imported or passed: the builtin. */
function isBuiltinName(root: SyntaxNode, name: string): boolean {
  return root.descendantsOfType('identifier').every((identifier) => identifier.text !== name
    || identifier.parent?.type === 'call' && same(identifier.parent.childForFieldName('function'), identifier)
    || identifier.parent?.type === 'attribute' && same(identifier.parent.childForFieldName('attribute'), identifier));
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
