import type { SyntaxNode } from '../parse/parse-python.js';
import { span } from './call-usage.js';
import type { Binding, FunctionId, NameRef, TestDouble } from './model.js';
import { own } from './model.js';
import { bindingScope, type FunctionScope } from './scopes.js';
import { stringValue } from './syntax-facts.js';

/** `x.name = Mock(...)`: the call is the whole value assigned to an attribute. */
function isAssignedToAttribute(call: SyntaxNode): boolean {
  const assignment = call.parent;
  const right = assignment?.type === 'assignment' ? assignment.childForFieldName('right') : null;
  return right?.startIndex === call.startIndex && right.endIndex === call.endIndex && assignment!.childForFieldName('left')?.type === 'attribute';
}

/**
 * The statement a patcher call holds for, written with the patches that hold together: the decorated
 * definition it decorates (`part`: its decorator), or the `with` statement it is an item of (`part`:
 * the item, `as` target included).
 */
export function patchStatementOf(call: SyntaxNode): { statement: SyntaxNode; part: SyntaxNode } | undefined {
  const parent = call.parent;
  if (parent?.type === 'decorator') return parent.parent ? { statement: parent.parent, part: parent } : undefined;
  const item = parent?.type === 'as_pattern' ? parent.parent : parent;
  const statement = item?.parent?.parent;
  return item?.type === 'with_item' && statement?.type === 'with_statement' ? { statement, part: item } : undefined;
}

/** Keywords of a patcher that give the replacement, or tell the mock what it stands for. */
const REPLACEMENT_KEYWORDS = new Set(['new', 'new_callable', 'spec', 'spec_set', 'autospec']);

/** `patch("pkg.Client")`, `patch.object(pkg, "Client")`: replaced by a MagicMock made on the spot, knowing nothing of the original. */
export function replacesWithAutoMock(call: SyntaxNode): boolean {
  if (/setattr$/.test(call.childForFieldName('function')?.text ?? '')) return false;
  const args = call.childForFieldName('arguments')?.namedChildren.filter((arg) => arg.type !== 'comment') ?? [];
  const positional = args.filter((arg) => arg.type !== 'keyword_argument');
  if (args.some((arg) => arg.type === 'keyword_argument' && REPLACEMENT_KEYWORDS.has(arg.childForFieldName('name')?.text ?? ''))) return false;
  return positional.length === (positional[0]?.type === 'string' ? 1 : 2);
}

/**
 * Test doubles standing in for project functions: `monkeypatch.setattr(mod, "f", fake)`,
 * `patch("pkg.mod.f", new=fake)`, `patch.object(obj, "f", fake)`, `Mock(fetch=Mock(...))`,
 * `obj.f = Mock(...)`.
 */
export class TestDoubleReader {
  constructor(
    private readonly bindings: Record<string, Binding>,
    private readonly refOf: (node: SyntaxNode, scope: FunctionScope | undefined) => NameRef | null,
    private readonly line: (index: number) => number,
    private readonly aliases: ReadonlyMap<string, NameRef> = new Map(),
  ) {}

  read(node: SyntaxNode, ref: NameRef | null, scope: FunctionScope | undefined, functionId: FunctionId | null): TestDouble[] {
    const found: TestDouble[] = [];
    const args = node.childForFieldName('arguments')?.namedChildren ?? [];
    const positional = args.filter((arg) => arg.type !== 'keyword_argument');
    const keyword = (name: string) => args.find((arg) => arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === name)?.childForFieldName('value');
    const api = ref ? this.mockApi(ref) : undefined;
    const base = { scope: functionId, line: this.line(node.startIndex) };
    if (api === 'Mock' && isAssignedToAttribute(node)) {
      // `shell._get_version = mocker.Mock(side_effect=...)`: a method replaced on an object of a known class.
      const left = node.parent!.childForFieldName('left')!;
      const target = this.refOf(left.childForFieldName('object')!, scope);
      const name = left.childForFieldName('attribute')?.text;
      if (target && name) found.push({ kind: 'patch', target, name, ...this.replacementOf(node, scope), ...base });
    }
    if (ref?.root.kind === 'local-var' && ref.root.name === 'monkeypatch' && ref.path.join('.') === 'setattr') {
      if (positional[0]?.type === 'string' && positional[1]) {
        const path = stringValue(positional[0]);
        if (path) found.push({ kind: 'setattr', targetPath: path.split('.').slice(0, -1).join('.'), name: path.split('.').at(-1)!, ...this.replacementOf(positional[1], scope), ...base });
      } else if (positional[1]?.type === 'string' && positional[2]) {
        const target = this.refOf(positional[0], scope);
        const name = stringValue(positional[1]);
        if (target && name) found.push({ kind: 'setattr', target, name, ...this.replacementOf(positional[2], scope), ...base });
      }
    } else if (api === 'patch' && positional[0]?.type === 'string') {
      const path = stringValue(positional[0]);
      const replacement = keyword('new') ?? positional[1];
      if (path && replacement) found.push({ kind: 'patch', targetPath: path.split('.').slice(0, -1).join('.'), name: path.split('.').at(-1)!, ...this.replacementOf(replacement, scope), ...base });
    } else if (api === 'patch.object' && positional[1]?.type === 'string') {
      const target = this.refOf(positional[0], scope);
      const name = stringValue(positional[1]);
      const replacement = keyword('new') ?? positional[2];
      if (target && name && replacement) found.push({ kind: 'patch', target, name, ...this.replacementOf(replacement, scope), ...base });
    } else if (api === 'Mock' && !keyword('spec') && !keyword('spec_set')) {
      for (const arg of args) {
        if (arg.type !== 'keyword_argument') continue;
        const name = arg.childForFieldName('name')?.text ?? '';
        const value = arg.childForFieldName('value');
        if (!value || ['return_value', 'side_effect', 'name', 'wraps', 'spec', 'spec_set', 'unsafe'].includes(name)) continue;
        const replacement = this.replacementOf(value, scope);
        if (replacement.replacementKind === 'mock') found.push({ kind: 'mock-keyword', name, ...replacement, ...base });
      }
    }
    return found;
  }

  /**
   * The dotted name a patching call replaces, whatever it replaces it with: `patch("a.b.c")` (also as
   * a decorator), pytest-mock's `mocker.patch("a.b.c")`, `monkeypatch.setattr("a.b.c", ...)`, and
   * `patch.object(mod, "c")` / `monkeypatch.setattr(mod, "c", ...)` on an imported module.
   */
  patchedPath(node: SyntaxNode, ref: NameRef, scope?: FunctionScope): string | undefined {
    if (this.mocksRequestsTransport(ref)) return 'requests';
    const flexmocked = this.flexmockedPath(node, ref, scope);
    if (flexmocked) return flexmocked;
    const args = node.childForFieldName('arguments')?.namedChildren.filter((arg) => arg.type !== 'keyword_argument' && arg.type !== 'comment') ?? [];
    const fixture = ref.root.kind === 'local-var' && (ref.root.name === 'mocker' || ref.root.name === 'monkeypatch') ? ref.root.name : undefined;
    const api = fixture ? `${fixture}.${ref.path.join('.')}` : this.mockApi(ref);
    if (api === 'patch' || api === 'mocker.patch' || (api === 'monkeypatch.setattr' && args[0]?.type === 'string')) {
      return args[0]?.type === 'string' ? stringValue(args[0]) : undefined;
    }
    if ((api === 'patch.object' || api === 'mocker.patch.object' || api === 'monkeypatch.setattr') && args[0] && args[1]?.type === 'string') {
      const owner = this.dottedName(args[0]);
      const name = stringValue(args[1]);
      return owner && name ? `${owner}.${name}` : undefined;
    }
    return undefined;
  }

  /**
   * flexmock's `flexmock(module.requests).should_receive("get")`, also through a name that holds what
   * `flexmock(sys.modules["builtins"])` returned: the attribute is replaced on that object until the test ends.
   */
  private flexmockedPath(node: SyntaxNode, ref: NameRef, scope: FunctionScope | undefined): string | undefined {
    if (ref.path.length !== 1 || ref.path[0] !== 'should_receive') return undefined;
    let mocking: SyntaxNode | null | undefined;
    if (ref.root.kind === 'call-result') mocking = node.childForFieldName('function')?.childForFieldName('object');
    else if (ref.root.kind === 'local-var') {
      const assigned = bindingScope(scope, ref.root.name)?.assignedFrom.get(ref.root.name);
      mocking = assigned === 'many' ? undefined : assigned;
    }
    const mocker = mocking?.type === 'call' ? mocking.childForFieldName('function') : undefined;
    if (!mocker || this.dottedName(mocker) !== 'flexmock.flexmock') return undefined;
    const target = mocking!.childForFieldName('arguments')?.namedChildren[0];
    const attribute = node.childForFieldName('arguments')?.namedChildren[0];
    const owner = target ? this.dottedName(target) : undefined;
    const name = attribute?.type === 'string' ? stringValue(attribute) : undefined;
    return owner && name ? `${owner}.${name}` : undefined;
  }

  /**
   * The dotted name an object a test patches is reached by: an imported module or name (`patch.object(Thread,
   * "start")` with `from threading import Thread`: `threading.Thread`), an attribute of one
   * (`module.requests`, with `from pkg import hook as module`: `pkg.hook.requests`), or `sys.modules["x"]`.
   */
  private dottedName(node: SyntaxNode): string | undefined {
    if (node.type === 'identifier') return this.importedAs(node.text);
    if (node.type === 'attribute') {
      const owner = this.dottedName(node.childForFieldName('object')!);
      return owner ? `${owner}.${node.childForFieldName('attribute')!.text}` : undefined;
    }
    const key = node.type === 'subscript' ? node.childrenForFieldName('subscript') : [];
    if (key.length === 1 && key[0].type === 'string' && this.dottedName(node.childForFieldName('value')!) === 'sys.modules') return stringValue(key[0]);
    return undefined;
  }

  /**
   * `responses.add(...)`, `responses.RequestsMock()`, `requests_mock.Mocker()`, the `requests_mock`
   * fixture's `requests_mock.get(...)`: while in force, every call through requests is answered by
   * the mock (at its transport adapter), which never sees httpx traffic. A patch of `requests` whole.
   */
  private mocksRequestsTransport(ref: NameRef): boolean {
    if (ref.root.kind === 'local-var') return ref.root.name === 'requests_mock' && ref.root.fixture === true && ref.path.length === 1;
    if (ref.root.kind !== 'global') return false;
    return /^(responses|requests_mock)(\.|$)/.test(this.importedAs(ref.root.name) ?? '');
  }

  /**
   * `custom.dump = dump`, `client.fetch = lambda url: {...}`: a test's own function put in place of a
   * method (a Mock assigned so is read with the calls). Where the method turns async, its callers
   * await what the attribute holds.
   */
  readAssignment(assignment: SyntaxNode, scope: FunctionScope | undefined, functionId: FunctionId | null): TestDouble | undefined {
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type !== 'attribute' || !right) return undefined;
    // A function the test defines (nested or in the module) or a lambda: state (`self.root = root`) is no double.
    const ownFunction = right.type === 'identifier'
      && (!!bindingScope(scope, right.text)?.nestedDefs.has(right.text) || (!bindingScope(scope, right.text) && own(this.bindings, right.text)?.kind === 'function'));
    if (right.type !== 'lambda' && !ownFunction) return undefined;
    const target = this.refOf(left.childForFieldName('object')!, scope);
    const name = left.childForFieldName('attribute')?.text;
    if (!target || !name) return undefined;
    return { kind: 'setattr', target, name, ...this.replacementOf(right, scope), scope: functionId, line: this.line(assignment.startIndex) };
  }

  /** The dotted name an import binds a module-level name to (`from unittest import mock`: `unittest.mock`). */
  private importedAs(name: string): string | undefined {
    const binding = own(this.bindings, name);
    return binding?.kind === 'from-import' ? `${binding.module}.${binding.name}` : binding?.kind === 'module' ? binding.module : undefined;
  }

  /** Which unittest.mock API a callee names, whatever the import style. */
  private mockApi(ref: NameRef, depth = 0): 'Mock' | 'patch' | 'patch.object' | undefined {
    // pytest-mock's `mocker.Mock` / `mocker.MagicMock`.
    if (ref.root.kind === 'local-var' && ref.root.name === 'mocker' && ref.path.length === 1 && /^(Magic)?Mock$/.test(ref.path[0])) return 'Mock';
    if (ref.root.kind !== 'global') return undefined;
    const aliased = this.aliases.get(ref.root.name);
    if (aliased && depth < 3) return this.mockApi({ root: aliased.root, path: [...aliased.path, ...ref.path] }, depth + 1);
    const imported = this.importedAs(ref.root.name);
    const dotted = imported && [imported, ...ref.path].join('.');
    const name = dotted?.replace(/^(unittest\.mock|mock)\./, '');
    if (!dotted || name === dotted) return undefined;
    if (name === 'Mock' || name === 'MagicMock') return 'Mock';
    if (name === 'patch' || name === 'patch.object') return name;
    return undefined;
  }

  private replacementOf(node: SyntaxNode, scope: FunctionScope | undefined): Pick<TestDouble, 'replacement' | 'replacementKind' | 'mockCallee'> {
    let value: SyntaxNode = node;
    if (node.type === 'identifier') {
      const owner = bindingScope(scope, node.text);
      const assigned = owner?.assignedFrom.get(node.text);
      if (assigned && assigned !== 'many' && assigned.type === 'call') value = assigned;
    }
    if (value.type === 'call') {
      const callee = value.childForFieldName('function');
      const ref = callee ? this.refOf(callee, scope) : null;
      if (callee && ref && this.mockApi(ref) === 'Mock') return { replacement: span(value), replacementKind: 'mock', mockCallee: span(callee) };
    }
    if (node.type === 'lambda') return { replacement: span(node), replacementKind: 'lambda' };
    if (node.type === 'identifier' || node.type === 'attribute') return { replacement: span(node), replacementKind: 'name' };
    return { replacement: span(node), replacementKind: 'other' };
  }

}
