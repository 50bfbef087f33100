import type { SyntaxNode } from '../parse/parse-python.js';
import type { SourceText } from '../parse/source-text.js';
import { span } from './call-usage.js';
import type { ModuleIndex } from './model.js';
import { insideString } from './syntax-facts.js';

/**
 * Statements whose shape matters once their parts turn async: `with a, b:` (split when only some
 * items turn async) and what guards an iteration with `except StopIteration` / `pytest.raises`.
 */
export function readWithStatement(node: SyntaxNode, root: SyntaxNode, source: SourceText, index: ModuleIndex): void {
  const clause = node.namedChildren.find((child) => child.type === 'with_clause');
  const items = clause?.namedChildren.filter((child) => child.type === 'with_item') ?? [];
  const body = node.childForFieldName('body');
  if (body) {
    for (const item of items) {
      const value = item.childForFieldName('value');
      const expression = value?.type === 'as_pattern' ? value.namedChildren[0] : value;
      if (expression?.type === 'call' && /(^|\.)raises$/.test(expression.childForFieldName('function')?.text ?? '')) {
        const first = expression.childForFieldName('arguments')?.namedChildren[0];
        if (first?.type === 'identifier' && first.text === 'StopIteration') index.stopIterationGuards.push({ name: span(first), guarded: span(body) });
      }
    }
  }
  if (items.length < 2 || !body) return;
      const bodyLineStarts: number[] = [];
  const firstLine = source.lineStartOf(body.startIndex);
  if (firstLine > node.startIndex) {
    for (let lineStart = firstLine; lineStart < body.endIndex; lineStart = source.lineEndAfter(lineStart)) {
      const lineText = source.text.slice(lineStart, source.lineEndAfter(lineStart));
      if (lineText.trim() === '') continue;
      if (insideString(root.descendantForIndex(lineStart, lineStart), lineStart)) continue;
      bodyLineStarts.push(lineStart);
    }
  }
  index.withStatements.push({
    withKeyword: node.startIndex,
    items: items.map(span),
    indent: source.indentationAt(node.startIndex),
    bodyLineStarts,
  });
}

export function readStopIterationGuards(node: SyntaxNode, index: ModuleIndex): void {
  const body = node.childForFieldName('body');
  if (!body) return;
  for (const clause of node.namedChildren.filter((child) => child.type === 'except_clause')) {
    const caught = clause.namedChildren[0];
    const names = caught?.type === 'tuple' ? caught.namedChildren : caught ? [caught.type === 'as_pattern' ? caught.namedChildren[0] : caught] : [];
    for (const name of names) {
      if (name?.type === 'identifier' && name.text === 'StopIteration') index.stopIterationGuards.push({ name: span(name), guarded: span(body) });
    }
  }
}

