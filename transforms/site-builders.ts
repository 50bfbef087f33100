import { bridgeCall } from '../src/plan/call-rewrites.js';
import type { Site } from '../src/plan/edits.js';
import type { CallInContext, TransformContext } from './define-transform.js';

/** A site at a call, with nothing to do yet: transforms fill in what their conversion needs. */
export function siteAt(transform: string, call: CallInContext, fields: Partial<Site> = {}): Site {
  return {
    transform,
    scope: call.site.scope,
    line: call.site.line,
    call: call.site,
    awaitCall: false,
    edits: [],
    imports: [],
    seed: false,
    ...fields,
  };
}

/** The call as written, run in a worker thread: `await asyncio.to_thread(f, *args, **kwargs)`. */
export function bridgedSite(transform: string, context: TransformContext, call: CallInContext, review?: Site['review']): Site {
  return siteAt(transform, call, {
    edits: bridgeCall(call.site, context.source.text),
    imports: [{ module: 'asyncio' }],
    seed: true,
    bridge: true,
    review,
  });
}

/** Left as it is (correct, blocking) and reported when its function is async. */
export function reviewSite(transform: string, call: CallInContext, code: string, message: string): Site {
  return siteAt(transform, call, { review: { code, message } });
}

/**
 * A blocking call replaced by its awaited async twin, the arguments untouched:
 * `time.sleep(x)` → `await asyncio.sleep(x)`. The engine adds the `await` (and parentheses).
 */
export function twinSite(
  transform: string,
  call: CallInContext,
  twin: string,
  fields: Pick<Partial<Site>, 'imports' | 'releases' | 'newFiles' | 'review'> = {},
): Site {
  const callee = call.node.childForFieldName('function')!;
  return siteAt(transform, call, {
    edits: [{ start: callee.startIndex, end: callee.endIndex, text: twin }],
    awaitCall: true,
    seed: true,
    ...fields,
  });
}
