/**
 * Which HTTP library the code a handler guards raises from, for rewriting its exception classes in
 * step (see exceptions.ts). The calls of the guarded block are read one by one: a request this
 * transform converts raises httpx's exceptions; one that stays on requests, requests'; a call into a
 * function of this module is read in turn (a few levels deep); a call that may reach HTTP code out
 * of sight (another module's function, another library, an HTTP verb on an object of unknown type)
 * may raise either. Builtins, the stdlib and methods of objects of known kind raise neither.
 */
import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { CallInContext, TransformContext } from '../define-transform.js';
import type { ExceptionFamily } from './exceptions.js';
import { HTTP_METHODS, moduleRequestMethod, sessionMethod } from './names.js';
import { enclosingFunction, sameNode } from './statements.js';

/** What one call may raise: httpx or requests errors, either (out of sight), or none. */
type Raises = 'httpx' | 'requests' | 'either' | 'none';

export interface CallFamilies {
  /** A converted call, with the functions it changes together with (a session's users). */
  converted(call: SyntaxNode): { together?: string[] } | undefined;
  /** A requests call that stays on requests (run in a thread). */
  kept(call: SyntaxNode): boolean;
}

const NO_HTTP_ERRORS = /^(builtins|json|re|math|time|datetime|logging|os|os\.path|sys|collections|itertools|functools|typing|urllib\.parse|base64|hashlib|uuid|decimal|string|textwrap|pathlib|io|dataclasses|enum|copy|httpx|asyncio)\./;
const VERBS = new Set<string>([...HTTP_METHODS, 'request', 'send', 'urlopen']);
const DEPTH = 3;

export class GuardedCode {
  constructor(private readonly context: TransformContext, private readonly families: CallFamilies) {}

  /**
   * The family a handler's guarded code raises from, and the groups its converted calls change with.
   * Calls of one library only → that library; no HTTP call at all → requests (nothing to change);
   * anything else → both.
   */
  familyOf(node: SyntaxNode): { family: ExceptionFamily; together?: string[] } {
    const guarded = guardedBlock(node);
    if (!guarded) return { family: 'both' };
    const together = new Set<string>();
    const raises = this.raisesIn(guarded, enclosingFunction(guarded), together, 0);
    if (raises.has('either') || (raises.has('httpx') && raises.has('requests'))) return { family: 'both' };
    if (raises.has('httpx')) return { family: 'httpx', ...(together.size > 0 ? { together: [...together] } : {}) };
    return { family: 'requests' };
  }

  private raisesIn(block: SyntaxNode, fn: SyntaxNode | null, together: Set<string>, depth: number): Set<Raises> {
    const raises = new Set<Raises>();
    for (const call of this.context.calls) {
      if (call.node.startIndex < block.startIndex || call.node.endIndex > block.endIndex || !sameNode(enclosingFunction(call.node), fn)) continue;
      raises.add(this.raisesFrom(call, together, depth));
    }
    return raises;
  }

  private raisesFrom(call: CallInContext, together: Set<string>, depth: number): Raises {
    const request = this.requestRaises(call.node, together);
    if (request !== 'either') return request;
    const name = call.qualifiedName;
    const callee = call.node.childForFieldName('function')!;
    // A method of what a request returned (`r.raise_for_status()`) raises from that request's library.
    const origin = callee.type === 'attribute' ? this.originOf(callee, together) : 'either';
    if (origin !== 'either') return origin;
    if (name) {
      // A method of a value a requests call made (a response's raise_for_status()) follows that call; a
      // request function this transform left alone (at module level, say) stays on requests.
      if (/^requests\b/.test(name)) return moduleRequestMethod(name) || VERBS.has(sessionMethod(name) ?? '') ? 'requests' : name.includes('().') ? 'either' : 'none';
      return NO_HTTP_ERRORS.test(name) && !name.includes('().') ? 'none' : 'either';
    }
    const local = this.localFunction(callee);
    if (local) return depth >= DEPTH ? 'either' : merge(this.raisesIn(local.childForFieldName('body')!, local, together, depth + 1));
    if (callee.type === 'attribute') {
      let head = callee;
      while (head.type === 'attribute') head = head.childForFieldName('object')!;
      // `module.f()` on an imported project module: a function out of sight (`module.Class()` builds an object).
      if (head.type === 'identifier' && this.importedNames().has(head.text)) return /^[A-Z]/.test(callee.childForFieldName('attribute')!.text) ? 'none' : 'either';
      const method = callee.childForFieldName('attribute')!.text;
      return VERBS.has(method) ? 'either' : 'none';
    }
    // A class (named as classes are, or defined here) builds an object; a function imported from
    // another module, or held in a name, is out of sight.
    return this.isLocalClass(callee) || /^[A-Z]/.test(callee.text) ? 'none' : 'either';
  }

  /**
   * What the request that made a value raises from: `r.raise_for_status()` after `r = s.get(...)` or
   * `with client.stream(...) as r:` in the same function. Either when that request is not found.
   */
  private originOf(callee: SyntaxNode, together: Set<string>): Raises {
    let object = callee.type === 'attribute' ? callee.childForFieldName('object')! : undefined;
    while (object && (object.type === 'await' || object.type === 'parenthesized_expression')) object = object.namedChildren[0];
    if (object?.type === 'call') return this.requestRaises(object, together);
    const fn = enclosingFunction(callee);
    if (object?.type !== 'identifier' || !fn) return 'either';
    const bindings = fn.descendantsOfType(['assignment', 'as_pattern']).filter((binding) => {
      const target = binding.type === 'assignment' ? binding.childForFieldName('left') : binding.childForFieldName('alias')?.namedChildren[0];
      return target?.type === 'identifier' && target.text === object.text && sameNode(enclosingFunction(binding), fn);
    });
    let value = bindings.length === 1 ? (bindings[0].type === 'assignment' ? bindings[0].childForFieldName('right') : bindings[0].namedChildren[0]) : undefined;
    while (value && (value.type === 'await' || value.type === 'parenthesized_expression')) value = value.namedChildren[0];
    return value?.type === 'call' ? this.requestRaises(value, together) : 'either';
  }

  /** A request call converted (httpx) or kept (requests); either when it is neither. */
  private requestRaises(call: SyntaxNode, together: Set<string>): Raises {
    const conversion = this.families.converted(call);
    if (conversion) {
      conversion.together?.forEach((scope) => together.add(scope));
      return 'httpx';
    }
    if (this.families.kept(call)) return 'requests';
    return this.threaded(call) ?? 'either';
  }

  /** `asyncio.to_thread(session.get, ...)` (a request already kept on requests by a migration): what the function run raises. */
  private threaded(call: SyntaxNode): Raises | undefined {
    if (this.context.qualifiedName(call.childForFieldName('function')!) !== 'asyncio.to_thread') return undefined;
    const run = call.childForFieldName('arguments')?.namedChildren[0];
    const name = run ? this.context.qualifiedName(run) ?? '' : '';
    if (moduleRequestMethod(name) || VERBS.has(sessionMethod(name) ?? '')) return 'requests';
    return NO_HTTP_ERRORS.test(name) && !name.includes('().') ? 'none' : 'either';
  }

  /** A function of this module the call runs: a module-level def, or a method of the caller's class through `self`. */
  private localFunction(callee: SyntaxNode): SyntaxNode | undefined {
    const root = this.context.root;
    if (callee.type === 'identifier') {
      return definitions(root).find((fn) => fn.childForFieldName('name')?.text === callee.text);
    }
    if (callee.type === 'attribute' && callee.childForFieldName('object')?.text === 'self') {
      let cls: SyntaxNode | null = callee.parent;
      while (cls && cls.type !== 'class_definition') cls = cls.parent;
      const name = callee.childForFieldName('attribute')!.text;
      return cls ? definitions(cls.childForFieldName('body')!).find((fn) => fn.childForFieldName('name')?.text === name) : undefined;
    }
    return undefined;
  }

  private imported?: Set<string>;

  /** Names the module's top-level imports bind. */
  private importedNames(): Set<string> {
    if (!this.imported) {
      this.imported = new Set();
      for (const statement of this.context.root.namedChildren) {
        if (statement.type !== 'import_statement' && statement.type !== 'import_from_statement') continue;
        for (const clause of statement.childrenForFieldName('name')) {
          const bound = clause.type === 'aliased_import' ? clause.childForFieldName('alias')?.text : clause.text.split('.')[0];
          if (bound) this.imported.add(bound);
        }
      }
    }
    return this.imported;
  }

  private isLocalClass(callee: SyntaxNode): boolean {
    return callee.type === 'identifier' && this.context.root.namedChildren.some((child) => child.type === 'class_definition' && child.childForFieldName('name')?.text === callee.text);
  }
}

/** What a set of calls raises as one: either when they disagree or one may raise either. */
function merge(raises: Set<Raises>): Raises {
  if (raises.has('either') || (raises.has('httpx') && raises.has('requests'))) return 'either';
  return raises.has('httpx') ? 'httpx' : raises.has('requests') ? 'requests' : 'none';
}

/** The `def`s directly in a module or class body (decorated ones too). */
function definitions(body: SyntaxNode): SyntaxNode[] {
  return body.namedChildren
    .map((child) => child.type === 'decorated_definition' ? child.childForFieldName('definition') : child)
    .filter((child): child is SyntaxNode => child?.type === 'function_definition');
}

/**
 * The code a handler guards: the body of the `try` whose `except` names it (or whose handler tests
 * what it caught, `isinstance(e, ...)`), or the block of `with pytest.raises(...)`.
 */
function guardedBlock(node: SyntaxNode): SyntaxNode | undefined {
  for (let current: SyntaxNode | null = node.parent; current; current = current.parent) {
    if (current.type === 'except_clause') {
      return current.parent?.type === 'try_statement' ? current.parent.childForFieldName('body') ?? undefined : undefined;
    }
    if (current.type === 'with_item') {
      const statement = current.parent?.parent;
      const entered = current.namedChildren[0]?.type === 'as_pattern' ? current.namedChildren[0].namedChildren[0] : current.namedChildren[0];
      return statement?.type === 'with_statement' && /raises$/i.test(entered?.childForFieldName('function')?.text ?? '')
        ? statement.childForFieldName('body') ?? undefined : undefined;
    }
    if (current.type === 'function_definition' || current.type === 'lambda' || current.type === 'class_definition') return undefined;
    if (current.type === 'block' && current.parent?.type !== 'except_clause') return undefined;
  }
  return undefined;
}
