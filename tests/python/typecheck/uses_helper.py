"""Calls of the generated helper as migrated code makes them: pyright must accept every line and
infer the result types subprocess's own stubs give (text=, universal_newlines=, encoding=, errors=
give str; otherwise bytes)."""

import subprocess
from typing import Any, List, Tuple

from typing_extensions import assert_type

import _async_subprocess


async def bytes_results(command: List[str]) -> None:
    done = await _async_subprocess.run(command, capture_output=True, check=True, timeout=10)
    assert_type(done, subprocess.CompletedProcess[bytes])
    print(done.stdout.decode().strip(), done.returncode)
    piped = await _async_subprocess.run(args=command, input=b"data", stdout=subprocess.PIPE, cwd="/")
    assert_type(piped.stdout, bytes)
    output = await _async_subprocess.check_output(command, stderr=subprocess.STDOUT, env={"A": "1"})
    assert_type(output, bytes)
    print(output.decode("utf-8", "replace").splitlines())
    process = await _async_subprocess.popen(command, stdout=subprocess.PIPE)
    assert_type(process, _async_subprocess.Popen[bytes])
    out, _ = await process.communicate(b"input", timeout=5)
    assert_type(out, bytes)


async def text_results(command: str) -> None:
    done = await _async_subprocess.run(command, shell=True, capture_output=True, text=True)
    assert_type(done, subprocess.CompletedProcess[str])
    print(done.stdout.splitlines(), done.stderr.strip())
    assert_type((await _async_subprocess.run(command, stdout=subprocess.PIPE, encoding="latin-1")).stdout, str)
    assert_type((await _async_subprocess.run(command, stdout=subprocess.PIPE, errors="replace")).stdout, str)
    assert_type(await _async_subprocess.check_output(command, universal_newlines=True), str)
    assert_type(await _async_subprocess.check_output(command, text=True, input="x"), str)
    process = await _async_subprocess.popen(command, shell=True, stdout=subprocess.PIPE, text=True)
    assert_type(process, _async_subprocess.Popen[str])
    async with process:
        if process.stdout is not None:
            async for line in process.stdout:
                print(line.rstrip())
    assert_type(await _async_subprocess.getstatusoutput(command), Tuple[int, str])
    assert_type(await _async_subprocess.getoutput(command, encoding="utf-8"), str)
    assert_type(await _async_subprocess.os_popen_read(command), str)


async def undecided_results(command: List[str], text: bool) -> None:
    # Not known statically: Any, as in typeshed, so either use type-checks.
    assert_type(await _async_subprocess.check_output(command, text=text), Any)
    assert_type((await _async_subprocess.run(command, text=text)).stdout, Any)


async def exit_codes(command: List[str]) -> int:
    code = await _async_subprocess.call(command, timeout=1.5)
    code += await _async_subprocess.check_call(command, cwd="/tmp")
    code += await _async_subprocess.os_system("true")
    process = await _async_subprocess.popen(command)
    if process.poll() is None:
        process.terminate()
    if process.returncode > 0:  # typed as in typeshed: no None check demanded
        code += await process.wait(timeout=None)
    return code
