import type { Span } from '../../src/analyze/model.js';
import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Edit } from '../../src/plan/edits.js';
import type { TransformContext } from '../define-transform.js';
import { bindings, certainlyBound, certainlyBoundIn, declaredOutside, freeName, inNestedScope, parameterNames, variableMentions } from './block-names.js';
import { enclosingFunction } from '../../src/parse/enclosing-nodes.js';

export { enclosingFunction };

/**
 * Code moved whole into a nested sync function run by `asyncio.to_thread`: a `with` block (a file
 * that goes where no async form exists, an archive, a database session), or a run of sibling
 * statements (`conn = sqlite3.connect(p)` … `conn.close()`).
 *
 *     with open(path) as f:                    def _with_block_5():
 *         tree = parse(f)              →           with open(path) as f:
 *     return tree.root                                 tree = parse(f)
 *                                                  return tree
 *                                              tree = await asyncio.to_thread(_with_block_5)
 *                                              return tree.root
 *
 * Names the block binds keep reaching the same variables: one also bound elsewhere in the function
 * is declared `nonlocal` in the helper; one bound only in the block and used after it is returned
 * and unpacked (it must be bound on every path through the block). A `return` in the block returns
 * through the helper. Anything whose meaning would change in a nested function refuses the bridge:
 * `yield`, `await`, `global`/`nonlocal`, `break`/`continue` aimed at a loop outside the block,
 * definitions, `super()`, `locals()`, a `match`, tab indentation, and a sqlite3 connection made
 * outside the block (it refuses use from another thread).
 */

/** Only names that look the other way in a nested function. */
const SCOPE_SENSITIVE = new Set(['super', '__class__', 'locals', 'vars', 'exec', 'eval']);
const REFUSED_NODES: Record<string, string> = {
  function_definition: 'defines a function',
  class_definition: 'defines a class',
  match_statement: 'has a match statement',
  global_statement: 'declares a global',
  nonlocal_statement: 'declares a nonlocal',
  yield: 'yields',
  await: 'awaits',
};

export type BlockBridge =
  /** `outflow`: names returned from the helper; `shared`: names it declares nonlocal. */
  | { edits: Edit[]; outflow: string[]; shared: string[] }
  | { refused: string };

/** `otherBlocks`: the other blocks of the module that may move into helpers of their own. */
export function bridgeWithBlock(context: TransformContext, statement: SyntaxNode, otherBlocks: readonly Span[]): BlockBridge {
  return bridgeStatements(context, [statement], otherBlocks, '_with_block');
}

/**
 * `statements`: one statement, or consecutive siblings in one block. The helper is named
 * `<helperBase>_<line>`, or the first free variant of it.
 */
export function bridgeStatements(context: TransformContext, statements: readonly SyntaxNode[], otherBlocks: readonly Span[], helperBase: string): BlockBridge {
  const refuse = (reason: string): BlockBridge => ({ refused: `the block cannot run in a thread: it ${reason}` });
  const first = statements[0];
  const last = statements[statements.length - 1];
  const region: Span = { start: first.startIndex, end: last.endIndex };
  const fn = enclosingFunction(first);
  if (!fn) return refuse('is not inside a function');
  const text = context.source.text;
  const lineStart = context.source.lineStartOf(first.startIndex);
  const indent = text.slice(lineStart, first.startIndex);
  if (!/^ *$/.test(indent) || /\n[ ]*\t/.test(text.slice(region.start, region.end))) return refuse('is indented with tabs');

  const descendants = (types: string | string[]) => statements.flatMap((node) => node.descendantsOfType(types));
  const refused = descendants(Object.keys(REFUSED_NODES))[0];
  if (refused) return refuse(REFUSED_NODES[refused.type]);
  if (descendants('async').length > 0) return refuse('uses async for or async with');
  const mentions = statements.flatMap((node) => variableMentions(node));
  const sensitive = mentions.find((node) => SCOPE_SENSITIVE.has(node.text));
  if (sensitive) return refuse(`uses ${sensitive.text}, which means something else in a nested function`);
  const ownStatement = (node: SyntaxNode) => statements.find((statement) => statement.startIndex <= node.startIndex && node.endIndex <= statement.endIndex)!;
  const jump = descendants(['break_statement', 'continue_statement']).find((node) => !loopInside(node, ownStatement(node)));
  if (jump) return refuse(`has a ${jump.text} for a loop outside the block`);
  if (threadBoundFromOutside(context, region)) return refuse('uses a sqlite3 connection made outside the block, which refuses use from another thread');

  const body = fn.childForFieldName('body')!;
  const narrowed = narrowedBefore(body, region.start);
  const lost = descendants(['attribute', 'subscript']).find((node) => narrowed.has(node.text));
  if (lost) return refuse(`reads \`${lost.text}\`, which a condition before it narrows: a type checker does not carry that narrowing into a nested function`);
  const returns = descendants('return_statement');
  if (returns.length > 0 && fn.descendantsOfType('yield').some((node) => !inNestedScope(node, body))) return refuse('returns from a generator');

  // Names: shared with the rest of the function (nonlocal), flowing out (returned and unpacked), or
  // the helper's own. `nonlocal` needs a binding that stays in the function: not one in another
  // block, which may move into a helper of its own.
  const inBlock = (node: SyntaxNode) => node.startIndex >= region.start && node.endIndex <= region.end;
  const inOtherBlock = (node: SyntaxNode) => otherBlocks.some((block) => block.start <= node.startIndex && node.endIndex <= block.end);
  const blockBindings = statements.flatMap((node) => bindings(node));
  const bound = unique(blockBindings.map((node) => node.text));
  const declared = declaredOutside(body);
  const clash = bound.find((name) => declared.has(name));
  if (clash) return refuse(`binds \`${clash}\`, which the function declares global or nonlocal`);
  const staysBound = new Set([...parameterNames(fn), ...bindings(body).filter((node) => !inBlock(node) && !inOtherBlock(node)).map((node) => node.text)]);
  const outside = variableMentions(fn).filter((node) => !inBlock(node));
  // `f` reused by `with open(q) as f:` elsewhere never sees this block's `f`.
  const flows = (name: string) => outside.some((node) => node.text === name && !rebindsBeforeUse(node));
  const shared = bound.filter((name) => staysBound.has(name) && flows(name));
  const outflow = bound.filter((name) => !staysBound.has(name) && flows(name));
  const certain = certainlyBoundBy(statements);
  const uncertain = outflow.find((name) => !certain.has(name));
  if (uncertain) return refuse(`binds \`${uncertain}\` only on some paths and the code after the block reads it`);
  const deleted = descendants('delete_statement').flatMap((node) => node.descendantsOfType('identifier')).find((node) => outflow.includes(node.text));
  if (deleted) return refuse(`deletes \`${deleted.text}\`, which the code after the block reads`);
  const readFirst = bound.find((name) => !shared.includes(name) && readBeforeBound(name, region, mentions, blockBindings));
  if (readFirst) return refuse(`reads \`${readFirst}\` before binding it, so it needs the value from outside the block`);

  const helper = freeName(`${helperBase}_${first.startPosition.row + 1}`, text);
  const inner = `${indent}    `;
  const edits: Edit[] = [];
  const declarations = shared.length > 0 ? `nonlocal ${shared.join(', ')}\n${inner}` : '';
  edits.push({ start: region.start, end: region.start, text: `def ${helper}():\n${inner}${declarations}`, order: -10 });
  for (const start of bodyLineStarts(text, region, descendants('string'))) edits.push({ start, end: start, text: '    ', order: -10 });

  const call = `await asyncio.to_thread(${helper})`;
  const values = outflow.length === 1 ? outflow[0] : `(${outflow.join(', ')})`;
  let tail: string;
  if (returns.length === 0) {
    tail = outflow.length === 0 ? `\n${indent}${call}` : `\n${inner}return ${outflow.join(', ')}\n${indent}${outflow.join(', ')} = ${call}`;
  } else if (outflow.length === 0 && (isLastStatement(last, body) || endsInReturn(last))) {
    // Falling off the helper returns None, as falling off the function did; or nothing falls off it
    // (`with open(p) as f: return f.read()`): no flag to say whether it returned, which a type
    // checker would read as "the result may be None".
    tail = `\n${indent}return ${call}`;
  } else {
    // The helper says whether the block returned, and with what.
    const returned = freeName('_returned', text);
    const result = freeName('_result', text);
    for (const node of returns) edits.push(...returnThrough(node));
    tail = `\n${inner}return False, ${outflow.length === 0 ? 'None' : values}`
      + `\n${indent}${returned}, ${result} = ${call}\n${indent}if ${returned}:\n${indent}    return ${result}`
      + (outflow.length === 0 ? '' : `\n${indent}${outflow.join(', ')} = ${result}`);
  }
  const end = statementEnd(text, last);
  edits.push({ start: end, end, text: tail, order: 90 });
  return { edits, outflow, shared };
}

/** Names bound on every path through the statements (a with statement's own `as` targets included). */
function certainlyBoundBy(statements: readonly SyntaxNode[]): Set<string> {
  if (statements.length === 1 && statements[0].type === 'with_statement') {
    const certain = certainlyBound(statements[0].childForFieldName('body')!);
    for (const target of clauseTargets(statements[0])) certain.add(target);
    return certain;
  }
  return certainlyBoundIn(statements);
}

/** Every path through the statement that does not raise ends in a `return` (`with open(p) as f: ... return x`). */
function endsInReturn(statement: SyntaxNode): boolean {
  if (statement.type === 'return_statement') return true;
  if (statement.type !== 'with_statement') return false;
  const inner = statement.childForFieldName('body')?.namedChildren.filter((node) => node.type !== 'comment').at(-1);
  return !!inner && endsInReturn(inner);
}

/** `return x` → `return True, x`; `return a, b` → `return True, (a, b)`; `return` → `return True, None`. */
function returnThrough(node: SyntaxNode): Edit[] {
  const value = node.namedChildren.find((child) => child.type !== 'comment');
  if (!value) return [{ start: node.endIndex, end: node.endIndex, text: ' True, None' }];
  if (value.type !== 'expression_list') return [{ start: value.startIndex, end: value.startIndex, text: 'True, ', order: 5 }];
  return [
    { start: value.startIndex, end: value.startIndex, text: 'True, (', order: 5 },
    { start: value.endIndex, end: value.endIndex, text: ')', order: 95 },
  ];
}

/** Whether the block reads `name` before (or while) it first binds it: `n += 1`, `x = x + 1`, `if seen: ...` first. */
function readBeforeBound(name: string, region: Span, mentions: readonly SyntaxNode[], blockBindings: readonly SyntaxNode[]): boolean {
  const first = blockBindings.filter((node) => node.text === name).sort((a, b) => a.startIndex - b.startIndex)[0];
  let boundAt = first.endIndex;
  for (let current = first.parent; current && current.startIndex >= region.start; current = current.parent) {
    if (current.type === 'augmented_assignment' || current.type === 'assignment') boundAt = current.endIndex;
    if (current.type === 'expression_statement') break;
  }
  if (first.parent?.type === 'augmented_assignment') return true;
  return mentions.some((node) => node.text === name && node.startIndex < boundAt && !blockBindings.some((binding) => binding.startIndex === node.startIndex));
}

/** Whether `mention` is the `as` target of a with statement, or inside the body of one that binds its name. */
function rebindsBeforeUse(mention: SyntaxNode): boolean {
  let child = mention;
  for (let current = mention.parent; current; child = current, current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'lambda') return false;
    if (current.type !== 'with_statement') continue;
    const inBody = current.childForFieldName('body')?.startIndex === child.startIndex;
    const isTarget = mention.parent?.type === 'as_pattern_target' && child.type === 'with_clause';
    if ((inBody || isTarget) && clauseTargets(current).includes(mention.text)) return true;
  }
  return false;
}

/** The names `as` binds in the with clause itself. */
function clauseTargets(statement: SyntaxNode): string[] {
  const clause = statement.namedChildren.find((child) => child.type === 'with_clause');
  return (clause?.descendantsOfType('as_pattern_target') ?? []).flatMap((target) => target.descendantsOfType('identifier').map((node) => node.text));
}

/** Starts of the lines after the first that hold code, not the inside of a multi-line string. */
function bodyLineStarts(text: string, region: Span, stringNodes: readonly SyntaxNode[]): number[] {
  const strings = stringNodes.filter((node) => node.startPosition.row !== node.endPosition.row);
  const starts: number[] = [];
  for (let index = text.indexOf('\n', region.start); index !== -1 && index < region.end; index = text.indexOf('\n', index + 1)) {
    const start = index + 1;
    const lineEnd = text.indexOf('\n', start);
    const line = text.slice(start, lineEnd === -1 ? text.length : lineEnd);
    if (/^\s*$/.test(line)) continue;
    if (strings.some((node) => node.startIndex < start && start < node.endIndex)) continue;
    starts.push(start);
  }
  return starts;
}

/** Where code after a statement goes: the end of its last line when only a comment follows. */
export function statementEnd(text: string, statement: SyntaxNode): number {
  const lineEnd = text.indexOf('\n', statement.endIndex);
  const stop = lineEnd === -1 ? text.length : lineEnd;
  const rest = text.slice(statement.endIndex, stop);
  if (/^\s*(#.*)?$/.test(rest.replace(/\r$/, ''))) return /\r$/.test(rest) ? stop - 1 : stop;
  return statement.endIndex;
}

/** Whether a break/continue targets a loop that is itself inside `statement` (not a loop's else). */
export function loopInside(jump: SyntaxNode, statement: SyntaxNode): boolean {
  let child = jump;
  for (let current = jump.parent; current && current.startIndex >= statement.startIndex; child = current, current = current.parent) {
    if (current.startIndex === statement.startIndex && current.endIndex === statement.endIndex) return false;
    const loopBody = current.childForFieldName('body');
    if ((current.type === 'for_statement' || current.type === 'while_statement') && loopBody && loopBody.startIndex === child.startIndex) return true;
  }
  return false;
}

function threadBoundFromOutside(context: TransformContext, region: Span): boolean {
  const inside = context.calls.filter((call) => call.node.startIndex >= region.start && call.node.endIndex <= region.end);
  return inside.some((call) => /^sqlite3\.(connect|Connection)\(\)\./.test(call.qualifiedName ?? ''))
    && !inside.some((call) => call.qualifiedName === 'sqlite3.connect' || call.qualifiedName === 'sqlite3.Connection');
}

function isLastStatement(statement: SyntaxNode, body: SyntaxNode): boolean {
  if (statement.parent?.startIndex !== body.startIndex || statement.parent.endIndex !== body.endIndex) return false;
  const rest = body.namedChildren.filter((child) => child.startIndex > statement.startIndex && child.type !== 'comment');
  return rest.length === 0;
}

/** The function a node is in, or undefined at module level, in a class body or in a lambda. */
/**
 * Attribute and subscript expressions tested by a condition before `before` in the function
 * (`if self.output_file:`, `assert self.conn is not None`, an early `if not x.y: return`). Type
 * checkers narrow such expressions only in the function itself, not in a nested one.
 */
function narrowedBefore(body: SyntaxNode, before: number): Set<string> {
  const conditions = body.descendantsOfType(['if_statement', 'elif_clause', 'while_statement', 'assert_statement'])
    .filter((statement) => statement.startIndex < before)
    .flatMap((statement) => statement.type === 'assert_statement' ? statement.namedChildren : [statement.childForFieldName('condition')])
    .filter((condition): condition is SyntaxNode => !!condition && condition.endIndex <= before);
  return new Set(conditions.flatMap((condition) => [condition, ...condition.descendantsOfType(['attribute', 'subscript'])]).map((node) => node.text));
}


function unique(names: string[]): string[] {
  return [...new Set(names)];
}
