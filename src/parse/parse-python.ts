import Parser from 'tree-sitter';
import Python from 'tree-sitter-python';

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

export { findSyntaxProblem, type SyntaxProblem } from './syntax-gate.js';
