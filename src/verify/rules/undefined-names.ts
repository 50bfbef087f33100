import { BUILTINS } from '../../analyze/syntax-facts.js';
import type { SyntaxNode } from '../../parse/parse-python.js';
import type { Finding, SelfCheckRule } from '../self-check.js';

/**
 * A name the migration wrote that nothing in the module binds: a sync twin called where its import
 * was not added (`find_template_sync`), a library used without its import. NameError on first use.
 * Only names asyncshift introduces are judged (twins, entry-point runners, the async libraries and
 * the helper module), so a project's own dynamic names are never second-guessed. Undo: the module is
 * left unchanged.
 */
export const undefinedNames: SelfCheckRule = {
  id: 'undefined-names',
  doc: {
    what: 'a name the migration wrote (a sync twin, an async library, the helper module) that the module neither defines nor imports',
    why: 'NameError when the line runs',
  },
  check(output) {
    const findings: Finding[] = [];
    for (const module of output.modules) {
      if (!module.changed || !module.source) continue;
      const identifiers = output.treeOf(module)!.rootNode.descendantsOfType('identifier');
      // Anything defined anywhere in the module counts as bound: locals, parameters, attributes.
      const bound = new Set([...Object.keys(module.index.bindings), ...identifiers.filter((identifier) => !isRead(identifier)).map((identifier) => identifier.text)]);
      const reported = new Set<string>();
      for (const identifier of identifiers) {
        const name = identifier.text;
        if (!INTRODUCED.test(name) || bound.has(name) || BUILTINS.has(name) || reported.has(name) || !isRead(identifier)) continue;
        if (!output.written(module, identifier.startIndex)) continue;
        reported.add(name);
        const line = identifier.startPosition.row + 1;
        findings.push({
          rule: this.id, module: module.index.module, file: module.input.relativePath, line,
          message: `${module.input.relativePath}:${line} uses ${name}, which the migrated module neither defines nor imports`,
          undo: [{ kind: 'freeze', module: module.index.module }],
        });
      }
    }
    return findings;
  },
};

const INTRODUCED = /^(\w+_sync|_\w+_async|asyncio|aiofiles|httpx|asyncpg|inspect|_async_subprocess|_run_entry_point)$/;

/** A name read as a value: not an attribute after a dot, a keyword, a parameter or a name being defined. */
export function isRead(identifier: SyntaxNode): boolean {
  const parent = identifier.parent;
  if (!parent) return false;
  switch (parent.type) {
    case 'attribute':
      return same(parent.childForFieldName('object'), identifier);
    case 'keyword_argument':
      return same(parent.childForFieldName('value'), identifier);
    case 'function_definition':
    case 'class_definition':
    case 'parameters':
    case 'default_parameter':
    case 'typed_parameter':
    case 'typed_default_parameter':
    case 'dotted_name':
    case 'aliased_import':
    case 'import_from_statement':
    case 'global_statement':
    case 'nonlocal_statement':
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'as_pattern_target':
      return false;
    case 'assignment':
    case 'augmented_assignment':
    case 'for_statement':
    case 'for_in_clause':
      return !same(parent.childForFieldName('left'), identifier);
    default:
      return true;
  }
}

function same(node: SyntaxNode | null | undefined, other: SyntaxNode): boolean {
  return !!node && node.startIndex === other.startIndex && node.endIndex === other.endIndex;
}
