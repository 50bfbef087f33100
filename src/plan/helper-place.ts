import type { ModuleIndex } from '../analyze/model.js';

/**
 * Where a helper function asyncshift defines once in a module goes, before `limit` (the first place
 * that calls it while the module loads, if any): before the module's first top-level function
 * (`function`), else on the line after its last top-level import (`after-import`; past the import's
 * line end, which a conversion may delete with the import), or right after an import that ends the
 * text (`end-of-import`). Undefined when none comes before `limit`.
 */
export function helperPlace(module: ModuleIndex, text: string, limit = text.length + 1): { at: number; kind: 'function' | 'after-import' | 'end-of-import' } | undefined {
  const firstFunction = module.functions.find((fn) => !fn.indent);
  if (firstFunction && firstFunction.span.start < limit) return { at: firstFunction.span.start, kind: 'function' };
  const lastImport = module.imports.filter((statement) => statement.topLevel && statement.span.end < limit).at(-1);
  if (!lastImport) return undefined;
  const lineEnd = text.indexOf('\n', lastImport.span.end);
  if (lineEnd < 0) return { at: lastImport.span.end, kind: 'end-of-import' };
  return lineEnd < limit ? { at: lineEnd + 1, kind: 'after-import' } : undefined;
}
