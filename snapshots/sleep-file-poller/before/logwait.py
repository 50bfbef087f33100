#!/usr/bin/env python3
"""Wait for a marker line to show up in a log file, or tail it for a while.

Used by our CI scripts to block until a service reports that it is up:

    python logwait.py wait server.log --marker "Listening on" --timeout 30
    python logwait.py tail server.log -n 20 --follow 5

Exit status: 0 when the marker was found (or the tail was printed),
1 on timeout, 2 on usage errors or a missing file for ``tail``.
"""

import argparse
import os
import sys
import time

DEFAULT_INTERVAL = 0.25


class MarkerTimeout(TimeoutError):
    """The marker did not appear in the file before the timeout."""

    def __init__(self, path, marker, timeout):
        super().__init__(f"{marker!r} not found in {path} after {timeout:g}s")
        self.path = path
        self.marker = marker
        self.timeout = timeout


def read_from(path, offset):
    """Return ``(lines, new_offset)`` for the complete lines after byte ``offset``.

    A trailing line without its newline is left for the next call, so a
    writer caught in the middle of a line is never reported half-written.
    A missing file reads as empty; a file that shrank (rotated or
    truncated) is read again from the start.
    """
    try:
        size = os.path.getsize(path)
    except FileNotFoundError:
        return [], 0
    if size < offset:
        offset = 0
    with open(path, "rb") as fh:
        fh.seek(offset)
        data = fh.read()
    end = data.rfind(b"\n") + 1
    text = data[:end].decode("utf-8", errors="replace")
    return text.splitlines(), offset + end


def _sleep_before_next_poll(deadline, interval):
    """Sleep ``interval`` seconds, but never past ``deadline``."""
    time.sleep(max(0.0, min(interval, deadline - time.monotonic())))


def wait_for_marker(path, marker, timeout=30.0, interval=DEFAULT_INTERVAL, from_end=False):
    """Poll ``path`` until a line containing ``marker`` appears, and return that line.

    The file does not need to exist yet. With ``from_end`` only lines written
    after the call are considered. Raises :class:`MarkerTimeout` after
    ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    offset = os.path.getsize(path) if from_end and os.path.exists(path) else 0
    while True:
        lines, offset = read_from(path, offset)
        for line in lines:
            if marker in line:
                return line
        if time.monotonic() >= deadline:
            raise MarkerTimeout(path, marker, timeout)
        _sleep_before_next_poll(deadline, interval)


def tail(path, lines=10, follow=0.0, interval=DEFAULT_INTERVAL):
    """Return the last ``lines`` lines of ``path``.

    With ``follow`` > 0, keep watching the file for that many seconds and
    append the lines written meanwhile, like a time-boxed ``tail -f``.
    """
    collected, offset = read_from(path, 0)
    collected = collected[-lines:] if lines > 0 else []
    if follow > 0:
        deadline = time.monotonic() + follow
        while time.monotonic() < deadline:
            _sleep_before_next_poll(deadline, interval)
            new_lines, offset = read_from(path, offset)
            collected.extend(new_lines)
    return collected


def build_parser():
    parser = argparse.ArgumentParser(
        prog="logwait", description="Wait for a marker in a log file, or tail it."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    wait = commands.add_parser("wait", help="block until a line contains MARKER")
    wait.add_argument("path")
    wait.add_argument("--marker", required=True)
    wait.add_argument("--timeout", type=float, default=30.0, help="seconds (default: 30)")
    wait.add_argument("--interval", type=float, default=DEFAULT_INTERVAL)
    wait.add_argument(
        "--from-end", action="store_true", help="ignore lines already in the file"
    )

    tail_cmd = commands.add_parser("tail", help="print the last lines, optionally following")
    tail_cmd.add_argument("path")
    tail_cmd.add_argument("-n", "--lines", type=int, default=10)
    tail_cmd.add_argument("--follow", type=float, default=0.0, metavar="SECONDS")
    tail_cmd.add_argument("--interval", type=float, default=DEFAULT_INTERVAL)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)

    if args.command == "wait":
        try:
            line = wait_for_marker(
                args.path,
                args.marker,
                timeout=args.timeout,
                interval=args.interval,
                from_end=args.from_end,
            )
        except MarkerTimeout as exc:
            print(f"logwait: {exc}", file=sys.stderr)
            return 1
        print(line)
        return 0

    if not os.path.exists(args.path):
        print(f"logwait: {args.path}: no such file", file=sys.stderr)
        return 2
    for line in tail(args.path, lines=args.lines, follow=args.follow, interval=args.interval):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
