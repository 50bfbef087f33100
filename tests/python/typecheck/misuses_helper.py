"""Wrong uses of the helper's results: pyright must report an error on each line marked "error",
and on no other line. This proves the overloads decide bytes or str rather than giving Any."""

import _async_subprocess


async def misuses(command: str) -> None:
    text = await _async_subprocess.run(command, capture_output=True, text=True)
    text.stdout.decode()  # error: str has no decode
    raw = await _async_subprocess.run(command, capture_output=True)
    raw.stdout.startswith("#")  # error: bytes take a bytes prefix
    output = await _async_subprocess.check_output(command, encoding="utf-8")
    output.decode()  # error: str has no decode
    status, merged = await _async_subprocess.getstatusoutput(command)
    merged.decode()  # error: str has no decode
    process = await _async_subprocess.popen(command)
    await process.communicate("text input")  # error: a bytes Popen takes bytes
    await _async_subprocess.call(command, timeout="soon")  # error: timeout is a number
    print(status)
