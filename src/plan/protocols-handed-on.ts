import { SYNC_CONSUMERS } from '../analyze/call-usage.js';
import type { ClassId, FunctionId, NameRef } from '../analyze/model.js';
import type { ResolvedCall } from './propagate.js';
import type { ProjectSymbols, Target } from './resolve.js';
import { returnedClass } from './returned-objects.js';

const PROTOCOL_METHODS = ['__next__', '__enter__', '__exit__'];

/**
 * Callables known to use neither `for` nor `with` on what they are given, nor to call it: handing
 * them an object whose protocol turned async, or a method that did, is harmless
 * (`self.assertIsNotNone(page)`, `log.info("%s", page)`, `self.assertEqual(start, self.index)`).
 */
export const NEVER_USE_PROTOCOLS = new Set([
  'print', 'isinstance', 'issubclass', 'str', 'repr', 'id', 'type', 'hash', 'hasattr', 'getattr', 'setattr', 'delattr',
  'callable', 'bool', 'vars', 'dir', 'format', 'super',
  'assertIsNotNone', 'assertIsNone', 'assertTrue', 'assertFalse', 'assertIsInstance', 'assertNotIsInstance', 'assertIs', 'assertIsNot',
  'assertEqual', 'assertNotEqual', 'debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'log',
  // A mock's assertions compare what they are given with the calls it recorded.
  'assert_called_with', 'assert_called_once_with', 'assert_any_call',
]);

const OPERAND_CONSUMERS = new Set([...SYNC_CONSUMERS, 'next', 'iter']);

export interface HandedOnProtocol {
  method: FunctionId;
  call: ResolvedCall;
  /** The callee as written, for the reason. */
  to: string;
}

/**
 * Objects whose `__next__`, `__enter__` or `__exit__` would turn async, handed to code that is not the
 * project's (`map(f, pages)`, `stack.enter_context(lease)`, `self.assertIn(x, pages)`) or to a method
 * on a receiver of unknown type: that code iterates or enters them the sync way, so the methods stay
 * sync. A project function that receives one types its parameter from the call, and its own uses are
 * checked where they are written.
 */
export function protocolsHandedOn(
  symbols: ProjectSymbols,
  calls: readonly ResolvedCall[],
  wouldBeAsync: ReadonlySet<FunctionId>,
): HandedOnProtocol[] {
  const turning = new Map<ClassId, FunctionId[]>();
  const methodsTurning = (classId: ClassId): FunctionId[] => {
    let methods = turning.get(classId);
    if (!methods) {
      methods = PROTOCOL_METHODS.map((name) => symbols.lookupMethod(classId, name)).filter((id): id is FunctionId => !!id && wouldBeAsync.has(id));
      turning.set(classId, methods);
    }
    return methods;
  };
  // Nothing to look for in the common case: no project protocol method would turn async.
  const anyTurning = [...wouldBeAsync].some((id) => PROTOCOL_METHODS.includes(symbols.functions.get(id)?.name ?? ''));
  if (!anyTurning) return [];
  const projectNames = new Set([...symbols.functions.values(), ...symbols.classes.values()].map((definition) => definition.name));
  const found: HandedOnProtocol[] = [];
  for (const call of calls) {
    const site = call.site;
    if (site.operand) continue;
    // A call's result handed straight on: `list(map(render, client.pages()))`.
    if (site.usage.kind === 'argument' && !receivesSafely(site.usage.callee, projectNames)) {
      const id = call.target.kind === 'function' ? call.target.id : undefined;
      const classId = id ? returnedClass(symbols, id) : undefined;
      for (const method of classId ? methodsTurning(classId) : []) found.push({ method, call, to: site.usage.callee });
    }
    if (!site.passes || isProjectCallable(call.target)) continue;
    const callee = site.callee ? refName(site.callee) : undefined;
    // `list(pages)`, `next(pages)`: the name is an operand of its own, rewritten or kept sync where it stands.
    if (callee && (NEVER_USE_PROTOCOLS.has(callee) || OPERAND_CONSUMERS.has(callee))) continue;
    for (const ref of [...site.passes.positional, ...Object.values(site.passes.keywords)]) {
      if (!ref) continue;
      const value = symbols.resolve(ref, call.module, site.scope);
      if (value.kind !== 'instance') continue;
      for (const method of methodsTurning(value.classId.replace(/^super:/, ''))) found.push({ method, call, to: callee ?? 'a callable' });
    }
  }
  return found;
}

function isProjectCallable(target: Target): boolean {
  return target.kind === 'function' || target.kind === 'class' || target.kind === 'generator';
}

/** A callee written as `print`, `self.assertIn` or `pkg.helper`: it receives the object safely when it never uses protocols or is a project function or class of that name. */
function receivesSafely(callee: string, projectNames: ReadonlySet<string>): boolean {
  const name = callee.split('.').at(-1) ?? callee;
  return NEVER_USE_PROTOCOLS.has(name) || projectNames.has(name);
}

function refName(ref: NameRef): string | undefined {
  return ref.path.at(-1) ?? (ref.root.kind === 'global' || ref.root.kind === 'local-var' ? ref.root.name : undefined);
}
