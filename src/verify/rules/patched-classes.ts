import type { ClassId } from '../../analyze/model.js';
import type { OutputProject } from '../output-project.js';
import type { SelfCheckRule } from '../self-check.js';
import { FindingsByMethod, autoMocks, inForce, type AutoMock } from '../test-mocks.js';

/**
 * A method that became async, awaited where a test replaces its class with a MagicMock made on the
 * spot (`@mock.patch("buku.BukuCrypt")`, no `spec` or `autospec`): the mock's methods return a
 * MagicMock, which cannot be awaited, so `await BukuCrypt.encrypt_file(...)` raises TypeError while
 * the test runs (found on buku). Undo: the method stays sync, and its async callers run it in a
 * thread (which calls the mock as the test expects).
 */
export const patchedClasses: SelfCheckRule = {
  id: 'patched-classes',
  doc: {
    what: 'an await of a method that became async, in code a test reaches while it replaces the method\'s class with a MagicMock (`mock.patch("pkg.Client")` with no spec)',
    why: 'the mock\'s methods return a MagicMock, which cannot be awaited: the test fails with TypeError',
  },
  check(output) {
    const patches = autoMockedClasses(output);
    if (patches.size === 0) return [];
    const reach = output.patchReach;
    const findings = new FindingsByMethod();
    // The planner's target where the output's resolver knows none: `downloader` bound to one of two
    // classes in two branches (barman's restore), taken for their family's method (AS124).
    for (const { module, call, id } of output.awaitedTurnedAsync((module, call) => output.targetOrPlanned(module, call))) {
      // `self._encrypt_file()` runs on an object the class made, not on the mock; `self.manager.kill()`
      // may run on the mock, when `self.manager` holds what the patched class made (barman's ProcessManager).
      if (!call.scope || (['self', 'cls', 'super'].includes(call.callee?.root.kind ?? '') && (call.callee?.path.length ?? 0) <= 1)) continue;
      const classId = output.after(id)?.classId;
      const patch = classId ? patches.get(classId)?.find(({ patch, test }) => inForce(reach, patch, test, output.inputFunction(call.scope!))) : undefined;
      if (!patch) continue;
      findings.record(id, output.inputFunction(call.scope), output.looseAwaitKey(module, call), () => {
        const inputLine = output.inputLine(module, call.span.start, call.line);
        return {
          rule: this.id, module: module.index.module, file: module.input.relativePath, line: inputLine,
          message: `${patch.where} replaces ${patch.patch.path} with a MagicMock, whose ${output.after(id)!.name}() the migrated code at ${module.input.relativePath}:${inputLine} would await`,
        };
      });
    }
    return findings.all();
  },
};

/** The project classes tests replace with a MagicMock made on the spot, with the classes whose methods they reach (their bases). */
function autoMockedClasses(output: OutputProject): Map<ClassId, AutoMock[]> {
  const patched = new Map<ClassId, AutoMock[]>();
  for (const { target, ...found } of autoMocks(output)) {
    if (target.kind !== 'class') continue;
    // A method looked up through the patched class may be defined by one of its bases.
    for (const id of output.input.symbols.mro(target.id)) (patched.get(id) ?? patched.set(id, []).get(id)!).push(found);
  }
  return patched;
}
