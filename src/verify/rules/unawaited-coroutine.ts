import { byCallableName, calledMethodName, type CallSite, type FunctionInfo } from '../../analyze/model.js';
import type { OutputModule, OutputProject } from '../output-project.js';
import type { Finding, SelfCheckRule } from '../self-check.js';
import { runsCoroutine } from '../../analyze/coroutine-runners.js';
import { fittingLookup, lookupMayReachModule, mayHoldModule } from '../../plan/module-values.js';
import { mayReach } from '../../plan/receiver-inference.js';
import { isStdlibModule } from '../../analyze/stdlib-modules.js';

/**
 * A call to a project function the migration made async whose result nobody awaits, schedules or
 * iterates asynchronously. An un-awaited coroutine silently does nothing; an async generator in a
 * plain `for` raises TypeError. Undo: the callee stays sync (its async callers run it in a thread).
 */
export const unawaitedCoroutine: SelfCheckRule = {
  id: 'unawaited-coroutine',
  doc: {
    what: 'a call to a function that became async, neither awaited nor handed to something that runs it',
    why: 'a coroutine that nobody awaits never runs its body; an async generator cannot be iterated by a plain for',
  },
  check(output) {
    const findings: Finding[] = [];
    const byName = turnedAsyncByName(output);
    for (const module of output.modules) {
      for (const site of module.index.calls) {
        if (site.operand || output.dispatch.forwards(module.index, site)) continue;
        const resolved = output.targetOf(module, site);
        const onLibraryResult = resolved.kind === 'external' && fromLibraryResult(resolved.name);
        if (resolved.kind === 'unknown' || onLibraryResult) {
          const finding = site.dynamicTarget ? unawaitedLookup(site, module, byName, output) : unawaitedByName(site, module, byName, output, onLibraryResult);
          if (finding) findings.push(finding);
          continue;
        }
        // `args.func(args)`: whichever argparse handler it reaches.
        const key = output.dispatch.keyOf(resolved);
        const id = key ? output.dispatch.handlers(key).find((handler) => output.turnedAsync(handler)) : resolved.kind === 'function' ? resolved.id : undefined;
        if (!id || !output.turnedAsync(id)) continue;
        const fn = output.after(id)!;
        const problem = fn.decorators.some((d) => /asynccontextmanager/.test(d.text)) ? contextManagerMisuse(site)
          : fn.isGenerator ? asyncGeneratorMisuse(site, module) : coroutineMisuse(site, output);
        if (!problem) continue;
        findings.push({
          rule: this.id, module: module.index.module, file: module.input.relativePath, line: site.line,
          message: `${fn.module}.${fn.qualname} became async, but the call at ${module.input.relativePath}:${site.line} ${problem}`,
          undo: [{ kind: 'pin', fn: fn.id }],
        });
      }
    }
    return findings;
  },
};

/**
 * Libraries whose calls the migration knows to hand back their own objects: the standard library
 * (but for what resolve.ts knows to hand back what it holds) and those the transforms convert.
 */
const KNOWN_LIBRARIES = /^(requests|httpx|psycopg2|psycopg|asyncpg|aiofiles)$/;

/**
 * A method called on what another library's function or method returned (`container.resolve(key)
 * .copy()`, `build(Records).copy()`, not a class: `Mocker().start()`): that library may hand back a
 * project object it was given, so the call is taken to be a call on a receiver of unknown type, as
 * the planner could not.
 */
function fromLibraryResult(name: string): boolean {
  const root = name.split('.')[0];
  // `Mocker(real_http=True).start()`: a method of an object the library's class made is the library's.
  const maker = /(\w+)\(\)\.\w+$/.exec(name)?.[1];
  return !!maker && !/^[A-Z]/.test(maker) && !isStdlibModule(root) && !KNOWN_LIBRARIES.test(root);
}

/** The functions the migration made async, by name: methods, and module-level functions apart. */
function turnedAsyncByName(output: OutputProject): ReturnType<typeof byCallableName> {
  return byCallableName(output.modules.filter((module) => module.changed).flatMap((module) => module.index.functions)
    .filter((fn) => output.turnedAsync(fn.id) && !/^__\w+__$/.test(fn.name)));
}

/**
 * A call nothing resolves (`x.fetch()` on an object of unknown type, `items[0].fetch()`) named like a
 * function the migration made async. The plan either took the receiver to be the classes defining
 * it, and then awaits the call, or kept every definition of that name sync; an unawaited call means
 * neither held, and its coroutine would never run. Undo: those definitions stay sync.
 */
function unawaitedByName(site: CallSite, module: OutputModule, byName: ReturnType<typeof turnedAsyncByName>, output: OutputProject, unplanned = false): Finding | undefined {
  const ref = site.callee;
  const name = calledMethodName(site);
  if (!name) return undefined;
  // `mod.f()` on a name that may be a module reaches module-level functions too; `self.x.f()` does not.
  const mayBeModule = !ref || mayHoldModule(ref, module.index, site.scope, output.symbols, output.input.loadsModules);
  // Definitions the call's arguments cannot bind to are not what it reaches (the planner's rule too).
  let candidates = [...(byName.methods.get(name) ?? []), ...(mayBeModule ? byName.functions.get(name) ?? [] : [])].filter((fn) => mayReach(fn, site, output.symbols));
  // A receiver declared as a project class that leaves the method to its subclasses reaches only theirs.
  const receiver = ref && ref.path.length > 0 ? output.symbols.resolve({ root: ref.root, path: ref.path.slice(0, -1) }, module.index, site.scope) : undefined;
  if (receiver?.kind === 'instance' && !receiver.classId.startsWith('super:')) {
    const declared = receiver.classId;
    candidates = candidates.filter((fn) => !!fn.classId && output.symbols.mro(fn.classId).includes(declared));
  }
  // A call the planner took for a library's was never meant to hand a coroutine back to its caller.
  const misuse = unplanned && site.usage.kind === 'returned' ? 'does not await it' : coroutineMisuse(site, output);
  if (candidates.length === 0 || candidates.some((fn) => fn.isGenerator) || misuse === undefined) return undefined;
  return mayReachUnawaited(site, module, candidates);
}

/**
 * `getattr(importlib.import_module(path), name)(...)`: a module-level function the migration made
 * async whose name fits may be the one called. The planner awaits such a call or keeps them sync,
 * and never takes it for a wrapper's: returned unawaited, its coroutine reaches no one who awaits it.
 */
function unawaitedLookup(site: CallSite, module: OutputModule, byName: ReturnType<typeof turnedAsyncByName>, output: OutputProject): Finding | undefined {
  const lookup = site.dynamicTarget!;
  if (!lookupMayReachModule(lookup, module.index, site.scope, output.symbols)) return undefined;
  const candidates = fittingLookup(lookup, byName.functions).filter((fn) => mayReach(fn, site, output.symbols));
  const misuse = site.usage.kind === 'returned' ? 'does not await it' : coroutineMisuse(site, output);
  if (candidates.length === 0 || candidates.some((fn) => fn.isGenerator) || misuse === undefined) return undefined;
  return mayReachUnawaited(site, module, candidates);
}

function mayReachUnawaited(site: CallSite, module: OutputModule, candidates: readonly FunctionInfo[]): Finding {
  return {
    rule: 'unawaited-coroutine', module: module.index.module, file: module.input.relativePath, line: site.line,
    message: `the call at ${module.input.relativePath}:${site.line} may reach ${candidates.map((fn) => `${fn.module}.${fn.qualname}`).join(', ')}, which became async, and does not await it`,
    undo: candidates.map((fn) => ({ kind: 'pin' as const, fn: fn.id })),
  };
}

function coroutineMisuse(site: CallSite, output: OutputProject): string | undefined {
  const usage = site.usage;
  if (usage.kind === 'awaited') return undefined;
  if (usage.kind === 'argument' && runsCoroutine(usage.callee)) return undefined;
  if (usage.kind === 'with-item' && usage.alreadyAsync) return undefined;
  // `return f()` from a sync function hands the coroutine to its caller, who may await it (a wrapper).
  if (usage.kind === 'returned' && site.scope && !output.after(site.scope)?.isAsync) return undefined;
  return 'does not await it';
}

function contextManagerMisuse(site: CallSite): string | undefined {
  return site.usage.kind === 'with-item' && !site.usage.alreadyAsync ? 'enters it with a plain with' : undefined;
}

function asyncGeneratorMisuse(site: CallSite, module: OutputModule): string | undefined {
  const usage = site.usage;
  const text = module.source?.text ?? module.input.source?.text ?? '';
  switch (usage.kind) {
    case 'for-iter':
    case 'comprehension-iter':
      // The `for` node starts at `async` when there is one.
      return text.startsWith('async', usage.forKeyword) ? undefined : 'iterates it with a plain for';
    case 'next':
      return text.slice(usage.nextCallee.start, usage.nextCallee.end).endsWith('anext') ? undefined : 'takes next() of it';
    case 'assigned':
    case 'argument':
    case 'returned':
    case 'plain':
      return undefined;
    default:
      return `uses it as a sync iterator (${usage.kind})`;
  }
}
