import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, migrateFolder } from './helpers/project.js';

/** Migrates with `--annotate`, writes the result, and returns the new text of `file`. */
function annotateInPlace(root: string, file = 'app.py'): string {
  const { after } = migrateFolder(root, { annotate: true });
  for (const [relative, text] of Object.entries(after)) fs.writeFileSync(path.join(root, relative), text);
  return fs.readFileSync(path.join(root, file), 'utf8');
}

function compiles(file: string): string {
  const result = spawnSync('python3', ['-c', 'import sys; compile(open(sys.argv[1]).read(), sys.argv[1], "exec")', file], { encoding: 'utf8' });
  return result.status === 0 ? 'ok' : result.stderr;
}

/** Without it, `probe` (pinned by its module-level caller) would turn async and keep a sync twin. */
const KEEP_PROBE_SYNC = '[project]\nname = "sample"\n\n[tool.asyncshift]\nkeep-sync = ["app.probe"]\n';

const PINNED_AND_BRIDGED = `import time


def probe():
    time.sleep(0)


VALUE = probe()


async def handler():
    text = """
head
""" + str(
        probe())
    return text
`;

describe('--annotate', () => {
  it('writes each review item above the statement holding it, never inside a multi-line string', () => {
    const root = makeProject({ 'app.py': PINNED_AND_BRIDGED, 'pyproject.toml': KEEP_PROBE_SYNC });
    const text = annotateInPlace(root);
    const lines = text.split('\n');
    const pin = lines.findIndex((line) => line.startsWith('# asyncshift: review(AS101): '));
    expect(lines[pin + 1]).toBe('def probe():');
    const bridge = lines.findIndex((line) => line.startsWith('    # asyncshift: review(AS109): '));
    expect(lines[bridge + 1]).toBe('    text = """');
    expect(text).toContain('""" + str(\n        await asyncio.to_thread(probe))');
    expect(text).toContain('"""\nhead\n"""');
    expect(compiles(path.join(root, 'app.py'))).toBe('ok');
  });

  it('neither duplicates nor moves the comments on a second run', () => {
    const root = makeProject({ 'app.py': PINNED_AND_BRIDGED, 'pyproject.toml': KEEP_PROBE_SYNC });
    const first = annotateInPlace(root);
    const again = migrateFolder(root, { annotate: true });
    expect(again.after).toEqual({});
    expect(fs.readFileSync(path.join(root, 'app.py'), 'utf8')).toBe(first);
  });

  it('puts a comment for a decorated function above its decorators, indented as the statement', () => {
    const root = makeProject({
      'app.py': 'import functools\nimport time\n\n\nclass Box:\n    @functools.lru_cache\n    def probe(self):\n        time.sleep(0)\n\n\nasync def use(box):\n    box.probe()\n',
    });
    const text = annotateInPlace(root);
    expect(text).toMatch(/\n    # asyncshift: review\(AS\d{3}\): [^\n]+\n    @functools\.lru_cache\n    def probe\(self\):/);
    expect(compiles(path.join(root, 'app.py'))).toBe('ok');
  });

  it('changes a file that only has review items, and leaves other files alone', () => {
    const root = makeProject({ 'app.py': 'import time\n\n\ndef probe():\n    time.sleep(0)\n\n\nVALUE = probe()\n', 'other.py': 'X = 1\n' });
    const { result, after } = migrateFolder(root, { annotate: true });
    expect(Object.keys(after)).toEqual(['app.py']);
    expect(after['app.py']).toMatch(/^import time\n\n\n# asyncshift: review\(AS101\): app\.probe stays sync \(called from module level at app\.py:8\)[^\n]*\ndef probe\(\):\n/);
    expect(result.reviews.map((item) => item.code)).toEqual(['AS101']);
    // The item comes back with the line it cites moved down by the comment itself: still not written twice.
    fs.writeFileSync(path.join(root, 'app.py'), after['app.py']);
    const again = migrateFolder(root, { annotate: true });
    expect(again.result.reviews[0].message).toContain('app.py:9');
    expect(again.after).toEqual({});
  });
});
