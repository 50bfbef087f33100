import pytest

from notifier import channels, health, metrics, transport


@pytest.fixture(autouse=True)
def clean_state():
    """Every test starts with all relays up and empty send logs."""
    yield
    health.mark_up()
    channels.SENT.clear()
    transport.WIRE.clear()
    transport.close_connections()
    metrics.reset()
