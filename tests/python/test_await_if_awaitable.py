"""The helper a call on a receiver of unknown type goes through: it awaits a coroutine (a project
method that turned async), and hands any other result back untouched (a library object's method)."""

import asyncio
from unittest.mock import MagicMock

import pytest

from await_if_awaitable import _await_if_awaitable


class Migrated:
    async def refresh(self):
        await asyncio.sleep(0)
        return "fresh"


class Library:
    def refresh(self):
        return ["kept", "as", "is"]


def test_a_coroutine_is_awaited():
    assert asyncio.run(_await_if_awaitable(Migrated().refresh())) == "fresh"


def test_a_plain_result_is_handed_back_as_it_is():
    result = Library().refresh()
    assert asyncio.run(_await_if_awaitable(result)) is result


@pytest.mark.parametrize("value", [None, 0, "", b"x", [], {}, MagicMock()])
def test_values_that_are_not_awaitable_pass_through(value):
    assert asyncio.run(_await_if_awaitable(value)) is value


def test_a_future_is_awaited():
    async def main():
        future = asyncio.get_running_loop().create_future()
        future.set_result(7)
        return await _await_if_awaitable(future)

    assert asyncio.run(main()) == 7


def test_an_exception_of_the_coroutine_reaches_the_caller():
    async def fails():
        raise KeyError("missing")

    with pytest.raises(KeyError):
        asyncio.run(_await_if_awaitable(fails()))
