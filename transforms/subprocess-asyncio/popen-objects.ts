import { bridgedSite } from '../site-builders.js';
import type { SyntaxNode } from '../../src/parse/parse-python.js';
import { asyncKeyword } from '../../src/plan/call-rewrites.js';
import type { Edit, Site } from '../../src/plan/edits.js';
import type { CallInContext, TransformContext } from '../define-transform.js';
import { TRANSFORM_ID, twinCall } from './convenience-calls.js';
import type { HelperModule } from './helper-module.js';
import { argumentShape, calledAttribute, enclosingFunction, identifiersNamed, insideNestedScope, sameNode } from './syntax.js';

/**
 * `subprocess.Popen` objects. A Popen bound to a local name (`p = Popen(...)`, `with Popen(...) as
 * p:`) whose every use stays in its function and is one the helper's async Popen has becomes
 * `await _async_subprocess.popen(...)`, and its blocking uses are awaited. Any other Popen (stored
 * on self, returned, handed to a thread or to another Popen) stays a `subprocess.Popen`, and its
 * blocking methods run in a worker thread, which keeps their exact behaviour.
 */

/** Methods of the async Popen that are coroutines, and those that stay plain. */
const AWAITED = new Set(['communicate', 'wait']);
const PLAIN_METHODS = new Set(['poll', 'kill', 'terminate', 'send_signal']);
const PLAIN_ATTRIBUTES = new Set(['returncode', 'pid', 'args']);
const STREAM_READS = new Set(['read', 'readline', 'readlines']);

/** Blocking uses of a sync Popen, by the qualified name the index gives them. */
const BLOCKING_ON_SYNC = /^subprocess\.Popen\(\)\.(wait|communicate|(stdout|stderr)\.(read|readline|readlines))$/;

interface Binding {
  name: string;
  identifier: SyntaxNode;
  /** The `with` statement for `with Popen(...) as p:`. */
  withStatement?: SyntaxNode;
}

export function popenSites(context: TransformContext, helper: HelperModule | undefined): Site[] {
  const sites: Site[] = [];
  const handled = new Set<string>();
  const callAt = (node: SyntaxNode) => context.calls.find((call) => sameNode(call.node, node));
  for (const call of context.calls) {
    if (call.qualifiedName !== 'subprocess.Popen' || !call.site.scope) continue;
    const fn = enclosingFunction(call.node);
    const binding = bindingOf(call.node);
    if (!fn || !binding) continue;
    const converted = helper && fitsPopen(call) ? convertLocalPopen(call, fn, binding, helper, callAt) : undefined;
    if (converted) {
      sites.push(...converted.sites);
      for (const key of converted.handled) handled.add(key);
      continue;
    }
    const uses = blockingUsesOf(fn, binding, callAt);
    for (const use of uses.calls) {
      if (handled.has(keyOf(use.node))) continue;
      handled.add(keyOf(use.node));
      sites.push(bridgedMethod(context, use, binding.name));
    }
    for (const loop of uses.loops) {
      if (handled.has(keyOf(loop))) continue;
      handled.add(keyOf(loop));
      sites.push(blockingLoop(context, loop, binding.name));
    }
  }
  for (const call of context.calls) {
    if (!call.site.scope || !call.qualifiedName || !BLOCKING_ON_SYNC.test(call.qualifiedName) || handled.has(keyOf(call.node))) continue;
    const receiver = call.node.childForFieldName('function')?.childForFieldName('object');
    sites.push(bridgedMethod(context, call, receiver?.text ?? 'the Popen'));
  }
  return sites;
}

function keyOf(node: SyntaxNode): string {
  return `${node.startIndex}:${node.endIndex}`;
}

/** `popen(args, ...)` takes the command as its one positional argument, and no preexec_fn. */
function fitsPopen(call: CallInContext): boolean {
  const shape = argumentShape(call.node);
  if (shape.listSplat || shape.keywords.has('preexec_fn')) return false;
  return shape.positional.length === 1 || (shape.positional.length === 0 && shape.keywords.has('args'));
}

/** `p = Popen(...)` as a statement, or the only item of `with Popen(...) as p:`. */
function bindingOf(call: SyntaxNode): Binding | undefined {
  const parent = call.parent;
  if (parent?.type === 'assignment' && sameNode(parent.childForFieldName('right'), call) && parent.parent?.type === 'expression_statement') {
    const left = parent.childForFieldName('left');
    return left?.type === 'identifier' ? { name: left.text, identifier: left } : undefined;
  }
  if (parent?.type === 'as_pattern' && parent.parent?.type === 'with_item') {
    const clause = parent.parent.parent;
    const statement = clause?.parent;
    const target = parent.childForFieldName('alias')?.namedChildren[0];
    if (clause?.type !== 'with_clause' || clause.namedChildren.length !== 1 || statement?.type !== 'with_statement') return undefined;
    if (statement.text.startsWith('async') || target?.type !== 'identifier') return undefined;
    return { name: target.text, identifier: target, withStatement: statement };
  }
  return undefined;
}

/**
 * The sites that turn one local Popen async, or undefined when some use of it has no async form
 * (then it stays a subprocess.Popen).
 */
function convertLocalPopen(
  call: CallInContext,
  fn: SyntaxNode,
  binding: Binding,
  helper: HelperModule,
  callAt: (node: SyntaxNode) => CallInContext | undefined,
): { sites: Site[]; handled: string[] } | undefined {
  if (declaresName(fn, binding.name)) return undefined;
  const awaited: CallInContext[] = [];
  const keywords: Edit[] = [];
  for (const use of identifiersNamed(fn, binding.name)) {
    if (sameNode(use, binding.identifier)) continue;
    if (insideNestedScope(use, fn)) return undefined;
    const parent = use.parent!;
    if (parent.type === 'assignment' && sameNode(parent.childForFieldName('left'), use)) {
      if (parent.childForFieldName('right')?.type !== 'none') return undefined;
      continue;
    }
    if (isNoneTest(use)) continue;
    if (parent.type !== 'attribute' || !sameNode(parent.childForFieldName('object'), use)) return undefined;
    const member = memberUse(parent, callAt);
    if (!member) return undefined;
    if (member.awaited) awaited.push(member.awaited);
    if (member.asyncFor !== undefined) keywords.push(asyncKeyword(member.asyncFor));
  }
  if (binding.withStatement) keywords.push(asyncKeyword(binding.withStatement.startIndex));
  const scope = call.site.scope;
  const line = call.site.line;
  const sites: Site[] = [twinCall(call, helper, 'popen')];
  for (const use of awaited) {
    if (use.site.syncOnly || use.site.inGenerator || use.site.scope !== scope) return undefined;
    sites.push({ transform: TRANSFORM_ID, scope, line: use.site.line, call: use.site, awaitCall: true, edits: [], imports: [], seed: true });
  }
  if (keywords.length > 0) sites.push({ transform: TRANSFORM_ID, scope, line, awaitCall: false, edits: keywords, imports: [], seed: true });
  return { sites, handled: awaited.map((use) => keyOf(use.node)) };
}

/** What `p.<member>` does with the async Popen; undefined when it has no async form. */
function memberUse(
  attribute: SyntaxNode,
  callAt: (node: SyntaxNode) => CallInContext | undefined,
): { awaited?: CallInContext; asyncFor?: number } | undefined {
  const name = attribute.childForFieldName('attribute')!.text;
  const called = calledAttribute(attribute);
  if (AWAITED.has(name)) return called && callAt(called) ? { awaited: callAt(called) } : undefined;
  if (PLAIN_METHODS.has(name)) return called ? {} : undefined;
  if (PLAIN_ATTRIBUTES.has(name)) return isReadOnly(attribute) ? {} : undefined;
  const parent = attribute.parent!;
  if (name === 'stdout' || name === 'stderr') {
    if (parent.type === 'attribute' && sameNode(parent.childForFieldName('object'), attribute)) {
      const method = parent.childForFieldName('attribute')!.text;
      const methodCall = calledAttribute(parent);
      if (!methodCall) return undefined;
      if (method === 'close') return {};
      return STREAM_READS.has(method) && callAt(methodCall) ? { awaited: callAt(methodCall) } : undefined;
    }
    if (parent.type === 'for_statement' && sameNode(parent.childForFieldName('right'), attribute) && !parent.text.startsWith('async')) {
      return { asyncFor: parent.startIndex };
    }
    if (parent.type === 'for_in_clause' && sameNode(parent.childForFieldName('right'), attribute) && !parent.text.startsWith('async')
      && ['list_comprehension', 'set_comprehension', 'dictionary_comprehension'].includes(parent.parent?.type ?? '')) {
      return { asyncFor: parent.startIndex };
    }
    return undefined;
  }
  if (name === 'stdin' && parent.type === 'attribute' && sameNode(parent.childForFieldName('object'), attribute)) {
    const method = parent.childForFieldName('attribute')!.text;
    return (method === 'write' || method === 'close') && calledAttribute(parent) ? {} : undefined;
  }
  return undefined;
}

/** `p.returncode` read, not assigned or deleted. */
function isReadOnly(attribute: SyntaxNode): boolean {
  const parent = attribute.parent!;
  if (['assignment', 'augmented_assignment'].includes(parent.type) && sameNode(parent.childForFieldName('left'), attribute)) return false;
  return parent.type !== 'delete_statement' && !calledAttribute(attribute);
}

/** `p is None`, `p is not None`, `if p:`, `not p`: the async Popen is a truthy object like the sync one. */
function isNoneTest(use: SyntaxNode): boolean {
  const parent = use.parent!;
  if (parent.type === 'comparison_operator') return /^\w+\s+is(\s+not)?\s+None$/.test(parent.text);
  if (parent.type === 'not_operator') return true;
  return ['if_statement', 'elif_clause', 'while_statement'].includes(parent.type) && sameNode(parent.childForFieldName('condition'), use);
}

/** A parameter, `global` or `nonlocal` of that name: the Popen is not the only thing it holds. */
function declaresName(fn: SyntaxNode, name: string): boolean {
  const parameters = fn.childForFieldName('parameters');
  if (parameters && identifiersNamed(parameters, name).length > 0) return true;
  return [...fn.descendantsOfType('global_statement'), ...fn.descendantsOfType('nonlocal_statement')]
    .some((statement) => identifiersNamed(statement, name).length > 0);
}

/**
 * Blocking uses of a Popen that stays sync: method calls (`p.wait()`, `p.communicate()`,
 * `p.stdout.read()`) and loops over its pipes (`for line in p.stdout:`).
 */
function blockingUsesOf(
  fn: SyntaxNode,
  binding: Binding,
  callAt: (node: SyntaxNode) => CallInContext | undefined,
): { calls: CallInContext[]; loops: SyntaxNode[] } {
  const uses: { calls: CallInContext[]; loops: SyntaxNode[] } = { calls: [], loops: [] };
  for (const use of identifiersNamed(fn, binding.name)) {
    const attribute = use.parent;
    if (attribute?.type !== 'attribute' || !sameNode(attribute.childForFieldName('object'), use)) continue;
    const name = attribute.childForFieldName('attribute')!.text;
    const parent = attribute.parent;
    let called: SyntaxNode | undefined;
    if (AWAITED.has(name)) called = calledAttribute(attribute);
    else if ((name === 'stdout' || name === 'stderr') && parent?.type === 'attribute') {
      if (STREAM_READS.has(parent.childForFieldName('attribute')!.text)) called = calledAttribute(parent);
    } else if ((name === 'stdout' || name === 'stderr') && parent?.type === 'for_statement' && sameNode(parent.childForFieldName('right'), attribute)) {
      uses.loops.push(parent);
    }
    const call = called && callAt(called);
    if (call) uses.calls.push(call);
  }
  return uses;
}

/** `for line in p.stdout:` on a sync Popen: each step blocks; reported, left as it is. */
function blockingLoop(context: TransformContext, loop: SyntaxNode, receiver: string): Site {
  const line = context.source.position(loop.startIndex).line;
  return {
    transform: TRANSFORM_ID,
    scope: context.scopeOf(loop),
    line,
    awaitCall: false,
    edits: [],
    imports: [],
    seed: false,
    review: { code: 'AS504', message: `${receiver} stays a subprocess.Popen: this loop over its pipe blocks the event loop between lines` },
  };
}

/** `p.wait(5)` on a sync Popen → `await asyncio.to_thread(p.wait, 5)`. */
function bridgedMethod(context: TransformContext, call: CallInContext, receiver: string): Site {
  return bridgedSite(TRANSFORM_ID, context, call, {
    code: 'AS502',
    message: `${receiver} stays a subprocess.Popen (it is stored, returned, shared or used in a way the async Popen has no form for): this blocking call runs in a worker thread`,
  });
}
