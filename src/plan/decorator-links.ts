import { decoratorExpression, refText, type Decorator, type DecoratorFacts, type FunctionId, type FunctionInfo, type NameRef } from '../analyze/model.js';
import { catalogueVerdict, type UserDecorators } from './decorator-catalogue.js';
import type { ProjectSymbols } from './resolve.js';

/** What one decorator does to the colour of the function under it. */
export type DecoratorUse =
  /**
   * The function keeps whatever colour it gets. `generatorUnder`: a generator function under a
   * project wrapper that only returns what calling it gives; an async generator passes through a sync
   * wrapper unchanged, so that wrapper (or its sync half) keeps serving it.
   */
  | { kind: 'keeps'; generatorUnder?: FunctionId }
  /** A project wrapper calls it: the wrapper turns async with it (see WrapperLink). */
  | { kind: 'wraps'; link: WrapperLink }
  /** It must stay sync; `reason` ends up in the review item. */
  | { kind: 'pins'; reason: string }
  /**
   * `decorator` hands it to argparse (`parser.set_defaults(func=func)`) for the program to call as
   * `args.func(args)`: the dispatch reading (argparse-dispatch.ts) decides; where it cannot, `reason`.
   */
  | { kind: 'argparse-default'; key: string; decorator: FunctionId; reason: string }
  /** Not known here (the caller decides: kinds, frameworks, the default pin). */
  | { kind: 'unknown'; name?: string };

export interface WrapperLink {
  wrapper: FunctionId;
  /** The callee as written in the wrapper: `func`, `self.func`. */
  wrapped: string;
  /** `decorator_name` as written, for messages. */
  decorator: string;
  /** The `wrapper` in the decorator's closing `return wrapper`, when a colour test can replace it. */
  colourAware: boolean;
  facts: Extract<DecoratorFacts, { kind: 'wraps' }>;
}

/**
 * The decorators of a function, read: project decorators from their definitions
 * (analyze/decorators.ts), others from the catalogue (decorator-catalogue.ts).
 */
export function decoratorUse(decorator: Decorator, fn: FunctionInfo, symbols: ProjectSymbols, user?: UserDecorators): DecoratorUse {
  const module = symbols.moduleOf(fn.id);
  const written = decoratorExpression(decorator).split('(')[0].trim();
  if (!decorator.ref || !module) return { kind: 'unknown' };
  let target = symbols.resolve(decorator.ref, module, fn.nestedIn ?? null);
  // A decorator defined earlier in the same class body: `@_needs_login` above a method.
  if (target.kind === 'unknown' && decorator.ref.root.kind === 'global' && decorator.ref.path.length === 0 && fn.classId) {
    const method = symbols.classes.get(fn.classId)?.methods[decorator.ref.root.name];
    if (method) target = { kind: 'function', id: method };
  }
  if (target.kind === 'unknown' && decorator.ref.root.kind === 'global' && decorator.ref.path.length === 0 && !(decorator.ref.root.name in module.bindings)) {
    target = { kind: 'external', name: `builtins.${decorator.ref.root.name}` };
  }
  const called = /^@\s*[\w.]+\s*\(/.test(decorator.text);
  // `xfail_old = pytest.mark.xfail(...)` above, `@xfail_old` here: the decorator that call made.
  if (target.kind === 'external-instance' && !called) target = { kind: 'external', name: target.name.replace(/\(\)$/, '') };
  if (target.kind === 'external') return catalogueUse(target.name, user);
  const owner = target.kind === 'function' ? target.id : target.kind === 'class' ? target.id : undefined;
  let facts = target.kind === 'function' ? symbols.functions.get(target.id)?.asDecorator
    : target.kind === 'class' ? symbols.classes.get(target.id)?.asDecorator : undefined;
  const handsOut = target.kind === 'function' && called && !facts ? symbols.functions.get(target.id)?.handsOutCallOf : undefined;
  if (handsOut) return madeByFactory(handsOut, owner!, written, symbols, user);
  if (!owner || !facts) return { kind: 'unknown' };
  if (called !== (facts.kind === 'factory')) return { kind: 'unknown' };
  let applied = owner;
  if (facts.kind === 'factory') {
    applied = facts.decorator;
    facts = symbols.functions.get(facts.decorator)?.asDecorator;
  }
  const where = (line: number) => `${symbols.moduleOf(owner)?.file ?? module.file}:${line}`;
  switch (facts?.kind) {
    case 'returns-it': {
      if (!facts.stored) return { kind: 'keeps' };
      const reason = `decorated with @${written}, which ${facts.stored.how} at ${where(facts.stored.line)}, where its callers cannot be seen to await it`;
      return facts.stored.defaultOf ? { kind: 'argparse-default', key: facts.stored.defaultOf, decorator: applied, reason } : { kind: 'pins', reason };
    }
    case 'colour-aware':
      return { kind: 'keeps' };
    case 'hands-on':
      return { kind: 'pins', reason: `decorated with @${written}, which ${facts.how} at ${where(facts.line)}` };
    case 'wraps': {
      const wrapper = symbols.functions.get(facts.wrapper);
      if (!wrapper) return { kind: 'unknown' };
      if (wrapper.isGenerator) return { kind: 'pins', reason: `decorated with @${written}, whose wrapper is a generator` };
      const colourAware = !!(facts.wrapperReturn || facts.rebindWrapper);
      if (fn.isGenerator) {
        return colourAware && onlyReturnsWrappedCall(facts, symbols) ? { kind: 'keeps', generatorUnder: facts.wrapper }
          : { kind: 'pins', reason: `a generator decorated with @${written}: its wrapper cannot await an async generator` };
      }
      return { kind: 'wraps', link: { wrapper: facts.wrapper, wrapped: facts.wrapped, decorator: written, colourAware, facts } };
    }
    default:
      return { kind: 'unknown' };
  }
}

/** `return func(*args, **kwargs)` is the wrapper's only use of the call: it hands the generator back untouched. */
function onlyReturnsWrappedCall(facts: Extract<DecoratorFacts, { kind: 'wraps' }>, symbols: ProjectSymbols): boolean {
  const calls = (symbols.moduleOf(facts.wrapper)?.calls ?? []).filter((call) => call.scope === facts.wrapper && call.callee && refText(call.callee) === facts.wrapped);
  return calls.length > 0 && calls.every((call) => call.usage.kind === 'returned');
}

/** A library's decorator, by the catalogue. */
function catalogueUse(name: string, user?: UserDecorators): DecoratorUse {
  const verdict = catalogueVerdict(name, user);
  if (!verdict) return { kind: 'unknown', name };
  return verdict.keeps ? { kind: 'keeps' } : { kind: 'pins', reason: verdict.reason };
}

/** `@requires_api_version("1.25")`, whose definition returns `pytest.mark.skipif(...)`: what that library name makes. */
function madeByFactory(made: NameRef, factory: FunctionId, written: string, symbols: ProjectSymbols, user?: UserDecorators): DecoratorUse {
  const home = symbols.moduleOf(factory);
  const target = home ? symbols.resolve(made, home, factory) : undefined;
  if (target?.kind !== 'external') return { kind: 'unknown' };
  const use = catalogueUse(target.name, user);
  return use.kind === 'pins' ? { kind: 'pins', reason: use.reason.replace(/^decorated with /, `decorated with @${written}, which hands out `) } : use;
}

/**
 * Every project wrapper and the functions it wraps. A wrapper turns async with the functions it
 * wraps; when some of them stay sync, a wrapper whose decorator can test the colour gets a sync twin
 * (plan/wrapper-edits.ts), and one that cannot keeps every function it wraps one colour.
 */
export class DecoratorLinks {
  /** Wrapper → the functions decorated through it. */
  readonly wrappedBy = new Map<FunctionId, FunctionId[]>();
  /** Decorated function → its wrappers. */
  readonly wrappersOf = new Map<FunctionId, WrapperLink[]>();
  readonly links = new Map<FunctionId, WrapperLink>();
  /** The sync halves of colour-aware decorators: they stay sync, silently. */
  readonly syncTwins = new Set<FunctionId>();
  /** Wrapper → the generator functions it hands back untouched (see DecoratorUse `keeps`): they need its sync form. */
  readonly generatorsUnder = new Map<FunctionId, FunctionId[]>();

  constructor(private readonly symbols: ProjectSymbols, user?: UserDecorators) {
    for (const fn of symbols.functions.values()) {
      if (fn.asDecorator?.kind === 'colour-aware') for (const id of fn.asDecorator.syncWrappers) this.syncTwins.add(id);
      for (const decorator of fn.decorators) {
        const use = decoratorUse(decorator, fn, symbols, user);
        if (use.kind === 'keeps' && use.generatorUnder) (this.generatorsUnder.get(use.generatorUnder) ?? this.generatorsUnder.set(use.generatorUnder, []).get(use.generatorUnder)!).push(fn.id);
        if (use.kind !== 'wraps') continue;
        const { wrapper } = use.link;
        this.links.set(wrapper, use.link);
        (this.wrappedBy.get(wrapper) ?? this.wrappedBy.set(wrapper, []).get(wrapper)!).push(fn.id);
        (this.wrappersOf.get(fn.id) ?? this.wrappersOf.set(fn.id, []).get(fn.id)!).push(use.link);
      }
    }
  }

  isWrapper(id: FunctionId): boolean {
    return this.wrappedBy.has(id);
  }

  /**
   * A reference to a wrapper that only hands it to the decorated function's callers: `return wrapper`
   * in its decorator, or `functools.partial(self.__call__, instance)` in a decorator class's `__get__`.
   */
  handsOnWrapper(id: FunctionId, scope: FunctionId | null): boolean {
    if (!this.isWrapper(id) || !scope) return false;
    const wrapper = this.symbols.functions.get(id);
    const from = this.symbols.functions.get(scope);
    if (!wrapper || !from) return false;
    return scope === wrapper.nestedIn || (from.name === '__get__' && !!wrapper.classId && from.classId === wrapper.classId);
  }

  /** A wrapper whose decorator has no `return wrapper` to put a colour test in: one colour for all. */
  needsOneColour(id: FunctionId): boolean {
    const link = this.links.get(id);
    return !!link && !link.colourAware;
  }
}
