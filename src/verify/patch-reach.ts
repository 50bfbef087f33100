import { isFixture, own, type CallSite, type ClassId, type FunctionId, type FunctionInfo, type ModuleIndex, type PatchedName } from '../analyze/model.js';
import { STRINGS_AND_COMMENTS } from '../analyze/prefilter.js';
import type { ProjectSymbols, Target } from '../plan/resolve.js';

/** Dunders that build an object: they run where the class is named, not where an instance is used. */
const CONSTRUCTION = new Set(['__init__', '__new__', '__post_init__', '__init_subclass__', '__set_name__', '__class_getitem__']);

const DUNDER = /^__\w+__$/;

/** `@pytest.mark.skip(reason=...)`, `@unittest.skip("...")`: skipped with no condition (not `skipif`). */
const ALWAYS_SKIPPED = /^@\s*(pytest\.mark|mark|unittest)\.skip\s*(\(|$)/;

/**
 * The code a test's patch is in force for. `with patch("builtins.open")` in one test replaces `open`
 * only while that test runs: a conversion of `open` elsewhere matters to it only if the test can reach
 * that code. What a test reaches is over-approximated, so that nothing it may run is missed: what
 * each call in a reached function resolves to (a method with its overrides below its class; a
 * library's method reaches no project code), every project function named by any other identifier in
 * it (a call on a receiver of unknown type, a callback handed on, a property read), the functions
 * nested in it, and for every class it names or reaches a method of, that class's constructors and
 * protocol methods (`__enter__`, `__iter__`, `__getattr__`, ...). A patch in a helper that returns
 * the patcher is in force in the tests that call the helper. One written as a decorator or a `with`
 * item is in force while that function runs (`@patch(...)` on `setUp`). One written at module level,
 * in a fixture that yields inside it, as a statement in `setUp` or in a helper other code calls too,
 * or started with no `stop()` is in force for code asyncshift does not follow: it covers the whole
 * project.
 */
export class PatchReach {
  private readonly functionsByName = new Map<string, FunctionId[]>();
  private readonly classesByName = new Map<string, ClassId[]>();
  private readonly nested = new Map<FunctionId, FunctionId[]>();
  private readonly reachedFrom = new Map<string, ReadonlySet<FunctionId> | undefined>();
  private readonly byPatch = new Map<PatchedName, ReadonlySet<FunctionId> | undefined>();
  private readonly positions = new Map<ModuleIndex, IdentifierPositions | undefined>();

  /** `textOf` gives a module's source text, or undefined when asyncshift did not keep it. */
  constructor(private readonly symbols: ProjectSymbols, private readonly textOf: (module: string) => string | undefined) {
    for (const fn of symbols.functions.values()) {
      if (importable(fn.module)) push(this.functionsByName, fn.name, fn.id);
      if (fn.nestedIn) push(this.nested, fn.nestedIn, fn.id);
    }
    for (const cls of symbols.classes.values()) if (importable(cls.module)) push(this.classesByName, cls.name, cls.id);
  }

  /** The functions a patch is in force for; undefined when it is in force for the whole project. */
  reach(patch: PatchedName, module: ModuleIndex): ReadonlySet<FunctionId> | undefined {
    // Asked once per converted call the patch may concern: the tests it covers are read once.
    if (!this.byPatch.has(patch)) {
      // A test marked to be skipped, whatever happens, never runs with its patches.
      const tests = this.testsCovered(patch, module)?.filter((id) => !this.symbols.functions.get(id)?.decorators.some((d) => ALWAYS_SKIPPED.test(d.text)));
      const key = tests?.join(' ');
      if (key !== undefined && !this.reachedFrom.has(key)) this.reachedFrom.set(key, this.closure(tests!));
      this.byPatch.set(patch, key === undefined ? undefined : this.reachedFrom.get(key));
    }
    return this.byPatch.get(patch);
  }

  /** The tests a patch is in force for, when it is written in or on tests only. */
  private testsCovered(patch: PatchedName, module: ModuleIndex): FunctionId[] | undefined {
    if (!module.isTestModule) return undefined;
    if (patch.onClass) {
      const cls = this.symbols.classes.get(patch.onClass);
      const tests = Object.values(cls?.methods ?? {}).filter((id) => this.isTest(this.symbols.functions.get(id)));
      return tests.length > 0 ? tests : undefined;
    }
    const written = patch.inFunction ? this.symbols.functions.get(patch.inFunction) : undefined;
    if (!written) return undefined;
    // `@patch(...)` on `setUp`, `with patch(...)` in a helper: in force while that function runs, and
    // only then. A generator's `with` block outlives the call (a fixture yields inside it to its test).
    if (patch.scoped && !written.isGenerator) return [written.id];
    if (this.startsWithoutStop(written, module)) return undefined;
    const test = this.enclosingTest(written);
    if (test) return [test];
    // A helper that returns the patcher (`def _mock_open(data): return mock.patch(...)`): in force in
    // the tests that call it, when only tests do.
    if (written.classId || written.nestedIn || isFixture(written)) return undefined;
    return this.testsNaming(written);
  }

  /** `patcher.start()` with no `stop()`: the patch outlives the function it is written in. */
  private startsWithoutStop(fn: FunctionInfo, module: ModuleIndex): boolean {
    const names = this.positionsIn(module)?.within(fn);
    const has = (name: string) => !!names && (names.bare.has(name) || names.byName.has(name));
    return !names || has('start') && !has('stop') && !has('stopall');
  }

  private enclosingTest(fn: FunctionInfo): FunctionId | undefined {
    for (let current: FunctionInfo | undefined = fn; current; current = current.nestedIn ? this.symbols.functions.get(current.nestedIn) : undefined) {
      if (this.isTest(current)) return current.id;
    }
    return undefined;
  }

  /** The tests that name a helper; undefined when anything else names it too. */
  private testsNaming(helper: FunctionInfo): FunctionId[] | undefined {
    const tests = new Set<FunctionId>();
    for (const module of new Set(this.symbols.modules.values())) {
      const text = this.textOf(module.module);
      if (text === undefined) return undefined;
      if (!text.includes(helper.name)) continue;
      const positions = this.positionsIn(module)!;
      for (const start of positions.startsOf(helper.name)) {
        if (module.module === helper.module && start === helper.nameSpan.start) continue;
        const around = module.functions.filter((fn) => fn.span.start <= start && start < fn.span.end);
        const test = around.map((fn) => this.enclosingTest(fn)).find(Boolean);
        if (!module.isTestModule || !test) return undefined;
        tests.add(test);
      }
    }
    return tests.size > 0 ? [...tests] : undefined;
  }

  private isTest(fn: FunctionInfo | undefined): boolean {
    return !!fn && /^test/.test(fn.name) && !isFixture(fn);
  }

  private positionsIn(module: ModuleIndex): IdentifierPositions | undefined {
    if (!this.positions.has(module)) {
      const text = this.textOf(module.module);
      this.positions.set(module, text === undefined ? undefined : new IdentifierPositions(text));
    }
    return this.positions.get(module);
  }

  private closure(roots: readonly FunctionId[]): Set<FunctionId> | undefined {
    const reached = new Set<FunctionId>();
    const classesSeen = new Set<ClassId>();
    const queue = [...roots];
    const reach = (id: FunctionId) => {
      if (!reached.has(id)) queue.push(id);
    };
    const reachClass = (classId: ClassId) => {
      for (const id of this.symbols.mro(classId)) {
        if (classesSeen.has(id)) continue;
        classesSeen.add(id);
        for (const [name, method] of Object.entries(this.symbols.classes.get(id)?.methods ?? {})) {
          if (DUNDER.test(name)) reach(method);
        }
      }
    };
    while (queue.length > 0) {
      const id = queue.pop()!;
      if (reached.has(id)) continue;
      reached.add(id);
      const fn = this.symbols.functions.get(id);
      if (!fn) continue;
      if (fn.classId) reachClass(fn.classId);
      for (const inner of this.nested.get(id) ?? []) reach(inner);
      const module = this.symbols.modules.get(fn.module);
      const names = module && this.positionsIn(module)?.within(fn);
      // Code asyncshift knows only by its index may call anything.
      if (!module || !names) return undefined;
      const byName = (name: string) => {
        for (const named of this.functionsByName.get(name) ?? []) {
          if (!CONSTRUCTION.has(name)) reach(named);
        }
        for (const classId of this.classesByName.get(name) ?? []) reachClass(classId);
      };
      for (const [name, starts] of names.byName) {
        // `self.session.get(...)`: where every mention is a call the resolver follows, it reaches what
        // those calls reach (a library's `get` reaches no project function), not every `get`.
        const targets = this.callTargetsAt(module, starts);
        if (!targets) {
          byName(name);
          continue;
        }
        for (const target of targets) {
          if (target.kind === 'function' || target.kind === 'generator') for (const id of this.overridesOf(target.id)) reach(id);
          else if (target.kind === 'class') reachClass(target.id);
          else if (target.kind === 'instance') reachClass(target.classId.replace(/^super:/, ''));
        }
      }
      for (const name of names.bare) {
        // A bare name is what the module binds it to; one it does not bind is a local, a parameter or
        // a builtin, holding what other code named (with a star import, it may be anything).
        if (module.starImports) byName(name);
        if (module.starImports || !own(module.bindings, name)) continue;
        const target = this.symbols.resolve({ root: { kind: 'global', name }, path: [] }, module, null);
        if (target.kind === 'function') reach(target.id);
        else if (target.kind === 'class') reachClass(target.id);
        else if (target.kind === 'unknown') {
          byName(name);
          const imported = own(module.bindings, name);
          if (imported?.kind === 'from-import' && imported.name !== name) byName(imported.name);
        }
      }
    }
    return reached;
  }

  /**
   * What the calls whose callee ends at each of `starts` reach, where the resolver knows it for every
   * one of them; undefined where one is not such a call (a callback handed on, a name in a string) or
   * its receiver is of unknown type.
   */
  private callTargetsAt(module: ModuleIndex, starts: readonly number[]): Target[] | undefined {
    let callees = this.calleesByNameStart.get(module);
    if (!callees) {
      callees = new Map();
      for (const call of module.calls) {
        const last = call.callee?.path.at(-1);
        if (last && !call.operand) callees.set(call.calleeSpan.end - last.length, call);
      }
      this.calleesByNameStart.set(module, callees);
    }
    const targets: Target[] = [];
    for (const start of starts) {
      const call = callees.get(start);
      if (!call?.callee) return undefined;
      const target = this.symbols.resolve(call.callee, module, call.scope);
      if (target.kind === 'unknown') return undefined;
      targets.push(target);
    }
    return targets;
  }

  private readonly calleesByNameStart = new Map<ModuleIndex, Map<number, CallSite>>();

  /** A method and the methods of that name in the classes below its class: `self.m()` runs whichever the instance has. */
  private overridesOf(id: FunctionId): FunctionId[] {
    const fn = this.symbols.functions.get(id);
    return fn?.classId ? [id, ...this.symbols.methodsBelow(fn.classId, fn.name)] : [id];
  }
}

/**
 * Where each name is referred to in a module's text: code, and strings that are a name or a dotted
 * path (`getattr(self, "run")`, `"pkg.mod.func"`). A keyword's or parameter's name (`check=True`)
 * refers to nothing, nor do comments and prose strings ("run `pre-commit autoupdate`"): read as
 * references, they made one test of pre-commit reach a third of the project.
 */
class IdentifierPositions {
  private readonly starts: number[] = [];
  private readonly names: string[] = [];
  /** Written after a dot (an attribute, which any object may have) or in a string (a name looked up): by name. */
  private readonly attribute: boolean[] = [];

  constructor(text: string) {
    const code = blankProse(text);
    for (const match of code.matchAll(/[A-Za-z_]\w*/g)) {
      if (namesAKeyword(code, match.index, match[0].length)) continue;
      this.starts.push(match.index);
      this.names.push(match[0]);
      this.attribute.push(/(\.\s*|['"])$/.test(code.slice(Math.max(0, match.index - 8), match.index)));
    }
  }

  startsOf(name: string): number[] {
    return this.starts.filter((_, i) => this.names[i] === name);
  }

  /**
   * Every identifier written in the function's definition, its decorators and nested definitions
   * included: bare ones (`run(cmd)`, resolved through the module's bindings), but for uses of its own
   * parameters (`if check:` refers to the parameter, not to a function named check), and those any
   * object may answer to (`self.check`, `getattr(x, "check")`), by name.
   */
  within(fn: FunctionInfo): { bare: Set<string>; byName: Map<string, number[]> } {
    const parameters = new Set(fn.parameters.map((parameter) => parameter.name));
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.starts[middle] < fn.span.start) low = middle + 1;
      else high = middle;
    }
    const names = { bare: new Set<string>(), byName: new Map<string, number[]>() };
    for (let i = low; i < this.starts.length && this.starts[i] < fn.span.end; i++) {
      if (this.attribute[i]) (names.byName.get(this.names[i]) ?? names.byName.set(this.names[i], []).get(this.names[i])!).push(this.starts[i]);
      else if (!parameters.has(this.names[i])) names.bare.add(this.names[i]);
    }
    return names;
  }
}

const NAME_OR_PATH = /^(['"])[A-Za-z_][\w.]*\1$/;

/** The text with comments and strings blanked, but the fields of f-strings (code) and strings that are a name or dotted path. */
function blankProse(text: string): string {
  return text.replace(STRINGS_AND_COMMENTS, (match: string, _long: string | undefined, _short: string | undefined, offset: number) => {
    if (NAME_OR_PATH.test(match)) return match;
    // The prefix stands before the quote: `f"..."`, `rf'...'`.
    if (/[fF][rR]?$|[rR][fF]$/.test(text.slice(Math.max(0, offset - 2), offset))) return blankOutsideFields(match);
    return blank(match);
  });
}

/** `f"run {cmd} again"` → `  ` `{cmd}` `  `: the fields stay, `{{` escapes and the literal text go. */
function blankOutsideFields(literal: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < literal.length; i++) {
    const char = literal[i];
    if (depth === 0 && char === '{' && literal[i + 1] === '{') {
      out += '  ';
      i++;
    } else if (char === '{') {
      depth++;
      out += char;
    } else if (char === '}' && depth > 0) {
      depth--;
      out += char;
    } else {
      out += depth > 0 || char === '\n' ? char : ' ';
    }
  }
  return out;
}

function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}

/** `check` in `f(x, check=True)` or `def f(self, check=False)`: after `(` or `,`, before a single `=`. */
function namesAKeyword(code: string, start: number, length: number): boolean {
  const after = /^\s*=(?!=)/.exec(code.slice(start + length, start + length + 40));
  if (!after) return false;
  let before = start - 1;
  while (before >= 0 && /\s/.test(code[before])) before--;
  return code[before] === '(' || code[before] === ',';
}

/**
 * Whether an import can name the module: a script under `.github/workflows/` or `my-scripts/` runs
 * in a process of its own (where no test's patch is in force), or by path (`runpy.run_path`), which
 * tests that patch a call do not do.
 */
export function importable(module: string): boolean {
  return module.split('.').every((part) => /^[A-Za-z_]\w*$/.test(part));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  (map.get(key) ?? map.set(key, []).get(key)!).push(value);
}
