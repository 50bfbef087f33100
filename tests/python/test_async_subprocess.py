"""The helper against subprocess itself: each case runs through the stdlib function and through its
async twin, and the results or exceptions (type and every field) must be equal. Also the Popen
shapes (communicate timeout and retry, async for, kill, wait timeout, async with closing a pipe, a
stdin write, read(n)) and that a cancelled run kills and reaps its child."""

import asyncio
import os
import subprocess
import sys
import time

import pytest

import _async_subprocess as helper

PY = sys.executable


def outcome(call):
    """What a call returned or raised, as a value to compare: every field of subprocess's results."""
    try:
        value = call()
    except BaseException as error:  # noqa: BLE001 - the exception is the outcome
        value = error
    if isinstance(value, subprocess.CompletedProcess):
        return ("completed", value.args, value.returncode, value.stdout, value.stderr)
    if isinstance(value, subprocess.TimeoutExpired):
        # subprocess reports the time that was left when no pipe was read: compare to 0.1 s
        return ("timeout", value.cmd, round(value.timeout, 1), value.output, value.stderr)
    if isinstance(value, subprocess.CalledProcessError):
        return ("called", value.returncode, value.cmd, value.output, value.stderr)
    if isinstance(value, BaseException):
        return ("error", type(value).__name__, str(value))
    return ("value", value)


CASES = [
    ("run", ([PY, "-c", "print('hi')"],), {"capture_output": True}),
    ("run", ([PY, "-c", "print('hi')"],), {"capture_output": True, "text": True}),
    ("run", ([PY, "-c", "import sys; sys.stdout.write('a\\r\\nb\\rc\\n')"],), {"stdout": subprocess.PIPE, "universal_newlines": True}),
    ("run", ([PY, "-c", "import sys; sys.stdout.buffer.write('é\\r\\n'.encode('latin-1'))"],), {"capture_output": True, "encoding": "latin-1"}),
    ("run", ([PY, "-c", "import sys; sys.stdout.buffer.write(b'\\xff\\r\\n')"],), {"capture_output": True, "errors": "replace"}),
    ("run", ([PY, "-c", "import sys; sys.stdout.buffer.write(b'\\xff')"],), {"capture_output": True, "text": True}),
    ("run", ([PY, "-c", "import sys; print('err', file=sys.stderr); sys.exit(3)"],), {"capture_output": True, "text": True, "check": True}),
    ("run", ([PY, "-c", "import sys; sys.exit(3)"],), {"check": True}),
    ("run", ([PY, "-c", "import sys; sys.exit(3)"],), {}),
    ("run", (["false"],), {"check": True}),
    ("run", (["sort"],), {"input": "b\na\nc\n", "capture_output": True, "text": True}),
    ("run", (["sort"],), {"input": b"b\na\n", "stdout": subprocess.PIPE}),
    ("run", ("printf 'x\\ny\\n' | sort -r",), {"shell": True, "capture_output": True, "text": True}),
    ("run", (["echo $0 $1", "zero", "one"],), {"shell": True, "capture_output": True, "text": True}),
    ("run", ("echo out; echo err >&2",), {"shell": True, "stdout": subprocess.PIPE, "stderr": subprocess.STDOUT, "text": True}),
    ("run", ("echo out; echo err >&2",), {"shell": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}),
    ("run", ("pwd",), {"shell": True, "capture_output": True, "text": True, "cwd": "/tmp"}),
    ("run", ("echo $ASX",), {"shell": True, "capture_output": True, "text": True, "env": {"ASX": "42", "PATH": os.environ["PATH"]}}),
    ("run", ([PY, "-c", "import sys, time; print('partial', flush=True); time.sleep(30)"],), {"capture_output": True, "timeout": 3}),
    ("run", ([PY, "-c", "import time; time.sleep(5)"],), {"timeout": 0.5}),
    ("run", (["/nonexistent/prog"],), {}),
    ("run", ("echo",), {"capture_output": True}),
    ("run", ([PY, "-c", "print(1)"],), {"capture_output": True, "stdout": subprocess.PIPE}),
    ("run", (["cat"],), {"input": "x", "stdin": subprocess.PIPE}),
    ("run", ([PY, "-c", "import sys; sys.stdout.write('x' * 200000)"],), {"capture_output": True}),
    ("run", (["head", "-c", "1"],), {"input": b"y" * 500000, "capture_output": True}),
    ("run", (),  {"args": ["echo", "kw"], "capture_output": True}),
    ("run", ([PY, "-c", "print(1)"],), {"text": True, "universal_newlines": False, "capture_output": True}),
    ("call", (["true"],), {}),
    ("call", (["sh", "-c", "exit 7"],), {}),
    ("call", ([PY, "-c", "import time; time.sleep(5)"],), {"timeout": 0.3}),
    ("check_call", (["sh", "-c", "exit 7"],), {}),
    ("check_call", (),  {"args": ["sh", "-c", "exit 2"]}),
    ("check_call", (["true"],), {}),
    ("check_output", (["echo", "hello"],), {}),
    ("check_output", (["echo", "hello"],), {"text": True}),
    ("check_output", (["cat"],), {"input": None}),
    ("check_output", (["cat"],), {"input": None, "text": True}),
    ("check_output", ("echo bad; exit 4",), {"shell": True, "text": True}),
    ("check_output", (["echo"],), {"stdout": None}),
    ("check_output", ([PY, "-c", "import time; print('p', flush=True); time.sleep(30)"],), {"timeout": 3}),
    ("getoutput", ("echo a; echo b >&2",), {}),
    ("getstatusoutput", ("echo a; exit 3",), {}),
    ("getstatusoutput", ("printf 'x\\n\\n'",), {}),
    ("getstatusoutput", ("nosuchcommand-xyz",), {}),
]



@pytest.mark.parametrize("name, args, kwargs", CASES, ids=[f"{index}-{case[0]}" for index, case in enumerate(CASES)])
def test_twin_returns_and_raises_what_subprocess_does(name, args, kwargs):
    expected = outcome(lambda: getattr(subprocess, name)(*args, **kwargs))
    got = outcome(lambda: asyncio.run(getattr(helper, name)(*args, **kwargs)))
    assert got == expected


@pytest.mark.parametrize("command", ["exit 3", "true", "kill -TERM $$", "echo system-out"])
def test_os_system_returns_the_wait_status(command):
    assert asyncio.run(helper.os_system(command)) == os.system(command)


@pytest.mark.parametrize("command", ["printf 'a\\r\\nb\\n'", "echo hi; exit 2", "echo err >&2"])
def test_os_popen_read_returns_the_text_read(command):
    with os.popen(command) as stream:
        expected = stream.read()
    assert asyncio.run(helper.os_popen_read(command)) == expected


def test_communicate_timeout_keeps_the_child_and_the_output_read_so_far(tmp_path):
    go_on = tmp_path / "go-on"
    script = f"import os, time\nprint('one', flush=True)\nwhile not os.path.exists({str(go_on)!r}): time.sleep(0.02)\nprint('two')"

    async def scenario():
        p = await helper.popen([PY, "-c", script], stdout=subprocess.PIPE, text=True)
        with pytest.raises(subprocess.TimeoutExpired) as timeout:
            await p.communicate(timeout=3)
        go_on.touch()
        out, err = await p.communicate()
        return timeout.value.output, out, err, p.returncode

    assert asyncio.run(scenario()) == (b"one\n", "one\ntwo\n", None, 0)


def test_async_for_reads_lines_as_iterating_the_sync_pipe_does():
    script = "import sys; sys.stdout.write('a\\r\\nb\\rc')"

    async def scenario():
        p = await helper.popen([PY, "-c", script], stdout=subprocess.PIPE, text=True)
        assert p.stdout is not None
        lines = [line async for line in p.stdout]
        return lines, await p.wait()

    with subprocess.Popen([PY, "-c", script], stdout=subprocess.PIPE, text=True) as sync:
        assert sync.stdout is not None
        expected = list(sync.stdout)
    assert asyncio.run(scenario()) == (expected, 0)


def test_poll_kill_and_wait_timeout():
    async def scenario():
        p = await helper.popen([PY, "-c", "import time; time.sleep(30)"])
        running = p.poll()
        with pytest.raises(subprocess.TimeoutExpired) as timeout:
            await p.wait(timeout=0.2)
        p.kill()
        returncode = await p.wait()
        p.kill()  # does nothing once the child has exited
        return running, timeout.value.timeout, returncode, p.poll()

    assert asyncio.run(scenario()) == (None, 0.2, -9, -9)


def test_async_with_closes_a_pipe_nobody_reads_as_with_does():
    # "yes" gets SIGPIPE once its reader is gone, as with "with Popen(...)".
    async def scenario():
        async with await helper.popen(["yes"], stdout=subprocess.PIPE) as p:
            assert p.stdout is not None
            first = await p.stdout.readline()
        return first, p.returncode

    with subprocess.Popen(["yes"], stdout=subprocess.PIPE) as q:
        assert q.stdout is not None
        q.stdout.readline()
    assert asyncio.run(scenario()) == (b"y\n", q.returncode)


def test_a_grandchild_holding_the_pipe_does_not_delay_a_timeout():
    async def scenario():
        with pytest.raises(subprocess.TimeoutExpired):
            await helper.run("sleep 10 | sort", shell=True, capture_output=True, timeout=0.3)

    start = time.monotonic()
    asyncio.run(scenario())
    assert time.monotonic() - start < 8  # the grandchild "sleep" holds the pipe for 10 s


@pytest.mark.parametrize("text", [True, False])
def test_read_n_returns_as_soon_as_n_are_there(text):
    # The child writes, then waits for its stdin to close: read(3) must return before it ends.
    script = "import sys; sys.stdout.write('ab\\r\\ncd'); sys.stdout.flush(); sys.stdin.read()"
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "text": text}

    async def scenario():
        p = await helper.popen([PY, "-c", script], **pipes)
        assert p.stdin is not None and p.stdout is not None
        head = await asyncio.wait_for(p.stdout.read(3), 60)
        p.stdin.close()
        rest = await p.stdout.read()
        await p.wait()
        return head, rest

    with subprocess.Popen([PY, "-c", script], **pipes) as q:
        assert q.stdin is not None and q.stdout is not None
        head = q.stdout.read(3)
        q.stdin.close()
        expected = (head, q.stdout.read())
    assert asyncio.run(scenario()) == expected


def test_stdin_write_and_close():
    async def scenario():
        p = await helper.popen(["sort"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert p.stdin is not None and p.stdout is not None
        p.stdin.write("b\na\n")
        p.stdin.close()
        out = await p.stdout.read()
        await p.wait()
        return out

    assert asyncio.run(scenario()) == "a\nb\n"


def test_a_cancelled_run_kills_and_reaps_its_child(tmp_path):
    written, pidfile = str(tmp_path / "pid.tmp"), tmp_path / "pid.txt"
    script = (f"import os, time\nwith open({written!r}, 'w') as f:\n    f.write(str(os.getpid()))\n"
              f"os.replace({written!r}, {str(pidfile)!r})\ntime.sleep(30)")

    async def scenario():
        task = asyncio.ensure_future(helper.run([PY, "-c", script]))
        deadline = time.monotonic() + 20
        while not pidfile.exists() and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(scenario())
    with pytest.raises(ProcessLookupError):
        os.kill(int(pidfile.read_text()), 0)
