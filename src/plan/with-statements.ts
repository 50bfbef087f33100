import type { Span, WithStatement } from '../analyze/model.js';
import { asyncKeyword } from './call-rewrites.js';
import type { Edit } from './edits.js';

/**
 * `async with` needs every item async. When only some items of `with a, b:` turned async, the
 * statement is split in order — `with a:` then `async with b:` — and the body moves one level in
 * per split. `asyncItems` maps each `with` keyword to the items that turned async.
 */
export function asyncWithEdits(asyncItems: ReadonlyMap<number, Span[]>, statements: readonly WithStatement[]): Edit[] {
  const edits: Edit[] = [];
  for (const [withKeyword, items] of asyncItems) {
    const statement = statements.find((candidate) => candidate.withKeyword === withKeyword);
    const isAsync = (item: Span) => items.some((candidate) => candidate.start === item.start);
    if (!statement || statement.items.every(isAsync)) {
      edits.push(asyncKeyword(withKeyword));
      continue;
    }
    if (isAsync(statement.items[0])) edits.push(asyncKeyword(withKeyword));
    let depth = 0;
    for (let i = 1; i < statement.items.length; i++) {
      if (isAsync(statement.items[i]) === isAsync(statement.items[i - 1])) continue;
      depth++;
      const keyword = isAsync(statement.items[i]) ? 'async with' : 'with';
      edits.push({ start: statement.items[i - 1].end, end: statement.items[i].start, text: `:\n${statement.indent}${'    '.repeat(depth)}${keyword} ` });
    }
    for (const lineStart of statement.bodyLineStarts) edits.push({ start: lineStart, end: lineStart, text: '    '.repeat(depth), order: -5 });
  }
  return edits;
}
