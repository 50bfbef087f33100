import { describe, expect, it } from 'vitest';
import { EnclosingNodes } from '../src/parse/enclosing-nodes.js';
import { parsePython, type SyntaxNode } from '../src/parse/parse-python.js';

/** Every node of the tree, parents before children. */
function everyNode(root: SyntaxNode): SyntaxNode[] {
  const nodes: SyntaxNode[] = [];
  const pending = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    nodes.push(node);
    pending.push(...node.children);
  }
  return nodes;
}

function walkingUp(node: SyntaxNode, types: readonly string[]): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (let current = node.parent; current; current = current.parent) if (types.includes(current.type)) found.push(current);
  return found;
}

const key = (node: SyntaxNode | undefined) => node ? `${node.type}@${node.startIndex}-${node.endIndex}` : 'none';

describe('EnclosingNodes', () => {
  // Nested and adjacent definitions, lambdas in defaults and bodies, decorators, a method ending where
  // its class ends, a class inside a function, and code between definitions.
  const source = [
    'import functools',
    '',
    '@functools.cache',
    'def outer(a, b=lambda x: x + 1):',
    '    def inner(c=lambda: (lambda: 2)):',
    '        class Local:',
    '            def method(self):',
    '                return [lambda y: y for _ in range(3)]',
    '        return Local',
    '    key = sorted([3, 1], key=lambda v: -v)',
    '    return inner',
    '',
    'value = outer(1)',
    '',
    'class Service:',
    '    handler = staticmethod(lambda event: event)',
    '',
    '    @property',
    '    def name(self):',
    '        def helper(): return self',
    '        return helper()',
    '    def last(self):',
    '        return lambda: (yield)',
    '',
  ].join('\n');
  const tree = parsePython(source);
  const enclosing = new EnclosingNodes(tree.rootNode);
  const nodes = everyNode(tree.rootNode);

  it('finds the innermost function, lambda or class around every node, as walking up its parents does', () => {
    for (const node of nodes) {
      expect(key(enclosing.innermost(node)), key(node)).toBe(key(walkingUp(node, ['function_definition', 'lambda', 'class_definition'])[0]));
    }
  });

  it('finds the function definitions around every node, outermost first', () => {
    for (const node of nodes) {
      const chain = walkingUp(node, ['function_definition']).reverse();
      expect(enclosing.functionsAround(node).map(key), key(node)).toEqual(chain.map(key));
      expect(key(enclosing.functionAround(node)), key(node)).toBe(key(chain.at(-1)));
    }
  });

  it('never answers a node with itself', () => {
    const lambda = tree.rootNode.descendantsOfType('lambda')[0];
    expect(key(enclosing.innermost(lambda))).toBe(key(tree.rootNode.descendantsOfType('function_definition')[0]));
  });
});
