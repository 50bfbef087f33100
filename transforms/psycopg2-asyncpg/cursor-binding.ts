import type { Edit } from '../../src/plan/edits.js';
import type { Cursor } from './cursor-dataflow.js';
import type { Planner } from './planner.js';
import { callArguments, indentAt, innerLineStarts, isBlankLine, lineStart } from './syntax.js';

/**
 * The end of a cursor's planning: once every use is converted its binding goes (`cur =
 * conn.cursor()` deleted, `with conn.cursor() as cur:` unwrapped, a `cur: cursor` annotation retyped
 * to `asyncpg.Connection`); otherwise its function keeps all its psycopg2 code.
 */

export function removeCursorBinding(planner: Planner, cursor: Cursor): void {
  const { binding, bindingKind } = cursor;
  const text = planner.text;
  if (!binding) return;
  if (bindingKind === 'parameter') {
    const inner = binding.namedChildren[0] ?? binding;
    planner.add(binding, [{ start: inner.startIndex, end: inner.endIndex, text: 'asyncpg.Connection' }], { imports: [{ module: 'asyncpg' }], releases: [inner.text.split('.')[0]], seed: false });
    return;
  }
  const factory = callArguments(binding.descendantsOfType('call').find((call) => /\.cursor$/.test(call.childForFieldName('function')!.text))!).keywords.get('cursor_factory');
  const releases = factory ? [factory.text.split('.')[0]] : undefined;
  if (bindingKind === 'assigned') {
    const removal = planner.deleteStatement(binding);
    if (removal) planner.add(binding, [removal], { releases });
    return;
  }
  // `with conn.cursor() as cur:` → the body, one level out.
  const body = binding.childForFieldName('body')!;
  const headerStart = lineStart(text, binding.startIndex);
  const bodyStart = lineStart(text, body.startIndex);
  const dedent = indentAt(text, body.startIndex).length - indentAt(text, binding.startIndex).length;
  if (bodyStart <= headerStart || dedent <= 0 || text.slice(headerStart, bodyStart).split('\n').length !== 2) {
    planner.review(binding, 'AS320', 'a `with conn.cursor()` header asyncshift cannot remove: the psycopg2 code of this function is left as it was');
    planner.keepFunction(cursor.fn);
    return;
  }
  const header: Edit = { start: headerStart, end: bodyStart, text: '' };
  planner.markDeleted(header);
  const edits: Edit[] = [header];
  for (const start of innerLineStarts(text, body, true)) {
    if (isBlankLine(text, start) || planner.isDeletedLine(start) || !/^\s+$/.test(text.slice(start, start + dedent))) continue;
    if (planner.overlapsReplacement(start, start + dedent)) continue; // a continuation line a statement rewrite replaces
    edits.push({ start, end: start + dedent, text: '' });
  }
  planner.add(binding, edits, { releases });
  planner.cursorBlocks.push(binding);
}

/** Some use of this cursor is not converted: its function keeps all its psycopg2 code. */
export function keepCursorFunction(planner: Planner, cursor: Cursor, why: string): void {
  const parameters = cursor.fn.childForFieldName('parameters')!.namedChildren.map((p) => (p.type === 'identifier' ? p : p.childForFieldName('name') ?? p.namedChildren[0])?.text);
  const passedIn = parameters.includes(cursor.conn.split('.')[0]);
  planner.review(cursor.binding ?? cursor.fn, 'AS321', `${why}: the psycopg2 code of this function is left as it was${passedIn ? `; it receives ${cursor.conn} from its callers, which must keep passing a psycopg2 connection` : ''}`);
  planner.keepFunction(cursor.fn);
}
