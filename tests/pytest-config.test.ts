import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { newPytestIni, withAsyncioModeAuto } from '../src/edit/pytest-config.js';

/** Runs the edit, checks that a second run changes nothing, and returns the result. */
function edit(fileName: string, text: string, section?: string): string {
  const once = withAsyncioModeAuto(fileName, text, section);
  expect(withAsyncioModeAuto(fileName, once, section)).toBe(once);
  return once;
}

function asyncioModeIn(tomlText: string, tablePath: string[]): unknown {
  let table: Record<string, unknown> | undefined = parseToml(tomlText);
  for (const key of tablePath) table = table?.[key] as Record<string, unknown> | undefined;
  return table?.asyncio_mode;
}

describe('withAsyncioModeAuto in pyproject.toml', () => {
  it('adds the key after the last key of the section, before the blank lines that precede the next', () => {
    const before = [
      '[project]',
      'name = "x"',
      '',
      '[tool.pytest.ini_options]',
      'addopts = "-q"',
      'testpaths = [',
      '    "tests",',
      ']',
      '',
      '',
      '[tool.mypy]',
      'strict = true',
      '',
    ].join('\n');
    const after = edit('pyproject.toml', before, 'tool.pytest.ini_options');
    expect(after).toBe(before.replace(']\n\n\n[tool.mypy]', ']\nasyncio_mode = "auto"\n\n\n[tool.mypy]'));
    expect(asyncioModeIn(after, ['tool', 'pytest', 'ini_options'])).toBe('auto');
  });

  it('sets a dotted key where [tool.pytest] defines ini_options through dotted keys (found on pipx)', () => {
    const before = '[tool.pytest]\nini_options.minversion = "8"\nini_options.addopts = [ "-ra" ]\n\n[tool.towncrier]\nx = 1\n';
    const after = edit('pyproject.toml', before, undefined);
    expect(after).toBe('[tool.pytest]\nini_options.minversion = "8"\nini_options.addopts = [ "-ra" ]\nini_options.asyncio_mode = "auto"\n\n[tool.towncrier]\nx = 1\n');
    expect(asyncioModeIn(after, ['tool', 'pytest', 'ini_options'])).toBe('auto');
    const strict = before.replace('[ "-ra" ]\n', '[ "-ra" ]\nini_options.asyncio_mode = "strict"\n');
    expect(asyncioModeIn(edit('pyproject.toml', strict, undefined), ['tool', 'pytest', 'ini_options'])).toBe('auto');
  });

  it('appends the section when it is missing', () => {
    const before = '[project]\nname = "x"\n';
    const after = edit('pyproject.toml', before, undefined);
    expect(after).toBe('[project]\nname = "x"\n\n[tool.pytest.ini_options]\nasyncio_mode = "auto"\n');
    expect(asyncioModeIn(after, ['tool', 'pytest', 'ini_options'])).toBe('auto');
  });

  it('appends after a file that lacks a final newline or already ends with a blank line', () => {
    expect(edit('pyproject.toml', '[project]\nname = "x"', undefined)).toBe(
      '[project]\nname = "x"\n\n[tool.pytest.ini_options]\nasyncio_mode = "auto"\n',
    );
    expect(edit('pyproject.toml', '[project]\n\n', undefined)).toBe('[project]\n\n[tool.pytest.ini_options]\nasyncio_mode = "auto"\n');
    expect(edit('pyproject.toml', '', undefined)).toBe('[tool.pytest.ini_options]\nasyncio_mode = "auto"\n');
  });

  it('replaces an existing value, keeping the line ending', () => {
    const before = '[tool.pytest.ini_options]\nasyncio_mode = "strict"  # for now\nxfail_strict = true\n';
    expect(edit('pyproject.toml', before, 'tool.pytest.ini_options')).toBe(
      '[tool.pytest.ini_options]\nasyncio_mode = "auto"\nxfail_strict = true\n',
    );
  });

  it('leaves a file already set to auto unchanged', () => {
    const before = "[tool.pytest.ini_options]\nasyncio_mode = 'auto' # yes\n";
    expect(edit('pyproject.toml', before, 'tool.pytest.ini_options')).toBe(before);
  });

  it('does not touch asyncio_mode in another section', () => {
    const before = '[tool.other]\nasyncio_mode = "strict"\n\n[tool.pytest.ini_options]\naddopts = "-q"\n';
    const after = edit('pyproject.toml', before, 'tool.pytest.ini_options');
    expect(after).toBe(`${before}asyncio_mode = "auto"\n`);
    expect(asyncioModeIn(after, ['tool', 'other'])).toBe('strict');
  });

  it('finds a header written with spaces, quotes or a comment', () => {
    const before = '[ tool . pytest . "ini_options" ]  # pytest\naddopts = "-q"\n';
    expect(edit('pyproject.toml', before, 'tool.pytest.ini_options')).toBe(`${before}asyncio_mode = "auto"\n`);
  });

  it('puts the key right after the header of an empty section', () => {
    const before = '[tool.pytest.ini_options]\n\n[tool.mypy]\n';
    expect(edit('pyproject.toml', before, 'tool.pytest.ini_options')).toBe(
      '[tool.pytest.ini_options]\nasyncio_mode = "auto"\n\n[tool.mypy]\n',
    );
  });

  it('adds the key before comments that trail the section', () => {
    const before = '[tool.pytest.ini_options]\naddopts = "-q"\n# --- mypy ---\n[tool.mypy]\n';
    expect(edit('pyproject.toml', before, 'tool.pytest.ini_options')).toBe(
      '[tool.pytest.ini_options]\naddopts = "-q"\nasyncio_mode = "auto"\n# --- mypy ---\n[tool.mypy]\n',
    );
  });

  it('adds a line ending to a last line that had none', () => {
    expect(edit('pyproject.toml', '[tool.pytest.ini_options]\naddopts = "-q"', 'tool.pytest.ini_options')).toBe(
      '[tool.pytest.ini_options]\naddopts = "-q"\nasyncio_mode = "auto"\n',
    );
  });

  it('writes TOML in pytest 9 native tables and pytest.toml', () => {
    expect(edit('pyproject.toml', '[tool.pytest]\naddopts = ["-q"]\n', 'tool.pytest')).toBe(
      '[tool.pytest]\naddopts = ["-q"]\nasyncio_mode = "auto"\n',
    );
    expect(edit('pytest.toml', '[pytest]\n', 'pytest')).toBe('[pytest]\nasyncio_mode = "auto"\n');
  });
});

describe('withAsyncioModeAuto in INI files', () => {
  it('adds the key after continuation lines of the last key in pytest.ini', () => {
    const before = '[pytest]\naddopts = -q\ntestpaths =\n    tests\n    integration\n';
    expect(edit('pytest.ini', before, 'pytest')).toBe(`${before}asyncio_mode = auto\n`);
  });

  it('uses [tool:pytest] in setup.cfg and [pytest] in tox.ini', () => {
    const setupCfg = '[metadata]\nname = x\n\n[tool:pytest]\naddopts = -q\n\n[flake8]\nmax-line-length = 99\n';
    expect(edit('setup.cfg', setupCfg, 'tool:pytest')).toBe(
      '[metadata]\nname = x\n\n[tool:pytest]\naddopts = -q\nasyncio_mode = auto\n\n[flake8]\nmax-line-length = 99\n',
    );
    const toxIni = '[tox]\nenvlist = py312\n\n[pytest]\n; settings\nminversion = 7\n';
    expect(edit('tox.ini', toxIni, 'pytest')).toBe(`${toxIni}asyncio_mode = auto\n`);
  });

  it('replaces an existing value written with `:`', () => {
    expect(edit('pytest.ini', '[pytest]\nasyncio_mode: strict\naddopts = -q\n', 'pytest')).toBe(
      '[pytest]\nasyncio_mode = auto\naddopts = -q\n',
    );
  });

  it('appends a missing section', () => {
    expect(edit('tox.ini', '[tox]\nenvlist = py312\n', undefined)).toBe('[tox]\nenvlist = py312\n\n[pytest]\nasyncio_mode = auto\n');
    expect(edit('setup.cfg', '[metadata]\nname = x\n', undefined)).toBe('[metadata]\nname = x\n\n[tool:pytest]\nasyncio_mode = auto\n');
  });

  it('keeps CRLF line endings and a BOM', () => {
    const before = '\uFEFF[pytest]\r\naddopts = -q\r\n\r\n[other]\r\nx = 1\r\n';
    expect(edit('pytest.ini', before, 'pytest')).toBe('\uFEFF[pytest]\r\naddopts = -q\r\nasyncio_mode = auto\r\n\r\n[other]\r\nx = 1\r\n');
    expect(edit('pyproject.toml', '[project]\r\nname = "x"\r\n', undefined)).toBe(
      '[project]\r\nname = "x"\r\n\r\n[tool.pytest.ini_options]\r\nasyncio_mode = "auto"\r\n',
    );
  });

  it('keeps a CRLF line ending when replacing a value', () => {
    expect(edit('pytest.ini', '[pytest]\r\nasyncio_mode = strict\r\n', 'pytest')).toBe('[pytest]\r\nasyncio_mode = auto\r\n');
  });
});

describe('newPytestIni', () => {
  it('is a pytest.ini that sets auto mode, and editing it changes nothing', () => {
    expect(newPytestIni()).toBe('[pytest]\nasyncio_mode = auto\n');
    expect(withAsyncioModeAuto('pytest.ini', newPytestIni(), 'pytest')).toBe(newPytestIni());
  });
});
