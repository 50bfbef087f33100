import type { FunctionInfo } from '../analyze/model.js';
import { awaitCall } from './call-rewrites.js';
import type { DecoratorLinks } from './decorator-links.js';
import type { Edit, ImportRequest, ReviewItem } from './edits.js';
import type { ResolvedCall } from './propagate.js';

/**
 * A decorator's wrapper that turns async awaits the function it wraps. When some functions under the
 * decorator stay sync, the decorator becomes colour-aware, as tenacity and backoff are:
 *
 *     def retry(func):                                  def retry(func):
 *         @functools.wraps(func)                            @functools.wraps(func)
 *         def wrapper(*args):                               def wrapper(*args):
 *             time.sleep(1)                      →              time.sleep(1)
 *             return func(*args)                                return func(*args)
 *         return wrapper                                    @functools.wraps(func)
 *                                                           async def wrapper_async(*args):
 *                                                               await asyncio.sleep(1)
 *                                                               return await func(*args)
 *                                   return typing.cast(typing.Any, wrapper_async if inspect.iscoroutinefunction(func) else wrapper)
 *
 * The sync half is the original text, unchanged; the async half is the original definition with
 * the engine's usual edits. Where the decorator sets attributes on its wrapper before returning it
 * (`wrapper.payload_type = payload_type`), the colour test binds `wrapper` again right after the
 * async half instead, so that the settings land on the wrapper returned.
 */
export function wrapperEdits(options: {
  wrapper: FunctionInfo;
  links: DecoratorLinks;
  /** Is this decorated function async for its callers once migrated? */
  isAsyncCallable: (id: string) => boolean;
  /** Where the decorator is handed on as a value, so that it may decorate functions out of sight (propagate.ts). */
  handedOnAt?: string;
  calls: readonly ResolvedCall[];
  text: string;
  file: string;
}): { edits: Edit[]; imports: ImportRequest[]; reviews: ReviewItem[]; copied?: string } {
  const { wrapper, links, text } = options;
  const link = links.links.get(wrapper.id)!;
  const edits: Edit[] = [];
  for (const { site } of options.calls) {
    if (site.scope !== wrapper.id || site.operand || site.usage.kind === 'awaited') continue;
    if (text.slice(site.calleeSpan.start, site.calleeSpan.end) === link.wrapped) edits.push(...awaitCall(site));
  }
  const staying = (links.wrappedBy.get(wrapper.id) ?? []).filter((id) => !options.isAsyncCallable(id));
  // A generator it hands back untouched needs the sync form, whichever colour the generator gets.
  const generators = links.generatorsUnder.get(wrapper.id) ?? [];
  const syncOnes = [...staying, ...generators];
  const { wrapperReturn, rebindWrapper } = link.facts;
  if ((syncOnes.length === 0 && !options.handedOnAt) || !(wrapperReturn || rebindWrapper)) return { edits, imports: [], reviews: [] };
  const asyncName = `${wrapper.name}_async`;
  const original = text.slice(wrapper.span.start, wrapper.span.end);
  const parameter = link.wrapped;
  // Typed as Any: a type checker would otherwise give every decorated function the union of both
  // wrappers' results, a coroutine among them, and report the sync callers' uses of what they get.
  const chosen = `typing.cast(typing.Any, ${asyncName} if inspect.iscoroutinefunction(${parameter}) else ${wrapper.name})`;
  edits.push(
    { start: wrapper.span.start, end: wrapper.span.start, text: `${original}\n\n${wrapper.indent}`, order: -5 },
    { ...wrapper.nameSpan, text: asyncName },
    wrapperReturn
      ? { ...wrapperReturn, text: chosen }
      : { start: wrapper.span.end, end: wrapper.span.end, text: `\n${wrapper.indent}${wrapper.name} = ${chosen}` },
  );
  const decorator = `@${link.decorator}`;
  return {
    edits,
    copied: original,
    imports: [{ module: 'inspect' }, { module: 'typing' }],
    reviews: [{
      code: 'AS123', file: options.file, line: wrapper.line,
      message: `${decorator} now picks an async wrapper for coroutine functions and keeps the sync one for ${syncOnes.length === 0 ? 'the functions that stay sync, out of sight' : [
        staying.length === 0 ? '' : staying.length === 1 ? 'the function that stays sync' : `the ${staying.length} functions that stay sync`,
        generators.length === 0 ? '' : generators.length === 1 ? 'the generator it hands back' : `the ${generators.length} generators it hands back`,
      ].filter(Boolean).join(' and ')}${options.handedOnAt ? ` (it is handed on as a value at ${options.handedOnAt})` : ''}; check code that inspects what it returns`,
    }],
  };
}
