"""notifier: outbound notifications (email, SMS, webhooks, fax) behind one outbox."""

__version__ = "0.9.0"
