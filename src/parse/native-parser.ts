import Parser from 'tree-sitter';
import Python from 'tree-sitter-python';
import type { PythonParser } from './parse-python.js';

/** The native Node binding (the command line's parser): compiled at install, fastest on this machine. */
export function nativePythonParser(): PythonParser {
  const parser = new Parser();
  parser.setLanguage(Python as unknown as Parser.Language);
  return {
    // The default buffer is 32 KiB; a larger file needs a larger one or parse() throws.
    parse: (text) => parser.parse(text, undefined, { bufferSize: Math.max(32 * 1024, text.length * 2 + 1024) }),
  };
}
