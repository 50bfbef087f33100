import { describe, expect, it } from 'vitest';
import { makeProject, migrateFiles, migrateFolder } from './helpers/project.js';
import { migratesAndStillPasses } from './helpers/suite.js';
import { typeErrorsAdded } from './helpers/type-check.js';

/** A sub-command CLI in the shape of pipx's main.py: handlers set per sub-parser, one dispatch. */
const CLI = [
  'import argparse', 'import shutil', 'import sys', 'import time', '', '',
  'def cmd_copy(args):', '    shutil.copy(args.src, args.dst)', '    return 0', '', '',
  'def cmd_wait(args):', '    time.sleep(args.seconds)', '    return 0', '', '',
  'def cmd_version(args):', '    print("1.0")', '    return 0', '', '',
  'def build_parser():',
  '    parser = argparse.ArgumentParser(prog="tool")',
  '    sub = parser.add_subparsers(dest="command", required=True)',
  '    copy = sub.add_parser("copy")', '    copy.add_argument("src")', '    copy.add_argument("dst")', '    copy.set_defaults(func=cmd_copy)',
  '    wait = sub.add_parser("wait")', '    wait.add_argument("seconds", type=float)', '    wait.set_defaults(func=cmd_wait)',
  '    sub.add_parser("version").set_defaults(func=cmd_version)',
  '    return parser', '', '',
  'def run_command(args: argparse.Namespace) -> int:', '    return args.func(args)', '', '',
  'def main(argv=None):', '    args = build_parser().parse_args(argv)', '    return run_command(args)', '', '',
  'if __name__ == "__main__":', '    sys.exit(main())', '',
].join('\n');

const TESTS = [
  'from tool.cli import main', '', '',
  'def test_copy(tmp_path):', '    (tmp_path / "a").write_text("x")',
  '    assert main(["copy", str(tmp_path / "a"), str(tmp_path / "b")]) == 0', '    assert (tmp_path / "b").read_text() == "x"', '', '',
  'def test_wait_and_version(capsys):', '    assert main(["wait", "0"]) == 0', '    assert main(["version"]) == 0', '    assert capsys.readouterr().out == "1.0\\n"', '',
].join('\n');

describe('argparse sub-command dispatch', () => {
  it('turns every handler set with set_defaults(func=...) async together and awaits args.func(args)', () => {
    const migration = migratesAndStillPasses({ 'tool/__init__.py': '', 'tool/cli.py': CLI, 'tests/test_cli.py': TESTS });
    const cli = migration.after['tool/cli.py'];
    expect(cli).toContain('async def cmd_copy(args):\n    await asyncio.to_thread(shutil.copy, args.src, args.dst)');
    expect(cli).toContain('async def cmd_wait(args):\n    await asyncio.sleep(args.seconds)');
    // No blocking call of its own, but the same dispatch awaits it.
    expect(cli).toContain('async def cmd_version(args):\n    print("1.0")');
    expect(cli).toContain('async def run_command(args: argparse.Namespace) -> int:\n    return await args.func(args)');
    expect(cli).toContain('    sys.exit(asyncio.run(main()))');
    expect(migration.result.reviews.map((item) => item.code)).toContain('AS127');
    expect(migrateFolder(migration.root).after).toEqual({});
  });

  it('keeps the handlers sync when one key is set to something else than a project function', () => {
    const { after, result } = migrateFiles({
      'tool/__init__.py': '',
      'tool/cli.py': CLI.replace('    return parser', '    sub.add_parser("noop").set_defaults(func=lambda args: 0)\n    return parser'),
    });
    expect(after).toEqual({});
    expect(result.reviews.map((item) => item.message).join('\n')).toContain('passed to argparse.ArgumentParser().add_subparsers().add_parser().set_defaults');
  });

  it('takes a lambda that only calls a project function as that handler: the lambda hands its coroutine to the dispatch, and the suite passes (found on internetarchive: func=lambda args: main(args, parser))', () => {
    const subcommand = (name: string, body: string, set: string) => [
      'import argparse', 'import time', '', '',
      'def setup(subparsers):', `    parser = subparsers.add_parser("${name}")`, '    parser.add_argument("--seconds", type=float, default=0)', `    parser.set_defaults(func=${set})`, '', '',
      `def main(args, parser=None):`, body, '',
    ].join('\n');
    const migration = migratesAndStillPasses({
      'tool/__init__.py': '',
      'tool/cli/__init__.py': '',
      'tool/cli/wait.py': subcommand('wait', '    time.sleep(args.seconds)\n    return "waited"', 'lambda args: main(args, parser)'),
      'tool/cli/show.py': subcommand('show', '    return f"shown {parser.prog if parser else \'\'}".strip()', 'lambda args: main(args, parser)'),
      'tool/cli/version.py': subcommand('version', '    return "1.0"', 'main'),
      'tool/cli/run.py': [
        'import argparse', '', 'from tool.cli import show, version, wait', '', '',
        'def main(argv=None):', '    parser = argparse.ArgumentParser(prog="tool")', '    subparsers = parser.add_subparsers(dest="command", required=True)',
        '    wait.setup(subparsers)', '    show.setup(subparsers)', '    version.setup(subparsers)', '    args = parser.parse_args(argv)', '    return args.func(args)', '',
      ].join('\n'),
      'tests/test_run.py': [
        'from tool.cli.run import main', '', '',
        'def test_commands():', '    assert main(["wait", "--seconds", "0"]) == "waited"', '    assert main(["show"]) == "shown tool show"', '    assert main(["version"]) == "1.0"', '',
      ].join('\n'),
    });
    const wait = migration.after['tool/cli/wait.py'];
    expect(wait).toContain('    parser.set_defaults(func=lambda args: main(args, parser))');
    expect(wait).toContain('async def main(args, parser=None):\n    await asyncio.sleep(args.seconds)');
    expect(migration.after['tool/cli/show.py']).toContain('async def main(args, parser=None):');
    expect(migration.after['tool/cli/version.py']).toContain('async def main(args, parser=None):');
    expect(migration.after['tool/cli/run.py']).toContain('    return await args.func(args)');
    expect(migration.result.reviews.map((item) => item.message).join('\n')).not.toContain('called from lambda');
    expect(migrateFolder(migration.root).after).toEqual({});
  });

  it('keeps the handlers sync when a lambda calls something it was given, not a project function', () => {
    const { after } = migrateFiles({
      'tool/__init__.py': '',
      'tool/cli.py': CLI.replace('    return parser', '    sub.add_parser("again").set_defaults(func=lambda args: args.previous(args))\n    return parser'),
    });
    expect(after).toEqual({});
  });

  it('keeps the handlers sync when a test configures args.func on a mock', () => {
    const { after } = migrateFiles({
      'tool/__init__.py': '',
      'tool/cli.py': CLI,
      'tests/test_cli.py': [
        'from unittest import mock', '', 'from tool.cli import run_command', '', '',
        'def test_dispatch():', '    args = mock.MagicMock()', '    args.func.return_value = 0',
        '    assert run_command(args) == 0', '    args.func.assert_called_once_with(args)', '',
      ].join('\n'),
    });
    expect(after['tool/cli.py'] ?? '').not.toContain('async def cmd_');
  });

  /** pipx's `parser.set_defaults(func=_make_print_help(parser))`: a factory makes the handler of a bare command. */
  const WITH_HELP_FACTORY = CLI
    .replace('import argparse', 'import argparse\nfrom collections.abc import Callable')
    .replace('    return parser\n', '    parser.set_defaults(func=make_print_help(parser))\n    return parser\n')
    .replace('    sub = parser.add_subparsers(dest="command", required=True)', '    sub = parser.add_subparsers(dest="command")')
    + [
      '', '',
      'def make_print_help(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:',
      '    def print_help(args: argparse.Namespace) -> int:', '        parser.print_help()', '        return 2', '',
      '    return print_help', '',
    ].join('\n');

  it('takes the handler a project factory makes as one of the handlers, and retypes the factory', async () => {
    const files = {
      'tool/__init__.py': '',
      'tool/cli.py': WITH_HELP_FACTORY,
      'tests/test_cli.py': `${TESTS}\n\ndef test_no_command_prints_help(capsys):\n    assert main([]) == 2\n    assert "usage: tool" in capsys.readouterr().out\n`,
    };
    const migration = migratesAndStillPasses(files);
    const cli = migration.after['tool/cli.py'];
    expect(cli).toContain('    async def print_help(args: argparse.Namespace) -> int:');
    expect(cli).toContain('async def cmd_wait(args):\n    await asyncio.sleep(args.seconds)');
    expect(cli).toContain('    return await args.func(args)');
    // Checked against the project as it was (migratesAndStillPasses migrated its own copy in place).
    expect(await typeErrorsAdded(makeProject(files), migration)).toEqual([]);
    expect(cli).toContain('-> Callable[[argparse.Namespace], Awaitable[int]]:');
    expect(cli).toContain('from collections.abc import Callable, Awaitable');
    expect(migrateFolder(migration.root).after).toEqual({});
  });

  it('keeps the handlers sync when the factory is also called elsewhere', () => {
    const { after, result } = migrateFiles({
      'tool/__init__.py': '',
      'tool/cli.py': WITH_HELP_FACTORY.replace('def main(argv=None):', 'def show_help():\n    return make_print_help(build_parser())(argparse.Namespace())\n\n\ndef main(argv=None):'),
    });
    expect(after['tool/cli.py'] ?? '').not.toContain('async def cmd_');
    expect(result.reviews.map((item) => item.message).join('\n')).toContain('tool.cli.cmd_copy stays sync (passed to argparse');
  });
  /** barman's cli.py: a decorator factory makes each sub-parser and sets the function it decorates as its `func`. */
  const DECORATED_CLI = [
    'import shutil', 'import time', 'from argparse import ArgumentParser', '', '',
    'p = ArgumentParser(prog="tool")', 'subparsers = p.add_subparsers(dest="command")', '', '',
    'def argument(*flags, **options):', '    return [list(flags), options]', '', '',
    'def command(args=None, parent=subparsers, aliases=None):', '    """Make a sub-command of the decorated function; main() calls it as args.func(args)."""',
    '    if args is None:', '        args = []', '',
    '    def decorator(func):',
    '        parser = parent.add_parser(func.__name__.replace("_", "-"), help=func.__doc__, aliases=aliases or [])',
    '        for flags, options in args:', '            parser.add_argument(*flags, **options)',
    '        parser.set_defaults(func=func)', '        return func', '',
    '    return decorator', '', '',
    '@command([argument("src"), argument("dst")])', 'def copy(args):', '    """copy a file"""', '    shutil.copy(args.src, args.dst)', '    return 0', '', '',
    '@command([argument("seconds", type=float)], aliases=["sleep"])', 'def wait(args):', '    """wait a while"""', '    time.sleep(args.seconds)', '    return 0', '', '',
    '@command()', 'def version(args):', '    print("1.0")', '    return 0', '', '',
    'def main(argv=None):', '    args = p.parse_args(argv)', '    if args.command is None:', '        p.print_help()', '        return 2',
    '    return args.func(args)', '',
  ].join('\n');

  it('takes the functions a project decorator sets with parser.set_defaults(func=func) as the handlers', () => {
    const migration = migratesAndStillPasses({
      'tool/__init__.py': '',
      'tool/cli.py': DECORATED_CLI,
      'tests/test_cli.py': [
        'from argparse import Namespace', '', 'from tool import cli', '', '',
        'def test_copy(tmp_path):', '    (tmp_path / "a").write_text("x")',
        '    assert cli.main(["copy", str(tmp_path / "a"), str(tmp_path / "b")]) == 0', '    assert (tmp_path / "b").read_text() == "x"', '', '',
        'def test_alias_and_version(capsys):', '    assert cli.main(["sleep", "0"]) == 0', '    assert cli.main(["version"]) == 0',
        '    assert capsys.readouterr().out == "1.0\\n"', '', '',
        'def test_wait_called_directly():', '    assert cli.wait(Namespace(seconds=0.01)) == 0', '', '',
        'def test_no_command(capsys):', '    assert cli.main([]) == 2', '    assert "usage: tool" in capsys.readouterr().out', '',
      ].join('\n'),
    });
    const out = migration.after['tool/cli.py'];
    expect(out).toContain('@command([argument("seconds", type=float)], aliases=["sleep"])\nasync def wait(args):\n    """wait a while"""\n    await asyncio.sleep(args.seconds)');
    expect(out).toContain('@command()\nasync def version(args):');
    expect(out).toContain('    return await args.func(args)');
    expect(out).toContain('        parser.set_defaults(func=func)\n        return func');
    expect(migration.after['tests/test_cli.py']).toContain('    assert await cli.wait(Namespace(seconds=0.01)) == 0');
    expect(migrateFolder(migration.root).after).toEqual({});
  });

  it('reads `args.archive` in a handler the dispatch calls with its namespace as an option, not as a method handed on (found on barman)', () => {
    const ARCHIVER = [
      'import time', '', '',
      'class Archiver:', '    def __init__(self):', '        self.archived = []', '',
      '    def archive(self, name):', '        time.sleep(0.01)  # ships the WAL', '        self.archived.append(name)', '        return name', '', '',
      'class Server:', '    def __init__(self):', '        self.archiver = Archiver()', '        self.switches = []', '',
      '    def switch_wal(self, force, archive):', '        self.switches.append((force, archive))', '        if archive:', '            return self.archiver.archive("000001")', '', '',
      'SERVERS = {"main": Server()}', '',
    ].join('\n');
    const SWITCH = [
      '@command([argument("name"), argument("--force", action="store_true"), argument("--archive", action="store_true")])',
      'def switch_wal(args):', '    server = SERVERS[args.name]', '    server.switch_wal(args.force, args.archive)', '    return 0', '', '',
    ].join('\n');
    const project = (cli: string) => ({
      'tool/__init__.py': '',
      'tool/servers.py': ARCHIVER,
      'tool/cli.py': cli.replace('import shutil\n', 'import shutil\nfrom tool.servers import SERVERS\n').replace('@command()\ndef version', `${SWITCH}@command()\ndef version`),
    });
    const migration = migratesAndStillPasses({
      ...project(DECORATED_CLI),
      'tests/test_cli.py': [
        'from tool import cli', 'from tool.servers import SERVERS', '', '',
        'def test_switch_wal_and_archive():', '    assert cli.main(["switch-wal", "main", "--archive"]) == 0',
        '    assert SERVERS["main"].switches == [(False, True)]', '    assert SERVERS["main"].archiver.archived == ["000001"]', '',
      ].join('\n'),
    });
    expect(migration.after['tool/servers.py']).toContain('    async def archive(self, name):');
    expect(migration.after['tool/cli.py']).toContain('async def switch_wal(args):\n    server = SERVERS[args.name]\n    await server.switch_wal(args.force, args.archive)');
    // A `set_defaults` that sets `archive` may put a function there: the method stays sync.
    const defaulted = migrateFiles(project(DECORATED_CLI.replace('parser.set_defaults(func=func)', 'parser.set_defaults(func=func, archive=None)')));
    expect(defaulted.after['tool/servers.py'] ?? '').not.toContain('async def archive');
    expect(defaulted.result.reviews.map((item) => item.message).join('\n')).toContain('tool.servers.Archiver.archive stays sync (handed on as a value through args.archive at tool/cli.py:');
  });

  it('keeps the decorated functions sync when the decorator also keeps them elsewhere, or nothing dispatches the key', () => {
    const registry = migrateFiles({
      'tool/__init__.py': '',
      'tool/cli.py': DECORATED_CLI.replace('        parser.set_defaults(func=func)', '        parser.set_defaults(func=func)\n        COMMANDS.append(func)')
        .replace('subparsers = p.add_subparsers(dest="command")', 'subparsers = p.add_subparsers(dest="command")\nCOMMANDS = []'),
    });
    expect(registry.after['tool/cli.py'] ?? '').not.toContain('async def wait');
    expect(registry.result.reviews.map((item) => item.message).join('\n')).toContain('decorated with @command, which registers it with COMMANDS.append()');
    // Nothing calls args.func: code that reads the namespace's `func` may call it synchronously.
    const undispatched = migrateFiles({
      'tool/__init__.py': '',
      'tool/cli.py': DECORATED_CLI.replace('    return args.func(args)', '    return run(args.func, args)\n\n\ndef run(handler, args):\n    return handler(args)'),
    });
    expect(undispatched.after['tool/cli.py'] ?? '').not.toContain('async def wait');
    expect(undispatched.result.reviews.map((item) => item.message).join('\n')).toContain('decorated with @command, which sets it as the `func` default of parser.set_defaults() at tool/cli.py:');
  });
});
