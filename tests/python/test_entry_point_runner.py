"""The runner a split entry point's sync wrapper calls: asyncio.run outside an event loop, and a
private loop in a worker thread inside one, where asyncio.run would raise."""

import asyncio
import logging
import threading

import pytest

from entry_point_runner import _run_entry_point


async def _where_it_ran(value):
    await asyncio.sleep(0)
    return value, threading.get_ident(), id(asyncio.get_running_loop())


async def _fails():
    await asyncio.sleep(0)
    raise KeyError("missing")


def test_outside_a_loop_runs_the_coroutine_on_this_thread():
    value, thread, _ = _run_entry_point(_where_it_ran(42))
    assert (value, thread) == (42, threading.get_ident())


def test_inside_a_running_loop_runs_it_to_completion_on_a_private_loop():
    async def caller():
        caller_loop = id(asyncio.get_running_loop())
        value, thread, loop = _run_entry_point(_where_it_ran("done"))  # a sync call, as a CLI's main() is
        return value, thread != threading.get_ident(), loop != caller_loop

    assert asyncio.run(caller()) == ("done", True, True)


@pytest.mark.parametrize("inside_a_loop", [False, True])
def test_exceptions_reach_the_sync_caller_unchanged(inside_a_loop):
    async def caller():
        return _run_entry_point(_fails())

    with pytest.raises(KeyError, match="missing"):
        asyncio.run(caller()) if inside_a_loop else _run_entry_point(_fails())


@pytest.mark.parametrize("inside_a_loop", [False, True])
def test_logs_nothing_of_its_own_loop(inside_a_loop, caplog):
    """A sync entry point logged nothing about event loops; a test capturing every record sees none."""

    async def caller():
        return _run_entry_point(_where_it_ran(1))

    with caplog.at_level(logging.DEBUG):
        asyncio.run(caller()) if inside_a_loop else _run_entry_point(_where_it_ran(1))
    # Inside a loop, the caller's own asyncio.run may log its loop here; the runner's loop runs in a worker thread.
    made_by_the_runner = [
        record for record in caplog.records
        if record.name == "asyncio" and (not inside_a_loop or record.thread != threading.get_ident())
    ]
    assert made_by_the_runner == []
