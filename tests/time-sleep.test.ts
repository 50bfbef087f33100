import { describe, expect, it } from 'vitest';
import { migrateFiles } from './helpers/project.js';

/** Must-change and must-not-change cases for the time-sleep transform and plain-function propagation. */
describe('time-sleep', () => {
  it('turns a sleeping function async and imports asyncio once, dropping the unused time import', () => {
    const { after } = migrateFiles({
      'app.py': 'import time\n\n\ndef pause():\n    time.sleep(1)\n    time.sleep(2)\n',
    });
    expect(after['app.py']).toBe('import asyncio\n\n\nasync def pause():\n    await asyncio.sleep(1)\n    await asyncio.sleep(2)\n');
  });

  it('keeps `import time` while something else uses it', () => {
    const { after } = migrateFiles({
      'app.py': 'import time\n\n\ndef pause():\n    start = time.monotonic()\n    time.sleep(1)\n    return time.monotonic() - start\n',
    });
    expect(after['app.py']).toContain('import asyncio\nimport time\n');
    expect(after['app.py']).toContain('await asyncio.sleep(1)');
  });

  it('follows `from time import sleep` and `import time as t`', () => {
    const { after } = migrateFiles({
      'a.py': 'from time import sleep\n\n\ndef a():\n    sleep(0.1)\n',
      'b.py': 'import time as t\n\n\ndef b():\n    t.sleep(0.1)\n',
      'c.py': 'from time import sleep as nap, monotonic\n\n\ndef c():\n    nap(0.1)\n    return monotonic()\n',
    });
    expect(after['a.py']).toBe('import asyncio\n\n\nasync def a():\n    await asyncio.sleep(0.1)\n');
    expect(after['b.py']).toBe('import asyncio\n\n\nasync def b():\n    await asyncio.sleep(0.1)\n');
    expect(after['c.py']).toBe('import asyncio\nfrom time import monotonic\n\n\nasync def c():\n    await asyncio.sleep(0.1)\n    return monotonic()\n');
  });

  it('patches asyncio.sleep beside a test\'s time.sleep stand-in once: a second run adds nothing', () => {
    const files = {
      'pkg/__init__.py': '',
      'pkg/poll.py': 'import time\n\n\ndef poll():\n    time.sleep(1)\n\n\ndef again():\n    time.sleep(2)\n',
      'tests/test_poll.py': [
        'from unittest.mock import AsyncMock, Mock, patch', '', 'from pkg.poll import again, poll', '', '',
        "@patch('asyncio.sleep', AsyncMock())", "@patch('time.sleep', Mock())", 'def test_poll():', '    poll()', '', '',
        'def test_again():', "    with patch('time.sleep') as sleep, patch('asyncio.sleep', AsyncMock(side_effect=sleep)):", '        again()', '',
      ].join('\n'),
    };
    const { after } = migrateFiles(files);
    expect(after['pkg/poll.py']).toContain('async def again():\n    await asyncio.sleep(2)');
    expect(after['tests/test_poll.py']).toContain("@patch('asyncio.sleep', AsyncMock())\n@patch('time.sleep', Mock())\nasync def test_poll():\n    await poll()");
    expect(after['tests/test_poll.py'].match(/asyncio\.sleep/g)).toHaveLength(2);
  });

  it('leaves a local function called sleep, and a shadowing local, alone', () => {
    const { after } = migrateFiles({
      'a.py': 'def sleep(x):\n    return x\n\n\ndef f():\n    sleep(1)\n',
      'b.py': 'import time\n\n\ndef f(time):\n    time.sleep(1)\n',
    });
    expect(after).toEqual({});
  });

  it('awaits callers across modules and relative imports, to a fixpoint', () => {
    const { after } = migrateFiles({
      'pkg/__init__.py': 'from .outer import run\n',
      'pkg/inner.py': 'import time\n\n\ndef wait(x):\n    time.sleep(x)\n    return x\n',
      'pkg/middle.py': 'from . import inner\n\n\ndef step():\n    return inner.wait(1) + 1\n',
      'pkg/outer.py': 'from .middle import step as next_step\n\n\ndef run():\n    total = 0\n    for _ in range(3):\n        total += next_step()\n    return total\n',
    });
    expect(after['pkg/middle.py']).toContain('async def step():\n    return await inner.wait(1) + 1\n');
    expect(after['pkg/outer.py']).toContain('async def run():');
    expect(after['pkg/outer.py']).toContain('total += await next_step()');
    expect(after['pkg/__init__.py']).toBeUndefined();
  });

  it('runs the async body with asyncio.run under `if __name__ == "__main__"`', () => {
    const { after } = migrateFiles({
      'tool.py': 'import sys\nimport time\n\n\ndef main():\n    time.sleep(0)\n    return 0\n\n\nif __name__ == "__main__":\n    sys.exit(main())\n',
    });
    expect(after['tool.py']).toContain('    sys.exit(asyncio.run(main()))\n');
  });

  it('keeps a function called at module level sync and says why', () => {
    const { after, result } = migrateFiles({
      'config.py': 'import time\n\n\ndef probe():\n    time.sleep(0)\n    return 1\n\n\nDEFAULT = probe()\n',
    });
    expect(after).toEqual({});
    expect(result.reviews.map((item) => item.code)).toContain('AS101');
    expect(result.reviews.find((item) => item.code === 'AS101')?.message).toMatch(/module level at config\.py:9/);
  });

  it('parenthesizes await where a trailer follows', () => {
    const { after } = migrateFiles({
      'a.py': 'import time\n\n\ndef get():\n    time.sleep(0)\n    return {"k": [1]}\n\n\ndef use():\n    return get()["k"], len(get()), get().keys()\n',
    });
    expect(after['a.py']).toContain('return (await get())["k"], len(await get()), (await get()).keys()');
  });

  it('edits correctly after non-ASCII text on the same line and before it', () => {
    const { after } = migrateFiles({
      'ü.py': '# café 😀\nimport time\n\n\ndef 处理(x="é😀"): time.sleep(1); return "😀"\n\n\ndef g():\n    s = "é😀"; return 处理()\n',
    });
    expect(after['ü.py']).toBe('# café 😀\nimport asyncio\n\n\nasync def 处理(x="é😀"): await asyncio.sleep(1); return "😀"\n\n\nasync def g():\n    s = "é😀"; return await 处理()\n');
  });

  it('makes tests that call migrated code async and sets asyncio_mode', () => {
    const { after } = migrateFiles({
      'pyproject.toml': '[project]\nname = "x"\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n',
      'lib.py': 'import time\n\n\ndef slow():\n    time.sleep(0)\n    return 2\n',
      'tests/test_lib.py': 'from lib import slow\n\n\ndef test_slow():\n    assert slow() == 2\n\n\ndef test_other():\n    assert 1 + 1 == 2\n',
    });
    expect(after['tests/test_lib.py']).toBe('from lib import slow\n\n\nasync def test_slow():\n    assert await slow() == 2\n\n\ndef test_other():\n    assert 1 + 1 == 2\n');
    expect(after['pyproject.toml']).toContain('[tool.pytest.ini_options]\ntestpaths = ["tests"]\nasyncio_mode = "auto"\n');
  });

  it('keeps CRLF line endings and a BOM', () => {
    const { after } = migrateFiles({
      'w.py': '\uFEFFimport time\r\n\r\n\r\ndef f():\r\n    time.sleep(1)\r\n',
    });
    expect(after['w.py']).toBe('\uFEFFimport asyncio\r\n\r\n\r\nasync def f():\r\n    await asyncio.sleep(1)\r\n');
  });

  it('skips a file that does not parse, naming line and column, and migrates the rest', () => {
    const { after, result } = migrateFiles({
      'bad.py': 'import time\n\ndef f(:\n    time.sleep(1)\n',
      'good.py': 'import time\n\n\ndef f():\n    time.sleep(1)\n',
    });
    expect(Object.keys(after)).toEqual(['good.py']);
    const skipped = result.files.find((file) => file.relativePath === 'bad.py');
    expect(skipped?.outcome).toEqual({ status: 'skipped', reason: expect.stringMatching(/^bad\.py:3:\d+: cannot parse, left unchanged$/) });
  });

  it('proposes nothing on its own output', () => {
    const files = {
      'pkg/__init__.py': '',
      'pkg/a.py': 'import time\n\n\ndef a():\n    time.sleep(1)\n\n\ndef b():\n    return [a() for _ in range(2)]\n\n\nif __name__ == "__main__":\n    b()\n',
    };
    const first = migrateFiles(files);
    const second = migrateFiles({ ...files, ...first.after });
    expect(Object.keys(first.after)).toEqual(['pkg/a.py']);
    expect(second.after).toEqual({});
  });
});

describe('imports in modules that had none', () => {
  it('puts the import block first, before a def on the first line or after a docstring', () => {
    const { after } = migrateFiles({
      'a.py': 'def f():\n    g()\n\n\ndef g():\n    from time import sleep\n    sleep(0)\n',
      'b.py': '"""Docs."""\n\n\ndef f():\n    from time import sleep\n    sleep(0)\n',
    });
    expect(after['a.py']).toMatch(/^import asyncio\n\n\nasync def f\(\):/);
    expect(after['b.py']).toBe('"""Docs."""\n\nimport asyncio\n\n\nasync def f():\n    from time import sleep\n    await asyncio.sleep(0)\n');
  });
});
