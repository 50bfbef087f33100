import { describe, expect, it } from 'vitest';
import { parsePython } from '../src/parse/parse-python.js';
import { indexModule } from '../src/analyze/module-index.js';
import { SourceText } from '../src/parse/source-text.js';
import { migrateFiles } from './helpers/project.js';
import { migratesAndStillPasses } from './helpers/suite.js';

/**
 * A project function handed to a parameter that another project function only calls: the callback
 * may turn async, and the function calling it awaits it through `_await_if_awaitable` (it may still
 * receive sync callables). Found on zulip's `Client.call_on_each_event(callback)`.
 */
const FEED = [
  'import time', 'from typing import Callable, Optional', '', '',
  'class Feed:',
  '    def __init__(self, events):', '        self.events = list(events)', '',
  '    def poll(self):', '        time.sleep(0)', '        return self.events.pop(0) if self.events else None', '',
  '    def each_event(self, callback: Callable[[dict], None], limit: int = 10) -> int:',
  '        """Calls the callback with each event, until none is left."""',
  '        handled = 0',
  '        while handled < limit:',
  '            event = self.poll()',
  '            if event is None:',
  '                break',
  '            # hand it over to the callback',
  '            callback(event)',
  '            handled += 1',
  '        return handled', '', '',
  'def collect(handler, items, on_done=None):',
  '    results = [handler(item) for item in items]',
  '    if on_done is not None:',
  '        on_done(len(results))',
  '    return results', '',
].join('\n');

const STORE = [
  'import time', '', '',
  'class Store:',
  '    def __init__(self):', '        self.saved = []', '',
  '    def save(self, event):', '        time.sleep(0)', '        self.saved.append(event["id"])', '',
  '    def enrich(self, n):', '        time.sleep(0)', '        return n * 10', '',
].join('\n');

const SERVICE = [
  'from feeds.feed import Feed, collect', 'from feeds.store import Store', '', '',
  'def sync_feed(events):',
  '    store = Store()',
  '    handled = Feed(events).each_event(store.save)',
  '    return handled, store.saved', '', '',
  'def enrich_all(numbers):',
  '    store = Store()',
  '    return collect(store.enrich, numbers) + collect(str, numbers)', '',
].join('\n');

const TESTS = [
  'from feeds.service import enrich_all, sync_feed', '', '',
  'def test_sync_feed():', '    assert sync_feed([{"id": 1}, {"id": 2}]) == (2, [1, 2])', '', '',
  'def test_enrich_all():', '    assert enrich_all([1, 2]) == [10, 20, "1", "2"]', '',
].join('\n');

function feedProject(overrides: Record<string, string> = {}) {
  return {
    'feeds/__init__.py': '', 'feeds/feed.py': FEED, 'feeds/store.py': STORE, 'feeds/service.py': SERVICE,
    'tests/test_service.py': TESTS, ...overrides,
  };
}

describe('callbacks handed to a project function that only calls them', () => {
  it('turn async with it, awaited through _await_if_awaitable, and the project\'s suite still passes', () => {
    const { after, result } = migratesAndStillPasses(feedProject());
    const feed = after['feeds/feed.py'];
    expect(feed).toContain('    async def each_event(self, callback: Callable[[dict], Union[None, Awaitable[None]]], limit: int = 10) -> int:');
    expect(feed).toContain('            # hand it over to the callback\n            await _await_if_awaitable(callback(event))');
    expect(feed).toContain('async def collect(handler, items, on_done=None):\n    results = [await _await_if_awaitable(handler(item)) for item in items]');
    // No async callable reaches `on_done`: it is called as before.
    expect(feed).toContain('        on_done(len(results))');
    expect(feed).toMatch(/from typing import .*\bUnion\b/);
    expect(after['feeds/store.py']).toContain('    async def save(self, event):');
    expect(after['feeds/store.py']).toContain('    async def enrich(self, n):');
    expect(after['feeds/service.py']).toContain('    handled = await Feed(events).each_event(store.save)');
    expect(after['feeds/service.py']).toContain('    return await collect(store.enrich, numbers) + await collect(str, numbers)');
    expect(result.reasons.pinned.map((reason) => reason.function)).not.toContain('feeds.store.Store.save');
    expect(result.reviews.filter((item) => item.code === 'AS129').map((item) => `${item.file}:${item.line}`)).toEqual(['feeds/feed.py:21', 'feeds/feed.py:27']);
  });

  it.each([
    ['keeps it in an attribute', 'self.last = callback\n            callback(event)'],
    ['hands it to a thread', 'threading.Thread(target=callback, args=(event,)).start()\n            callback(event)'],
    ['calls it from a nested function', '(lambda: callback(event))()'],
    ['calls it from a generator expression', 'any(callback(e) for e in [event])'],
  ])('stay sync when the receiving function %s', (_what, call) => {
    const feed = `import threading\n${FEED.replace('            callback(event)', `            ${call}`)}`;
    const { after, result } = migrateFiles(feedProject({ 'feeds/feed.py': feed }));
    expect(after['feeds/store.py']).not.toContain('async def save');
    expect(result.reasons.pinned.find((reason) => reason.function === 'feeds.store.Store.save')?.reason).toMatch(/^passed to Feed\(\)\.each_event at feeds\/service\.py:7/);
  });

  it('stay sync when the parameter is annotated with something that an async callback would not fit', () => {
    const feed = FEED.replace('callback: Callable[[dict], None]', 'callback: Optional[Callable[[dict], None]]');
    const { after } = migrateFiles(feedProject({ 'feeds/feed.py': feed }));
    expect(after['feeds/store.py']).not.toContain('async def save');
  });

  it('stay sync when the parameter also receives a coroutine function, whose coroutine the receiver hands back unawaited today', () => {
    const service = `${SERVICE}\n\nasync def fetch_one(n):\n    return n\n\n\ndef pending(numbers):\n    return collect(fetch_one, numbers)\n`;
    const { after } = migrateFiles(feedProject({ 'feeds/service.py': service }));
    expect(after['feeds/store.py']).not.toContain('async def enrich');
    expect(after['feeds/feed.py']).not.toContain('_await_if_awaitable(handler(item))');
  });

  it('stay sync when the callback is a generator: the receiver would get an async generator, which it cannot await', () => {
    const service = `${SERVICE}\n\ndef doubled(n):\n    time.sleep(0)\n    yield n * 2\n\n\ndef all_doubled(numbers):\n    return collect(doubled, numbers)\n`.replace('from feeds.store import Store', 'import time\n\nfrom feeds.store import Store');
    const { after, result } = migrateFiles(feedProject({ 'feeds/service.py': service }));
    expect(after['feeds/service.py']).toContain('def doubled(n):\n    time.sleep(0)');
    expect(result.reasons.pinned.find((reason) => reason.function === 'feeds.service.doubled')?.reason).toMatch(/^passed to collect at feeds\/service\.py:\d+, where a sync callable is expected$/);
  });

  it('stay sync when the function handing one over stays sync, with that as the reason', () => {
    const service = SERVICE.replace('def sync_feed(events):\n    store = Store()', 'class Syncer:\n    def __init__(self, events):\n        store = Store()\n        self.handled = Feed(events).each_event(store.save)\n\n\ndef sync_feed(events):\n    store = Store()');
    const { after, result } = migrateFiles(feedProject({ 'feeds/service.py': service }));
    // `Syncer.__init__` stays sync: the save it hands over must too; nothing else awaits it.
    expect(after['feeds/store.py']).not.toContain('async def save');
    expect(result.reasons.pinned.find((reason) => reason.function === 'feeds.store.Store.save')?.reason)
      .toBe('handed to feeds.feed.Feed.each_event by feeds.service.Syncer.__init__, which stays sync');
  });
});

describe('readCallbackParameters', () => {
  function callbacks(source: string): Record<string, string[] | undefined> {
    const text = new SourceText(source);
    const { index } = indexModule({
      tree: parsePython(text.text), source: text, file: 'm.py', module: 'm', transforms: [], projectFunctionNames: new Set(), transformOptions: { blocking: [] },
    });
    return Object.fromEntries(index.functions.map((fn) => [fn.qualname, fn.callbackParameters]));
  }

  it('counts calls and tests, not comments or docstrings; any other mention disqualifies', () => {
    expect(callbacks([
      'def a(cb, x):', '    """cb: called with x."""', '    # cb runs once', '    if cb is not None and callable(cb):', '        cb(x)', '',
      'def b(cb):', '    if not cb:', '        return', '    return cb()', '',
      'def c(cb):', '    f"{cb}"', '    cb()', '',
      'def d(cb):', '    return [cb, cb()]', '',
      'def e(cb):', '    cb = cb or print', '    cb()', '',
      'def f(*cbs, **named):', '    cbs[0]()', '',
      'def g(cb: "Callable[[], None]"):', '    cb()', '',
    ].join('\n'))).toEqual({ a: ['cb'], b: ['cb'], c: undefined, d: undefined, e: undefined, f: undefined, g: undefined });
  });
});
