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
  return undefined;
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
    const first = block.firstNamedChild;
    if (!first) continue;
    const lineStart = source.lineStartOf(first.startIndex);
    const indent = text.slice(lineStart, first.startIndex);
    if (!/^[ \t]+$/.test(indent)) continue;
    if (indent.includes('\t') && indent.includes(' ')) return first.startIndex;
    if (indent.includes('\t')) sawTab = true;
    else sawSpace = true;
    if (sawTab && sawSpace) return first.startIndex;
  }
  return undefined;
}
