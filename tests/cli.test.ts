import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { makeProject } from './helpers/project.js';

async function cli(args: string[], tty: { terminal?: { stdout: boolean; stderr: boolean }; env?: NodeJS.ProcessEnv; progressStream?: NodeJS.WriteStream } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (text) => { stdout += text; }, stderr: (text) => { stderr += text; }, ...tty });
  return { code, stdout, stderr };
}

const ESCAPE = '\x1b[';

const SLEEPY = { 'app.py': 'import time\n\n\ndef nap():\n    time.sleep(0)\n' };

describe('asyncshift migrate', () => {
  it('exits 1 with a git-style diff when changes are proposed, and git apply accepts it', async () => {
    const root = makeProject(SLEEPY);
    const { code, stdout, stderr } = await cli(['migrate', root]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^diff --git a\/app\.py b\/app\.py\n--- a\/app\.py\n\+\+\+ b\/app\.py\n@@/);
    expect(stderr).toMatch(/^asyncshift: 1 Python file scanned; 1 file would change, 0 skipped\n/);
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['apply', '-'], { cwd: root, input: stdout });
    expect(fs.readFileSync(path.join(root, 'app.py'), 'utf8')).toBe('import asyncio\n\n\nasync def nap():\n    await asyncio.sleep(0)\n');
  });

  it('reads options written before the command name as well as after it', async () => {
    const root = makeProject(SLEEPY);
    const before = await cli(['--report', 'json', 'migrate', root]);
    const after = await cli(['migrate', root, '--report', 'json']);
    expect(before.code).toBe(1);
    expect(JSON.parse(before.stderr).edits).toEqual({ propagation: 1, 'time-sleep': 1 });
    expect(before).toEqual(after);
  });

  it('exits 0 when nothing would change', async () => {
    const root = makeProject({ 'app.py': 'def f():\n    return 1\n' });
    const { code, stdout } = await cli(['migrate', root]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
  });

  it('--write applies the same edits in place, keeping the file mode, and a second run changes nothing', async () => {
    const root = makeProject(SLEEPY);
    const file = path.join(root, 'app.py');
    fs.chmodSync(file, 0o755);
    const first = await cli(['migrate', root, '--write']);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(fs.readFileSync(file, 'utf8')).toContain('async def nap():');
    expect(fs.statSync(file).mode & 0o777).toBe(0o755);
    const second = await cli(['migrate', root]);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
  });

  it('exits 2 with a one-line error for a missing path, an unknown transform and bad configuration', async () => {
    const missing = await cli(['migrate', '/nonexistent/place']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^asyncshift: .*no such file or folder\n$/);

    const root = makeProject(SLEEPY);
    const unknown = await cli(['migrate', root, '--select', 'no-such-transform']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('asyncshift: unknown transform "no-such-transform" (see: asyncshift transforms)\n');

    const badConfig = makeProject({ ...SLEEPY, 'pyproject.toml': '[tool.asyncshift]\nkeep-sync = "not-a-list"\n' });
    const config = await cli(['migrate', badConfig]);
    expect(config.code).toBe(2);
    expect(config.stderr.trim().split('\n')).toHaveLength(1);
    expect(config.stderr).toMatch(/keep-sync/);
  });

  it('--select and --ignore choose transforms', async () => {
    const root = makeProject(SLEEPY);
    expect((await cli(['migrate', root, '--ignore', 'time-sleep'])).code).toBe(0);
    expect((await cli(['migrate', root, '--select', 'time-sleep'])).code).toBe(1);
  });

  it('--report json lists files, edits per transform and review items', async () => {
    const root = makeProject({ 'app.py': 'import time\n\n\ndef probe():\n    time.sleep(0)\n\n\nVALUE = probe()\n' });
    const { stderr } = await cli(['migrate', root, '--report', 'json']);
    const report = JSON.parse(stderr);
    expect(report.files).toEqual([{ path: 'app.py', status: 'unchanged' }]);
    expect(report.reviewItems).toEqual([expect.objectContaining({ code: 'AS101', file: 'app.py', line: 4 })]);
  });

  it('--report json counts the blocking calls of non-test code converted and left', async () => {
    const root = makeProject({
      'app.py': 'import time\n\n\ndef nap():\n    time.sleep(0)\n\n\ndef probe():\n    time.sleep(0)\n\n\nVALUE = probe()\n',
      'test_app.py': 'import time\n\n\ndef test_wait():\n    time.sleep(0)\n',
    });
    const { stderr } = await cli(['migrate', root, '--report', 'json']);
    expect(JSON.parse(stderr).blockingCalls).toEqual({
      converted: 1, left: 1,
      leftCalls: [{ file: 'app.py', line: 9, transform: 'time-sleep', function: 'app.probe', cause: '`probe` stays sync: called from module level at app.py:12' }],
    });
  });

  // (A file is parsed when it can change: this one calls a blocking API.)
  it('names an unparsable file and carries on', async () => {
    const root = makeProject({ ...SLEEPY, 'broken.py': 'def f(:\n    time.sleep(1)\n' });
    const { code, stderr } = await cli(['migrate', root]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/broken\.py:1:\d+: cannot parse, left unchanged/);
  });
});

/** A stream that says it is a terminal, and what was drawn on it. */
function fakeTerminal(): { stream: NodeJS.WriteStream; drawn: () => string } {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 100 }) as unknown as NodeJS.WriteStream;
  let drawn = '';
  stream.on('data', (chunk) => { drawn += String(chunk); });
  return { stream, drawn: () => drawn };
}

describe('progress and jobs', () => {
  it('draws a progress bar on a terminal, none with --no-progress, and the same migration with any --jobs', async () => {
    const root = makeProject(SLEEPY);
    const terminal = fakeTerminal();
    const shown = await cli(['migrate', root], { progressStream: terminal.stream });
    expect(terminal.drawn()).toContain('indexing');
    const silent = fakeTerminal();
    const hidden = await cli(['migrate', root, '--no-progress', '--jobs', '1'], { progressStream: silent.stream });
    expect(silent.drawn()).toBe('');
    expect(hidden.stdout).toBe(shown.stdout);
    expect((await cli(['migrate', root, '--jobs', '0'])).stderr).toMatch(/--jobs takes a whole number of threads, at least 1/);
  });
});

describe('output options', () => {
  it('--version prints the package version', async () => {
    const packageVersion = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '..', 'package.json'), 'utf8')).version;
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: `${packageVersion}\n`, stderr: '' });
  });

  it('colours the diff and the summary on a terminal, unless NO_COLOR or --color=never says otherwise', async () => {
    const root = makeProject(SLEEPY);
    const terminal = { stdout: true, stderr: true };
    const coloured = await cli(['migrate', root], { terminal, env: {} });
    expect(coloured.stdout).toContain(`${ESCAPE}32m+async def nap():`);
    expect(coloured.stdout).toContain(`${ESCAPE}31m-def nap():`);
    expect(coloured.stderr).toContain(ESCAPE);
    const plainOutput = await cli(['migrate', root]);
    expect(plainOutput.stdout + plainOutput.stderr).not.toContain(ESCAPE);
    // Colour is stripped, nothing else: the diff is the same text.
    expect(coloured.stdout.replace(/\x1b\[\d+m/g, '')).toBe(plainOutput.stdout);
    for (const [options, env] of [[['--color=never'], {}], [[], { NO_COLOR: '1' }], [[], { TERM: 'dumb' }]] as const) {
      const output = await cli(['migrate', root, ...options], { terminal, env });
      expect(output.stdout + output.stderr, JSON.stringify({ options, env })).not.toContain(ESCAPE);
    }
    const forced = await cli(['migrate', root, '--color=always'], { terminal: { stdout: false, stderr: false }, env: { NO_COLOR: '1' } });
    expect(forced.stdout).toContain(ESCAPE);
  });

  it('--quiet prints the diff and errors, not the summary', async () => {
    const root = makeProject({ ...SLEEPY, 'broken.py': 'def f(:\n    time.sleep(1)\n' });
    const { code, stdout, stderr } = await cli(['migrate', root, '--quiet']);
    expect(code).toBe(1);
    expect(stdout).toContain('+async def nap():');
    expect(stderr).toBe('');
  });

  it('--report markdown prints the pull-request body on stderr, with links under --link-base', async () => {
    const root = makeProject({ 'app.py': 'import time\n\n\ndef probe():\n    time.sleep(0)\n\n\nVALUE = probe()\n' });
    const { stderr } = await cli(['migrate', root, '--report', 'markdown', '--link-base', 'https://example.test/blob/x/']);
    expect(stderr).toMatch(/^## asyncshift: migration to asyncio\n/);
    expect(stderr).toContain('- [ ] [app.py:4](https://example.test/blob/x/app.py#L4) **AS101**');
    expect(stderr).toContain(`asyncshift migrate ${root} --write`);
  });

  it('--annotate shows the review comments in the diff, and writes them with --write', async () => {
    const root = makeProject({ 'app.py': 'import time\n\n\ndef probe():\n    time.sleep(0)\n\n\nVALUE = probe()\n' });
    const dry = await cli(['migrate', root, '--annotate']);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('+# asyncshift: review(AS101): app.probe stays sync');
    expect((await cli(['migrate', root, '--annotate', '--write'])).code).toBe(0);
    expect(fs.readFileSync(path.join(root, 'app.py'), 'utf8')).toContain('# asyncshift: review(AS101): ');
    expect((await cli(['migrate', root, '--annotate'])).code).toBe(0);
  });
});

describe('asyncshift transforms', () => {
  it('lists every transform with a one-line summary', async () => {
    const { code, stdout } = await cli(['transforms']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^time-sleep\s+time\.sleep\(x\) → await asyncio\.sleep\(x\)$/m);
  });
});

describe('bin/asyncshift', () => {
  beforeAll(() => {
    execFileSync('npm', ['run', 'build'], { cwd: path.resolve(import.meta.dirname, '..'), stdio: 'ignore' });
  }, 300_000);

  it('is an executable entry that runs the CLI', () => {
    const bin = path.resolve(import.meta.dirname, '..', 'bin', 'asyncshift');
    expect(fs.statSync(bin).mode & 0o111).not.toBe(0);
    const root = makeProject(SLEEPY);
    const result = spawnSync(bin, ['migrate', root], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('+async def nap():');
  });
});

describe('files that are not UTF-8', () => {
  it('are named and left byte for byte as they were, even with --write', async () => {
    const root = makeProject(SLEEPY);
    const latin1 = Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\nimport time\n\n\ndef f():\n    time.sleep(0)\n    return "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]);
    fs.writeFileSync(path.join(root, 'legacy.py'), latin1);
    const { code, stderr } = await cli(['migrate', root, '--write']);
    expect(code).toBe(0);
    expect(stderr).toContain('legacy.py: not UTF-8 text, left unchanged');
    expect(fs.readFileSync(path.join(root, 'legacy.py')).equals(latin1)).toBe(true);
    expect(fs.readFileSync(path.join(root, 'app.py'), 'utf8')).toContain('async def nap():');
  });
});
