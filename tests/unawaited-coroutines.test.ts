import { describe, expect, it } from 'vitest';
import { makeProject, unawaitedCoroutines } from './helpers/project.js';

describe('the un-awaited coroutine check', () => {
  it('finds a coroutine call that nothing awaits, and accepts awaited or handed-off ones', () => {
    const root = makeProject({
      'app.py': [
        'import asyncio', '', '',
        'async def fetch():', '    return 1', '', '',
        'async def agen():', '    yield 1', '', '',
        'async def main():', '    await fetch()', '    task = asyncio.create_task(fetch())', '    fetch()',
        '    async for x in agen():', '        pass', '    return await task', '', '',
        'asyncio.run(main())', '',
      ].join('\n'),
    });
    expect(unawaitedCoroutines(root)).toEqual([{ file: 'app.py', line: 15, callee: 'app.fetch' }]);
  });

  it('accepts coroutines collected in a list that a runner takes whole, and only those', () => {
    const root = makeProject({
      'app.py': [
        'import asyncio', '', '',
        'async def fetch():', '    return 1', '', '',
        'async def both():', '    jobs = []', '    jobs.append(fetch())', '    return await asyncio.gather(*jobs)', '', '',
        'async def forgotten():', '    jobs = []', '    jobs.append(fetch())', '    return jobs', '',
      ].join('\n'),
    });
    expect(unawaitedCoroutines(root)).toEqual([{ file: 'app.py', line: 16, callee: 'app.fetch' }]);
  });
});
