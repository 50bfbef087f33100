import { Language, Parser, Tree as WasmTree } from 'web-tree-sitter';
import type { PythonParser, Tree } from './parse-python.js';

export interface WasmFiles {
  /** web-tree-sitter's runtime, `tree-sitter.wasm`. */
  runtime: string;
  /** The grammar, `tree-sitter-python.wasm`. */
  python: string;
}

/**
 * tree-sitter and tree-sitter-python compiled to WebAssembly: portable (no native binary to match
 * the machine's C++ library), for the bundled GitHub Action. Fed a JavaScript string, it parses
 * UTF-16 and reports UTF-16 indices, exactly as the native binding does.
 */
export async function wasmPythonParser(files: WasmFiles): Promise<PythonParser> {
  await Parser.init({ locateFile: () => files.runtime });
  const language = await Language.load(files.python);
  const parser = new Parser();
  parser.setLanguage(language);
  // WebAssembly memory is not garbage-collected and web-tree-sitter leaves freeing to its caller: a
  // tree is deleted once nothing (no node, no cursor) can reach it. The registry may hold only its
  // address, not the tree; `delete()` reads nothing else (web-tree-sitter 0.25).
  const trees = new FinalizationRegistry<number>((address) => WasmTree.prototype.delete.call({ 0: address } as unknown as WasmTree));
  return {
    parse(text) {
      const tree = parser.parse(text);
      if (!tree) throw new Error('tree-sitter (WebAssembly) returned no tree');
      trees.register(tree, (tree as unknown as { 0: number })[0]);
      return tree as unknown as Tree;
    },
  };
}
