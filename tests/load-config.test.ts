import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, pytestSettingsFile, readEntryPoints } from '../src/config/load-config.js';
import { ConfigError } from '../src/errors.js';

let root: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'asyncshift-config-')));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(relative: string, content: string): string {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

function configErrorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives empty defaults without a pyproject.toml', () => {
    expect(loadConfig(root)).toEqual({ exclude: [], keepSync: [], blocking: [], transparentDecorators: [], syncDecorators: [] });
  });

  it('gives empty defaults when pyproject.toml has no [tool.asyncshift]', () => {
    write('pyproject.toml', '[project]\nname = "x"\n\n[tool.ruff]\nline-length = 100\n');
    expect(loadConfig(root)).toEqual({ exclude: [], keepSync: [], blocking: [], transparentDecorators: [], syncDecorators: [] });
  });

  it('reads every key from [tool.asyncshift]', () => {
    const file = write(
      'pyproject.toml',
      [
        '[tool.asyncshift]',
        'select = ["time-sleep", "requests-httpx"]',
        'ignore = ["to-thread"]',
        'exclude = ["legacy/", "*_pb2.py"]',
        'keep-sync = ["pkg.cli.main", "pkg.models.Model.save"]',
        'blocking = ["vendor.client.fetch"]',
        'transparent-decorators = ["vendor.trace.traced"]',
        'sync-decorators = ["vendor.cache.memoize"]',
        '',
      ].join('\n'),
    );
    expect(loadConfig(root)).toEqual({
      select: ['time-sleep', 'requests-httpx'],
      ignore: ['to-thread'],
      exclude: ['legacy/', '*_pb2.py'],
      keepSync: ['pkg.cli.main', 'pkg.models.Model.save'],
      blocking: ['vendor.client.fetch'],
      transparentDecorators: ['vendor.trace.traced'],
      syncDecorators: ['vendor.cache.memoize'],
      source: file,
    });
  });

  it('leaves select and ignore absent when not configured', () => {
    write('pyproject.toml', '[tool.asyncshift]\nexclude = ["x/"]\n');
    const config = loadConfig(root);
    expect('select' in config).toBe(false);
    expect('ignore' in config).toBe(false);
    expect(config.exclude).toEqual(['x/']);
  });

  it('reads a --config file with top-level keys, relative to the current folder', () => {
    const file = write('conf/asyncshift.toml', 'keep-sync = ["app.main"]\n');
    write('pyproject.toml', '[tool.asyncshift]\nkeep-sync = ["ignored.because.overridden"]\n');
    const config = loadConfig(root, path.relative(process.cwd(), file));
    expect(config).toEqual({ exclude: [], keepSync: ['app.main'], blocking: [], transparentDecorators: [], syncDecorators: [], source: file });
  });

  it('reads a --config file that has a [tool.asyncshift] table', () => {
    const file = write('other/pyproject.toml', '[project]\nname = "x"\n[tool.asyncshift]\nblocking = ["a.b"]\n');
    expect(loadConfig(root, file).blocking).toEqual(['a.b']);
  });

  it('names the file and key when a value has the wrong type', () => {
    write('pyproject.toml', '[tool.asyncshift]\nkeep-sync = "pkg.mod.func"\n');
    const message = configErrorOf(() => loadConfig(root));
    expect(message).toMatch(/pyproject\.toml: \[tool\.asyncshift\] keep-sync must be a list of strings$/);
    expect(message).not.toContain('\n');
  });

  it('rejects a list holding something other than strings', () => {
    write('pyproject.toml', '[tool.asyncshift]\nselect = ["time-sleep", 3]\n');
    expect(configErrorOf(() => loadConfig(root))).toMatch(/\[tool\.asyncshift\] select must be a list of strings$/);
  });

  it('rejects names that are not qualified', () => {
    write('pyproject.toml', '[tool.asyncshift]\nblocking = ["sleep"]\n');
    expect(configErrorOf(() => loadConfig(root))).toMatch(/blocking: "sleep" is not a qualified name like pkg\.mod\.func$/);
  });

  it('rejects unknown keys, with a hint for underscores', () => {
    write('pyproject.toml', '[tool.asyncshift]\nkeep_sync = ["a.b"]\n');
    expect(configErrorOf(() => loadConfig(root))).toMatch(/unknown key keep_sync \(did you mean keep-sync\?\)/);
  });

  it('reports invalid TOML on one line with its position', () => {
    write('pyproject.toml', '[tool.asyncshift]\nexclude = ["a",\n');
    const message = configErrorOf(() => loadConfig(root));
    expect(message).toMatch(/pyproject\.toml: invalid TOML at line \d+, column \d+: /);
    expect(message).not.toContain('\n');
  });

  it('rejects a [tool.asyncshift] that is not a table', () => {
    write('pyproject.toml', '[tool]\nasyncshift = 1\n');
    expect(configErrorOf(() => loadConfig(root))).toMatch(/tool\.asyncshift must be a table$/);
  });

  it('reports a missing --config file', () => {
    expect(configErrorOf(() => loadConfig(root, path.join(root, 'nope.toml')))).toMatch(/nope\.toml: no such file$/);
  });

  it('reads a pyproject.toml that starts with a BOM', () => {
    write('pyproject.toml', '\uFEFF[tool.asyncshift]\nexclude = ["a/"]\n');
    expect(loadConfig(root).exclude).toEqual(['a/']);
  });
});

describe('readEntryPoints', () => {
  it('reads [project.scripts] and [project.gui-scripts], dropping extras', () => {
    const file = write(
      'pyproject.toml',
      '[project.scripts]\nfeeds = "feeds.cli:main"\nadmin = "feeds.admin:App.run [cli, extra]"\n\n[project.gui-scripts]\nviewer = "feeds.gui:start"\n',
    );
    expect(readEntryPoints(root)).toEqual([
      { name: 'feeds', group: 'console_scripts', module: 'feeds.cli', attribute: 'main', source: file },
      { name: 'admin', group: 'console_scripts', module: 'feeds.admin', attribute: 'App.run', source: file },
      { name: 'viewer', group: 'gui_scripts', module: 'feeds.gui', attribute: 'start', source: file },
    ]);
  });

  it('reads console_scripts and gui_scripts from setup.cfg', () => {
    const file = write(
      'setup.cfg',
      '[metadata]\nname = x\n\n[options.entry_points]\nconsole_scripts =\n    tool = pkg.cli:main\n    # a comment\n    other = pkg.other:run [extra]\ngui_scripts = gui = pkg.gui:start\n\n[flake8]\nmax-line-length = 100\n',
    );
    expect(readEntryPoints(root)).toEqual([
      { name: 'tool', group: 'console_scripts', module: 'pkg.cli', attribute: 'main', source: file },
      { name: 'other', group: 'console_scripts', module: 'pkg.other', attribute: 'run', source: file },
      { name: 'gui', group: 'gui_scripts', module: 'pkg.gui', attribute: 'start', source: file },
    ]);
  });

  it('reads entry_points from setup.py, in dict and keyword forms', () => {
    const file = write(
      'setup.py',
      [
        'from setuptools import setup',
        'setup(',
        '    name="x",',
        '    entry_points={',
        '        "console_scripts": [',
        '            "tool = pkg.cli:main",',
        "            'other=pkg.other:Runner.run [fast]',  # trailing comment",
        '        ],',
        '        "pytest11": ["plug = pkg.plugin"],',
        '    },',
        ')',
        'setup(entry_points=dict(gui_scripts=("gui = pkg.gui:start",)))',
        '',
      ].join('\n'),
    );
    expect(readEntryPoints(root)).toEqual([
      { name: 'tool', group: 'console_scripts', module: 'pkg.cli', attribute: 'main', source: file },
      { name: 'other', group: 'console_scripts', module: 'pkg.other', attribute: 'Runner.run', source: file },
      { name: 'plug', group: 'pytest11', module: 'pkg.plugin', attribute: undefined, source: file },
      { name: 'gui', group: 'gui_scripts', module: 'pkg.gui', attribute: 'start', source: file },
    ]);
  });

  it('reads [tool.poetry.scripts] in both forms, and plugin groups from pyproject.toml and setup.cfg', () => {
    const file = write(
      'pyproject.toml',
      '[tool.poetry.scripts]\nfeeds = "feeds.cli:main"\nadmin = { callable = "feeds.admin:run" }\n\n[tool.poetry.plugins."poetry.plugin"]\nmine = "feeds.plugin:Plugin"\n\n[project.entry-points."flake8.extension"]\nX1 = "feeds.lint:check"\n',
    );
    const cfg = write('setup.cfg', '[options.entry_points]\npytest11 =\n    feeds = feeds.testing\n');
    expect(readEntryPoints(root)).toEqual([
      { name: 'X1', group: 'flake8.extension', module: 'feeds.lint', attribute: 'check', source: file },
      { name: 'feeds', group: 'console_scripts', module: 'feeds.cli', attribute: 'main', source: file },
      { name: 'admin', group: 'console_scripts', module: 'feeds.admin', attribute: 'run', source: file },
      { name: 'mine', group: 'poetry.plugin', module: 'feeds.plugin', attribute: 'Plugin', source: file },
      { name: 'feeds', group: 'pytest11', module: 'feeds.testing', attribute: undefined, source: cfg },
    ]);
  });

  it('combines all three files and returns nothing when there are none', () => {
    expect(readEntryPoints(root)).toEqual([]);
    write('pyproject.toml', '[project.scripts]\na = "m:a"\n');
    write('setup.cfg', '[options.entry_points]\nconsole_scripts =\n  b = m:b\n');
    write('setup.py', 'setup(entry_points={"console_scripts": ["c = m:c"]})\n');
    expect(readEntryPoints(root).map((entry) => entry.name)).toEqual(['a', 'b', 'c']);
  });
});

describe('pytestSettingsFile', () => {
  it('is undefined when no file holds pytest settings', () => {
    write('pyproject.toml', '[project]\nname = "x"\n');
    write('tox.ini', '[tox]\nenvlist = py312\n');
    write('setup.cfg', '[metadata]\nname = x\n');
    expect(pytestSettingsFile(root)).toBeUndefined();
  });

  it('follows pytest precedence: pytest.ini, pyproject.toml, tox.ini, setup.cfg', () => {
    write('setup.cfg', '[tool:pytest]\naddopts = -q\n');
    expect(pytestSettingsFile(root)).toEqual({ file: path.join(root, 'setup.cfg'), section: 'tool:pytest' });
    write('tox.ini', '[tox]\n[pytest]\naddopts = -q\n');
    expect(pytestSettingsFile(root)).toEqual({ file: path.join(root, 'tox.ini'), section: 'pytest' });
    write('pyproject.toml', '[tool.pytest.ini_options]\naddopts = "-q"\n');
    expect(pytestSettingsFile(root)).toEqual({ file: path.join(root, 'pyproject.toml'), section: 'tool.pytest.ini_options' });
    write('pytest.ini', '');
    expect(pytestSettingsFile(root)).toEqual({ file: path.join(root, 'pytest.ini'), section: 'pytest' });
  });

  it('puts pytest.toml (pytest 9) before pytest.ini', () => {
    write('pytest.ini', '[pytest]\n');
    write('.pytest.toml', '[pytest]\n');
    expect(pytestSettingsFile(root)).toEqual({ file: path.join(root, '.pytest.toml'), section: 'pytest' });
  });

  it('recognises pytest 9 native [tool.pytest] in pyproject.toml', () => {
    write('pyproject.toml', '[tool.pytest]\naddopts = ["-q"]\n');
    expect(pytestSettingsFile(root)).toEqual({ file: path.join(root, 'pyproject.toml'), section: 'tool.pytest' });
  });

  it('skips files that do not have the pytest section', () => {
    write('tox.ini', '[testenv]\ncommands = pytest\n');
    write('setup.cfg', '[tool:pytest]\n');
    expect(pytestSettingsFile(root)?.file).toBe(path.join(root, 'setup.cfg'));
  });
});
