import { describe, expect, it } from 'vitest';
import { migratesAndStillPasses } from './helpers/suite.js';
import { migrateFiles, migrateFolder, reviewMessages } from './helpers/project.js';

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
  it('awaits the methods called through it only when they return something awaitable, where the test reaches them: the mock returns a plain value (found on buku)', () => {
    const { after, result } = migratesAndStillPasses(TOOL);
    expect(after['vault/crypt.py']).toContain('    @staticmethod\n    async def lock(path):');
    expect(after['vault/cli.py']).toContain('        await _await_if_awaitable(Crypt.lock(argv[1]))\n');
    expect(after['vault/cli.py']).toContain('    return await _await_if_awaitable(Crypt.unlock(argv[1]))\n');
    expect(result.reviews.filter((item) => item.code === 'AS130').map((item) => `${item.file}:${item.line} ${item.message}`)).toEqual([
      'vault/cli.py:10 tests/test_cli.py:8 replaces vault.cli.Crypt with a MagicMock, whose lock() the migrated code at vault/cli.py:10 would await: vault.crypt.Crypt.lock turned async, and the call is awaited only when it returns something awaitable',
      'vault/cli.py:12 tests/test_cli.py:8 replaces vault.cli.Crypt with a MagicMock, whose unlock() the migrated code at vault/cli.py:12 would await: vault.crypt.Crypt.unlock turned async, and the call is awaited only when it returns something awaitable',
    ]);
    expect(result.verification.undone.map(({ undo }) => undo.kind)).toEqual(['await-loosely', 'await-loosely']);
  });

  it('follows the test into the async body of a console script, which the migration moves out of `main` (found on barman)', () => {
    const script = { ...TOOL, 'pyproject.toml': '[project]\nname = "vault"\nversion = "1"\n\n[project.scripts]\nvault = "vault.cli:main"\n' };
    const { after, result } = migratesAndStillPasses(script);
    expect(after['vault/cli.py']).toContain('async def _main_async(argv):');
    expect(after['vault/crypt.py']).toContain('    async def lock(path):');
    expect(result.reviews.map((item) => item.message).join('\n')).toContain('tests/test_cli.py:8 replaces vault.cli.Crypt with a MagicMock, whose lock() the migrated code at vault/cli.py:');
  });

  it('leaves a class mocked with its spec alone: the mock of an async method is awaitable', () => {
    const specced = { ...TOOL, 'tests/test_cli.py': TOOL['tests/test_cli.py'].replace('@mock.patch("vault.cli.Crypt")', '@mock.patch("vault.cli.Crypt", autospec=True)') };
    const { after } = migratesAndStillPasses(specced);
    expect(after['vault/crypt.py']).toContain('    @staticmethod\n    async def lock(path):');
  });
});

/**
 * An SDK in docker-py's shape: models call the low-level API client through `self.client.api`, and the
 * tests build their client with a fake API client, a MagicMock subclass that a helper assigns to `api`.
 */
const SDK = {
  'sdk/__init__.py': '',
  'sdk/api.py': [
    'import time', '', '',
    'class APIClient:', '    def build(self, tag):', '        time.sleep(0.01)', '        return "sha256:" + tag', '',
    '    def push(self, tag):', '        time.sleep(0.01)', '        return "pushed " + tag', '',
  ].join('\n'),
  'sdk/models.py': [
    'from sdk.api import APIClient', '', '',
    'class Client:', '    def __init__(self):', '        self.api = APIClient()', '',
    '    def build(self, tag):', '        return self.api.build(tag).upper()', '',
  ].join('\n'),
  // Whose `client` the code does not say: the receiver of `api.push` is taken for the one class with a `push` (AS124).
  'sdk/images.py': [
    'class Collection:', '    def __init__(self, client=None):', '        self.client = client', '', '',
    'class ImageCollection(Collection):', '    def push(self, tag):', '        return self.client.api.push(tag)', '',
  ].join('\n'),
  'tests/__init__.py': '',
  'tests/fake_api.py': [
    'from unittest import mock', '', 'from sdk.models import Client', '', '',
    'class CopyReturnMagicMock(mock.MagicMock):', '    pass', '', '',
    'def make_fake_api_client():', '    fake = CopyReturnMagicMock(**{"build.return_value": "sha256:fake"})', '    return fake', '', '',
    'def make_fake_client():', '    client = Client()', '    client.api = make_fake_api_client()', '    return client', '',
  ].join('\n'),
  'tests/test_models.py': [
    'from sdk.images import ImageCollection', 'from sdk.models import Client', 'from tests.fake_api import make_fake_client', '', '',
    'def test_build_with_the_fake_api():', '    client = make_fake_client()', '    assert client.build("x") == "SHA256:FAKE"', '    client.api.build.assert_called_once_with("x")', '', '',
    'def test_build():', '    assert Client().build("x") == "SHA256:X"', '', '',
    'def test_push_with_the_fake_api():', '    images = ImageCollection(client=make_fake_client())', '    images.push("x")', '    images.client.api.push.assert_called_once_with("x")', '',
  ].join('\n'),
};

describe('an attribute a test fills with a MagicMock', () => {
  it('awaits the methods called through that attribute only when they return something awaitable: the mock returns a plain value (found on docker-py)', () => {
    const { after, result } = migratesAndStillPasses(SDK);
    expect(after['sdk/api.py']).toContain('    async def build(self, tag):');
    expect(after['sdk/api.py']).toContain('    async def push(self, tag):');
    expect(after['sdk/models.py']).toContain('        return (await _await_if_awaitable(self.api.build(tag))).upper()\n');
    // A module of classes only, with no import: the helper goes at its end, where a call finds it.
    expect(after['sdk/images.py']).toMatch(/^import inspect\nfrom typing import Any\n\n\nclass Collection:[\s\S]*        return await _await_if_awaitable\(self\.client\.api\.push\(tag\)\)\n\n\nasync def _await_if_awaitable\(value: "Any"\) -> "Any":\n[\s\S]*    return value\n$/);
    const reviews = reviewMessages(result.reviews, 'AS130');
    expect(reviews).toContain('tests/fake_api.py:17 sets `api` to a MagicMock, whose build() the migrated code at sdk/models.py:9 would await');
    expect(reviews).toContain('tests/fake_api.py:17 sets `api` to a MagicMock, whose push() the migrated code at sdk/images.py:8 would await');
  });
});

/**
 * A command in barman's shape: `main` gets its storage from a factory function and hands it to a
 * downloader, whose method awaits the storage's; a test replaces the factory with a MagicMock.
 */
const RESTORE = {
  'store/__init__.py': '',
  'store/storage.py': [
    'class Storage:', '    def download(self, name, dest):', '        with open(dest, "w") as f:', '            f.write(name)', '', '',
    'def get_storage(url):', '    return Storage()', '',
  ].join('\n'),
  'store/cli.py': [
    'import sys', '', 'from store.storage import get_storage', '', '',
    'class Downloader:', '    def __init__(self, storage):', '        self.storage = storage', '',
    '    def fetch(self, name, dest):', '        self.storage.download(name, dest)', '        return dest', '', '',
    'def main(argv):', '    storage = get_storage(argv[0])', '    return Downloader(storage).fetch(argv[1], argv[2])', '',
  ].join('\n'),
  'tests/test_cli.py': [
    'from unittest import mock', '', 'from store import cli', '', '',
    '@mock.patch("store.cli.get_storage")', 'def test_fetch_calls_the_storage(get_storage_mock):',
    '    assert cli.main(["s3://bucket", "wal", "/tmp/x"]) == "/tmp/x"', '    get_storage_mock.return_value.download.assert_called_once_with("wal", "/tmp/x")', '', '',
    'def test_fetch(tmp_path):', '    assert cli.main(["s3://bucket", "wal", str(tmp_path / "w")]) == str(tmp_path / "w")', '',
  ].join('\n'),
};

describe('a factory function a test replaces with a MagicMock', () => {
  it('awaits the methods called through a name holding what it returns only when they return something awaitable (found on barman)', () => {
    const { after, result } = migratesAndStillPasses(RESTORE);
    expect(after['store/storage.py']).toContain('    async def download(self, name, dest):');
    expect(after['store/cli.py']).toContain('        await _await_if_awaitable(self.storage.download(name, dest))\n');
    expect(reviewMessages(result.reviews, 'AS130'))
      .toContain('tests/test_cli.py:6 replaces store.cli.get_storage with a MagicMock; `storage` holds what it returns, whose download() the migrated code at store/cli.py:11 would await');
  });
});

/**
 * barman's `receive_wal` command: `get_server(args)` picks the server from what `get_server_list()`
 * returns, and a test patches `get_server_list` with a MagicMock whose return value holds a `Mock`.
 */
const SERVERS = {
  'fleet/__init__.py': '',
  'fleet/server.py': [
    'import time', '', '',
    'class Server:', '    def __init__(self, name):', '        self.name = name', '',
    '    def receive_wal(self, reset=False):', '        time.sleep(0.01)  # streams', '        return f"{self.name}: streamed"', '',
  ].join('\n'),
  'fleet/cli.py': [
    'import time', '', 'from fleet.server import Server', '', '',
    'def get_server_list(names):', '    return {name: Server(name) for name in names}', '', '',
    'def get_server(name):', '    servers = get_server_list([name])', '    return servers[name]', '', '',
    'def receive_wal(name):', '    time.sleep(0.01)  # waits for the lock', '    server = get_server(name)', '    return server.receive_wal(reset=True)', '',
  ].join('\n'),
  'tests/test_cli.py': [
    'from unittest.mock import Mock, patch', '', 'from fleet import cli', '', '',
    '@patch("fleet.cli.get_server_list")', 'def test_receive_wal_on_a_mocked_server(mock_get_server_list):',
    '    server = Mock()', '    mock_get_server_list.return_value = {"pg": server}', '    cli.receive_wal("pg")',
    '    server.receive_wal.assert_called_once_with(reset=True)', '', '',
    'def test_receive_wal():', '    assert cli.receive_wal("pg") == "pg: streamed"', '',
  ].join('\n'),
};

describe('a function that calls a factory a test replaces with a MagicMock', () => {
  it('awaits the methods called through a name holding what it returns only when they return something awaitable: it may hand on what the mock returns (found on barman)', () => {
    const { after, result } = migratesAndStillPasses(SERVERS);
    expect(after['fleet/server.py']).toContain('    async def receive_wal(self, reset=False):');
    expect(after['fleet/cli.py']).toContain('async def receive_wal(name):\n    await asyncio.sleep(0.01)  # waits for the lock\n    server = get_server(name)\n    return await _await_if_awaitable(server.receive_wal(reset=True))\n');
    expect(reviewMessages(result.reviews, 'AS130'))
      .toContain('tests/test_cli.py:6 replaces fleet.cli.get_server_list with a MagicMock; `server` holds what fleet.cli.get_server returns, which calls it, whose receive_wal() the migrated code at fleet/cli.py:18 would await');
  });
});

/**
 * barman's shape: `BackupManager.backup` awaits `self.server.wait_for_wal()`, a test sets `server` to a
 * MagicMock, and another test sets `backup_manager` to one. Where the helper cannot go, the first
 * keeps wait_for_wal sync and the second `BackupManager.backup`, which makes the first pin needless.
 */
const FLEET = {
  'fleet/__init__.py': '',
  'fleet/server.py': [
    'import time', '', 'from fleet.backup import BackupManager', '', '',
    'class Server:', '    def __init__(self):', '        self.backup_manager = BackupManager(self)', '        self.archived = []', '',
    '    def wait_for_wal(self):', '        time.sleep(0.01)  # polls the archive', '        self.archived.append("wal")', '',
    '    def backup(self):', '        time.sleep(0.01)  # takes the lock', '        return self.backup_manager.backup()', '',
    '    def cron(self):', '        self.wait_for_wal()', '        return len(self.archived)', '',
  ].join('\n'),
  'fleet/backup.py': [
    'import time', '', '',
    'class BackupManager:', '    def __init__(self, server):', '        self.server = server', '',
    '    def backup(self):', '        time.sleep(0.01)  # copies files', '        self.server.wait_for_wal()', '        return "done"', '',
  ].join('\n'),
  'tests/test_fleet.py': [
    'from unittest.mock import MagicMock', '', 'from fleet.backup import BackupManager', 'from fleet.server import Server', '', '',
    'def test_backup_waits_for_wal():', '    manager = BackupManager(Server())', '    manager.server = MagicMock()',
    '    assert manager.backup() == "done"', '    manager.server.wait_for_wal.assert_called_once_with()', '', '',
    'def test_server_backup():', '    server = Server()', '    server.backup_manager = MagicMock()', '    server.backup_manager.backup.return_value = "mocked"',
    '    assert server.backup() == "mocked"', '', '',
    'def test_cron():', '    assert Server().cron() == 1', '',
  ].join('\n'),
};

/** The same modules, each defining a function of its own named `inspect`: the helper, which imports `inspect`, cannot go there. */
const FLEET_WITH_OWN_INSPECT = {
  ...FLEET,
  'fleet/server.py': `${FLEET['fleet/server.py']}\n\ndef inspect(server):\n    return server.archived\n`,
  'fleet/backup.py': `${FLEET['fleet/backup.py']}\n\ndef inspect(manager):\n    return manager.server\n`,
};

describe('the MagicMock rules', () => {
  it('await both calls a test reaches with a mock only when they return something awaitable, and a second run changes nothing', () => {
    const migration = migratesAndStillPasses(FLEET);
    expect(migration.result.verification.undone.map(({ undo, file, line }) => `${undo.kind} ${file}:${line}`)).toEqual(['await-loosely fleet/backup.py:10', 'await-loosely fleet/server.py:17']);
    expect(migration.after['fleet/backup.py']).toContain('        await _await_if_awaitable(self.server.wait_for_wal())\n');
    expect(migration.after['fleet/server.py']).toContain('        await self.wait_for_wal()\n');
    expect(migrateFolder(migration.root).after).toEqual({});
  });

  it('keep a method sync where the helper cannot go, and take back a pin whose awaiting function a later pin kept sync, so that a second run changes nothing (found on barman)', () => {
    const migration = migratesAndStillPasses(FLEET_WITH_OWN_INSPECT);
    expect(migration.result.verification.undone.map(({ undo, file, line }) => `${undo.kind} ${file}:${line}`)).toEqual(['pin fleet/server.py:17']);
    expect(migrateFolder(migration.root).after).toEqual({});
  });

  it('give no sync twin to a method called through an attribute a test sets to a stand-in (its calls keep the name the test asserts)', () => {
    const { after } = migratesAndStillPasses(FLEET_WITH_OWN_INSPECT);
    expect(after['fleet/backup.py']).toBeUndefined();
    expect(after['fleet/server.py']).not.toContain('wait_for_wal_sync');
  });
});

/** barman's `Server.kill`: the server keeps what the patched class makes in an attribute, and calls its methods through it. */
const PROCESSES = {
  'procs/__init__.py': '',
  'procs/manager.py': [
    'import time', '', '',
    'class ProcessManager:', '    def __init__(self, name):', '        self.name = name', '',
    '    def list(self, task):', '        return [task]', '',
    '    def kill(self, process):', '        time.sleep(0.01)  # waits for the process to go', '        return True', '',
  ].join('\n'),
  'procs/server.py': [
    'import time', '', 'from procs.manager import ProcessManager', '', '',
    'class Server:', '    def __init__(self, name):', '        self.process_manager = ProcessManager(name)', '',
    '    def kill(self, task):', '        time.sleep(0.01)  # takes the lock', '        for process in self.process_manager.list(task):',
    '            if self.process_manager.kill(process):', '                return "stopped " + process', '        return "none"', '',
  ].join('\n'),
  'tests/test_server.py': [
    'from unittest.mock import patch', '', 'from procs.server import Server', '', '',
    '@patch("procs.server.ProcessManager")', 'def test_kill_with_a_mocked_manager(pm_mock):',
    '    pm_mock.return_value.list.return_value = ["a"]', '    pm_mock.return_value.kill.return_value = True', '    assert Server("main").kill("a") == "stopped a"', '', '',
    'def test_kill():', '    assert Server("main").kill("x") == "stopped x"', '',
  ].join('\n'),
};

/** barman's restore: `downloader` is made by one of two classes, in two branches, and a test patches one of them. */
const DOWNLOADERS = {
  'store/__init__.py': '',
  'store/cli.py': [
    'import time', '', '',
    'class Downloader:', '    def download(self, name):', '        raise NotImplementedError', '', '',
    'class ObjectDownloader(Downloader):', '    def download(self, name):', '        time.sleep(0.01)', '        return "object " + name', '', '',
    'class SnapshotDownloader(Downloader):', '    def download(self, name):', '        time.sleep(0.01)', '        return "snapshot " + name', '', '',
    'def main(args):', '    if args[0] == "snapshot":', '        downloader = SnapshotDownloader()', '    else:', '        downloader = ObjectDownloader()',
    '    return downloader.download(args[1])', '',
  ].join('\n'),
  'tests/test_cli.py': [
    'from unittest import mock', '', 'from store import cli', '', '',
    '@mock.patch("store.cli.ObjectDownloader")', 'def test_main_downloads_objects(mock_downloader):', '    cli.main(["object", "wal"])',
    '    mock_downloader.return_value.download.assert_called_once_with("wal")', '', '',
    'def test_main():', '    assert cli.main(["snapshot", "wal"]) == "snapshot wal"', '',
  ].join('\n'),
};

describe('a class a test patches, whose object the code reaches otherwise than by the class name', () => {
  it('follows it into an attribute of self that holds what the class made (found on barman: self.process_manager.kill())', () => {
    const { after, result } = migratesAndStillPasses(PROCESSES);
    expect(after['procs/manager.py']).toContain('    async def kill(self, process):');
    expect(after['procs/server.py']).toContain('            if await _await_if_awaitable(self.process_manager.kill(process)):');
    expect(reviewMessages(result.reviews, 'AS130')).toContain('tests/test_server.py:6 replaces procs.server.ProcessManager with a MagicMock, whose kill() the migrated code at procs/server.py:13 would await');
  });

  it('takes the planner\'s target for a receiver made by one of two classes (found on barman: downloader.download_backup())', () => {
    const { after, result } = migratesAndStillPasses(DOWNLOADERS);
    expect(after['store/cli.py']).toContain('    return await _await_if_awaitable(downloader.download(args[1]))');
    expect(reviewMessages(result.reviews, 'AS130')).toContain('tests/test_cli.py:6 replaces store.cli.ObjectDownloader with a MagicMock, whose download() the migrated code at store/cli.py:26 would await');
  });
});

describe('a method a test patches with an automatic mock', () => {
  it('awaits to a MagicMock once the method turns async, as the sync mock returned one (found on barman)', () => {
    const { after, root } = migratesAndStillPasses({
      'backups.py': [
        'import time', '', '',
        'class BackupInfo:', '    def __init__(self, backup_id):', '        self.backup_id = backup_id', '', '    def is_consistent(self):', '        return True', '', '',
        'class BackupManager:', '    def backup(self, name):', '        time.sleep(0.01)', '        return BackupInfo(name)', '', '',
        'class Server:', '    def __init__(self):', '        self.manager = BackupManager()', '',
        '    def backup(self, name):', '        info = self.manager.backup(name)', '        if not info.is_consistent():', '            return "inconsistent"', '        return info.backup_id', '',
      ].join('\n'),
      'tests/test_server.py': [
        'from unittest.mock import patch', '', 'from backups import Server', '', '',
        '@patch("backups.BackupManager.backup")', 'def test_backup_reports_an_inconsistent_backup(backup_mock):',
        '    backup_mock.return_value.is_consistent.return_value = False', '    assert Server().backup("b1") == "inconsistent"', '    backup_mock.assert_called_once_with("b1")', '', '',
        'def test_backup_hands_back_the_id():', '    with patch(', '        "backups.BackupManager.backup",', '    ) as backup_mock:',
        '        assert Server().backup("b1") is backup_mock.return_value.backup_id', '', '',
        '@patch("backups.BackupManager.backup", return_value=None)', 'def test_backup_given_a_value(backup_mock):', '    assert backup_mock.return_value is None', '', '',
        'def test_backup_wrapped():', '    with patch("backups.BackupManager.backup", wraps=lambda name: "w-" + name) as spy:', '        assert Server().manager.backup("b2") == "w-b2"', '    spy.assert_called_once_with("b2")', '',
      ].join('\n'),
    });
    // An AsyncMock awaits to an AsyncMock, whose is_consistent() would return a coroutine (always true).
    expect(after['tests/test_server.py']).toContain('@patch("backups.BackupManager.backup", new_callable=lambda: AsyncMock(return_value=MagicMock()))\n');
    expect(after['tests/test_server.py']).toContain('        "backups.BackupManager.backup", new_callable=lambda: AsyncMock(return_value=MagicMock())\n    ) as backup_mock:');
    // A patch given anything for the mock (the value to return, what it wraps) keeps it: the keywords go to the mock's class.
    expect(after['tests/test_server.py']).toContain('@patch("backups.BackupManager.backup", return_value=None)\n');
    expect(after['tests/test_server.py']).toContain('    with patch("backups.BackupManager.backup", wraps=lambda name: "w-" + name) as spy:\n');
    expect(migrateFolder(root).after).toEqual({});
  });

  it('leaves the patch of a context manager that turned async as written: it is no coroutine function, and its mock a MagicMock', () => {
    const { after } = migrateFiles({
      'store.py': [
        'import contextlib', 'import time', '', '',
        '@contextlib.contextmanager', 'def session():', '    time.sleep(0.01)', '    yield "s"', '', '',
        'def use():', '    with session() as s:', '        return s', '',
      ].join('\n'),
      'tests/test_store.py': 'from unittest.mock import patch\n\nfrom store import use\n\n\ndef test_use():\n    with patch("store.session"):\n        use()\n',
    });
    expect(after['store.py']).toContain('async with session() as s:');
    expect(after['tests/test_store.py']).toContain('    with patch("store.session"):\n');
  });
});
