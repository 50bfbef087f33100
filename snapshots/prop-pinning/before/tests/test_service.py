import pytest

from notifier import metrics
from notifier.channels import SENT
from notifier.health import BACKENDS, mark_down
from notifier.models import Message
from notifier.service import BackendDown, Outbox, run_batch
from notifier.transport import WIRE


def test_deliver_routes_by_channel():
    outbox = Outbox()
    email = outbox.deliver(Message("a@example.com", "hello"))
    sms = outbox.deliver(Message("+15550100", "hello", channel="sms"))
    hook = outbox.deliver(Message("https://hooks.example/in", "hello", channel="webhook"))
    fax = outbox.deliver(Message("+15550199", "hello", channel="fax"))
    assert (email.via, sms.via, hook.via, fax.via) == ("smtp://mail-1.internal", "sms-gw", "webhook", "fax-gw")
    assert email.receipt.startswith("em-") and fax.receipt.startswith("fax-")
    assert WIRE == [("https://hooks.example/in", {"body": "hello"})]
    assert [kind for kind, _, _ in SENT] == ["email", "sms", "fax"]
    assert len(outbox.delivered) == 4
    assert repr(outbox) == "Outbox('smtp://mail-1.internal', delivered=4)"


def test_healthy_property():
    outbox = Outbox(BACKENDS[1])
    assert outbox.healthy is True
    mark_down(BACKENDS[1])
    assert outbox.healthy is False


def test_run_batch_orders_paces_and_flushes_metrics():
    messages = [
        Message("nobody@example.com", "low"),
        Message("ceo@example.com", "vip"),
        Message("https://hooks.example/ops", "urgent", channel="webhook", priority=5),
        Message("+15550199", "fax", channel="fax"),
    ]
    outbox = Outbox()
    result = run_batch(messages, outbox)
    assert result.order == ["https://hooks.example/ops", "ceo@example.com", "nobody@example.com", "+15550199"]
    assert len(outbox.delivered) == 4
    result.flusher.join(timeout=5)
    assert metrics.FLUSHED == [{"sent.webhook": 1, "sent.email": 2, "sent.fax": 1, "batches": 1}]


def test_run_batch_refuses_when_backend_down():
    mark_down(BACKENDS[0])
    outbox = Outbox(BACKENDS[0])
    with pytest.raises(BackendDown):
        run_batch([Message("a@example.com", "hi")], outbox)
    assert outbox.delivered == []
    assert SENT == []


def test_run_batch_default_outbox():
    result = run_batch([Message("a@example.com", "hi")])
    result.flusher.join(timeout=5)
    assert result.deliveries[0].via == "smtp://mail-1.internal"


def test_hooks_by_name():
    outbox = Outbox()
    outbox.deliver(Message("a@example.com", "hi"))
    assert outbox.run_hook("flush") == 1
    assert outbox.flushes == 1
    assert outbox.run_hook("forget") == 1
    assert outbox.delivered == []
    with pytest.raises(AttributeError):
        outbox.run_hook("explode")
