import { describe, expect, it } from 'vitest';
import { DECORATOR_CATALOGUE, type CatalogueEntry } from '../src/plan/decorator-catalogue.js';
import { migrateFiles } from './helpers/project.js';

/** A function under the decorator that would turn async, and a caller that would await it. */
function decorated(imports: string, decorator: string): string {
  return `${imports}\nimport time\n\n\n${decorator}\ndef work():\n    time.sleep(0)\n\n\ndef run():\n    work()\n`;
}

describe.each(DECORATOR_CATALOGUE.map((entry) => [entry.example.decorator, entry] as [string, CatalogueEntry]))('catalogue entry %s', (_, entry) => {
  it(entry.effect === 'sync-only' ? 'keeps the function sync and names the async alternative' : 'lets the function turn async under it', () => {
    const { after, result } = migrateFiles({ 'mod.py': decorated(entry.example.imports, entry.example.decorator) });
    if (entry.effect === 'sync-only') {
      expect(after).toEqual({});
      const item = result.reviews.find((review) => review.code === 'AS101' && review.message.startsWith('mod.work stays sync'));
      expect(item?.message).toContain(entry.reason);
      expect(item?.message).toContain(`use ${entry.alternative}`);
    } else {
      expect(after['mod.py']).toContain(`${entry.example.decorator}\nasync def work():\n    await asyncio.sleep(0)`);
      expect(after['mod.py']).toContain('async def run():\n    await work()');
    }
  });
});

describe('decorators declared in [tool.asyncshift]', () => {
  const module = decorated('from vendor import traced, memoize', '@traced\n@memoize');

  it('pins what an unknown decorator decorates, and suggests declaring it', () => {
    const { after, result } = migrateFiles({ 'mod.py': module });
    expect(after).toEqual({});
    expect(result.reviews.map((item) => item.message).join('\n')).toContain('decorated with @traced, which may call it synchronously');
  });

  it('lets transparent-decorators through and keeps sync-decorators sync', () => {
    const transparent = migrateFiles({
      'pyproject.toml': '[project]\nname = "x"\n\n[tool.asyncshift]\ntransparent-decorators = ["vendor.traced", "vendor.memoize"]\n',
      'mod.py': module,
    });
    expect(transparent.after['mod.py']).toContain('@traced\n@memoize\nasync def work():');
    const sync = migrateFiles({
      'pyproject.toml': '[project]\nname = "x"\n\n[tool.asyncshift]\ntransparent-decorators = ["vendor.traced"]\nsync-decorators = ["vendor.memoize"]\n',
      'mod.py': module,
    });
    expect(sync.after).toEqual({});
    expect(sync.result.reviews.map((item) => item.message).join('\n')).toContain('decorated with @vendor.memoize, which the configuration lists as sync-only');
  });
});

describe('a catalogue decorator kept in a module-level name', () => {
  it('reads `xfail_old = pytest.mark.xfail(...)` above `@xfail_old` as the mark (found on bump2version)', () => {
    const { after } = migrateFiles({
      'mod.py': decorated('import pytest\n\nxfail_old = pytest.mark.xfail(\n    False,\n    reason="old parser",\n)\n', '@xfail_old'),
    });
    expect(after['mod.py']).toContain('@xfail_old\nasync def work():\n    await asyncio.sleep(0)');
    expect(after['mod.py']).toContain('async def run():\n    await work()');
  });

  it('still pins under a name bound to a sync-only decorator built by a call', () => {
    const { after, result } = migrateFiles({ 'mod.py': decorated('import functools\n\ncached = functools.lru_cache(maxsize=8)\n', '@cached') });
    expect(after).toEqual({});
    expect(result.reviews.map((item) => item.message).join('\n')).toContain('use async_lru.alru_cache');
  });
});
