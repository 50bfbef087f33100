import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { unifiedDiff } from '../src/report/unified-diff.js';
import { HELPER_SOURCE } from '../transforms/subprocess-asyncio/helper-module.js';
import { makeProject } from './helpers/project.js';

/** The generated helper module is a new file: in the diff (from /dev/null), with --write, and stable. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (text) => { stdout += text; }, stderr: (text) => { stderr += text; } });
  return { code, stdout, stderr };
}

const PROJECT = {
  'pkg/__init__.py': '',
  'pkg/tool.py': 'import subprocess\n\n\ndef go():\n    return subprocess.run(["true"]).returncode\n',
};

describe('a created file', () => {
  it('is diffed from /dev/null with a new file mode line', () => {
    expect(unifiedDiff('pkg/new.py', '', 'a = 1\nb = 2\n', { created: true })).toBe(
      'diff --git a/pkg/new.py b/pkg/new.py\nnew file mode 100644\n--- /dev/null\n+++ b/pkg/new.py\n@@ -0,0 +1,2 @@\n+a = 1\n+b = 2\n',
    );
  });

  it('shows in the dry-run diff, which git apply accepts, creating the helper', async () => {
    const root = makeProject(PROJECT);
    const { code, stdout } = await cli(['migrate', root, '--select', 'subprocess-asyncio']);
    expect(code).toBe(1);
    expect(stdout).toContain('diff --git a/pkg/_async_subprocess.py b/pkg/_async_subprocess.py\nnew file mode 100644\n--- /dev/null\n+++ b/pkg/_async_subprocess.py\n');
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['apply', '-'], { cwd: root, input: stdout });
    expect(fs.readFileSync(path.join(root, 'pkg/_async_subprocess.py'), 'utf8')).toBe(HELPER_SOURCE);
    expect(fs.readFileSync(path.join(root, 'pkg/tool.py'), 'utf8')).toContain('return (await _async_subprocess.run(["true"])).returncode');
  });

  it('is written by --write, and a second run proposes nothing', async () => {
    const root = makeProject(PROJECT);
    expect((await cli(['migrate', root, '--write', '--select', 'subprocess-asyncio'])).code).toBe(0);
    expect(fs.readFileSync(path.join(root, 'pkg/_async_subprocess.py'), 'utf8')).toBe(HELPER_SOURCE);
    const again = await cli(['migrate', root, '--select', 'subprocess-asyncio']);
    expect(again).toMatchObject({ code: 0, stdout: '' });
  });
});
