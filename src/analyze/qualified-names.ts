import type { EnclosingNodes } from '../parse/enclosing-nodes.js';
import type { SyntaxNode } from '../parse/parse-python.js';
import type { Binding, ClassInfo, NameRef } from './model.js';
import { own } from './model.js';
import { bindingScope, buildFunctionScope, type FunctionScope } from './scopes.js';
import { BUILTINS, methodKindOf } from './syntax-facts.js';

/** External dotted names of expressions, for transforms: `t.sleep` after `import time as t` is `time.sleep`. */
export class QualifiedNames {
  /**
   * @param scopes function scopes by the start of their `def`, shared with the indexer so that each
   *   function's bindings are collected once.
   */
  constructor(
    private readonly bindings: Record<string, Binding>,
    private readonly classesByNode: ReadonlyMap<number, ClassInfo>,
    private readonly scopes: Map<number, FunctionScope> = new Map(),
    /** The project's own modules: their names are project code, never a library's. */
    private readonly projectModules: ReadonlySet<string> = new Set(),
    /**
     * What the whole project knows a parameter or a call to a project function holds, when this
     * module alone cannot tell (see TransformContext.project).
     */
    private readonly projectValue: ((node: SyntaxNode) => string | undefined) | undefined,
    /** What encloses each node of the tree. */
    private readonly enclosing: EnclosingNodes,
  ) {}

  /** `dotted` names something in a project module (`pkg.sessions.Session` when `pkg` is ours). */
  private inProject(dotted: string): boolean {
    const parts = dotted.split('.');
    for (let length = parts.length; length > 0; length--) if (this.projectModules.has(parts.slice(0, length).join('.'))) return true;
    return false;
  }

  private external(dotted: string | undefined): string | undefined {
    return dotted === undefined || this.inProject(dotted) ? undefined : dotted;
  }

  /**
   * The external dotted name an expression refers to, honouring imports, aliases and shadowing. Values
   * built by calls read as `name()`, so dataflow shows through: after `conn = psycopg2.connect(dsn)`
   * and `cur = conn.cursor()`, `cur.execute` is `psycopg2.connect().cursor().execute`.
   */
  of(node: SyntaxNode, depth = 0, knownScope?: FunctionScope | null): string | undefined {
    if (depth > 10) return undefined;
    if (node.type === 'call') {
      const callee = node.childForFieldName('function');
      const name = callee ? this.of(callee, depth + 1, knownScope) : undefined;
      return name ? `${name}()` : this.projectValue?.(node);
    }
    if (node.type === 'attribute') {
      const object = node.childForFieldName('object');
      const attribute = node.childForFieldName('attribute');
      if (!object || !attribute) return undefined;
      const selfAttribute = object.type === 'identifier' ? this.selfAttributeType(object, attribute.text, knownScope) : undefined;
      if (selfAttribute) return selfAttribute;
      const base = this.of(object, depth + 1, knownScope);
      return base ? `${base}.${attribute.text}` : undefined;
    }
    if (node.type === 'parenthesized_expression' && node.namedChildren.length === 1) return this.of(node.namedChildren[0], depth + 1, knownScope);
    if (node.type !== 'identifier') return undefined;
    const scope = knownScope === undefined ? this.scopeAt(node) : knownScope ?? undefined;
    const owner = bindingScope(scope, node.text);
    if (owner) {
      if (owner.receiverName === node.text) return undefined;
      const imported = owner.localImports.get(node.text);
      if (imported) return this.external(imported);
      const annotation = owner.annotations.get(node.text);
      const annotated = annotation?.namedChildren[0] ?? annotation;
      if (annotated) {
        const type = this.of(annotated, depth + 1);
        return type ? `${type}()` : undefined;
      }
      const value = owner.assignedFrom.get(node.text);
      if (value && value !== 'many' && (value.type === 'call' || value.type === 'await' || value.type === 'as_pattern')) {
        // `with requests.Session() as s`: read as the object entered (context managers mostly return self).
        const call = value.type === 'call' ? value : value.namedChildren[0];
        return call?.type === 'call' ? this.of(call, depth + 1) : undefined;
      }
      return owner.parameters.has(node.text) && !value ? this.projectValue?.(node) : undefined;
    }
    const binding: Binding | undefined = own(this.bindings, node.text);
    if (!binding) return BUILTINS.has(node.text) ? `builtins.${node.text}` : undefined;
    if (binding.kind === 'module') return this.external(binding.module);
    if (binding.kind === 'from-import') return this.external(`${binding.module}.${binding.name}`);
    if (binding.kind === 'variable' && binding.type?.kind === 'call') {
      const type = this.ofRef(binding.type.callee);
      return type ? `${type}()` : undefined;
    }
    return undefined;
  }

  /** `self.session` where `__init__` did `self.session = requests.Session()` → `requests.Session()`. */
  private selfAttributeType(object: SyntaxNode, attribute: string, knownScope?: FunctionScope | null): string | undefined {
    const scope = knownScope === undefined ? this.scopeAt(object) : knownScope ?? undefined;
    const owner = bindingScope(scope, object.text);
    if (!owner || owner.receiverName !== object.text || owner.receiverKind !== 'self') return undefined;
    const classNode = owner.node.parent?.type === 'block' ? owner.node.parent.parent
      : owner.node.parent?.type === 'decorated_definition' ? owner.node.parent.parent?.parent : undefined;
    const info = classNode ? this.classesByNode.get(classNode.startIndex) : undefined;
    const type = info && own(info.attributeTypes, attribute);
    if (!type || !(type.kind === 'annotation' || type.kind === 'call' || type.kind === 'entered')) return undefined;
    const name = this.ofRef(type.kind === 'annotation' ? type.ref : type.callee);
    return name ? `${name}()` : undefined;
  }

  ofRef(ref: NameRef): string | undefined {
    if (ref.root.kind !== 'global') return undefined;
    const binding = own(this.bindings, ref.root.name);
    const head = binding?.kind === 'module' ? binding.module : binding?.kind === 'from-import' ? `${binding.module}.${binding.name}` : undefined;
    return head ? this.external([head, ...ref.path].join('.')) : undefined;
  }

  /** The innermost function scope around a node, with methods' receivers known. */
  private scopeAt(node: SyntaxNode): FunctionScope | undefined {
    const chain = this.enclosing.functionsAround(node);
    let scope: FunctionScope | undefined;
    for (const fn of chain) {
      let built = this.scopes.get(fn.startIndex);
      if (!built) {
        built = buildFunctionScope(fn, scope, methodKindOf(fn));
        this.scopes.set(fn.startIndex, built);
      }
      scope = built;
    }
    return scope;
  }

}
