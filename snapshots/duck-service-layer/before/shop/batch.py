"""Runs one action over many orders, the way the back office does its end-of-day work."""

from typing import Callable, Optional

import requests


def for_each_order(orders, action: Callable[..., str], on_error: Optional[Callable] = None) -> list:
    """Calls `action(order)` for each order and collects what it returns.

    A gateway that refuses one order does not stop the batch when `on_error` is given: it is told
    about the order and the error, and the batch goes on.
    """
    done = []
    for order in orders:
        try:
            done.append(action(order))
        except requests.HTTPError as error:
            if on_error is None:
                raise
            on_error(order, error)
    return done
