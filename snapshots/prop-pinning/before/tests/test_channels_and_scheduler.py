import time

import pytest

from notifier.channels import HANDLERS, SENT, dispatch, legacy_send, send_email
from notifier.models import Message
from notifier.scheduler import RateLimiter, calibrate_clock, priority_score
from notifier.transport import WIRE, close_connections, open_connections, send


def test_dispatch_uses_registered_handler():
    assert dispatch(Message("a@example.com", "hi")).startswith("em-")
    assert dispatch(Message("+15550100", "hi", channel="sms")).startswith("sms-")
    assert [entry[0] for entry in SENT] == ["email", "sms"]
    assert SENT[0] == ("email", "smtp://mail-1.internal", "a@example.com")


def test_dispatch_unknown_channel():
    with pytest.raises(KeyError):
        dispatch(Message("x", "hi", channel="fax"))


def test_handlers_table_can_be_called_directly():
    assert HANDLERS["email"] is send_email
    receipt = HANDLERS["email"](Message("b@example.com", "direct"))
    assert receipt.startswith("em-")


def test_sms_length_limit():
    with pytest.raises(ValueError):
        dispatch(Message("+15550100", "x" * 161, channel="sms"))
    assert SENT == []


def test_legacy_send():
    assert legacy_send(Message("+15550199", "scan", channel="fax")).startswith("fax-")
    assert SENT == [("fax", "fax-gw", "+15550199")]


def test_transport_send_pools_connections():
    r1 = send("https://hooks.example/x", {"a": 1})
    r2 = send("https://hooks.example/x", {"a": 2})
    assert r1 != r2 and r1.startswith("wh-")
    assert open_connections() == ["https://hooks.example/x"]
    assert WIRE == [("https://hooks.example/x", {"a": 1}), ("https://hooks.example/x", {"a": 2})]
    assert close_connections() == 1
    assert open_connections() == []


def test_priority_score_orders_by_priority_then_tier():
    msgs = [
        Message("nobody@example.com", "1"),
        Message("ceo@example.com", "2"),
        Message("ops@example.com", "3", priority=1),
        Message("ops@example.com", "4"),
    ]
    assert [m.body for m in sorted(msgs, key=priority_score)] == ["3", "2", "4", "1"]


def test_calibrate_clock_is_small_and_non_negative():
    assert 0.0 <= calibrate_clock(samples=2) < 0.05


def test_rate_limiter_spaces_calls():
    # Far enough apart that a busy machine cannot pass a whole interval between two calls.
    limiter = RateLimiter(per_second=4)
    assert limiter.overshoot >= 0.0
    start = time.monotonic()
    assert limiter.wait() == 0.0
    assert limiter.wait() > 0.0
    limiter.wait()
    elapsed = time.monotonic() - start
    assert elapsed >= 2 * limiter.interval - 2 * limiter.overshoot - 0.002
    assert limiter.waits == 3
    assert repr(limiter) == "RateLimiter(interval=0.2500, waits=3)"


def test_rate_limiter_rejects_zero():
    with pytest.raises(ValueError):
        RateLimiter(0)
