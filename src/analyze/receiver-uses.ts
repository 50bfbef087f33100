import type { SyntaxNode } from '../parse/parse-python.js';
import { sameNode } from './call-usage.js';

/** Statements that run to their end or raise: nothing after them in their block runs if they raise. */
const SIMPLE_STATEMENTS = new Set(['expression_statement', 'assert_statement']);

/** Where a part of an expression may not run when the expression does. */
const DEFERRED = new Set([
  'lambda', 'function_definition', 'class_definition', 'list_comprehension', 'set_comprehension',
  'dictionary_comprehension', 'generator_expression',
]);

/** Nodes whose named child binds a name: the child (or a pattern holding it) is the target. */
const BINDING_PARENTS: Record<string, string> = {
  assignment: 'left', augmented_assignment: 'left', for_statement: 'left', for_in_clause: 'left',
  named_expression: 'name', as_pattern_target: '', delete_statement: '',
};

/**
 * The attributes that whatever `receiver` holds must have, shown by statements that run before
 * `call` on every path to it with `receiver` not bound again in between: `start_info["timestamp"]`
 * (`__getitem__`), `start_info["x"] = 1` (`__setitem__`), `len(start_info)` (`__len__`),
 * `stop_info.get("file_name")` (`get`). A statement that raised would have kept the call from
 * running, so the value that reaches the call has them — and a call on a receiver of unknown type
 * cannot reach a project class that lacks one (barman's `start_info.copy()`, a dict, is no
 * `RsyncCopyController.copy()`).
 */
export function attributesShownBefore(call: SyntaxNode, receiver: string, functionNode: SyntaxNode): string[] {
  const shown = new Set<string>();
  let child = call;
  for (let parent = call.parent; parent && !sameNode(parent, functionNode); child = parent, parent = parent.parent) {
    if (DEFERRED.has(parent.type)) return [];
    const loop = parent.type === 'for_statement' || parent.type === 'while_statement';
    if (loop && parent.text.includes(receiver) && binds(parent, receiver)) break;
    if (parent.type !== 'block') continue;
    for (let statement = child.previousNamedSibling; statement; statement = statement.previousNamedSibling) {
      // Most statements never name the receiver: a text test spares walking their nodes twice.
      if (!statement.text.includes(receiver)) continue;
      if (binds(statement, receiver)) return [...shown];
      if (SIMPLE_STATEMENTS.has(statement.type)) for (const name of attributesUsed(statement, receiver)) shown.add(name);
    }
  }
  return [...shown];
}

/** The attributes a statement always uses on `receiver` (not in a branch it may skip). */
function attributesUsed(statement: SyntaxNode, receiver: string): string[] {
  const used: string[] = [];
  for (const subscript of statement.descendantsOfType('subscript')) {
    const value = subscript.childForFieldName('value');
    if (value?.type !== 'identifier' || value.text !== receiver || !alwaysRuns(subscript, statement)) continue;
    const parent = subscript.parent;
    const stored = (parent?.type === 'assignment' || parent?.type === 'augmented_assignment') && sameNode(parent.childForFieldName('left'), subscript);
    if (parent?.type === 'delete_statement') continue;
    used.push(stored ? '__setitem__' : '__getitem__');
  }
  for (const call of statement.descendantsOfType('call')) {
    if (!alwaysRuns(call, statement)) continue;
    const callee = call.childForFieldName('function');
    const object = callee?.type === 'attribute' ? callee.childForFieldName('object') : undefined;
    const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
    if (object?.type === 'identifier' && object.text === receiver && method) used.push(method);
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    if (callee?.text === 'len' && args.length === 1 && args[0].type === 'identifier' && args[0].text === receiver) used.push('__len__');
  }
  return used;
}

/** Whether `node` runs whenever `statement` runs to its end: not behind `and`/`or`, `x if c else y`, a lambda or a comprehension. */
function alwaysRuns(node: SyntaxNode, statement: SyntaxNode): boolean {
  let child = node;
  for (let parent = node.parent; parent && !sameNode(child, statement); child = parent, parent = parent.parent) {
    if (DEFERRED.has(parent.type)) return false;
    if (parent.type === 'boolean_operator' && !sameNode(parent.childForFieldName('left'), child)) return false;
    if (parent.type === 'conditional_expression' && !sameNode(parent.namedChildren[1], child)) return false;
  }
  return true;
}

/** Whether `node` binds `name` anywhere in it (an assignment, a loop or `with` target, a walrus, `del`, `import`, a nested `def`). */
function binds(node: SyntaxNode, name: string): boolean {
  for (const identifier of node.descendantsOfType('identifier')) {
    if (identifier.text !== name) continue;
    for (let target: SyntaxNode = identifier, parent = identifier.parent; parent; target = parent, parent = parent.parent) {
      const field = BINDING_PARENTS[parent.type];
      if (field !== undefined) {
        if (field === '' || sameNode(parent.childForFieldName(field), target)) return true;
        break;
      }
      if (!['pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'parenthesized_expression'].includes(parent.type)) break;
    }
    const parent = identifier.parent;
    if (parent && ['function_definition', 'class_definition', 'aliased_import', 'dotted_name', 'global_statement', 'nonlocal_statement'].includes(parent.type)) return true;
  }
  return false;
}
