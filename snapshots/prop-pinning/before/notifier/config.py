"""Settings resolved once, when the service starts."""

import os

from .health import probe_backend

DEFAULT_BACKEND = probe_backend()
RATE_PER_SECOND = float(os.environ.get("NOTIFIER_RATE", "500"))
SMS_GATEWAY = os.environ.get("NOTIFIER_SMS_GATEWAY", "sms-gw")
