import type { CallSite, FunctionId, FunctionInfo, FunctionReference, ModuleIndex } from '../analyze/model.js';
import { decoratorExpression, isStaticMethod } from '../analyze/model.js';
import type { ProjectSymbols } from './resolve.js';

/**
 * A project function handed to a parameter that the receiving project function only calls:
 *
 *     def each_event(self, callback):             async def each_event(self, callback):
 *         for event in self.poll():         →         for event in await self.poll():
 *             callback(event)                             await _await_if_awaitable(callback(event))
 *
 *     poller.each_event(on_event)                 await poller.each_event(on_event)
 *
 * The receiver calls the callback itself, so when the callback turns async the receiver turns async
 * with it and awaits the call through `_await_if_awaitable` (other callers may pass sync callables,
 * whose results it hands back as before). Which parameters qualify is read at indexing
 * (analyze/callback-parameters.ts); this finds, for a reference, the receiving function and parameter.
 */
export interface CallbackSlot {
  /** The function the reference is handed to, and its parameter that receives it. */
  receiver: FunctionInfo;
  parameter: string;
}

export function callbackSlot(reference: FunctionReference, callback: FunctionId, module: ModuleIndex, symbols: ProjectSymbols): CallbackSlot | undefined {
  if (!reference.passedTo) return undefined;
  const target = symbols.resolve(reference.passedTo, module, reference.scope);
  if (target.kind !== 'function') return undefined;
  const receiver = symbols.functions.get(target.id);
  if (!receiver?.callbackParameters) return undefined;
  const handOver = innermostCallAround(reference, module);
  if (!handOver?.passes) return undefined;
  const passes = (ref: CallSite['callee']): boolean => {
    if (!ref) return false;
    const passed = symbols.resolve(ref, module, reference.scope);
    return passed.kind === 'function' && passed.id === callback;
  };
  let parameter: string | undefined;
  const position = handOver.passes.positional.findIndex(passes);
  if (position >= 0) {
    const bound = boundArguments(receiver, target.receiver);
    if (bound === undefined) return undefined;
    parameter = receiver.parameters.filter((p) => p.kind === 'positional')[position + bound]?.name;
  } else {
    const keyword = Object.entries(handOver.passes.keywords).find(([, ref]) => passes(ref))?.[0];
    parameter = receiver.parameters.find((p) => p.name === keyword && (p.kind === 'positional' || p.kind === 'keyword-only'))?.name;
  }
  if (!parameter || !receiver.callbackParameters.includes(parameter)) return undefined;
  return { receiver, parameter };
}

/** The calls in the receiving function that call the parameter. */
export function callsOfParameter(receiver: FunctionInfo, parameter: string, module: ModuleIndex): CallSite[] {
  return module.calls.filter((call) => call.scope === receiver.id && !call.operand && call.callee?.path.length === 0
    && call.callee.root.kind === 'local-var' && call.callee.root.name === parameter);
}

/**
 * How many leading parameters the call fills without an argument (`self` of a bound method, `cls`),
 * or undefined when it cannot tell (a method called through its class).
 */
function boundArguments(receiver: FunctionInfo, how: 'bound' | 'class' | undefined): number | undefined {
  if (!receiver.classId || isStaticMethod(receiver)) return 0;
  if (receiver.decorators.some((decorator) => /classmethod/.test(decoratorExpression(decorator)))) return 1;
  return how === 'bound' ? 1 : undefined;
}

function innermostCallAround(reference: FunctionReference, module: ModuleIndex): CallSite | undefined {
  let innermost: CallSite | undefined;
  for (const call of module.calls) {
    if (call.operand || call.scope !== reference.scope) continue;
    if (call.argsSpan.start > reference.span.start || call.argsSpan.end < reference.span.end) continue;
    if (!innermost || call.argsSpan.start >= innermost.argsSpan.start) innermost = call;
  }
  return innermost;
}
