import type { SyntaxNode } from '../../src/parse/parse-python.js';
import { enclosingFunction } from '../../src/parse/enclosing-nodes.js';

export { enclosingFunction };

/** Small readings of call and name syntax that the subprocess conversions share. */

export interface ArgumentShape {
  positional: SyntaxNode[];
  keywords: Map<string, SyntaxNode>;
  /** `f(*xs)`: the positional arguments are not known. */
  listSplat: boolean;
}

export function argumentShape(call: SyntaxNode): ArgumentShape {
  const shape: ArgumentShape = { positional: [], keywords: new Map(), listSplat: false };
  const list = call.childForFieldName('arguments');
  if (!list) return shape;
  if (list.type !== 'argument_list') {
    shape.positional.push(list); // f(x for x in y)
    return shape;
  }
  for (const argument of list.namedChildren) {
    if (argument.type === 'comment' || argument.type === 'dictionary_splat') continue;
    if (argument.type === 'list_splat') shape.listSplat = true;
    else if (argument.type === 'keyword_argument') shape.keywords.set(argument.childForFieldName('name')!.text, argument.childForFieldName('value')!);
    else shape.positional.push(argument);
  }
  return shape;
}

export function sameNode(a: SyntaxNode | null | undefined, b: SyntaxNode | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

/** The import binding a callee leans on (`subprocess` in `subprocess.run`, `run` after `from subprocess import run`). */
export function releasedName(callee: SyntaxNode): string[] {
  if (callee.type === 'identifier') return [callee.text];
  const object = callee.type === 'attribute' ? callee.childForFieldName('object') : null;
  return object?.type === 'identifier' ? [object.text] : [];
}


/** Uses of a local name in a function: identifiers, not attribute names or keyword names. */
export function identifiersNamed(region: SyntaxNode, name: string): SyntaxNode[] {
  return region.descendantsOfType('identifier').filter((node) => node.text === name
    && !(node.parent?.type === 'attribute' && sameNode(node.parent.childForFieldName('attribute'), node))
    && !(node.parent?.type === 'keyword_argument' && sameNode(node.parent.childForFieldName('name'), node)));
}

/** Inside a nested function, lambda, class or generator expression (which cannot await here). */
export function insideNestedScope(node: SyntaxNode, region: SyntaxNode): boolean {
  for (let current = node.parent; current && !sameNode(current, region); current = current.parent) {
    if (['function_definition', 'lambda', 'class_definition', 'generator_expression'].includes(current.type)) return true;
  }
  return false;
}

/** `x.name(...)`: the call whose callee is this attribute, if it is one. */
export function calledAttribute(attribute: SyntaxNode): SyntaxNode | undefined {
  const parent = attribute.parent;
  return parent?.type === 'call' && sameNode(parent.childForFieldName('function'), attribute) ? parent : undefined;
}
