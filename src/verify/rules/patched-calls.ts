import type { CallSite, FunctionId } from '../../analyze/model.js';
import type { Site } from '../../plan/edits.js';
import type { OutputModule, OutputProject } from '../output-project.js';
import { importable, type PatchReach } from '../patch-reach.js';
import { FOLLOWED_PATCHES } from '../../../transforms/shared/patch-followers.js';
import type { Finding, SelfCheckRule } from '../self-check.js';

/**
 * A conversion that stops calling something the project's tests replace: `mocker.patch(
 * "pkg.vcs.subprocess.check_output")` while `subprocess.check_output(...)` became the helper's
 * `check_output`, or `patch("json.dump")` around a `with open(...)` block rewritten for aiofiles.
 * The tests then run the real thing (a real `git clone`) or see their mock never called. Undo: drop
 * the conversion; the call stays as written (bridged with `asyncio.to_thread` where it blocks, which
 * still looks the patched name up when it runs). A patch counts only where it is in force: a patch a
 * test writes for itself holds back the conversions that test can reach (patch-reach.ts). One the
 * tests follow with a patch of what the conversion calls instead, in the same decorator list or
 * `with` (transforms/shared/patch-followers.ts), holds none back.
 */
export const patchedCalls: SelfCheckRule = {
  id: 'patched-calls',
  doc: {
    what: 'a conversion that replaces a call the project\'s tests patch (mock.patch, mocker.patch, monkeypatch.setattr), in code a patching test can reach',
    why: 'the tests\' stand-in is no longer called: they run the real command or see their mock unused',
  },
  check(output) {
    const patched = patchedNames(output);
    if (patched.size === 0) return [];
    const reach = output.patchReach;
    const findings: Finding[] = [];
    for (const module of output.modules) {
      if (!module.changed) continue;
      for (const site of module.appliedSites) {
        // A to_thread bridge still calls the very name the tests patch, when it runs.
        if (site.bridge || site.transform === 'to-thread') continue;
        for (const call of replacedCalls(module, site)) {
          // A script no import can name runs in a process of its own, where no test's patch is in force.
          const inForce = (patch: Patch) => (importable(module.index.module) || patch.module === module.index.module) && patch.inForceAt(site.scope, reach) && !patch.followed;
          const hit = namesOf(output, module, call).map((name) => patchedAs(patched, name, inForce)).find(Boolean);
          if (!hit) continue;
          findings.push({
            rule: this.id, module: module.index.module, file: module.input.relativePath, line: call.line,
            message: `${hit.where} patches ${hit.path}, which the ${site.transform} conversion at ${module.input.relativePath}:${call.line} would no longer call`,
            undo: [{ kind: 'drop', site }, { kind: 'freeze', module: module.index.module }],
          });
          break;
        }
      }
    }
    return findings;
  },
};

interface Patch {
  path: string;
  where: string;
  /** The test module that writes it. */
  module: string;
  /** The tests stand in for what the conversion calls instead, in the same statement (transforms/shared/patch-followers.ts). */
  followed: boolean;
  /** Whether the patch is in force while code in this function (or at module level) runs. */
  inForceAt(scope: FunctionId | null, reach: PatchReach): boolean;
}

/** What the tests patch once migrated: a patch target the migration rewrote along with the call (requests-httpx does) no longer counts. */
function patchedNames(output: OutputProject): Map<string, Patch[]> {
  const patched = new Map<string, Patch[]>();
  for (const module of output.modules) {
    const names = module.index.patchedNames ?? [];
    const statementsPatching = (path: string) => new Set(names.filter((name) => name.path === path && name.statement !== undefined).map((name) => name.statement));
    const followedIn = new Map(Object.entries(FOLLOWED_PATCHES).map(([path, replacement]) => [path, statementsPatching(replacement)]));
    for (const written of names) {
      // `six.moves.builtins.open` and Python 2's `__builtin__.open` are the builtin.
      const path = written.path.replace(/^(six\.moves\.builtins|__builtin__|__builtins__)\./, 'builtins.');
      const patch: Patch = {
        path,
        where: `${module.input.relativePath}:${output.inputLine(module, written.at, written.line)}`,
        module: module.index.module,
        followed: written.statement !== undefined && !!followedIn.get(written.path)?.has(written.statement),
        inForceAt(scope, reach) {
          const reached = reach.reach(written, module.index);
          return !reached || !scope || reached.has(scope);
        },
      };
      (patched.get(path) ?? patched.set(path, []).get(path)!).push(patch);
    }
  }
  return patched;
}

/** The input's calls a site converts: its own call and any call whose callee text its edits replace. */
function replacedCalls(module: OutputModule, site: Site): CallSite[] {
  const rewritesCallee = (call: CallSite) => site.edits.some((edit) => edit.end > edit.start && edit.start < call.calleeSpan.end && call.calleeSpan.start < edit.end);
  const calls = module.input.index.calls.filter((call) => call !== site.call && rewritesCallee(call));
  return site.call ? [site.call, ...calls] : calls;
}

/** `subprocess.check_output` as it resolves, and as tests reach it through the module: `pkg.vcs.subprocess.check_output`. */
function namesOf(output: OutputProject, module: OutputModule, call: CallSite): string[] {
  if (!call.callee || !module.input.source) return [];
  const names = [`${module.index.module}.${module.input.source.text.slice(call.calleeSpan.start, call.calleeSpan.end).replace(/\s+/g, '')}`];
  const resolved = output.input.symbols.resolve(call.callee, module.input.index, call.scope);
  if (resolved.kind === 'external') names.push(resolved.name);
  const { root, path } = call.callee;
  // `open(...)` with nothing in the module binding `open`: the builtin, which tests patch as `builtins.open`.
  if (root.kind === 'global' && path.length === 0 && !Object.hasOwn(module.input.index.bindings, root.name)) names.push(`builtins.${root.name}`);
  return names;
}

/**
 * A patch in force here of this name, or of the module or object it is reached through (`requests`
 * whole, as a transport mock patches it: test-doubles.ts mocksRequestsTransport).
 */
function patchedAs(patched: ReadonlyMap<string, Patch[]>, name: string, inForce: (patch: Patch) => boolean): Patch | undefined {
  for (let end = name.length; end > 0; end = name.lastIndexOf('.', end - 1)) {
    const hit = patched.get(name.slice(0, end))?.find(inForce);
    if (hit) return hit;
  }
  return undefined;
}
