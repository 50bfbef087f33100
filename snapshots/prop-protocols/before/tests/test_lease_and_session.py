import pytest

from logstream.lease import Coordinator, Lease, LeaseError
from logstream.session import open_session, open_sessions


def test_lease_is_held_inside_block_and_released_after():
    coord = Coordinator()
    with Lease(coord, "a1", "me") as lease:
        assert lease.held
        assert coord.holders == {"a1": "me"}
        assert repr(lease) == "<Lease a1 by me (held)>"
    assert not lease.held
    assert coord.holders == {}
    assert coord.history == [("acquire", "a1", "me"), ("release", "a1", "me")]


def test_lease_released_on_error_and_error_propagates():
    coord = Coordinator()
    with pytest.raises(ZeroDivisionError):
        with Lease(coord, "a1", "me"):
            1 / 0
    assert coord.holders == {}


def test_second_lease_is_refused():
    coord = Coordinator()
    with Lease(coord, "a1", "first"):
        with pytest.raises(LeaseError, match="held by first"):
            with Lease(coord, "a1", "second"):
                pass
    assert coord.history[-1] == ("release", "a1", "first")


def test_session_opens_and_closes(archive):
    with open_session(archive, client="t") as session:
        assert session.token.startswith("t-")
        assert session.token in open_sessions()
        assert not session.closed
    assert session.closed
    assert session.token not in open_sessions()


def test_session_closed_after_error(archive):
    with pytest.raises(KeyError):
        with open_session(archive) as session:
            raise KeyError("boom")
    assert session.closed
