import type { CallSite } from '../../analyze/model.js';
import type { Target } from '../../plan/resolve.js';
import type { OutputModule, OutputProject } from '../output-project.js';
import type { SelfCheckRule } from '../self-check.js';
import { FindingsByMethod } from '../test-mocks.js';

/** unittest.mock's (and the `mock` backport's) mocks whose methods return plain values. */
const SYNC_MOCK = /^(unittest\.)?mock\.(Mock|MagicMock|NonCallableMock|NonCallableMagicMock)$/;

/**
 * A method that became async, awaited through an attribute that test code fills with a MagicMock
 * (`client.api = make_fake_api_client()`, a helper returning a MagicMock subclass): the mock's
 * methods return what the test configured, which cannot be awaited, so `await self.client.api.build()`
 * raises TypeError while the test runs (found on docker-py). Undo: the method stays sync, and its
 * async callers run it in a thread, which calls the mock as the test expects. Every await through an
 * attribute of that name counts, whatever object holds it: a name is all the test gives.
 */
export const mockedAttributes: SelfCheckRule = {
  id: 'mocked-attributes',
  doc: {
    what: 'an await of a method that became async, called through an attribute that test code sets to a MagicMock (`client.api = make_fake_api_client()`)',
    why: 'the mock\'s methods return plain values, which cannot be awaited: the test fails with TypeError',
  },
  check(output) {
    const mocked = mockedAttributeNames(output);
    if (mocked.size === 0) return [];
    const findings = new FindingsByMethod();
    const holder = (call: CallSite) => call.callee && call.callee.path.length >= 2 ? call.callee.path.at(-2)! : undefined;
    // Only calls through a mocked name are resolved; the planner may have taken the receiver for a class by its method's name (AS124).
    const resolve = (module: OutputModule, call: CallSite): Target => {
      const name = holder(call);
      if (!name || !mocked.has(name)) return { kind: 'unknown' };
      return output.targetOrPlanned(module, call);
    };
    for (const { module, call, id } of output.awaitedTurnedAsync(resolve)) {
      if (!call.scope) continue;
      findings.record(id, output.inputFunction(call.scope), output.looseAwaitKey(module, call), () => {
        const name = holder(call)!;
        const inputLine = output.inputLine(module, call.span.start, call.line);
        return {
          rule: this.id, module: module.index.module, file: module.input.relativePath, line: inputLine,
          message: `${mocked.get(name)} sets \`${name}\` to a MagicMock, whose ${output.after(id)!.name}() the migrated code at ${module.input.relativePath}:${inputLine} would await`,
        };
      });
    }
    return findings.all();
  },
};

/** Attribute names some code sets to a MagicMock, with where (the first place) it does. */
function mockedAttributeNames(output: OutputProject): Map<string, string> {
  const names = new Map<string, string>();
  const symbols = output.input.symbols;
  for (const module of output.modules) {
    for (const write of module.input.index.attributeWrites ?? []) {
      if (!write.type || names.has(write.attribute)) continue;
      const value = symbols.instanceOf(write.type, module.input.index, write.scope, 0);
      if (isSyncMock(output, value)) names.set(write.attribute, `${module.input.relativePath}:${write.line}`);
    }
  }
  return names;
}

function isSyncMock(output: OutputProject, value: Target): boolean {
  if (value.kind === 'external-instance') return SYNC_MOCK.test(value.name);
  return value.kind === 'instance' && output.input.symbols.libraryBases(value.classId).some((base) => !!base && SYNC_MOCK.test(base));
}
