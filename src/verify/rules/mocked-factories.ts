import type { CallSite, FunctionId } from '../../analyze/model.js';
import type { Target } from '../../plan/resolve.js';
import type { OutputModule, OutputProject } from '../output-project.js';
import type { SelfCheckRule } from '../self-check.js';
import { FindingsByMethod, autoMocks, inForce, type AutoMock } from '../test-mocks.js';

/**
 * A method that became async, awaited through a name that holds what a project function returns
 * while a test replaces that function with a MagicMock made on the spot
 * (`@mock.patch("pkg.cli.get_cloud_interface")`, then `cloud_interface = get_cloud_interface(config)`
 * and `await self.cloud_interface.download_file(...)`): the mock returns a MagicMock, whose methods
 * return no awaitable, so the await raises TypeError while the test runs (found on barman). Undo: the
 * method stays sync, and its async callers run it in a thread. The value is followed by name only: an
 * await through any name or attribute of the name the function's result is bound to counts.
 */
export const mockedFactories: SelfCheckRule = {
  id: 'mocked-factories',
  doc: {
    what: 'an await of a method that became async, called through a name bound to what a project function returns, in code a test reaches while it replaces that function, or one it calls, with a MagicMock (`mock.patch("pkg.get_client")` with no spec)',
    why: 'the mock returns a MagicMock, whose methods return plain values, which cannot be awaited: the test fails with TypeError',
  },
  check(output) {
    const factories = mockedFactoryPatches(output);
    if (factories.length === 0) return [];
    const held = heldResults(output, new Set(factories.map(({ fn }) => fn)));
    if (held.size === 0) return [];
    const reach = output.patchReach;
    const findings = new FindingsByMethod();
    const resolve = (module: OutputModule, call: CallSite): Target => {
      const name = holderName(call);
      if (!name || !held.has(name)) return { kind: 'unknown' };
      return output.targetOrPlanned(module, call);
    };
    for (const { module, call, id } of output.awaitedTurnedAsync(resolve)) {
      if (!call.scope) continue;
      const name = holderName(call)!;
      const holders = held.get(name)!;
      const patch = factories.find(({ fn, patch, test }) => holders.has(fn) && inForce(reach, patch, test, output.inputFunction(call.scope!)));
      if (!patch) continue;
      findings.record(id, output.inputFunction(call.scope), output.looseAwaitKey(module, call), () => {
        const inputLine = output.inputLine(module, call.span.start, call.line);
        const caller = patch.calling ? output.after(patch.fn) : undefined;
        const returns = caller ? `what ${caller.module}.${caller.qualname} returns, which calls it` : 'what it returns';
        return {
          rule: this.id, module: module.index.module, file: module.input.relativePath, line: inputLine,
          message: `${patch.where} replaces ${patch.patch.path} with a MagicMock; \`${name}\` holds ${returns}, whose ${output.after(id)!.name}() the migrated code at ${module.input.relativePath}:${inputLine} would await`,
        };
      });
    }
    return findings.all();
  },
};

interface FactoryPatch extends AutoMock {
  fn: FunctionId;
  /** Not patched itself: it calls the patched function, and may hand on what the mock returns. */
  calling?: FunctionId;
}

/**
 * The project functions (not classes: patched-classes.ts) tests replace with a MagicMock made on the
 * spot, and the project functions that call one of them: `get_server(args)` picks its server from
 * what the patched `get_server_list()` returns, a mock the test configured (found on barman).
 */
function mockedFactoryPatches(output: OutputProject): FactoryPatch[] {
  const found: FactoryPatch[] = [];
  for (const { target, ...patch } of autoMocks(output)) if (target.kind === 'function') found.push({ ...patch, fn: target.id });
  if (found.length === 0) return found;
  const patchesOf = new Map<FunctionId, FactoryPatch[]>();
  for (const patch of found) (patchesOf.get(patch.fn) ?? patchesOf.set(patch.fn, []).get(patch.fn)!).push(patch);
  for (const module of output.modules) {
    for (const call of module.index.calls) {
      if (call.operand || !call.callee || !call.scope) continue;
      const target = output.targetOf(module, call);
      if (target.kind !== 'function') continue;
      for (const patch of patchesOf.get(target.id) ?? []) found.push({ ...patch, fn: call.scope, calling: patch.fn });
    }
  }
  return found;
}

/** Names (`client`, or the attribute of `self.client`) that calls of the functions are assigned to, with the functions each holds. */
function heldResults(output: OutputProject, functions: ReadonlySet<FunctionId>): Map<string, Set<FunctionId>> {
  const held = new Map<string, Set<FunctionId>>();
  for (const module of output.modules) {
    const text = module.source?.text ?? module.input.source?.text;
    if (!text) continue;
    for (const call of module.index.calls) {
      if (call.operand || !call.callee) continue;
      const target = output.targetOf(module, call);
      if (target.kind !== 'function' || !functions.has(target.id)) continue;
      const name = call.usage.kind === 'assigned' ? call.usage.name : assignedName(text, call.span.start);
      if (name) (held.get(name) ?? held.set(name, new Set()).get(name)!).add(target.id);
    }
  }
  return held;
}

/** The name or attribute a call's value is assigned to, read from the text before it on its line (`self.client = make(...)`). */
function assignedName(text: string, callStart: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', callStart - 1) + 1;
  return /(?:^|[\s.])(\w+)\s*(?::[^=]*)?=\s*$/.exec(text.slice(lineStart, callStart))?.[1];
}

/** The name a method is called through: `client` in `client.fetch()` and in `self.client.fetch()`. */
function holderName(call: CallSite): string | undefined {
  const ref = call.callee;
  if (!ref || ref.path.length === 0) return undefined;
  if (ref.path.length >= 2) return ref.path.at(-2);
  return ref.root.kind === 'local-var' || ref.root.kind === 'global' ? ref.root.name : undefined;
}
