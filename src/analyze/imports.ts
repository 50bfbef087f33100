import type { SyntaxNode } from '../parse/parse-python.js';
import type { SourceText } from '../parse/source-text.js';
import { span } from './call-usage.js';
import type { Binding, ImportStatement, ModuleIndex } from './model.js';
import { nameRecord } from './model.js';
import { resolveRelativeModule } from './module-names.js';

export interface CollectedImports {
  statements: ImportStatement[];
  bindings: Record<string, Binding>;
  starImports: string[];
  insertion: ModuleIndex['importInsertion'];
}

/**
 * Top-level imports: what each binds (relative imports resolved to absolute module names), and where
 * a new import belongs: inside the first block of imports, in alphabetical order, after any module
 * docstring and `from __future__` import.
 */
export function collectImports(root: SyntaxNode, module: string, isPackage: boolean, source: SourceText): CollectedImports {
  const statements: ImportStatement[] = [];
  const bindings = nameRecord<Binding>();
  const starImports: string[] = [];
  const visitTopLevel = (container: SyntaxNode, topLevel: boolean) => {
    for (const statement of container.namedChildren) {
      if (statement.type === 'import_statement' || statement.type === 'import_from_statement') {
        const parsed = parseImport(statement, module, isPackage, topLevel);
        statements.push(parsed);
        if (parsed.star) starImports.push(parsed.star);
        for (const name of parsed.names) {
          bindings[name.bound] = name.imported === undefined
            ? { kind: 'module', module: name.module }
            : { kind: 'from-import', module: name.module, name: name.imported };
        }
      } else if (['if_statement', 'try_statement', 'else_clause', 'except_clause', 'finally_clause', 'block', 'elif_clause'].includes(statement.type)) {
        // `try: import ujson as json / except ImportError: import json` still binds at module level.
        visitTopLevel(statement, false);
      }
    }
  };
  visitTopLevel(root, true);
  return { statements, bindings, starImports, insertion: insertionPoint(root, statements, source) };
}

function parseImport(statement: SyntaxNode, module: string, isPackage: boolean, topLevel: boolean): ImportStatement {
  const names: ImportStatement['names'] = [];
  if (statement.type === 'import_statement') {
    for (const clause of statement.childrenForFieldName('name')) {
      if (clause.type === 'aliased_import') {
        const dotted = clause.childForFieldName('name')?.text ?? '';
        const alias = clause.childForFieldName('alias')?.text ?? dotted;
        names.push({ bound: alias, span: span(clause), module: dotted, written: dotted });
      } else {
        // `import a.b` binds `a`; attribute access reaches `a.b`.
        names.push({ bound: clause.text.split('.')[0], span: span(clause), module: clause.text.split('.')[0], written: clause.text });
      }
    }
    return { span: span(statement), names, kind: 'import', parenthesized: false, topLevel };
  }
  const moduleNode = statement.childForFieldName('module_name');
  const written = moduleNode?.text ?? '';
  let absolute = written;
  if (moduleNode?.type === 'relative_import') {
    const prefix = moduleNode.namedChildren.find((child) => child.type === 'import_prefix')?.text ?? '.';
    const rest = moduleNode.namedChildren.find((child) => child.type === 'dotted_name')?.text ?? '';
    absolute = resolveRelativeModule(module, isPackage, prefix.length, rest);
  }
  for (const clause of statement.childrenForFieldName('name')) {
    if (clause.type === 'aliased_import') {
      const imported = clause.childForFieldName('name')?.text ?? '';
      const alias = clause.childForFieldName('alias')?.text ?? imported;
      names.push({ bound: alias, span: span(clause), module: absolute, imported });
    } else {
      names.push({ bound: clause.text, span: span(clause), module: absolute, imported: clause.text });
    }
  }
  const star = statement.namedChildren.some((child) => child.type === 'wildcard_import');
  return {
    span: span(statement),
    names,
    kind: 'from',
    ...(star ? { star: absolute } : {}),
    fromModule: written,
    parenthesized: statement.text.includes('('),
    topLevel,
  };
}

function insertionPoint(root: SyntaxNode, statements: ImportStatement[], source: SourceText): ModuleIndex['importInsertion'] {
  const topLevel = root.namedChildren;
  let index = 0;
  let position = 0;
  let seenStatement = false;
  // Skip the docstring, comments and `from __future__` imports.
  while (position < topLevel.length) {
    const statement = topLevel[position];
    const isDocstring = !seenStatement && statement.type === 'expression_statement' && statement.namedChildren[0]?.type === 'string';
    if (statement.type !== 'comment') seenStatement = true;
    if (isDocstring || statement.type === 'comment' || statement.type === 'future_import_statement') {
      index = source.lineEndAfter(statement.endIndex);
      position++;
      continue;
    }
    break;
  }
  // The first run of import statements: a new import goes in it, alphabetically.
  const before: { module: string; index: number; end: number }[] = [];
  while (position < topLevel.length) {
    const statement = topLevel[position];
    if (statement.type === 'comment') {
      position++;
      continue;
    }
    if (statement.type !== 'import_statement' && statement.type !== 'import_from_statement') break;
    const parsed = statements.find((s) => s.span.start === statement.startIndex);
    const name = parsed?.kind === 'from' ? parsed.fromModule ?? '' : parsed?.names[0]?.module ?? '';
    before.push({ module: name, index: source.lineStartOf(statement.startIndex), end: source.lineEndAfter(statement.endIndex) });
    index = source.lineEndAfter(statement.endIndex);
    position++;
  }
  return { index, before };
}
