import fs from 'node:fs';
import path from 'node:path';
import type Parser from 'tree-sitter';
import { describe, expect, it } from 'vitest';
import { flattenTree, GrammarNames, type SyntaxNode } from '../src/parse/flat-tree.js';
import { nativePythonParser } from '../src/parse/native-parser.js';

/**
 * The engine reads trees copied out of tree-sitter (flat-tree.ts): every node property it reads must
 * be what the binding's own node says, on real files and on broken ones.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const FIELDS = ['alias', 'alternative', 'argument', 'arguments', 'attribute', 'body', 'cause', 'code', 'condition', 'consequence', 'definition', 'function', 'key', 'left', 'module_name', 'name', 'object', 'operator', 'parameters', 'return_type', 'right', 'subscript', 'superclasses', 'type', 'value', 'no_such_field'];
const native = nativePythonParser();

type NativeNode = Parser.SyntaxNode;

const span = (node: { startIndex: number; endIndex: number; type: string } | null | undefined) => node ? `${node.type}@${node.startIndex}-${node.endIndex}` : null;
const spans = (nodes: readonly { startIndex: number; endIndex: number; type: string }[]) => nodes.map(span);

/** Every difference between the binding's node and the copy's, over the whole subtree. */
function differences(expected: NativeNode, actual: SyntaxNode, text: string): string[] {
  const found: string[] = [];
  const pending: [NativeNode, SyntaxNode][] = [[expected, actual]];
  const check = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) found.push(`${span(expected)} ${what}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`);
  };
  for (let pair = pending.pop(); pair && found.length < 20; pair = pending.pop()) {
    const [want, got] = pair;
    check('node', span(want), span(got));
    check('isNamed', want.isNamed, got.isNamed);
    check('text', want.text, got.text);
    check('rows', [want.startPosition.row, want.endPosition.row], [got.startPosition.row, got.endPosition.row]);
    check('hasError', want.hasError, got.hasError);
    check('isMissing', want.isMissing, got.isMissing);
    check('parent', span(want.parent), span(got.parent));
    check('children', spans(want.children), spans(got.children));
    check('namedChildren', spans(want.namedChildren), spans(got.namedChildren));
    check('namedChildCount', want.namedChildCount, got.namedChildCount);
    check('firstNamedChild', span(want.firstNamedChild), span(got.firstNamedChild));
    check('lastNamedChild', span(want.lastNamedChild), span(got.lastNamedChild));
    check('nextNamedSibling', span(want.nextNamedSibling), span(got.nextNamedSibling));
    check('previousSibling', span(want.previousSibling), span(got.previousSibling));
    check('previousNamedSibling', span(want.previousNamedSibling), span(got.previousNamedSibling));
    for (const field of FIELDS) {
      check(`field ${field}`, span(want.childForFieldName(field)), span(got.childForFieldName(field)));
      check(`fields ${field}`, spans(want.childrenForFieldName(field)), spans(got.childrenForFieldName(field)));
    }
    if (want.namedChildCount > 0) {
      check('descendantsOfType', spans(want.descendantsOfType(['call', 'identifier', 'string', want.type])), spans(got.descendantsOfType(['call', 'identifier', 'string', got.type])));
      for (const index of [want.startIndex, want.endIndex, (want.startIndex + want.endIndex) >> 1, want.startIndex + 1]) {
        if (index <= text.length) check(`descendantForIndex ${index}`, span(want.descendantForIndex(index, index)), span(got.descendantForIndex(index)));
      }
    }
    const children = want.children;
    const copies = got.children;
    if (children.length === copies.length) for (let i = 0; i < children.length; i++) pending.push([children[i], copies[i]]);
  }
  return found;
}

function cursorTrail(cursor: { nodeType: string; startIndex: number; gotoFirstChild(): boolean; gotoNextSibling(): boolean; gotoParent(): boolean }): string[] {
  const trail: string[] = [];
  for (let depth = 0; ;) {
    trail.push(`${depth}:${cursor.nodeType}@${cursor.startIndex}`);
    if (cursor.gotoFirstChild()) { depth++; continue; }
    while (!cursor.gotoNextSibling()) {
      if (depth === 0 || !cursor.gotoParent()) return trail;
      depth--;
    }
  }
}

function compare(text: string): string[] {
  const copy = flattenTree(native.parse(text), text, new GrammarNames());
  const tree = native.parse(text) as unknown as Parser.Tree;
  return differences(tree.rootNode, copy.rootNode, text);
}

describe('a tree copied out of tree-sitter', () => {
  it('reads as the binding does, node by node, on every sample repository file', () => {
    const files = fs.readdirSync(path.join(ROOT, 'snapshots'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.py'));
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) expect(compare(fs.readFileSync(path.join(ROOT, 'snapshots', file), 'utf8')), file).toEqual([]);
    // Every node of every sample through the native binding: 20 s on a quiet machine, 75 s on a busy one.
  }, 240_000);

  it('reads as the binding does where the parser recovered from errors', () => {
    for (const text of ['def f(:\n    return (1,\n', 'x = [1, 2\nprint "old"\n', 'if x\n    y()\n', 'class A(\n', 's = "é😀"\r\nf(x)\r\n\fdef g(): pass\n', '']) {
      expect(compare(text), JSON.stringify(text)).toEqual([]);
    }
    expect(flattenTree(native.parse('def f(:\n'), 'def f(:\n', new GrammarNames()).rootNode.hasError).toBe(true);
  });

  it('walks with a cursor that stays inside the node it was made from', () => {
    const text = 'def f(a):\n    return g(a)\n\nh()\n';
    const copy = flattenTree(native.parse(text), text, new GrammarNames());
    const tree = native.parse(text) as unknown as Parser.Tree;
    expect(cursorTrail(copy.walk())).toEqual(cursorTrail(tree.walk()));
    const body = copy.rootNode.namedChildren[0].childForFieldName('body')!;
    const nativeBody = tree.rootNode.namedChildren[0].childForFieldName('body')!;
    expect(cursorTrail(body.walk())).toEqual(cursorTrail(nativeBody.walk()));
    expect(cursorTrail(body.walk()).some((step) => step.includes('expression_statement'))).toBe(false);
  });
});
