import time
import unittest
from unittest.mock import Mock, patch

from standby.member import Member, PrimaryUnreachable
from standby.retry import Retry, RetryFailedError, settle


class SleepException(Exception):
    pass


def answers(*values):
    queue = list(values)
    return lambda: queue.pop(0) if queue else None


class TestMember(unittest.TestCase):

    @patch('time.sleep', Mock())
    def test_wait_ready_after_two_misses(self):
        member = Member(answers(None, None, 12))
        self.assertEqual(member.wait_ready(), 12)
        self.assertEqual(member.polls, 3)

    @patch('time.sleep')
    def test_wait_ready_sleeps_between_attempts(self, mock_sleep):
        member = Member(answers())
        with self.assertRaises(PrimaryUnreachable):
            member.wait_ready(attempts=3, delay=2)
        self.assertEqual(mock_sleep.call_count, 3)
        mock_sleep.assert_called_with(2)

    @patch('time.sleep', Mock(side_effect=SleepException))
    def test_watch_reports_lag(self):
        seen = []
        member = Member(answers(5000), max_lag=1024)
        with self.assertRaises(SleepException):
            member.watch(on_lag=seen.append)
        self.assertEqual(seen, [5000])

    def test_lag_with_retry_backs_off(self):
        member = Member(answers(None, None, 7))
        with patch('time.sleep') as sleep:
            self.assertEqual(member.lag_with_retry(Retry(max_tries=3, delay=1, backoff=2)), 7)
        self.assertEqual([c.args[0] for c in sleep.call_args_list], [1, 2])

    def test_lag_with_retry_gives_up(self):
        member = Member(answers())
        with patch.object(time, 'sleep'), self.assertRaises(PrimaryUnreachable):
            member.lag_with_retry()


@patch('time.sleep', Mock())
class TestRetry(unittest.TestCase):

    def test_retry_returns_the_first_success(self):
        calls = []

        def flaky():
            calls.append(1)
            if len(calls) < 3:
                raise ConnectionError()
            return "ok"

        self.assertEqual(Retry(max_tries=5)(flaky), "ok")
        self.assertEqual(len(calls), 3)

    def test_retry_raises_after_the_last_try(self):
        with self.assertRaises(RetryFailedError):
            Retry(max_tries=2)(Mock(side_effect=ConnectionError))

    def test_settle(self):
        settle(0.01)
