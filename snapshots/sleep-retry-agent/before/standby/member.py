import logging
import time

from standby.retry import Retry, RetryFailedError

logger = logging.getLogger(__name__)


class PrimaryUnreachable(Exception):
    pass


class Member:
    """The standby's view of its primary: a probe answering its replication lag (None when down)."""

    def __init__(self, probe, max_lag=1024):
        self.probe = probe
        self.max_lag = max_lag
        self.polls = 0

    def lag(self):
        self.polls += 1
        lag = self.probe()
        if lag is None:
            raise ConnectionError("primary did not answer")
        return lag

    def wait_ready(self, attempts=5, delay=2):
        """Wait until the primary answers, checking `attempts` times `delay` seconds apart."""
        for attempt in range(attempts):
            try:
                return self.lag()
            except ConnectionError:
                logger.info("primary not ready (attempt %d of %d)", attempt + 1, attempts)
                time.sleep(delay)
        raise PrimaryUnreachable(f"no answer after {attempts} attempts")

    def lag_with_retry(self, retry=None):
        retry = retry or Retry(max_tries=3, delay=1)
        try:
            return retry(self.lag)
        except RetryFailedError as error:
            raise PrimaryUnreachable(str(error)) from error

    def watch(self, interval=10, on_lag=None):
        """Poll forever, reporting lag above the limit."""
        while True:
            lag = self.lag()
            if lag > self.max_lag and on_lag:
                on_lag(lag)
            time.sleep(interval)
