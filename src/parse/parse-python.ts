import type Parser from 'tree-sitter';
import { nativePythonParser } from './native-parser.js';

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;
export type TreeCursor = Parser.TreeCursor;

/**
 * What the engine needs of a tree-sitter binding: a Python tree whose indices are UTF-16 code units
 * (see source-text.ts). The native binding (the default) and the WebAssembly build (wasm-parser.ts,
 * used by the bundled GitHub Action) both satisfy it.
 */
export interface PythonParser {
  parse(text: string): Tree;
}

let active: PythonParser | undefined;

/** Parse with this binding from now on (the Action calls it once, before running). */
export function useParser(parser: PythonParser): void {
  active = parser;
}

export function parsePython(text: string): Tree {
  active ??= nativePythonParser();
  return active.parse(text);
}

export { findSyntaxProblem, type SyntaxProblem } from './syntax-gate.js';
