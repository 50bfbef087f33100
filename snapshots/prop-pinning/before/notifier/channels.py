"""Email and SMS senders, and the legacy fax gateway.

Senders are looked up by channel name in :data:`HANDLERS`; plugins may add their own.
"""

import itertools
import logging
import time

from .config import DEFAULT_BACKEND, SMS_GATEWAY
from .models import Message

log = logging.getLogger(__name__)

SENT: list[tuple[str, str, str]] = []
_ids = itertools.count(1)


def send_email(msg: Message) -> str:
    time.sleep(0.002)  # SMTP conversation with the relay
    SENT.append(("email", DEFAULT_BACKEND, msg.recipient))
    return f"em-{next(_ids)}"


def send_sms(msg: Message) -> str:
    if len(msg.body) > 160:
        raise ValueError("SMS body longer than 160 characters")
    time.sleep(0.001)
    SENT.append(("sms", SMS_GATEWAY, msg.recipient))
    return f"sms-{next(_ids)}"


HANDLERS = {"email": send_email, "sms": send_sms}


def dispatch(msg: Message) -> str:
    """Send *msg* with the handler registered for its channel."""
    return HANDLERS[msg.channel](msg)


def legacy_send(msg: Message) -> str:  # asyncshift: keep-sync
    """Send through the fax gateway.

    Also called by the billing system's plugin host, which embeds this module and cannot run
    coroutines, so it must stay a plain function.
    """
    time.sleep(0.003)
    SENT.append(("fax", "fax-gw", msg.recipient))
    return f"fax-{next(_ids)}"
