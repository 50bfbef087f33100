/**
 * time-sleep: `time.sleep(x)` → `await asyncio.sleep(x)`
 *
 * What it does: in a function that becomes async, a blocking sleep becomes an asyncio sleep, which
 * lets the event loop run other tasks meanwhile.
 * Why: `time.sleep` in a coroutine freezes the whole loop for its duration (flake8-async ASYNC251).
 * Caveats: `asyncio.sleep` treats a negative delay as 0 where `time.sleep` raises ValueError, and the
 * sleep becomes a cancellation point. A sleep in a function that must stay sync is left alone.
 */
import { twinSite } from '../site-builders.js';
import { defineTransform } from '../define-transform.js';
import { followPatches, SLEEP_PATCHES } from '../shared/patch-followers.js';

export const timeSleep = defineTransform({
  id: 'time-sleep',
  doc: {
    summary: 'time.sleep(x) → await asyncio.sleep(x)',
    why: 'time.sleep blocks the event loop; asyncio.sleep yields to it.',
    before: 'time.sleep(0.5)',
    after: 'await asyncio.sleep(0.5)',
    caveats: [
      'a negative delay no longer raises ValueError (asyncio.sleep treats it as 0)',
      'the sleep becomes a cancellation point',
      'a test that patches time.sleep (decorator, with, or monkeypatch.setattr) patches asyncio.sleep alongside, with an AsyncMock that calls the test\'s own stand-in; a patcher started in setUp keeps the sleeps its tests reach sync (AS120)',
    ],
  },
  reviewCodes: {
    AS201: 'time.sleep with a negative delay raised ValueError; asyncio.sleep returns at once',
    AS202: 'a test\'s stand-in for time.sleep stands in for asyncio.sleep too (an AsyncMock that calls it), for every coroutine that sleeps while the test runs',
  },
  mentions: /\bsleep\b/,
  findSites(context) {
    const sleeps = context.calls
      .filter((call) => call.qualifiedName === 'time.sleep')
      .map((call) => {
        const callee = call.node.childForFieldName('function')!;
        const releases = callee.type === 'attribute'
          ? [callee.childForFieldName('object')!.text]
          : [callee.text];
        const negative = /^\s*\(\s*-/.test(call.node.childForFieldName('arguments')?.text ?? '');
        return twinSite('time-sleep', call, 'asyncio.sleep', {
          imports: [{ module: 'asyncio' }],
          releases,
          review: negative
            ? { code: 'AS201', message: 'time.sleep with a negative delay raised ValueError; asyncio.sleep returns at once' }
            : undefined,
        });
      });
    return [...sleeps, ...followPatches(context, SLEEP_PATCHES)];
  },
});
