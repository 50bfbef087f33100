import { describe, expect, it } from 'vitest';
import { migratesAndStillPasses } from './helpers/suite.js';

/**
 * An API client in python-slack-sdk's shape: a method returns a page object whose `__next__` fetches
 * the next page, and callers iterate what the method returns.
 */
const PAGER = {
  'pager/__init__.py': '',
  'pager/client.py': [
    'import time', '', '',
    'class Page:', '    def __init__(self, client, cursor):', '        self._client = client', '        self.cursor = cursor', '',
    '    def __iter__(self):', '        self.cursor = 0', '        return self', '',
    '    def __next__(self):', '        if self.cursor is None:', '            raise StopIteration',
    '        items, self.cursor = self._client.fetch(self.cursor)', '        return items', '', '',
    'class Client:', '    def fetch(self, cursor):', '        time.sleep(0.01)', '        return [cursor], (cursor + 1 if cursor < 2 else None)', '',
    '    def pages(self) -> Page:', '        return Page(self, 0)', '',
  ].join('\n'),
  'tests/test_client.py': [
    'from pager.client import Client', '', '',
    'def test_pages():', '    items = []', '    for page in Client().pages():', '        items += page', '    assert items == [0, 1, 2]', '', '',
    'def test_pages_in_a_comprehension():', '    assert [page for page in Client().pages()] == [[0], [1], [2]]', '',
  ].join('\n'),
};

describe('an object a function returns, iterated by its callers', () => {
  it('is iterated with async for once its __next__ turned async (found on python-slack-sdk)', () => {
    const { after } = migratesAndStillPasses(PAGER);
    expect(after['pager/client.py']).toContain('    async def __anext__(self):');
    expect(after['tests/test_client.py']).toContain('    async for page in Client().pages():');
    expect(after['tests/test_client.py']).toContain('    assert [page async for page in Client().pages()] == [[0], [1], [2]]');
  });

  it('keeps __next__ sync where a caller consumes the object in a form with no async rewrite', () => {
    const drained = { ...PAGER, 'tests/test_list.py': 'from pager.client import Client\n\n\ndef test_list():\n    assert list(Client().pages()) == [[0], [1], [2]]\n' };
    const { after } = migratesAndStillPasses(drained);
    expect(after['pager/client.py'] ?? '').not.toContain('__anext__');
  });

  it('keeps __next__ sync where a name holding the object is iterated by a generator expression next() takes (found on python-slack-sdk)', () => {
    const searched = {
      ...PAGER,
      'tests/test_search.py': [
        'from pager.client import Client', '', '',
        'def test_search():', '    pages = Client().pages()', '    assert next((page for page in pages if page == [1]), None) == [1]', '',
      ].join('\n'),
    };
    const { after, result } = migratesAndStillPasses(searched);
    expect(after['pager/client.py'] ?? '').not.toContain('__anext__');
    expect(result.reviews.map((item) => item.message).join('\n')).toContain('iterated in a form with no async equivalent at tests/test_search.py:6');
  });

  it.each([
    ['unpacked', '    first, second, third = Client().pages()', '    assert first == [0]'],
    ['tested for membership', '    pages = Client().pages()', '    assert [1] in pages'],
    ['splatted into a call', '    pages = Client().pages()', '    assert max(*pages) == [2]'],
    ['made where it stands and unpacked', '    from pager.client import Page', '    first, second, third = Page(Client(), 0)\n    assert third == [2]'],
  ])('keeps __next__ sync where the object is %s, which has no async form', (_form, setUp, assertion) => {
    const used = { ...PAGER, 'tests/test_use.py': `from pager.client import Client\n\n\ndef test_use():\n${setUp}\n${assertion}\n` };
    const { after, result } = migratesAndStillPasses(used);
    expect(after['pager/client.py'] ?? '').not.toContain('__anext__');
    expect(result.reviews.map((item) => item.message).join('\n')).toMatch(/(iterated|used) in a form with no async equivalent at tests\/test_use.py:\d/);
  });

  it.each([
    ['a name, to map()', '    pages = Client().pages()', '    assert list(map(len, pages)) == [1, 1, 1]', 'map at tests/test_use.py:6'],
    ['a call\'s result, to map()', '    pages = None', '    assert list(map(len, Client().pages())) == [1, 1, 1]', 'map at tests/test_use.py:6'],
    ['a name, to a method of a library object', '    pages = Client().pages()\n    seen = []', '    seen.extend(pages)\n    assert len(seen) == 3', 'extend at tests/test_use.py:7'],
  ])('keeps __next__ sync where the object is handed as %s, which may iterate it synchronously', (_form, setUp, use, where) => {
    const used = { ...PAGER, 'tests/test_use.py': `from pager.client import Client\n\n\ndef test_use():\n${setUp}\n${use}\n` };
    const { after, result } = migratesAndStillPasses(used);
    expect(after['pager/client.py'] ?? '').not.toContain('__anext__');
    expect(result.reviews.map((item) => item.message).join('\n')).toContain(`its object is handed to ${where}, which may iterate or enter it synchronously`);
  });

  it('lets __next__ turn async where the object is only handed to callables that use no protocol (print) or that have an async form (list)', () => {
    const shown = {
      ...PAGER,
      'tests/test_use.py': 'from pager.client import Client\n\n\ndef test_use():\n    pages = Client().pages()\n    print(pages)\n    assert [page for page in pages] == [[0], [1], [2]]\n    assert list(pages) == [[0], [1], [2]]\n',
    };
    const { after } = migratesAndStillPasses(shown);
    expect(after['pager/client.py']).toContain('    async def __anext__(self):');
    expect(after['tests/test_use.py']).toContain('    print(pages)\n    assert [page async for page in pages] == [[0], [1], [2]]\n    assert [_item async for _item in pages] == [[0], [1], [2]]');
  });

  it('lets __next__ turn async where `in` asks the class\'s own __contains__', () => {
    const withContains = {
      ...PAGER,
      'pager/client.py': PAGER['pager/client.py'].replace('    def __iter__(self):', '    def __contains__(self, item):\n        return item == [1]\n\n    def __iter__(self):'),
      'tests/test_use.py': 'from pager.client import Client\n\n\ndef test_use():\n    pages = Client().pages()\n    assert [1] in pages\n',
    };
    const { after } = migratesAndStillPasses(withContains);
    expect(after['pager/client.py']).toContain('    async def __anext__(self):');
    expect(after['tests/test_use.py']).toBeUndefined();
  });

  it('iterates a name holding the object asynchronously inside a generator expression any() drains', () => {
    const searched = {
      ...PAGER,
      'tests/test_search.py': [
        'from pager.client import Client', '', '',
        'def test_search():', '    pages = Client().pages()', '    assert any(page == [1] for page in pages)', '',
      ].join('\n'),
    };
    const { after } = migratesAndStillPasses(searched);
    expect(after['pager/client.py']).toContain('    async def __anext__(self):');
    expect(after['tests/test_search.py']).toContain('    assert any([page == [1] async for page in pages])');
  });
});

/**
 * A legacy client in python-slack-sdk's shape: a sync method runs its coroutine on the thread's
 * event loop (`asyncio.get_event_loop().run_until_complete(...)`). On the event loop it would find a
 * loop running; in a thread it would make a new loop on every call and never close it.
 */
const LEGACY = {
  'legacy/__init__.py': '',
  'legacy/client.py': [
    'import asyncio', 'import time', '', '',
    'def _get_event_loop():', '    try:', '        return asyncio.get_event_loop()', '    except RuntimeError:',
    '        loop = asyncio.new_event_loop()', '        asyncio.set_event_loop(loop)', '        return loop', '', '',
    'async def _send(method):', '    await asyncio.sleep(0)', '    return {"ok": True, "method": method}', '', '',
    'class LegacyClient:', '    def api_call(self, method):', '        return _get_event_loop().run_until_complete(_send(method))', '', '',
    'def wait_for_server():', '    time.sleep(0.01)', '    return True', '',
  ].join('\n'),
  'tests/test_legacy.py': [
    'from legacy.client import LegacyClient, wait_for_server', '', '',
    'def test_api_call():', '    assert wait_for_server()', '    assert LegacyClient().api_call("chat.postMessage")["ok"]', '',
  ].join('\n'),
};

describe('code that runs coroutines on the thread\'s own event loop', () => {
  it('keeps its callers sync: neither the event loop nor a thread can run it as before (found on python-slack-sdk)', () => {
    const { after, result } = migratesAndStillPasses(LEGACY);
    expect(after['tests/test_legacy.py'] ?? '').not.toContain('async def test_api_call');
    expect(result.reviews.map((item) => item.message).join('\n')).toContain('asyncio.get_event_loop');
  });
});
