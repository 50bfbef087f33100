import { describe, expect, it } from 'vitest';
import { HELPER_SOURCE } from '../transforms/subprocess-asyncio/helper-module.js';
import { migrateFiles } from './helpers/project.js';

/** Must-change and must-not-change cases for subprocess-asyncio, one mapping row at a time. */
const only = { select: ['subprocess-asyncio'] };

function migrate(files: Record<string, string>) {
  return migrateFiles({ 'pkg/__init__.py': '', ...files }, only);
}

describe('subprocess-asyncio: one-shot functions', () => {
  it('run → await _async_subprocess.run, keeping every argument, with the helper created once in the package', () => {
    const { after, result } = migrate({
      'pkg/build.py': 'import subprocess\n\n\ndef build(cmd, root):\n    return subprocess.run(cmd, cwd=root, check=True, capture_output=True, text=True, timeout=30).stdout\n',
    });
    expect(after['pkg/build.py']).toBe('from . import _async_subprocess\n\n\nasync def build(cmd, root):\n'
      + '    return (await _async_subprocess.run(cmd, cwd=root, check=True, capture_output=True, text=True, timeout=30)).stdout\n');
    expect(after['pkg/_async_subprocess.py']).toBe(HELPER_SOURCE);
    const created = result.files.find((file) => file.relativePath === 'pkg/_async_subprocess.py');
    expect(created?.outcome).toEqual({ status: 'changed', before: '', after: HELPER_SOURCE, created: true });
    expect(result.counts['subprocess-asyncio']).toBe(1);
  });

  it.each([
    ['call', 'subprocess.call(["true"])', '_async_subprocess.call(["true"])'],
    ['check_call', 'subprocess.check_call(["make"], stdout=subprocess.DEVNULL)', '_async_subprocess.check_call(["make"], stdout=subprocess.DEVNULL)'],
    ['check_output', 'subprocess.check_output(["git", "rev-parse", "HEAD"], text=True)', '_async_subprocess.check_output(["git", "rev-parse", "HEAD"], text=True)'],
    ['getoutput', 'subprocess.getoutput("uname -a")', '_async_subprocess.getoutput("uname -a")'],
    ['getstatusoutput', 'subprocess.getstatusoutput("ls", encoding="utf-8")', '_async_subprocess.getstatusoutput("ls", encoding="utf-8")'],
    ['run with shell=True, input= and args=', 'subprocess.run(args="sort | uniq", shell=True, input=data)', '_async_subprocess.run(args="sort | uniq", shell=True, input=data)'],
  ])('%s is awaited through its twin', (_name, call, converted) => {
    const { after } = migrate({ 'pkg/tool.py': `import subprocess\n\n\ndef go(data=None):\n    return ${call}\n` });
    // `import subprocess` stays only where subprocess.DEVNULL still uses it.
    const header = call.includes('DEVNULL') ? 'import subprocess\n\nfrom . import _async_subprocess\n' : 'from . import _async_subprocess\n';
    expect(after['pkg/tool.py']).toBe(`${header}\n\nasync def go(data=None):\n    return await ${converted}\n`);
  });

  it('os.system and os.popen(cmd).read() use their twins and release an unused os import', () => {
    const { after } = migrate({
      'pkg/sysinfo.py': 'import os\n\n\ndef info():\n    status = os.system("true")\n    return status, os.popen("uname -s").read().strip()\n',
    });
    expect(after['pkg/sysinfo.py']).toBe('from . import _async_subprocess\n\n\nasync def info():\n'
      + '    status = await _async_subprocess.os_system("true")\n'
      + '    return status, (await _async_subprocess.os_popen_read("uname -s")).strip()\n');
  });

  it('follows from-imports and aliases, and keeps the subprocess import while it is still used', () => {
    const { after } = migrate({
      'pkg/a.py': 'from subprocess import run, CalledProcessError\n\n\ndef a():\n    try:\n        run(["false"], check=True)\n    except CalledProcessError:\n        return 1\n',
      'pkg/b.py': 'import subprocess as sp\n\n\ndef b():\n    return sp.check_output(["date"])\n',
    });
    expect(after['pkg/a.py']).toBe('from subprocess import CalledProcessError\n\nfrom . import _async_subprocess\n\n\nasync def a():\n'
      + '    try:\n        await _async_subprocess.run(["false"], check=True)\n    except CalledProcessError:\n        return 1\n');
    expect(after['pkg/b.py']).toBe('from . import _async_subprocess\n\n\nasync def b():\n    return await _async_subprocess.check_output(["date"])\n');
  });

  it('imports the helper by package depth: nested packages use `from ..`, top-level modules `import`', () => {
    const { after } = migrateFiles({
      'pkg/__init__.py': '',
      'pkg/sub/__init__.py': '',
      'pkg/sub/deep.py': 'import subprocess\n\n\ndef f():\n    subprocess.call(["true"])\n',
      'script.py': 'import subprocess\n\n\ndef g():\n    subprocess.call(["true"])\n',
    }, only);
    expect(after['pkg/sub/deep.py']).toBe('from .. import _async_subprocess\n\n\nasync def f():\n    await _async_subprocess.call(["true"])\n');
    expect(after['script.py']).toBe('import _async_subprocess\n\n\nasync def g():\n    await _async_subprocess.call(["true"])\n');
    expect(Object.keys(after).filter((file) => file.endsWith('_async_subprocess.py')).sort()).toEqual(['_async_subprocess.py', 'pkg/_async_subprocess.py']);
  });

  it('awaits callers across modules and migrates the tests that call them', () => {
    const { after } = migrate({
      'pkg/git.py': 'import subprocess\n\n\ndef head():\n    return subprocess.check_output(["git", "rev-parse", "HEAD"], text=True).strip()\n',
      'pkg/release.py': 'from .git import head\n\n\ndef tag():\n    return "v-" + head()\n',
      'tests/test_release.py': 'from pkg.release import tag\n\n\ndef test_tag():\n    assert tag().startswith("v-")\n',
    });
    expect(after['pkg/release.py']).toBe('from .git import head\n\n\nasync def tag():\n    return "v-" + await head()\n');
    expect(after['tests/test_release.py']).toBe('from pkg.release import tag\n\n\nasync def test_tag():\n    assert (await tag()).startswith("v-")\n');
  });
});

describe('subprocess-asyncio: Popen', () => {
  it('a local Popen becomes the async Popen: communicate and wait awaited, poll/returncode/kill plain', () => {
    const { after } = migrate({
      'pkg/jobs.py': [
        'import subprocess', '', '',
        'def feed(argv, data, timeout):',
        '    p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE)',
        '    try:',
        '        out = p.communicate(data, timeout=timeout)[0]',
        '    except subprocess.TimeoutExpired:',
        '        p.kill()',
        '        out = p.communicate()[0]',
        '    if p.poll() is None:',
        '        p.wait()',
        '    return p.returncode, p.pid, out',
        '',
      ].join('\n'),
    });
    expect(after['pkg/jobs.py']).toBe([
      'import subprocess', '', 'from . import _async_subprocess', '', '',
      'async def feed(argv, data, timeout):',
      '    p = await _async_subprocess.popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE)',
      '    try:',
      '        out = (await p.communicate(data, timeout=timeout))[0]',
      '    except subprocess.TimeoutExpired:',
      '        p.kill()',
      '        out = (await p.communicate())[0]',
      '    if p.poll() is None:',
      '        await p.wait()',
      '    return p.returncode, p.pid, out',
      '',
    ].join('\n'));
  });

  it('pipe reads are awaited and loops over a pipe become async for; `with Popen` becomes async with', () => {
    const { after } = migrate({
      'pkg/stream.py': [
        'import subprocess', '', '',
        'def lines(argv):',
        '    p = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)',
        '    first = p.stdout.readline()',
        '    rest = [line for line in p.stdout]',
        '    for line in p.stdout:',
        '        rest.append(line)',
        '    p.wait()',
        '    return first, rest',
        '', '',
        'def head(argv):',
        '    with subprocess.Popen(argv, stdout=subprocess.PIPE) as p:',
        '        return p.stdout.read(), p.args',
        '',
      ].join('\n'),
    });
    expect(after['pkg/stream.py']).toBe([
      'import subprocess', '', 'from . import _async_subprocess', '', '',
      'async def lines(argv):',
      '    p = await _async_subprocess.popen(argv, stdout=subprocess.PIPE, text=True)',
      '    first = await p.stdout.readline()',
      '    rest = [line async for line in p.stdout]',
      '    async for line in p.stdout:',
      '        rest.append(line)',
      '    await p.wait()',
      '    return first, rest',
      '', '',
      'async def head(argv):',
      '    async with await _async_subprocess.popen(argv, stdout=subprocess.PIPE) as p:',
      '        return await p.stdout.read(), p.args',
      '',
    ].join('\n'));
  });

  it('a Popen stored on self stays sync: its wait and pipe reads run in a worker thread, reported', () => {
    const { after, result } = migrate({
      'pkg/worker.py': [
        'import subprocess', '', '',
        'class Worker:',
        '    def start(self, argv):',
        '        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE)',
        '',
        '    def alive(self):',
        '        return self.proc.poll() is None',
        '',
        '    def stop(self):',
        '        self.proc.terminate()',
        '        return self.proc.wait(timeout=5), self.proc.stdout.read()',
        '',
      ].join('\n'),
    });
    expect(after['pkg/worker.py']).toBe([
      'import asyncio', 'import subprocess', '', '',
      'class Worker:',
      '    def start(self, argv):',
      '        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE)',
      '',
      '    def alive(self):',
      '        return self.proc.poll() is None',
      '',
      '    async def stop(self):',
      '        self.proc.terminate()',
      '        return await asyncio.to_thread(self.proc.wait, timeout=5), await asyncio.to_thread(self.proc.stdout.read)',
      '',
    ].join('\n'));
    expect(after['pkg/_async_subprocess.py']).toBeUndefined();
    expect(result.reviews.map((item) => [item.code, item.line])).toEqual([['AS502', 13], ['AS502', 13]]);
    expect(result.bridges).toBe(2);
  });

  it.each([
    ['returned', '    return p'],
    ['handed to another Popen', '    q = subprocess.Popen(["sort"], stdin=p.stdout)\n    return q'],
    ['used in a nested function', '    def reap():\n        return p.wait()\n    return reap'],
    ['given to a thread', '    threading.Thread(target=p.wait).start()'],
  ])('a local Popen %s stays a subprocess.Popen', (_how, tail) => {
    const source = `import subprocess\nimport threading\n\n\ndef spawn(argv):\n    p = subprocess.Popen(argv, stdout=subprocess.PIPE)\n    p.wait()\n${tail}\n`;
    const { after, result } = migrate({ 'pkg/spawn.py': source });
    const migrated = after['pkg/spawn.py'];
    expect(migrated).toContain('    p = subprocess.Popen(argv, stdout=subprocess.PIPE)\n    await asyncio.to_thread(p.wait)\n');
    expect(migrated).not.toContain('_async_subprocess');
    expect(result.reviews.map((item) => item.code)).toContain('AS502');
  });

  it('a loop over the pipe of a Popen that stays sync is reported', () => {
    const { result } = migrate({
      'pkg/tail.py': 'import subprocess\n\n\ndef tail(argv):\n    p = subprocess.Popen(argv, stdout=subprocess.PIPE)\n    for line in p.stdout:\n        print(line)\n    p.wait()\n    return p\n',
    });
    expect(result.reviews.map((item) => [item.code, item.line])).toEqual([['AS504', 6], ['AS502', 8]]);
  });
});

describe('subprocess-asyncio: shapes left sync or bridged', () => {
  it('preexec_fn, *args and options by position keep the sync call in a worker thread (AS501)', () => {
    const { after, result } = migrate({
      'pkg/odd.py': [
        'import os', 'import subprocess', '', '',
        'def odd(cmd, extra):',
        '    subprocess.run(cmd, preexec_fn=os.setsid)',
        '    subprocess.call(*extra)',
        '    subprocess.check_call(cmd, -1)',
        '',
      ].join('\n'),
    });
    expect(after['pkg/odd.py']).toBe([
      'import asyncio', 'import os', 'import subprocess', '', '',
      'async def odd(cmd, extra):',
      '    await asyncio.to_thread(subprocess.run, cmd, preexec_fn=os.setsid)',
      '    await asyncio.to_thread(subprocess.call, *extra)',
      '    await asyncio.to_thread(subprocess.check_call, cmd, -1)',
      '',
    ].join('\n'));
    expect(result.reviews.map((item) => item.code)).toEqual(['AS501', 'AS501', 'AS501']);
  });

  it('os.popen used other than .read() is left and reported when its function is async', () => {
    const { after, result } = migrate({
      'pkg/p.py': 'import os\nimport subprocess\n\n\ndef f():\n    subprocess.call(["true"])\n    with os.popen("ls") as pipe:\n        return pipe.readlines()\n',
    });
    expect(after['pkg/p.py']).toContain('    with os.popen("ls") as pipe:\n');
    expect(result.reviews.map((item) => [item.code, item.line])).toEqual([['AS503', 7]]);
  });

  it('leaves local look-alikes, module-level calls, lambdas and pinned functions alone', () => {
    const { after, result } = migrate({
      'pkg/same.py': 'def run(cmd):\n    return cmd\n\n\ndef f():\n    return run(["x"])\n',
      'pkg/shadow.py': 'import subprocess\n\n\ndef f(subprocess):\n    return subprocess.run(["x"])\n',
      'pkg/top.py': 'import subprocess\n\nVERSION = subprocess.check_output(["git", "describe"])\nRUN = lambda: subprocess.call(["true"])\n',
      'pkg/pinned.py': 'import subprocess\n\n\ndef sync_only():  # asyncshift: keep-sync\n    return subprocess.call(["true"])\n',
    });
    expect(after).toEqual({});
    expect(result.reviews.filter((item) => item.code.startsWith('AS5'))).toEqual([]);
  });

  it('a second run changes nothing, with the helper in place', () => {
    const first = migrate({
      'pkg/a.py': 'import subprocess\n\n\ndef a():\n    p = subprocess.Popen(["true"])\n    return p.wait(), subprocess.run(["true"]).returncode\n',
    });
    const second = migrateFiles({ 'pkg/__init__.py': '', ...first.after }, only);
    expect(second.after).toEqual({});
    expect(second.result.reviews).toEqual([]);
  });

  it('never overwrites an existing file of the same name: it is reported instead (AS111)', () => {
    const { after, result } = migrate({
      'pkg/_async_subprocess.py': '# mine\n',
      'pkg/a.py': 'import subprocess\n\n\ndef a():\n    subprocess.call(["true"])\n',
    });
    expect(after['pkg/_async_subprocess.py']).toBeUndefined();
    expect(after['pkg/a.py']).toContain('await _async_subprocess.call(["true"])');
    expect(result.reviews.map((item) => [item.code, item.file])).toEqual([['AS111', 'pkg/_async_subprocess.py']]);
  });
});
