/**
 * Client lifecycle: every `requests.Session()` value is a group — its construction, the settings
 * assigned to it, and every call on it — that becomes one `httpx.AsyncClient` or stays a Session.
 */
import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Edit } from '../../src/plan/edits.js';
import type { CallInContext } from '../define-transform.js';
import { isSessionConstructor, sessionMethod } from './names.js';
import { parameterNames } from '../shared/block-names.js';
import { enclosingFunction, sameNode } from './statements.js';

export type SessionKind = 'attribute' | 'local' | 'with' | 'global' | 'other';

export interface SessionGroup {
  key: string;
  kind: SessionKind;
  /** The `requests.Session()` call, when the group owns it. */
  construction?: CallInContext;
  /** `with requests.Session() as s:` */
  withStatement?: SyntaxNode;
  /** Calls made on the session: `s.get(...)`, `self.session.close()`. */
  calls: { call: CallInContext; method: string }[];
  /** Settings httpx takes only at construction, hoisted into it: keyword text and the statement to drop. */
  hoisted: { keyword: string; statement: SyntaxNode }[];
  transportRetries?: { retries: string; statements: SyntaxNode[] };
  blockers: string[];
  reviews: string[];
  /**
   * What a caller may pass instead of the group's own Session (`session or requests.Session()`,
   * `self.s = session` then `if not self.s: self.s = requests.Session()`): the name may hold the
   * caller's requests.Session, so it stays one. Undefined when the name only holds its own Session.
   */
  injected?: string;
  /** The name is also bound to a value that is neither its Session, None nor a parameter: calls through it are not the group's unless typed so. */
  boundElsewhere?: boolean;
}

const HOISTABLE = new Set(['verify', 'cert', 'trust_env', 'max_redirects']);
/** The Session methods an httpx.AsyncClient has (the rest block a conversion). */
const CLIENT_CALLS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'close']);

export function findSessionGroups(calls: readonly CallInContext[], qualifiedName: (node: SyntaxNode) => string | undefined): SessionGroup[] {
  const groups = new Map<string, SessionGroup>();
  const group = (key: string, kind: SessionKind) => groups.get(key) ?? groups.set(key, { key, kind, calls: [], hoisted: [], blockers: [], reviews: [] }).get(key)!;

  for (const call of calls) {
    if (!isSessionConstructor(call.qualifiedName)) continue;
    const binding = bindingOf(call.node);
    const owner = group(binding.key, binding.kind);
    owner.construction = call;
    if (binding.kind === 'attribute' || binding.kind === 'local') {
      const others = otherBindings(call.node, binding);
      owner.injected = binding.injected ?? others.injected;
      owner.boundElsewhere = others.boundElsewhere;
    }
    if (binding.kind === 'with') owner.withStatement = binding.statement;
    if (binding.kind === 'other') owner.blockers.push('the Session is not stored in a name or attribute');
    if (binding.statement && (binding.kind === 'attribute' || binding.kind === 'local')) collectSettings(owner, binding.statement, binding.target!, qualifiedName);
  }
  for (const call of calls) {
    const method = sessionMethod(call.qualifiedName) ?? withAliasMethod(call, groups) ?? injectedSessionMethod(call, groups);
    if (!method) continue;
    const receiver = call.node.childForFieldName('function')!.childForFieldName('object')!;
    const owner = group(receiverKey(receiver, call.node, groups), receiverKind(receiver));
    if (method === 'mount' && owner.transportRetries?.statements.some((statement) => statement.startIndex <= call.node.startIndex && call.node.endIndex <= statement.endIndex)) continue;
    if (!CLIENT_CALLS.has(method)) {
      owner.blockers.push(`Session.${method}() has no faithful httpx.AsyncClient form`);
    }
    if (call.site.syncOnly) owner.blockers.push(`a call on the session in a ${call.site.syncOnly}`);
    owner.calls.push({ call, method });
  }
  for (const owner of groups.values()) {
    if (owner.kind === 'global') owner.blockers.push('a module-level Session would be bound to the first event loop that uses it');
    if (!owner.construction && owner.kind !== 'other') owner.blockers.push('the session comes from elsewhere (a parameter or another module)');
    if (owner.injected) owner.blockers.push(`the session may be one the caller passes (${owner.injected}), which stays a requests.Session`);
  }
  return [...groups.values()];
}

interface Binding {
  key: string;
  kind: SessionKind;
  statement?: SyntaxNode;
  target?: string;
  /** The other operand of `session or requests.Session()` / `session if session else requests.Session()`. */
  injected?: string;
}

function bindingOf(call: SyntaxNode): Binding {
  const fallback = fallbackOf(call);
  const value = fallback?.expression ?? call;
  const parent = value.parent;
  if (parent?.type === 'assignment' && sameNode(parent.childForFieldName('right'), value)) {
    const left = parent.childForFieldName('left')!;
    const statement = parent.parent?.type === 'expression_statement' ? parent.parent : undefined;
    const fn = enclosingFunction(call);
    const injected = fallback?.injected;
    if (left.type === 'attribute' && left.childForFieldName('object')?.text === 'self' && fn) {
      return { key: `attribute:${classOf(fn)?.startIndex}:${left.childForFieldName('attribute')!.text}`, kind: 'attribute', statement, target: left.text, injected };
    }
    if (left.type === 'identifier') {
      return fn ? { key: `local:${fn.startIndex}:${left.text}`, kind: 'local', statement, target: left.text, injected } : { key: `global:${left.text}`, kind: 'global', statement, target: left.text, injected };
    }
  }
  if (parent?.type === 'as_pattern' && parent.parent?.type === 'with_item') {
    const alias = parent.childForFieldName('alias')?.namedChildren[0];
    const statement = parent.parent.parent?.parent;
    if (alias?.type === 'identifier' && statement?.type === 'with_statement') return { key: `with:${statement.startIndex}:${alias.text}`, kind: 'with', statement };
  }
  return { key: `other:${call.startIndex}`, kind: 'other' };
}

/** `session or requests.Session()`, `session if session else requests.Session()`: the whole expression and the caller's operand. */
function fallbackOf(call: SyntaxNode): { expression: SyntaxNode; injected: string } | undefined {
  const parent = call.parent;
  if (parent?.type === 'boolean_operator' && parent.childForFieldName('operator')?.text === 'or' && sameNode(parent.childForFieldName('right'), call)) {
    return { expression: parent, injected: parent.childForFieldName('left')!.text };
  }
  if (parent?.type === 'conditional_expression') {
    const [consequence, , alternative] = parent.namedChildren;
    const other = sameNode(consequence, call) ? alternative : sameNode(alternative, call) ? consequence : undefined;
    if (other) return { expression: parent, injected: other.text };
  }
  return undefined;
}

/**
 * The other assignments to the Session's name (`self.session = ...` anywhere in the class, or the
 * local in its function): a parameter passed through is a session the caller may inject; None
 * leaves the name unbound; anything else is a value of another kind.
 */
function otherBindings(construction: SyntaxNode, binding: Binding): { injected?: string; boundElsewhere: boolean } {
  const fn = enclosingFunction(construction);
  const name = binding.target!;
  const scope = binding.kind === 'attribute' ? (fn && classOf(fn)) : fn;
  if (!scope) return { boundElsewhere: false };
  // `def fetch(url, session=None): if session is None: session = requests.Session()`.
  const injected: string[] = binding.kind === 'local' && parameterNames(scope).includes(name) ? [name] : [];
  let boundElsewhere = false;
  for (const assignment of scope.descendantsOfType('assignment')) {
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.text !== name || !right || sameNode(assignment, binding.statement?.namedChildren[0])) continue;
    if (right.startIndex <= construction.startIndex && construction.endIndex <= right.endIndex) continue;
    const where = enclosingFunction(assignment);
    if (right.type === 'none') continue;
    if (right.type === 'identifier' && where && parameterNames(where).includes(right.text)) injected.push(right.text);
    else boundElsewhere = true;
  }
  return { injected: injected.length > 0 ? [...new Set(injected)].join(', ') : undefined, boundElsewhere };
}

/**
 * `self.session.get(...)` that names no type because the attribute may hold the caller's session:
 * a call of the group's Session all the same, when every other value the name holds is a parameter.
 */
function injectedSessionMethod(call: CallInContext, groups: Map<string, SessionGroup>): string | undefined {
  if (call.qualifiedName !== undefined) return undefined;
  const callee = call.node.childForFieldName('function');
  const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : undefined;
  const method = callee?.childForFieldName('attribute')?.text;
  if (!receiver || !method || !CLIENT_CALLS.has(method)) return undefined;
  const owner = groups.get(receiverKey(receiver, call.node, groups));
  return owner?.construction && owner.injected && !owner.boundElsewhere ? method : undefined;
}

/** `s.verify = False` or `s.mount(...)` right after `s = requests.Session()`, in the same block. */
function collectSettings(owner: SessionGroup, construction: SyntaxNode, target: string, qualifiedName: (node: SyntaxNode) => string | undefined): void {
  const assigned = new Set<string>();
  for (let statement = construction.nextNamedSibling; statement; statement = statement.nextNamedSibling) {
    const expression = statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    if (expression?.type === 'assignment') {
      const left = expression.childForFieldName('left')!;
      const right = expression.childForFieldName('right')!;
      const setting = left.type === 'attribute' && left.childForFieldName('object')?.text === target ? left.childForFieldName('attribute')!.text : undefined;
      const usesLater = right.descendantsOfType('identifier').some((node) => assigned.has(node.text));
      if (setting && HOISTABLE.has(setting) && !usesLater) {
        owner.hoisted.push({ keyword: `${setting}=${right.text}`, statement });
        continue;
      }
      if (setting === 'proxies') owner.blockers.push('Session.proxies (httpx takes proxies at construction, in a form that changed in httpx 0.28)');
      if (setting === 'hooks') owner.blockers.push('Session.hooks (httpx event hooks are async, per client, and cannot replace the response)');
      for (const name of left.descendantsOfType('identifier')) assigned.add(name.text);
      if (left.type === 'identifier') assigned.add(left.text);
      continue;
    }
    if (expression?.type === 'call') {
      const callee = expression.childForFieldName('function')!;
      if (callee.type === 'attribute' && callee.childForFieldName('object')?.text === target && callee.childForFieldName('attribute')?.text === 'mount') {
        const adapter = expression.childForFieldName('arguments')?.namedChildren[1];
        const retries = adapter?.type === 'call' && /^requests\.adapters\.HTTPAdapter$/.test(qualifiedName(adapter.childForFieldName('function')!) ?? '')
          ? adapter.childForFieldName('arguments')!.namedChildren : undefined;
        const only = retries?.length === 1 && retries[0].type === 'keyword_argument' && retries[0].childForFieldName('name')?.text === 'max_retries'
          ? retries[0].childForFieldName('value')! : undefined;
        if (only && (only.type === 'integer' || only.type === 'identifier') && (!owner.transportRetries || owner.transportRetries.retries === only.text)) {
          owner.transportRetries = { retries: only.text, statements: [...(owner.transportRetries?.statements ?? []), statement] };
          continue;
        }
        owner.blockers.push(`mount(${expression.childForFieldName('arguments')?.text.slice(1, -1)}): only HTTPAdapter(max_retries=<int>) has an httpx form (transport retries)`);
      }
    }
  }
  // Settings assigned later, or on another path, cannot be hoisted.
}

function withAliasMethod(call: CallInContext, groups: Map<string, SessionGroup>): string | undefined {
  const callee = call.node.childForFieldName('function');
  const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : undefined;
  if (receiver?.type !== 'identifier') return undefined;
  return withGroupAt(receiver, call.node, groups) ? callee!.childForFieldName('attribute')!.text : undefined;
}

function withGroupAt(receiver: SyntaxNode, node: SyntaxNode, groups: Map<string, SessionGroup>): SessionGroup | undefined {
  for (const owner of groups.values()) {
    if (owner.kind !== 'with' || !owner.withStatement) continue;
    const body = owner.withStatement.childForFieldName('body');
    if (owner.key.endsWith(`:${receiver.text}`) && body && body.startIndex <= node.startIndex && node.endIndex <= body.endIndex
      && enclosingFunction(node)?.startIndex === enclosingFunction(owner.withStatement)?.startIndex) return owner;
  }
  return undefined;
}

function receiverKey(receiver: SyntaxNode, node: SyntaxNode, groups: Map<string, SessionGroup>): string {
  const fn = enclosingFunction(node);
  if (receiver.type === 'attribute' && receiver.childForFieldName('object')?.text === 'self' && fn) {
    return `attribute:${classOf(fn)?.startIndex}:${receiver.childForFieldName('attribute')!.text}`;
  }
  if (receiver.type === 'identifier') {
    const withGroup = withGroupAt(receiver, node, groups);
    if (withGroup) return withGroup.key;
    for (let scope = fn; scope; scope = enclosingFunction(scope)) {
      if (groups.has(`local:${scope.startIndex}:${receiver.text}`)) return `local:${scope.startIndex}:${receiver.text}`;
    }
    if (groups.has(`global:${receiver.text}`)) return `global:${receiver.text}`;
    return `param:${fn?.startIndex}:${receiver.text}`;
  }
  return `other:${receiver.startIndex}`;
}

function receiverKind(receiver: SyntaxNode): SessionKind {
  return receiver.type === 'attribute' ? 'attribute' : receiver.type === 'identifier' ? 'local' : 'other';
}

function classOf(fn: SyntaxNode): SyntaxNode | undefined {
  for (let current = fn.parent; current; current = current.parent) if (current.type === 'class_definition') return current;
  return undefined;
}

/** Every use of the session's name or attribute other than `s.attr`: the session escapes. */
export function escapes(owner: SessionGroup): string | undefined {
  const construction = owner.construction?.node;
  if (!construction) return undefined;
  const [kind, , name] = owner.key.split(':');
  const scopeNode = kind === 'attribute' ? classOf(enclosingFunction(construction)!) : kind === 'local' ? enclosingFunction(construction) : owner.withStatement;
  if (!scopeNode) return undefined;
  const candidates = kind === 'attribute'
    ? scopeNode.descendantsOfType('attribute').filter((node) => node.childForFieldName('object')?.text === 'self' && node.childForFieldName('attribute')?.text === name)
    : scopeNode.descendantsOfType('identifier').filter((node) => node.text === name && !(node.parent?.type === 'keyword_argument' && sameNode(node.parent.childForFieldName('name'), node)));
  for (const node of candidates) {
    const parent = node.parent!;
    if (parent.type === 'attribute' && sameNode(parent.childForFieldName('object'), node)) continue;
    if (parent.type === 'assignment' && sameNode(parent.childForFieldName('left'), node)) continue;
    if (parent.type === 'as_pattern_target') continue;
    return `${node.text} is used as a value at line ${node.startPosition.row + 1}`;
  }
  return undefined;
}

/** `requests.Session()` → `httpx.AsyncClient(follow_redirects=True, timeout=None, ...)`, settings hoisted. */
export function constructionEdits(owner: SessionGroup, text: string): Edit[] {
  const call = owner.construction!.node;
  const callee = call.childForFieldName('function')!;
  const argumentList = call.childForFieldName('arguments')!;
  const keywords = ['follow_redirects=True', 'timeout=None', ...owner.hoisted.map((setting) => setting.keyword)];
  const edits: Edit[] = [{ start: callee.startIndex, end: callee.endIndex, text: 'httpx.AsyncClient' }];
  if (owner.transportRetries) {
    // An explicit transport ignores the client's verify/cert: they go to the transport too.
    const tls = owner.hoisted.map((setting) => setting.keyword).filter((keyword) => /^(verify|cert)=/.test(keyword));
    keywords.push(`transport=httpx.AsyncHTTPTransport(${[`retries=${owner.transportRetries.retries}`, ...tls].join(', ')})`);
  }
  edits.push({ start: argumentList.startIndex, end: argumentList.endIndex, text: `(${keywords.join(', ')})` });
  for (const statement of [...owner.hoisted.map((setting) => setting.statement), ...(owner.transportRetries?.statements ?? [])]) {
    edits.push(removeLine(statement, text));
  }
  return edits;
}

function removeLine(statement: SyntaxNode, text: string): Edit {
  const lineStart = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  const lineEnd = text.indexOf('\n', statement.endIndex);
  return { start: lineStart, end: lineEnd === -1 ? text.length : lineEnd + 1, text: '' };
}
