import { Language, Parser } from 'web-tree-sitter';
import type { PythonParser } from './parse-python.js';

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
  return {
    parse(text) {
      const tree = parser.parse(text);
      if (!tree) throw new Error('tree-sitter (WebAssembly) returned no tree');
      return tree;
    },
  };
}
