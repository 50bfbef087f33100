import { lastNameOf, type FunctionReference, type ModuleIndex } from '../analyze/model.js';
import type { ArgparseDispatch } from './argparse-dispatch.js';
import { NEVER_USE_PROTOCOLS } from './protocols-handed-on.js';
import type { ProjectSymbols } from './resolve.js';

/**
 * `Thread(target=job.run)`, `asyncio.to_thread(server.receive_wal)`, `http_method =
 * self.manager.gitlab.http_post` (returned, then called: python-gitlab): a method named on an object
 * of unknown type, as a value something may call synchronously later. A read of an attribute of that
 * name (`server.switch_wal(args.archive)`) looks the same, so only what is handed to a callable known
 * never to call what it gets (`assertEqual`, `print`, logging), to asyncio's own coroutine APIs, or to
 * a project function that calls none of its parameters is let go, and an option an argparse handler
 * reads off the namespace it is called with. (A value only tested for truth is no reference at all.)
 */
export function mayBeCalledLater(reference: FunctionReference, module: ModuleIndex, symbols: ProjectSymbols, dispatch: ArgparseDispatch): boolean {
  if (reference.ref.path.length === 0 || dispatch.readsParsedOption(reference)) return false;
  if (!reference.passedTo) return true;
  if (handedToNonCaller(reference, module, symbols)) return false;
  const receiver = symbols.resolve(reference.passedTo, module, reference.scope);
  if (receiver.kind === 'external' && /^asyncio\./.test(receiver.name) && receiver.name !== 'asyncio.to_thread') return false;
  if (receiver.kind === 'function') return !!symbols.functions.get(receiver.id)?.callbackParameters?.length;
  return true;
}

/**
 * Handed to a callable that never calls what it gets (`print(f)`, `self.assertEqual(f, g)`,
 * `mock.assert_called_once_with(x, f)`), and not to a project function of that name: a function
 * that turned async is printed, compared and logged as it was.
 */
export function handedToNonCaller(reference: FunctionReference, module: ModuleIndex, symbols: ProjectSymbols): boolean {
  const name = reference.passedTo && lastNameOf(reference.passedTo);
  if (!name || !NEVER_USE_PROTOCOLS.has(name)) return false;
  const callee = symbols.resolve(reference.passedTo!, module, reference.scope);
  return callee.kind !== 'function' && callee.kind !== 'class';
}
