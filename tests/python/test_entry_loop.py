"""The runner an entry block that runs several coroutines calls: one event loop for all of them,
so that what one makes (a client with pooled connections) still works in the next."""

import asyncio
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import entry_loop
from entry_loop import _run_on_entry_loop


async def _loop_id():
    await asyncio.sleep(0)
    return id(asyncio.get_running_loop())


async def _fails():
    await asyncio.sleep(0)
    raise KeyError("missing")


def test_every_call_runs_on_the_same_loop():
    assert _run_on_entry_loop(_loop_id()) == _run_on_entry_loop(_loop_id())


def test_an_exception_reaches_the_caller_and_the_loop_serves_the_next_call():
    with pytest.raises(KeyError, match="missing"):
        _run_on_entry_loop(_fails())
    assert isinstance(_run_on_entry_loop(_loop_id()), int)


def test_a_stream_opened_in_one_call_is_used_in_the_next(tmp_path):
    # What asyncio.run at each call breaks: a connection bound to the first call's loop.
    script = tmp_path / "client.py"
    script.write_text(textwrap.dedent(
        """
        import asyncio
        import sys

        from entry_loop import _run_on_entry_loop


        async def handle(reader, writer):
            writer.write((await reader.readline()).upper())
            await writer.drain()
            writer.close()


        async def connect():
            server = await asyncio.start_server(handle, "127.0.0.1", 0)
            port = server.sockets[0].getsockname()[1]
            return server, await asyncio.open_connection("127.0.0.1", port)


        async def ask(streams, line):
            reader, writer = streams
            writer.write(line)
            await writer.drain()
            return await reader.readline()


        if __name__ == "__main__":
            server, streams = _run_on_entry_loop(connect())
            sys.stdout.write(_run_on_entry_loop(ask(streams, b"hello\\n")).decode())
        """
    ))
    helper_folder = str(Path(entry_loop.__file__).parent)
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env={"PYTHONPATH": helper_folder}, timeout=30,
    )
    assert (done.returncode, done.stdout) == (0, "HELLO\n"), done.stderr


def test_at_exit_a_pending_task_is_cancelled_and_an_async_generator_finalised(tmp_path):
    script = tmp_path / "tasks.py"
    script.write_text(textwrap.dedent(
        """
        import asyncio

        from entry_loop import _run_on_entry_loop


        async def forever():
            try:
                await asyncio.sleep(3600)
            except asyncio.CancelledError:
                print("task cancelled")
                raise


        async def numbers():
            try:
                yield 1
                yield 2
            finally:
                print("generator finalised")


        async def start():
            asyncio.get_running_loop().create_task(forever())
            async for number in numbers():
                return number


        if __name__ == "__main__":
            print(_run_on_entry_loop(start()))
        """
    ))
    helper_folder = str(Path(entry_loop.__file__).parent)
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env={"PYTHONPATH": helper_folder}, timeout=30,
    )
    assert (done.returncode, sorted(done.stdout.splitlines()), done.stderr) == (0, ["1", "generator finalised", "task cancelled"], "")
