import type { SyntaxNode } from '../../parse/parse-python.js';
import type { Finding, SelfCheckRule } from '../self-check.js';

/**
 * An `await` the migration wrote inside a generator expression. It makes the expression an async
 * generator: `any()`, `sum()`, `list()` and a plain `for` raise TypeError on it. Undo: drop the
 * conversion and keep the function sync, else leave the module unchanged.
 */
export const awaitInGenerator: SelfCheckRule = {
  id: 'await-in-generator',
  doc: {
    what: 'an await the migration wrote inside a generator expression',
    why: 'the expression becomes an async generator, which sync consumers and a plain for cannot iterate',
  },
  check(output) {
    const findings: Finding[] = [];
    for (const { module, node, line } of output.writtenAwaits()) {
      if (!insideGenerator(node)) continue;
      findings.push({
        rule: this.id, module: module.index.module, file: module.input.relativePath, line,
        message: `${module.input.relativePath}:${line} awaits \`${node.namedChildren[0]!.text.slice(0, 60)}\` inside a generator expression, which makes it an async generator`,
        undo: output.undoAwait(module, node),
      });
    }
    return findings;
  },
};

/**
 * Whether the nearest scope around `node` is a generator expression (not a function or lambda). The
 * iterable of its first `for` is evaluated at once in the enclosing scope (`sorted(t for t in await
 * search())`), so an await there belongs to that scope.
 */
function insideGenerator(node: SyntaxNode): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === 'generator_expression' && !inFirstIterable(parent, node)) return true;
    if (parent.type === 'function_definition' || parent.type === 'lambda' || parent.type === 'class_definition') return false;
  }
  return false;
}

function inFirstIterable(generator: SyntaxNode, node: SyntaxNode): boolean {
  const iterable = generator.namedChildren.find((part) => part.type === 'for_in_clause')?.childForFieldName('right');
  return !!iterable && iterable.startIndex <= node.startIndex && node.endIndex <= iterable.endIndex;
}
