import { own, type CallSite, type FunctionId, type FunctionInfo, type FunctionReference, type ModuleIndex, type NameRef } from '../analyze/model.js';
import { decoratorUse } from './decorator-links.js';
import type { ProjectSymbols, Target } from './resolve.js';

/**
 * argparse sub-commands: each sub-parser names its handler with `set_defaults(func=cmd_copy)`, and
 * the program calls `args.func(args)` on the parsed namespace. That call reaches exactly the
 * handlers set under the key, so they are one call target: they take one colour, the dispatch
 * awaits them when they turn async, and handing them to `set_defaults` does not pin them.
 *
 * A key is read this way only when nothing else can reach the handlers through the namespace: every
 * `set_defaults` naming the key names a project function (no library function, no `**defaults`),
 * and no code configures or replaces `X.func` (a test's `args.func.return_value = 0` on a MagicMock
 * would hand the dispatch a value where it awaits a coroutine).
 *
 * A handler may also come from a project factory, `set_defaults(func=make_print_help(parser))`, whose
 * every `return` hands out one nested `def` (analyze/returned-functions.ts). That nested function is
 * the handler, as long as the factory is called nowhere but in `set_defaults` and is not handed on.
 *
 * A lambda that only calls a project function, `set_defaults(func=lambda args: main(args, parser))`,
 * hands the dispatch what that function returns: its coroutine, once the function turns async, which
 * the dispatch awaits. The function is the key's handler, and the call in the lambda stays as written.
 *
 * Or a project decorator sets it, `parser.set_defaults(func=func)` with `func` the function it
 * decorates and returns (barman's `@command(...)`): every function it decorates is a handler. Where
 * its parser is from cannot always be read (a parameter's default): a decorator's `set_defaults`
 * counts as argparse's unless it resolves to something else, since the dispatch that reads the key
 * must be a call on argparse's parsed namespace all the same.
 */
const SET_DEFAULTS = /^argparse\..*\.set_defaults$/;
const PARSED_ATTRIBUTE = /^argparse\.(?:Namespace\(\)|.*\.parse_args\(\))\.(\w+)$/;

export class ArgparseDispatch {
  /** Key → the project functions set under it, in the order the project sets them. */
  private readonly handlersByKey = new Map<string, FunctionId[]>();
  /** A handler made by a factory (`func=make_print_help(parser)`) → that factory, whose `return` hands it out. */
  private readonly factoryOf = new Map<FunctionId, FunctionId>();
  /** A handler every dispatch calls with the namespace it dispatches on (`args.func(args)`) → the parameter that gets it. */
  private readonly namespaceParameterOf = new Map<FunctionId, string>();
  /**
   * The calls inside lambdas set as handlers (`func=lambda args: main(args, parser)`), by
   * `module:start`: the lambda hands back the coroutine its handler returns, and the dispatch awaits it.
   */
  private readonly forwardingCalls = new Set<string>();
  /** Every keyword a `set_defaults` sets: the only attributes of a parsed namespace that may hold a function. */
  private readonly defaultKeys = new Set<string>();

  constructor(symbols: ProjectSymbols, modules: readonly ModuleIndex[]) {
    const handlers = new Map<string, Set<FunctionId>>();
    const closed = new Set<string>();
    const factories = new Map<FunctionId, HandlerFactory>();
    const forwarding = new Map<string, string>();
    const forwardedHandlers = new Set<FunctionId>();
    const registrations = decoratorRegistrations(symbols);
    for (const [key, ids] of registrations.handlers) handlers.set(key, new Set(ids));
    for (const module of modules) {
      for (const site of module.calls) {
        if (site.callee?.path.at(-1) !== 'set_defaults') continue;
        const callee = symbols.resolve(site.callee, module, site.scope);
        const registering = site.scope !== null && registrations.decorators.has(site.scope);
        if (!(callee.kind === 'external' && SET_DEFAULTS.test(callee.name)) && !(registering && callee.kind === 'unknown')) continue;
        if (site.passes?.spread) return; // `set_defaults(**defaults)` may set any key to anything
        for (const [key, value] of Object.entries(site.passes?.keywords ?? {})) {
          this.defaultKeys.add(key);
          // The decorator's own `set_defaults(func=func)`: its handlers are the functions it decorates.
          if (registering && value?.root.kind === 'local-var' && value.path.length === 0 && registrations.decorators.get(site.scope!) === value.root.name) continue;
          const made = site.passes?.keywordCalls && own(site.passes.keywordCalls, key);
          const forwarded = site.passes?.keywordLambdas && own(site.passes.keywordLambdas, key);
          const handler = made ? madeHandler(symbols, symbols.resolve(made, module, site.scope), key, factories)
            : forwarded ? symbols.resolve(forwarded.callee, module, site.scope)
            : value ? symbols.resolve(value, module, site.scope) : undefined;
          if (handler?.kind !== 'function' || handler.receiver) closed.add(key);
          else (handlers.get(key) ?? handlers.set(key, new Set()).get(key)!).add(handler.id);
          if (handler?.kind === 'function' && forwarded) {
            forwarding.set(`${module.module}:${forwarded.call}`, key);
            forwardedHandlers.add(handler.id);
          }
        }
      }
    }
    // Most projects set no handler: nothing more to read (every propagation builds a dispatch).
    if (handlers.size === 0) return;
    for (const module of modules) for (const name of module.replacedAttributes ?? []) closed.add(name);
    // Every call of `X.func(...)` must be a dispatch on a parsed namespace: another one may reach a handler unseen.
    const dispatched = new Set<string>();
    let handsOnNamespace = true;
    for (const module of modules) {
      for (const site of module.calls) {
        const path = site.callee?.path ?? [];
        // `args.func.assert_called_once_with(...)`: `func` is configured, not only called.
        for (let position = 0; position < path.length - 1; position++) if (handlers.has(path[position])) closed.add(path[position]);
        const key = path.at(-1);
        if (!key || !handlers.has(key)) continue;
        const parsed = PARSED_ATTRIBUTE.exec(nameOf(symbols.resolve(site.callee!, module, site.scope)))?.[1];
        if (parsed === key) {
          dispatched.add(key);
          handsOnNamespace &&= passesItsNamespace(site.callee!, site.passes?.positional[0]);
        } else closed.add(key);
      }
    }
    // A factory called anywhere else than in `set_defaults`, or handed on as a value, hands its handler
    // to code that may call it synchronously.
    for (const [id, factory] of factories) {
      const elsewhere = symbols.referencedFunctions().has(id) || symbols.callsReaching(symbols.functions.get(id)!, undefined, 0).length !== factory.keyUses;
      if (elsewhere) for (const key of factory.keys) closed.add(key);
    }
    for (const [key, ids] of handlers) if (dispatched.has(key) && !closed.has(key)) this.handlersByKey.set(key, [...ids]);
    // A factory's handler goes wherever the factory is used: one key left sync leaves them all sync.
    const usable = (factory: HandlerFactory) => [...factory.keys].every((key) => this.handlersByKey.has(key));
    for (let changed = true; changed;) {
      changed = false;
      for (const factory of factories.values()) if (!usable(factory)) for (const key of factory.keys) changed = this.handlersByKey.delete(key) || changed;
    }
    for (const [id, factory] of factories) if (usable(factory)) this.factoryOf.set(factory.handler, id);
    for (const [call, key] of forwarding) if (this.handlersByKey.has(key)) this.forwardingCalls.add(call);
    if (!handsOnNamespace) return;
    for (const ids of this.handlersByKey.values()) {
      for (const id of ids) {
        // What a lambda passes its handler is not known to be the namespace.
        if (forwardedHandlers.has(id)) continue;
        const first = symbols.functions.get(id)?.parameters[0];
        if (first?.kind === 'positional') this.namespaceParameterOf.set(id, first.name);
      }
    }
  }

  /**
   * `args.archive` in a handler the dispatch calls with the parsed namespace: an option the parser
   * read, not a method that may be called later, unless some `set_defaults` sets that key.
   */
  readsParsedOption(reference: FunctionReference): boolean {
    const { root, path } = reference.ref;
    if (reference.scope === null || root.kind !== 'local-var' || root.parameterOf !== reference.scope || path.length !== 1) return false;
    return this.namespaceParameterOf.get(reference.scope) === root.name && !this.defaultKeys.has(path[0]);
  }

  /** The key a call of this target dispatches on (`args.func(...)` → `func`), when its handlers are known. */
  keyOf(target: Target): string | undefined {
    if (this.handlersByKey.size === 0 || target.kind !== 'external') return undefined;
    const key = PARSED_ATTRIBUTE.exec(nameOf(target))?.[1];
    return key && this.handlersByKey.has(key) ? key : undefined;
  }

  handlers(key: string): readonly FunctionId[] {
    return this.handlersByKey.get(key) ?? [];
  }

  /** Every key with its handlers: each set takes one colour. */
  keys(): IterableIterator<[string, FunctionId[]]> {
    return this.handlersByKey.entries();
  }

  /** `set_defaults(func=cmd_copy)` handing over a handler: no sync call, since its dispatch awaits it. */
  handsOverHandler(id: FunctionId, passedTo: Target | undefined): boolean {
    if (passedTo?.kind !== 'external' || !SET_DEFAULTS.test(passedTo.name)) return false;
    for (const ids of this.handlersByKey.values()) if (ids.includes(id)) return true;
    return false;
  }

  /** A handler the dispatch awaits under this key (a decorator that sets it there does not pin it). */
  dispatches(id: FunctionId, key: string): boolean {
    return this.handlersByKey.get(key)?.includes(id) ?? false;
  }

  /** The call inside a lambda set as a handler: what it returns, the lambda returns to the dispatch, which awaits it. */
  forwards(module: ModuleIndex, site: CallSite): boolean {
    return this.forwardingCalls.size > 0 && this.forwardingCalls.has(`${module.module}:${site.span.start}`);
  }

  /** `return print_help` in the factory that makes a handler: the dispatch that calls it awaits it. */
  returnsHandler(id: FunctionId, scope: FunctionId | null): boolean {
    return scope !== null && this.factoryOf.get(id) === scope;
  }
}

interface HandlerFactory {
  handler: FunctionId;
  keys: Set<string>;
  /** How often `set_defaults` calls it. */
  keyUses: number;
}

/**
 * Functions decorated by a project decorator that sets them as an argparse default, by key; and
 * each such decorator with the name of its parameter that receives the function.
 */
function decoratorRegistrations(symbols: ProjectSymbols): { handlers: Map<string, FunctionId[]>; decorators: Map<FunctionId, string> } {
  const handlers = new Map<string, FunctionId[]>();
  const decorators = new Map<FunctionId, string>();
  // Most projects have no such decorator: only then is every decorator worth resolving.
  if (![...symbols.functions.values()].some((fn) => fn.asDecorator?.kind === 'returns-it' && fn.asDecorator.stored?.defaultOf)) return { handlers, decorators };
  for (const fn of symbols.functions.values()) {
    for (const decorator of fn.decorators) {
      const use = decoratorUse(decorator, fn, symbols);
      if (use.kind !== 'argparse-default') continue;
      (handlers.get(use.key) ?? handlers.set(use.key, []).get(use.key)!).push(fn.id);
      const parameter = decoratedParameter(symbols.functions.get(use.decorator)!);
      if (parameter) decorators.set(use.decorator, parameter);
    }
  }
  return { handlers, decorators };
}

/** The parameter of a decorator that receives the function: the first one, after `self`/`cls` (as analyze/decorators.ts reads it). */
function decoratedParameter(decorator: FunctionInfo): string | undefined {
  const names = decorator.parameters.filter((parameter) => parameter.kind === 'positional').map((parameter) => parameter.name);
  return names[0] === 'self' || names[0] === 'cls' ? names[1] : names[0];
}

/** `func=make_print_help(parser)`: the nested function every call of a project factory hands out. */
function madeHandler(symbols: ProjectSymbols, factory: Target, key: string, factories: Map<FunctionId, HandlerFactory>): Target | undefined {
  const returned = factory.kind === 'function' && !factory.receiver ? symbols.functions.get(factory.id)?.returnsFunction : undefined;
  if (factory.kind !== 'function' || !returned) return undefined;
  const entry = factories.get(factory.id) ?? factories.set(factory.id, { handler: returned.id, keys: new Set(), keyUses: 0 }).get(factory.id)!;
  entry.keys.add(key);
  entry.keyUses++;
  return { kind: 'function', id: returned.id };
}

/** `args.func(args)`: the dispatch hands the handler the namespace it read the handler from. */
function passesItsNamespace(callee: NameRef, first: NameRef | null | undefined): boolean {
  if (!first || first.path.length > 0 || callee.path.length !== 1) return false;
  const { root } = callee;
  return (root.kind === 'local-var' || root.kind === 'global') && first.root.kind === root.kind && first.root.name === root.name;
}

function nameOf(target: Target): string {
  return target.kind === 'external' ? target.name : '';
}
