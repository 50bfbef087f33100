"""Cost of one small filesystem call made directly, through asyncio.to_thread, and through aiofiles.os,
from inside a running event loop. Used by transforms/open-aiofiles.ts to decide which calls to convert.

Run: python3 bench/small-calls.py
"""
import asyncio
import os
import tempfile
import time

import aiofiles.os

N = 2000


async def measure(label, call):
    start = time.perf_counter()
    for _ in range(N):
        await call()
    return label, (time.perf_counter() - start) / N * 1e6


async def main():
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "probe.txt")
        with open(path, "w") as f:
            f.write("x")
        for index in range(200):
            open(os.path.join(folder, f"entry{index}"), "w").close()

        async def direct_exists():
            os.path.exists(path)

        async def direct_stat():
            os.stat(path)

        async def direct_listdir():
            os.listdir(folder)

        async def direct_touch_remove():
            target = os.path.join(folder, "t")
            open(target, "w").close()
            os.remove(target)

        async def thread_exists():
            await asyncio.to_thread(os.path.exists, path)

        async def thread_stat():
            await asyncio.to_thread(os.stat, path)

        async def thread_listdir():
            await asyncio.to_thread(os.listdir, folder)

        async def aiofiles_exists():
            await aiofiles.os.path.exists(path)

        async def aiofiles_stat():
            await aiofiles.os.stat(path)

        async def aiofiles_listdir():
            await aiofiles.os.listdir(folder)

        results = [
            await measure("os.path.exists direct", direct_exists),
            await measure("os.path.exists to_thread", thread_exists),
            await measure("os.path.exists aiofiles", aiofiles_exists),
            await measure("os.stat direct", direct_stat),
            await measure("os.stat to_thread", thread_stat),
            await measure("os.stat aiofiles", aiofiles_stat),
            await measure("os.listdir(200) direct", direct_listdir),
            await measure("os.listdir(200) to_thread", thread_listdir),
            await measure("os.listdir(200) aiofiles", aiofiles_listdir),
            await measure("create+os.remove direct", direct_touch_remove),
        ]
        for label, micros in results:
            print(f"{label:30s} {micros:8.2f} us")


asyncio.run(main())
