import { describe, expect, it } from 'vitest';
import { migratesAndStillPasses } from './helpers/suite.js';

/**
 * A command-line tool in buku's shape: `main` locks a file through a class whose static methods turn
 * async, and a test replaces the class with a MagicMock to check the calls it makes.
 */
const TOOL = {
  'vault/__init__.py': '',
  'vault/crypt.py': [
    'class Crypt:', '    @staticmethod', '    def lock(path):', '        with open(path, "a") as f:', '            f.write("#locked")', '',
    '    @staticmethod', '    def unlock(path):', '        with open(path) as f:', '            return f.read().replace("#locked", "")', '',
  ].join('\n'),
  'vault/cli.py': [
    'import sys', 'import time', '', 'from vault.crypt import Crypt', '', '',
    'def main(argv):', '    time.sleep(0)', '    if argv[0] == "--lock":', '        Crypt.lock(argv[1])', '        sys.exit(0)', '    return Crypt.unlock(argv[1])', '',
  ].join('\n'),
  'tests/test_cli.py': [
    'from unittest import mock', '', 'import pytest', '', 'from vault import cli', '', '',
    '@mock.patch("vault.cli.Crypt")', 'def test_lock_calls_crypt(crypt):', '    with pytest.raises(SystemExit):', '        cli.main(["--lock", "db"])',
    '    crypt.lock.assert_called_once_with("db")', '', '',
    'def test_unlock(tmp_path):', '    path = tmp_path / "db"', '    path.write_text("data#locked")', '    assert cli.main(["--unlock", str(path)]) == "data"', '',
  ].join('\n'),
};

describe('a class a test replaces with a MagicMock', () => {
  it('keeps the methods awaited through it sync, where the test reaches them: the mock returns nothing awaitable (found on buku)', () => {
    const { after, result } = migratesAndStillPasses(TOOL);
    expect(after['vault/crypt.py']).toBeUndefined();
    expect(after['vault/cli.py']).toContain('        await asyncio.to_thread(Crypt.lock, argv[1])\n');
    expect(result.reviews.map((item) => item.message).join('\n')).toContain('tests/test_cli.py:8 replaces vault.cli.Crypt with a MagicMock, whose lock() the migrated code at vault/cli.py:10 would await');
  });

  it('follows the test into the async body of a console script, which the migration moves out of `main` (found on barman)', () => {
    const script = { ...TOOL, 'pyproject.toml': '[project]\nname = "vault"\nversion = "1"\n\n[project.scripts]\nvault = "vault.cli:main"\n' };
    const { after, result } = migratesAndStillPasses(script);
    expect(after['vault/cli.py']).toContain('async def _main_async(argv):');
    expect(after['vault/cli.py']).toContain('        await asyncio.to_thread(Crypt.lock, argv[1])\n');
    expect(result.reviews.map((item) => item.message).join('\n')).toContain('tests/test_cli.py:8 replaces vault.cli.Crypt with a MagicMock, whose lock() the migrated code at vault/cli.py:');
  });

  it('leaves a class mocked with its spec alone: the mock of an async method is awaitable', () => {
    const specced = { ...TOOL, 'tests/test_cli.py': TOOL['tests/test_cli.py'].replace('@mock.patch("vault.cli.Crypt")', '@mock.patch("vault.cli.Crypt", autospec=True)') };
    const { after } = migratesAndStillPasses(specced);
    expect(after['vault/crypt.py']).toContain('    @staticmethod\n    async def lock(path):');
  });
});
