import type { SyntaxNode } from '../parse/parse-python.js';
import { LITERAL_TYPES } from './syntax-facts.js';

/**
 * The builtin type of each parameter a test's `@pytest.mark.parametrize` fills with literals of one
 * type: `@pytest.mark.parametrize("params", [{"name": "x"}, {}])` makes `params` a dict, so
 * `params.update(...)` is `dict.update`, not a project method of that name (found on hcloud-python,
 * where it kept every resource client's `update` sync).
 */
export function parametrizedLiterals(definition: SyntaxNode): Map<string, string> {
  const types = new Map<string, string>();
  const decorated = definition.parent?.type === 'decorated_definition' ? definition.parent : undefined;
  for (const decorator of decorated?.namedChildren ?? []) {
    const call = decorator.type === 'decorator' ? decorator.namedChildren[0] : undefined;
    if (call?.type !== 'call' || !/(^|\.)parametrize$/.test(call.childForFieldName('function')?.text ?? '')) continue;
    const { names, values, indirect } = parametrizeArguments(call);
    if (indirect || !names || !values) continue;
    const cases = values.map((entry) => caseValues(entry, names.length));
    names.forEach((name, at) => {
      const type = oneLiteralType(cases.map((values) => values?.[at]));
      if (type) types.set(name, type);
    });
  }
  return types;
}

function parametrizeArguments(call: SyntaxNode): { names?: string[]; values?: SyntaxNode[]; indirect: boolean } {
  const positional: SyntaxNode[] = [];
  const keywords = new Map<string, SyntaxNode>();
  for (const argument of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (argument.type === 'keyword_argument') {
      const value = argument.childForFieldName('value');
      if (value) keywords.set(argument.childForFieldName('name')?.text ?? '', value);
    } else if (argument.type !== 'comment') positional.push(argument);
  }
  const namesNode = positional[0] ?? keywords.get('argnames');
  const valuesNode = positional[1] ?? keywords.get('argvalues');
  const values = valuesNode?.type === 'list' || valuesNode?.type === 'tuple' ? withoutComments(valuesNode.namedChildren) : undefined;
  return { names: namesNode && argumentNames(namesNode), values, indirect: keywords.has('indirect') };
}

/** `"a, b"`, `("a", "b")` or `["a", "b"]`. */
function argumentNames(node: SyntaxNode): string[] | undefined {
  const strings = node.type === 'string' ? [node] : node.type === 'tuple' || node.type === 'list' ? node.namedChildren : [];
  if (strings.length === 0 || strings.some((item) => item.type !== 'string' || !plainString(item))) return undefined;
  const names = strings.flatMap((item) => plainString(item)!.split(',')).map((name) => name.trim()).filter(Boolean);
  return names.every((name) => /^\w+$/.test(name)) ? names : undefined;
}

function plainString(node: SyntaxNode): string | undefined {
  const content = node.namedChildren.filter((child) => child.type === 'string_content');
  if (node.namedChildren.some((child) => child.type === 'interpolation')) return undefined;
  return content.map((child) => child.text).join('');
}

/** The values one case gives the names: `{...}` for one name, `(1, "a")` for two; `pytest.param(...)` holds them as arguments. */
function caseValues(entry: SyntaxNode, count: number): SyntaxNode[] | undefined {
  if (entry.type === 'call' && /(^|\.)param$/.test(entry.childForFieldName('function')?.text ?? '')) {
    return withoutComments(entry.childForFieldName('arguments')?.namedChildren ?? []).filter((argument) => argument.type !== 'keyword_argument');
  }
  if (count === 1) return [entry];
  return entry.type === 'tuple' || entry.type === 'list' ? withoutComments(entry.namedChildren) : undefined;
}

function withoutComments(nodes: SyntaxNode[]): SyntaxNode[] {
  return nodes.filter((node) => node.type !== 'comment');
}

/** The one builtin type every value has, `None` aside; undefined where a value is not a literal. */
function oneLiteralType(values: (SyntaxNode | undefined)[]): string | undefined {
  const types = new Set<string>();
  for (const value of values) {
    if (value?.type === 'none') continue;
    const type = value ? LITERAL_TYPES[value.type] : undefined;
    if (!type) return undefined;
    types.add(type);
  }
  return types.size === 1 ? [...types][0] : undefined;
}
