import type { ClassId, ModuleIndex } from '../analyze/model.js';
import { bridgeCall } from './call-rewrites.js';
import type { Site } from './edits.js';
import type { ProjectSymbols } from './resolve.js';
import { inheritedBlockingMethods } from '../../transforms/to-thread/catalogue.js';

const TO_THREAD = 'to-thread';

/**
 * Project classes that inherit blocking methods from a library class, and which: `class
 * ApiSession(requests.Session)` that overrides `request` keeps `get`, `post`, ... from requests.
 * No transform converts such an object (its own methods would be lost), and no module's text
 * names the library where it is used (`self.session.get(...)` in a service handed the session):
 * only the project knows that these calls block.
 */
export function blockingLibrarySubclasses(symbols: ProjectSymbols, blocking: readonly string[]): Map<ClassId, Set<string>> {
  const found = new Map<ClassId, Set<string>>();
  for (const cls of symbols.classes.values()) {
    const hierarchy = symbols.mro(cls.id);
    const own = (name: string) => hierarchy.some((id) => Object.hasOwn(symbols.classes.get(id)?.methods ?? {}, name));
    const methods = symbols.externalBases(cls.id).flatMap((base) => inheritedBlockingMethods(base, blocking)).filter((name) => !own(name));
    if (methods.length > 0) found.set(cls.id, new Set(methods));
  }
  return found;
}

/**
 * A to_thread bridge for each call of such an inherited method on an instance of the class, where
 * the module's own transforms saw nothing (they read names, not the project's classes):
 * `self.session.post(url)` → `await asyncio.to_thread(self.session.post, url)`, a seed like any
 * bridged call.
 */
export function inheritedBlockingSites(
  module: ModuleIndex,
  text: string,
  existing: readonly Site[],
  symbols: ProjectSymbols,
  subclasses: ReadonlyMap<ClassId, ReadonlySet<string>>,
  /** Every method name of `subclasses`: a call of another name needs no resolving. */
  methods: ReadonlySet<string>,
): Site[] {
  const taken = new Set(existing.flatMap((site) => (site.call ? [site.call.span.start] : [])));
  const sites: Site[] = [];
  for (const call of module.calls) {
    const callee = call.callee;
    const method = callee?.path.at(-1);
    if (!callee || !method || !methods.has(method) || !call.scope || call.operand || taken.has(call.span.start)) continue;
    const receiver = symbols.resolve({ root: callee.root, path: callee.path.slice(0, -1) }, module, call.scope);
    const classId = receiver.kind === 'instance' ? receiver.classId.replace(/^super:/, '') : undefined;
    if (!classId || !subclasses.get(classId)?.has(method)) continue;
    const target = symbols.resolve(callee, module, call.scope);
    // The library's own method (no project class in the way): `inheritedFromLibrary` in resolve.ts.
    if (target.kind !== 'external') continue;
    const cls = symbols.classes.get(classId)!;
    const library = target.name.slice(0, target.name.lastIndexOf('().'));
    sites.push({
      transform: TO_THREAD,
      scope: call.scope,
      line: call.line,
      call,
      awaitCall: false,
      edits: bridgeCall(call, text),
      imports: [{ module: 'asyncio' }],
      seed: true,
      bridge: true,
      review: {
        code: 'AS704',
        message: `${cls.name} inherits ${method}() from ${library}, which blocks and has no async form on this class: the call runs in asyncio.to_thread`,
      },
    });
  }
  return sites;
}
