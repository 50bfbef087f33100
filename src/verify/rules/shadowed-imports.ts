import { isRead } from '../../analyze/syntax-facts.js';
import type { SyntaxNode } from '../../parse/parse-python.js';
import type { Finding, SelfCheckRule } from '../self-check.js';

/**
 * A module the migration imports (`import io` for `io.StringIO(await f.read())`) under a name the
 * code already uses for something else: a module-level function or class (a pytest fixture named
 * `io`), or a parameter or local of the function where the migration writes it. The written
 * `io.StringIO` then reaches that other object. Undo: drop the conversion that wrote it, else leave
 * the module unchanged.
 */
export const shadowedImports: SelfCheckRule = {
  id: 'shadowed-imports',
  doc: {
    what: 'a module the migration imports, used where the code binds the same name to something else',
    why: 'the written call reaches the other object (a fixture, a parameter): AttributeError or a wrong call',
  },
  check(output) {
    const findings: Finding[] = [];
    for (const module of output.modules) {
      if (!module.changed || !module.source) continue;
      const imported = (statements: typeof module.index.imports) => new Set(statements.flatMap((statement) => statement.names.map((name) => name.bound)));
      const before = imported(module.input.index.imports);
      const added = [...imported(module.index.imports)].filter((name) => !before.has(name));
      if (added.length === 0) continue;
      const identifiers = output.treeOf(module)!.rootNode.descendantsOfType('identifier');
      const reported = new Set<string>();
      for (const identifier of identifiers) {
        const name = identifier.text;
        if (!added.includes(name) || reported.has(name) || !isRead(identifier) || !output.written(module, identifier.startIndex)) continue;
        const rival = module.input.index.bindings[name] ? 'a module-level definition' : boundLocally(identifier, name);
        if (!rival) continue;
        reported.add(name);
        const line = identifier.startPosition.row + 1;
        const conversion = output.siteAt(module, identifier.startIndex);
        findings.push({
          rule: this.id, module: module.index.module, file: module.input.relativePath, line,
          message: `${module.input.relativePath}:${line} uses the module ${name}, but ${rival} of the same name takes its place there`,
          undo: [...(conversion ? [{ kind: 'drop' as const, site: conversion }] : []), { kind: 'freeze', module: module.index.module }],
        });
      }
    }
    return findings;
  },
};

/** A parameter or local of the enclosing function with this name, described; undefined when none. */
function boundLocally(identifier: SyntaxNode, name: string): string | undefined {
  let fn: SyntaxNode | null = identifier.parent;
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  if (!fn) return undefined;
  const bindsHere = fn.descendantsOfType('identifier').some((other) => other.text === name && !isRead(other) && other.parent?.type !== 'attribute' && other.parent?.type !== 'keyword_argument');
  return bindsHere ? `a parameter or local of ${fn.childForFieldName('name')?.text ?? 'the function'}` : undefined;
}
