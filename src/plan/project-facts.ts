import type { CallSite, FunctionId, ModuleIndex, NameRef, RefRoot } from '../analyze/model.js';
import { isFixture, isStaticMethod } from '../analyze/model.js';
import type { ProjectSymbols, Target } from './resolve.js';

/**
 * What only the whole project knows about the library objects some transforms follow across
 * modules (a psycopg2 connection handed from a fixture to a test, from a factory to its callers, from
 * a caller to another module's function): which names and call results hold one, which parameter an
 * argument lands in, and which functions receive what a function returns. Read from the indexes of
 * every module once all are loaded.
 */
export class ProjectFacts {
  private callsTo?: Map<FunctionId, CallSite[]>;
  /** Method names called on receivers of unknown type: such a call may reach any method of that name. */
  private unresolvedMethods?: Set<string>;
  private referenced?: Set<FunctionId>;

  constructor(
    private readonly symbols: ProjectSymbols,
    private readonly modules: readonly ModuleIndex[],
    /** The followed objects, as qualified names of the callables that make them (`/^psycopg2\./`). */
    private readonly follows: RegExp,
  ) {}

  /** The loaded index of a module, by name (the one the symbol table knows). */
  moduleNamed(name: string): ModuleIndex | undefined {
    return this.symbols.modules.get(name);
  }

  /** The followed object a reference holds, read as a value (`psycopg2.connect()`), if the project can tell. */
  valueOf(ref: NameRef, module: ModuleIndex, scope: FunctionId | null): string | undefined {
    return this.followed(this.symbols.resolve(ref, module, scope));
  }

  private followed(target: Target): string | undefined {
    return target.kind === 'external-instance' && this.follows.test(target.name) ? `${target.name}()` : undefined;
  }

  /** The parameter an argument of `site` lands in (by position or keyword), and the followed object it holds. */
  parameterFor(site: CallSite, module: ModuleIndex, argument: number | string): { fn: FunctionId; name: string; holds?: string } | undefined {
    if (!site.callee) return undefined;
    const target = this.symbols.resolve(site.callee, module, site.scope);
    const id = target.kind === 'function' ? target.id : target.kind === 'class' ? this.symbols.lookupMethod(target.id, '__init__') : undefined;
    const fn = id ? this.symbols.functions.get(id) : undefined;
    const home = fn ? this.moduleNamed(fn.module) : undefined;
    if (!fn || !home) return undefined;
    const receives = fn.classId && !isStaticMethod(fn) && !(target.kind === 'function' && target.receiver === 'class');
    const named = fn.parameters.filter((p) => p.kind === 'positional' || p.kind === 'keyword-only');
    const positional = fn.parameters.filter((p) => p.kind === 'positional').slice(receives ? 1 : 0);
    const parameter = typeof argument === 'string' ? named.find((p) => p.name === argument) : positional[argument];
    if (!parameter) return undefined;
    const holds = parameter.annotation ? this.annotated(parameter.annotation, home, fn.id)
      : parameter.rebound ? undefined
        : this.valueOf({ root: { kind: 'local-var', name: parameter.name, parameterOf: fn.id }, path: [] }, home, fn.id);
    return { fn: fn.id, name: parameter.name, ...(holds ? { holds } : {}) };
  }

  /** `conn: connection` (from psycopg2.extensions): an instance of the followed class. */
  private annotated(annotation: NameRef, module: ModuleIndex, scope: FunctionId): string | undefined {
    const target = this.symbols.resolve(annotation, module, scope);
    return target.kind === 'external' && this.follows.test(target.name) ? `${target.name}()` : undefined;
  }

  /**
   * The functions a value comes from: the fixture a test parameter names, the project function
   * called to get it (a call's result, or a local assigned one).
   */
  originsOf(root: RefRoot, module: ModuleIndex, scope: FunctionId | null): FunctionId[] {
    if (root.kind === 'call-result') {
      const target = this.symbols.resolve(root.callee, module, scope);
      return target.kind === 'function' ? [target.id] : [];
    }
    if (root.kind !== 'local-var') return [];
    if (root.fixture && !root.type) {
      const found = this.symbols.fixtureFor(root.name, module, scope);
      if (found) return [found.fixture.id];
    }
    const type = root.type;
    if (type?.kind !== 'call' && type?.kind !== 'entered') return [];
    const target = this.symbols.resolve(type.callee, module, scope);
    return target.kind === 'function' ? [target.id] : [];
  }

  /**
   * The functions that receive what `id` returns or yields: every caller, and the tests and fixtures
   * that name it when it is a fixture. Undefined when the project cannot see them all.
   */
  resultTakers(id: FunctionId): FunctionId[] | undefined {
    const fn = this.symbols.functions.get(id);
    if (!fn || this.referencedFunctions().has(id)) return undefined;
    if (fn.classId && this.unresolvedMethodNames().has(fn.name)) return undefined;
    const takers = new Set<FunctionId>();
    for (const site of this.callIndex().get(id) ?? []) {
      if (!site.scope) return undefined;
      takers.add(site.scope);
    }
    if (isFixture(fn)) {
      if (fn.decorators.some((d) => /\bname\s*=/.test(d.text))) return undefined;
      for (const module of this.modules) {
        if (!module.isTestModule) continue;
        for (const user of module.functions) {
          if (!user.parameters.some((p) => p.name === fn.name) || !(user.name.startsWith('test') || isFixture(user))) continue;
          if (this.symbols.fixtureFor(fn.name, module, user.id)?.fixture.id === id) takers.add(user.id);
        }
      }
    }
    return [...takers];
  }

  /** Every resolved call by the project function it runs, built once. */
  private callIndex(): Map<FunctionId, CallSite[]> {
    if (this.callsTo) return this.callsTo;
    this.callsTo = new Map();
    this.unresolvedMethods = new Set();
    for (const module of this.modules) {
      for (const site of module.calls) {
        if (site.operand || !site.callee) continue;
        const target = this.symbols.resolve(site.callee, module, site.scope);
        const id = target.kind === 'function' ? target.id : target.kind === 'class' ? this.symbols.lookupMethod(target.id, '__init__') : undefined;
        if (id) (this.callsTo.get(id) ?? this.callsTo.set(id, []).get(id)!).push(site);
        else if (target.kind === 'unknown' && site.callee.path.length > 0) this.unresolvedMethods.add(site.callee.path.at(-1)!);
      }
    }
    return this.callsTo;
  }

  private unresolvedMethodNames(): Set<string> {
    this.callIndex();
    return this.unresolvedMethods!;
  }

  /** Functions named without being called (callbacks, `Depends(get_db)`): their callers are out of sight. */
  private referencedFunctions(): Set<FunctionId> {
    if (!this.referenced) {
      this.referenced = new Set();
      for (const module of this.modules) {
        for (const reference of module.references) {
          const target = this.symbols.resolve(reference.ref, module, reference.scope);
          if (target.kind === 'function') this.referenced.add(target.id);
        }
      }
    }
    return this.referenced;
  }

  /**
   * Whether a module holds followed objects it cannot see itself: a parameter every caller fills with
   * one, a fixture that yields one, a call to a project function that returns one.
   */
  touches(module: ModuleIndex): boolean {
    for (const fn of module.functions) {
      for (const parameter of fn.parameters) {
        if (parameter.kind !== 'positional' && parameter.kind !== 'keyword-only') continue;
        const root: RefRoot = parameter.annotation || parameter.rebound ? { kind: 'unknown' }
          : { kind: 'local-var', name: parameter.name, parameterOf: fn.id, ...(module.isTestModule ? { fixture: true } : {}) };
        if (root.kind !== 'unknown' && this.valueOf({ root, path: [] }, module, fn.id)) return true;
      }
    }
    for (const site of module.calls) {
      if (!site.callee || site.operand) continue;
      if (this.valueOf({ root: { kind: 'call-result', callee: site.callee }, path: [] }, module, site.scope)) return true;
    }
    return false;
  }
}
