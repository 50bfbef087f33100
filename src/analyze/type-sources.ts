import type { SyntaxNode } from '../parse/parse-python.js';
import type { NameRef, TypeSource } from './model.js';

/**
 * What an annotation says a value is, for following receivers: a class (`Client`, `"Client"`,
 * `Optional[Client]`, `Client | None`, `Final[Client]`, `Annotated[Client, ...]`), a class itself
 * (`type[Client]`), or a container of one class (`list[Client]`, `Iterable[Client]`,
 * `tuple[Client, ...]`, `dict[str, Client]` for its values).
 */
const SAME = /^(Optional|Final|ClassVar|Annotated|Required|NotRequired|ReadOnly)$/;
const CLASS_OF = /^(type|Type)$/;
const SEQUENCES = /^(list|List|set|Set|frozenset|FrozenSet|Sequence|MutableSequence|Iterable|Iterator|Collection|AbstractSet|MutableSet|deque|Deque|Generator|AsyncIterator|AsyncIterable|AsyncGenerator|KeysView|tuple|Tuple)$/;
const MAPPINGS = /^(dict|Dict|Mapping|MutableMapping|OrderedDict|DefaultDict|defaultdict)$/;

export function annotationType(annotation: SyntaxNode, refOf: (node: SyntaxNode) => NameRef | null, depth = 0): TypeSource | undefined {
  if (depth > 4) return undefined;
  let node: SyntaxNode | undefined = annotation.type === 'type' ? annotation.namedChildren[0] : annotation;
  if (node?.type === 'binary_operator' && node.children.some((child) => child.type === '|')) {
    return oneOf(unionMembers(node), refOf, depth);
  }
  if (node?.type === 'generic_type' || node?.type === 'subscript') {
    const head = (node.type === 'subscript' ? node.childForFieldName('value') : node.namedChildren[0])?.text.split('.').at(-1) ?? '';
    const args = typeArguments(node);
    if (SAME.test(head)) return args[0] ? annotationType(args[0], refOf, depth + 1) : undefined;
    if (head === 'Union') return oneOf(args, refOf, depth);
    if (CLASS_OF.test(head)) {
      const ref = args[0] ? refOf(args[0].type === 'type' ? args[0].namedChildren[0] : args[0]) : null;
      return ref ? { kind: 'class-of', ref } : undefined;
    }
    const element = SEQUENCES.test(head) ? args[0] : MAPPINGS.test(head) ? args[1] : undefined;
    if (/^(tuple|Tuple)$/.test(head) && !(args.length === 2 && args[1].text === '...')) return undefined;
    const elementType = element ? annotationType(element, refOf, depth + 1) : undefined;
    if (!elementType) return undefined;
    return MAPPINGS.test(head) ? { kind: 'container', element: elementType, keyed: true } : { kind: 'container', element: elementType };
  }
  const ref = node ? refOf(node) : null;
  return ref ? { kind: 'annotation', ref } : undefined;
}

/** `A | B | None` nests to the left: its operands, flattened. */
function unionMembers(node: SyntaxNode): SyntaxNode[] {
  if (node.type !== 'binary_operator' || !node.children.some((child) => child.type === '|')) return [node];
  return node.namedChildren.flatMap(unionMembers);
}

/** The members of a union but `None`: the one type, or each member's, all of them known. */
function oneOf(members: SyntaxNode[], refOf: (node: SyntaxNode) => NameRef | null, depth: number): TypeSource | undefined {
  const parts = members.filter((member) => member.text !== 'None');
  const types = parts.map((part) => annotationType(part, refOf, depth + 1));
  if (types.length === 0 || types.some((type) => !type)) return undefined;
  return commonType(types) ?? { kind: 'one-of', types: types as TypeSource[] };
}

/** The arguments of `X[a, b]`, in both shapes tree-sitter gives (`generic_type` and `subscript`). */
function typeArguments(node: SyntaxNode): SyntaxNode[] {
  if (node.type === 'subscript') return node.childrenForFieldName('subscript');
  const parameters = node.namedChildren[1];
  return parameters?.namedChildren ?? [];
}

/** Every element of a list/tuple/set literal, or the value of a comprehension, of one type. */
export function elementsType(node: SyntaxNode, typeOf: (value: SyntaxNode) => TypeSource | undefined): TypeSource | undefined {
  if (node.type === 'list_comprehension' || node.type === 'set_comprehension') {
    const body = node.childForFieldName('body');
    const element = body?.type === 'call' ? typeOf(body) : undefined;
    return element ? { kind: 'container', element } : undefined;
  }
  const items = node.namedChildren.filter((child) => child.type !== 'comment');
  if (items.length === 0 || items.some((item) => item.type !== 'call')) return undefined;
  const element = commonType(items.map(typeOf));
  return element ? { kind: 'container', element } : undefined;
}

/** The one type all of `types` are: none when one is unknown or two differ. */
export function commonType(types: readonly (TypeSource | undefined)[]): TypeSource | undefined {
  const first = types[0];
  return first && types.every((type) => type && JSON.stringify(type) === JSON.stringify(first)) ? first : undefined;
}
