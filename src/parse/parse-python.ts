import { flattenTree, GrammarNames, type BindingTree, type Tree } from './flat-tree.js';
import { nativePythonParser } from './native-parser.js';

export type { SyntaxNode, Tree, TreeCursor } from './flat-tree.js';

/**
 * What the engine needs of a tree-sitter binding: a Python tree whose indices are UTF-16 code units
 * (see source-text.ts). The native binding (the default) and the WebAssembly build (wasm-parser.ts,
 * used by the bundled GitHub Action) both satisfy it.
 */
export interface PythonParser {
  parse(text: string): BindingTree;
}

let active: PythonParser | undefined;
let names = new GrammarNames();

/** Parse with this binding from now on (the Action calls it once, before running). */
export function useParser(parser: PythonParser): void {
  active = parser;
  names = new GrammarNames();
}

/** The tree of `text`, copied out of the binding (see flat-tree.ts). */
export function parsePython(text: string): Tree {
  active ??= nativePythonParser();
  return flattenTree(active.parse(text), text, names);
}

export { findSyntaxProblem, type SyntaxProblem } from './syntax-gate.js';
