import type { FunctionId, ModuleIndex, PatchedName } from '../analyze/model.js';
import type { Target } from '../plan/resolve.js';
import type { OutputProject } from './output-project.js';
import type { PatchReach } from './patch-reach.js';
import type { Finding } from './self-check.js';

/**
 * What the rules about tests' MagicMocks share (patched-classes, mocked-attributes,
 * mocked-factories): the patches that make a mock on the spot, whether one is in force where code
 * runs, and their findings, one per method a mock stands in for.
 */
export interface AutoMock {
  patch: PatchedName;
  test: ModuleIndex;
  where: string;
}

/** Every patch a test makes with a MagicMock made on the spot (no value, `spec` or `autospec`), with what it replaces and where it is written. */
export function* autoMocks(output: OutputProject): Generator<AutoMock & { target: Target }> {
  for (const module of output.modules) {
    for (const patch of module.index.patchedNames ?? []) {
      if (!patch.auto) continue;
      const where = `${module.input.relativePath}:${output.inputLine(module, patch.at, patch.line)}`;
      yield { patch, test: module.index, where, target: output.input.symbols.resolveDotted(patch.path) };
    }
  }
}

export function inForce(reach: PatchReach, patch: PatchedName, test: ModuleIndex, scope: FunctionId): boolean {
  const reached = reach.reach(patch, test);
  return !reached || reached.has(scope);
}

/**
 * One finding per method a mock stands in for, with every function that awaits it there and every
 * call that does. The first undo awaits those calls through `_await_if_awaitable`: the real object's
 * method hands back a coroutine, which it awaits, and the mock's a plain value, which it hands back
 * as the test expects, so the method still turns async. Should the finding come back, the method
 * stays sync, a pin needed only while one of the awaiting functions is async (run.ts relaxes it when
 * they all stay sync in the end).
 */
export class FindingsByMethod {
  private readonly byMethod = new Map<FunctionId, { finding: Finding; calls: Set<string>; everyCallLoosens: boolean }>();

  /**
   * The method's finding, made by `make` the first time; `scope` is one more function that awaits it,
   * at `call` (OutputProject.looseAwaitKey; undefined where the helper cannot go, which leaves the pin).
   */
  record(id: FunctionId, scope: FunctionId, call: string | undefined, make: () => Omit<Finding, 'awaitedIn' | 'undo'>): void {
    let known = this.byMethod.get(id);
    if (!known) this.byMethod.set(id, known = { finding: { ...make(), awaitedIn: [], undo: [{ kind: 'pin', fn: id }] }, calls: new Set(), everyCallLoosens: true });
    if (!known.finding.awaitedIn!.includes(scope)) known.finding.awaitedIn!.push(scope);
    if (call) known.calls.add(call);
    else known.everyCallLoosens = false;
  }

  all(): Finding[] {
    return [...this.byMethod.values()].map(({ finding, calls, everyCallLoosens }) =>
      everyCallLoosens ? { ...finding, undo: [{ kind: 'await-loosely', calls: [...calls].sort() }, ...finding.undo] } : finding);
  }
}
