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
 * One finding per method a mock stands in for, with every function that awaits it there: the pin is
 * needed only while one of them is async (run.ts relaxes it when they all stay sync in the end).
 */
export class FindingsByMethod {
  private readonly byMethod = new Map<FunctionId, Finding>();

  /** The method's finding, made by `make` the first time; `scope` is one more function that awaits it. */
  record(id: FunctionId, scope: FunctionId, make: () => Omit<Finding, 'awaitedIn'>): void {
    const finding = this.byMethod.get(id);
    if (!finding) this.byMethod.set(id, { ...make(), awaitedIn: [scope] });
    else if (!finding.awaitedIn!.includes(scope)) finding.awaitedIn!.push(scope);
  }

  all(): Finding[] {
    return [...this.byMethod.values()];
  }
}
