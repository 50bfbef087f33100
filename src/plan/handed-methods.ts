import type { FunctionReference, ModuleIndex } from '../analyze/model.js';
import { NEVER_USE_PROTOCOLS } from './protocols-handed-on.js';
import type { ProjectSymbols } from './resolve.js';

/**
 * `Thread(target=job.run)`, `asyncio.to_thread(server.receive_wal)`: a method named on an object of
 * unknown type, handed to a call that may call it synchronously later. Not when it is only read
 * (`if args.tag:`, `start = self.index`: an attribute of that name, as likely as a method), handed to
 * a callable known never to call what it gets (`assertEqual`, `print`, logging), to asyncio's own
 * coroutine APIs, or to a project function that calls none of its parameters.
 */
export function handedOnToCall(reference: FunctionReference, module: ModuleIndex, symbols: ProjectSymbols): boolean {
  if (!reference.passedTo || reference.ref.path.length === 0) return false;
  const name = reference.passedTo.path.at(-1) ?? (reference.passedTo.root.kind === 'global' || reference.passedTo.root.kind === 'local-var' ? reference.passedTo.root.name : undefined);
  if (name && NEVER_USE_PROTOCOLS.has(name)) return false;
  const receiver = symbols.resolve(reference.passedTo, module, reference.scope);
  if (receiver.kind === 'external' && /^asyncio\./.test(receiver.name) && receiver.name !== 'asyncio.to_thread') return false;
  if (receiver.kind === 'function') return !!symbols.functions.get(receiver.id)?.callbackParameters?.length;
  return true;
}
