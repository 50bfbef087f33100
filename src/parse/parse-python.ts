import Parser from 'tree-sitter';
import Python from 'tree-sitter-python';
import type { SourceText } from './source-text.js';

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;

let sharedParser: Parser | undefined;

function parser(): Parser {
  if (!sharedParser) {
    sharedParser = new Parser();
    sharedParser.setLanguage(Python as unknown as Parser.Language);
  }
  return sharedParser;
}

export function parsePython(text: string): Tree {
  // The default buffer is 32 KiB; a larger file needs a larger one or parse() throws.
  return parser().parse(text, undefined, { bufferSize: Math.max(32 * 1024, text.length * 2 + 1024) });
}

export interface SyntaxProblem {
  index: number;
  message: string;
}

/**
 * Why this file must not be edited, or undefined. tree-sitter recovers from errors and accepts some
 * code that Python rejects or reads differently, so both kinds are looked for.
 */
export function findSyntaxProblem(tree: Tree, source: SourceText): SyntaxProblem | undefined {
  const root = tree.rootNode;
  if (root.hasError) {
    const bad = firstErrorNode(root);
    return { index: bad?.startIndex ?? 0, message: 'cannot parse' };
  }
  const python2 = root.descendantsOfType(['print_statement', 'exec_statement'])[0];
  if (python2) return { index: python2.startIndex, message: 'Python 2 syntax' };
  const mixed = mixedIndentation(root, source);
  if (mixed !== undefined) return { index: mixed, message: 'mixed tabs and spaces in indentation' };
  const empty = emptyBlock(root);
  if (empty !== undefined) return { index: empty, message: 'expected an indented block' };
  return misplacedAsync(root);
}

/**
 * Compile errors tree-sitter does not report and a migration could introduce: `await`, `async for`
 * and `async with` outside `async def`, `yield from` inside one, `return value` in an async generator.
 */
function misplacedAsync(root: SyntaxNode): SyntaxProblem | undefined {
  const isAsync = (node: SyntaxNode) => node.children.some((token) => token.type === 'async');
  for (const node of root.descendantsOfType(['await', 'for_statement', 'with_statement', 'yield', 'return_statement'])) {
    if ((node.type === 'for_statement' || node.type === 'with_statement') && !isAsync(node)) continue;
    const owner = enclosingFunction(node);
    const ownerIsAsync = owner?.type === 'function_definition' && isAsync(owner);
    if (node.type === 'await' || node.type === 'for_statement' || node.type === 'with_statement') {
      if (!ownerIsAsync && !insideGeneratorExpression(node, owner)) {
        return { index: node.startIndex, message: `'${node.type === 'await' ? 'await' : `async ${node.type.replace('_statement', '')}`}' outside async function` };
      }
      continue;
    }
    if (!ownerIsAsync || !owner) continue;
    if (node.type === 'yield' && node.children.some((token) => token.type === 'from')) return { index: node.startIndex, message: "'yield from' inside async function" };
    if (node.type === 'return_statement' && node.namedChildren.length > 0 && containsYield(owner)) {
      return { index: node.startIndex, message: "'return' with value in async generator" };
    }
  }
  return undefined;
}

function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'lambda') return current;
  }
  return undefined;
}

/** An async generator expression may await anywhere it is allowed to exist. */
function insideGeneratorExpression(node: SyntaxNode, owner: SyntaxNode | undefined): boolean {
  for (let current = node.parent; current && current !== owner; current = current.parent) {
    if (current.type === 'generator_expression') return owner?.type === 'function_definition' && owner.children.some((t) => t.type === 'async');
  }
  return false;
}

function containsYield(fn: SyntaxNode): boolean {
  return fn.descendantsOfType('yield').some((y) => enclosingFunction(y) === fn || enclosingFunction(y)?.id === fn.id);
}

function firstErrorNode(node: SyntaxNode): SyntaxNode | undefined {
  if (node.type === 'ERROR' || node.isMissing) return node;
  for (const child of node.children) {
    if (child.hasError || child.isMissing || child.type === 'ERROR') {
      const found = firstErrorNode(child);
      if (found) return found;
    }
  }
  return node.hasError ? node : undefined;
}

/**
 * Python raises TabError when indentation mixes tabs and spaces ambiguously; tree-sitter does not.
 * A file whose statements are indented with both is never edited.
 */
function mixedIndentation(root: SyntaxNode, source: SourceText): number | undefined {
  const text = source.text;
  let sawTab = false;
  let sawSpace = false;
  for (const block of root.descendantsOfType('block')) {
    for (const statement of block.namedChildren) {
      const lineStart = source.lineStartOf(statement.startIndex);
      const indent = text.slice(lineStart, statement.startIndex);
      if (!/^[ \t]+$/.test(indent)) continue;
      if (indent.includes('\t') && indent.includes(' ')) return statement.startIndex;
      if (indent.includes('\t')) sawTab = true;
      else sawSpace = true;
      if (sawTab && sawSpace) return statement.startIndex;
    }
  }
  return undefined;
}

/** `if x:` followed by a dedent: Python wants an indented block; tree-sitter makes an empty one. */
function emptyBlock(root: SyntaxNode): number | undefined {
  return root.descendantsOfType('block').find((block) => block.namedChildCount === 0)?.startIndex;
}
