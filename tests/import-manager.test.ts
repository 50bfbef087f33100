import { describe, expect, it } from 'vitest';
import { migrateFiles } from './helpers/project.js';

/** Where the import manager puts new imports and what it drops, through whole migrations. */
describe('import manager', () => {
  it('adds a stdlib import in the stdlib section, alphabetically, and drops the import nothing uses', () => {
    const { after } = migrateFiles({ 'a.py': 'import os\nimport time\n\nimport click\n\n\ndef f():\n    time.sleep(os.getpid() * 0)\n' });
    expect(after['a.py']).toMatch(/^import asyncio\nimport os\n\nimport click\n/);
  });

  it('opens a stdlib section before third-party imports when there is none', () => {
    const { after } = migrateFiles({ 'a.py': 'import click\n\n\ndef f():\n    from time import sleep\n    sleep(0)\n    click.echo("x")\n' });
    expect(after['a.py']).toMatch(/^import asyncio\n\nimport click\n\n\n/);
  });

  it('lets new imports take the place of a block that is wholly dropped', () => {
    const { after } = migrateFiles({ 'a.py': '"""Doc."""\n\nimport time\n\n\ndef f():\n    time.sleep(0)\n' });
    expect(after['a.py']).toBe('"""Doc."""\n\nimport asyncio\n\n\nasync def f():\n    await asyncio.sleep(0)\n');
  });

  it('removes one name from a from-import and keeps the rest', () => {
    const { after } = migrateFiles({ 'a.py': 'from time import monotonic, sleep\n\n\ndef f():\n    sleep(0)\n    return monotonic()\n' });
    expect(after['a.py']).toMatch(/^import asyncio\nfrom time import monotonic\n/);
  });

  it('imports a library the migrated code uses where the module imports it only in a try (found on pyTelegramBotAPI)', () => {
    const storage = [
      'aiofiles_installed = True', 'try:', '    import aiofiles', 'except ImportError:', '    aiofiles_installed = False', '',
      'import os', 'import pickle', '', '',
      'class StatePickleStorage:', '    def __init__(self, file_path):', '        self.file_path = file_path', '',
      '    async def read(self):', '        async with aiofiles.open(self.file_path, "rb") as f:', '            return pickle.loads(await f.read())', '',
      '    async def reset(self):', '        os.makedirs(os.path.dirname(self.file_path), exist_ok=True)', '        with open(self.file_path, "wb") as file:', '            pickle.dump({}, file)', '',
    ].join('\n');
    const { after } = migrateFiles({ 'storage.py': storage });
    expect(after['storage.py']).toContain('        async with aiofiles.open(self.file_path, "wb") as file:');
    expect(after['storage.py']).toMatch(/^import aiofiles\n\naiofiles_installed = True\ntry:\n    import aiofiles\nexcept ImportError:\n    aiofiles_installed = False\n\nimport os\nimport pickle\n/);
    // A second run finds it imported.
    expect(migrateFiles({ 'storage.py': after['storage.py'] }).after).toEqual({});
  });

  it('keeps an import a conversion stops using when another edit asks for it (a test\'s time.sleep stand-in, found on patroni)', () => {
    const { after } = migrateFiles({
      'pkg/__init__.py': '',
      'pkg/poll.py': 'import time\n\n\ndef poll():\n    time.sleep(1)\n',
      'tests/test_poll.py': [
        'import time', 'from unittest.mock import Mock, patch', '', 'from pkg.poll import poll', '', '',
        'def test_wait():', '    time.sleep(0)', '    poll()', '', '',
        "@patch('time.sleep', Mock())", 'def test_poll():', '    poll()', '',
      ].join('\n'),
    });
    expect(after['tests/test_poll.py']).toMatch(/^import asyncio\nimport time\n/);
    expect(after['tests/test_poll.py']).toContain('async def test_wait():\n    await asyncio.sleep(0)');
    expect(after['tests/test_poll.py']).toContain('time.sleep(delay)))\n@patch(\'time.sleep\', Mock())');
  });

  it('never touches an import that was unused before the migration', () => {
    const { after } = migrateFiles({ 'a.py': 'import json\nimport time\n\n\ndef f():\n    time.sleep(0)\n' });
    expect(after['a.py']).toMatch(/^import asyncio\nimport json\n\n\n/);
  });
});

describe('import manager: replacing a whole block', () => {
  it('keeps isort sections when several new imports replace the dropped ones', () => {
    const { after } = migrateFiles({ 'a.py': 'from time import sleep\n\n\ndef f():\n    sleep(0)\n' });
    expect(after['a.py']).toMatch(/^import asyncio\n\n\n/);
  });
});
