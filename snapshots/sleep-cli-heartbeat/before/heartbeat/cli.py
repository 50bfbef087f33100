"""Command line: ``heartbeat tcp HOST:PORT`` or ``heartbeat file PATH``."""

import argparse
import functools
import sys

from .config import DEFAULT_COUNT, DEFAULT_INTERVAL, DEFAULT_TIMEOUT
from .probes import check_file, check_tcp, parse_target
from .report import format_report, summarize
from .runner import run_checks, wait_until_healthy


def build_parser():
    parser = argparse.ArgumentParser(
        prog="heartbeat",
        description="Check a TCP port or a file's freshness a few times in a row.",
    )
    parser.add_argument("-n", "--count", type=int, default=DEFAULT_COUNT,
                        help=f"number of checks (default: {DEFAULT_COUNT})")
    parser.add_argument("-i", "--interval", type=float, default=DEFAULT_INTERVAL,
                        help=f"seconds between checks (default: {DEFAULT_INTERVAL:g})")
    parser.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                        help="first wait up to SECONDS for the target to become healthy")
    parser.add_argument("--min-ok", type=int, default=None,
                        help="checks that must pass for exit status 0 (default: all)")
    kinds = parser.add_subparsers(dest="kind", required=True)

    tcp = kinds.add_parser("tcp", help="open a TCP connection")
    tcp.add_argument("target", metavar="HOST:PORT")
    tcp.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT)

    file_ = kinds.add_parser("file", help="check a file's modification time")
    file_.add_argument("path")
    file_.add_argument("--max-age", type=float, default=60.0, help="seconds (default: 60)")
    return parser


def build_probe(parser, args):
    """Return ``(label, probe)`` for the parsed arguments."""
    if args.kind == "tcp":
        try:
            host, port = parse_target(args.target)
        except ValueError as exc:
            parser.error(str(exc))
        return f"tcp {host}:{port}", functools.partial(check_tcp, host, port, args.timeout)
    return f"file {args.path}", functools.partial(check_file, args.path, args.max_age)


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    label, probe = build_probe(parser, args)

    if args.wait > 0:
        result, attempts = wait_until_healthy(probe, args.wait, args.interval)
        if not result.ok:
            print(f"heartbeat {label}: not healthy after {attempts} attempts "
                  f"({result.detail})", file=sys.stderr)
            return 1

    results = run_checks(probe, args.count, args.interval)
    print(format_report(label, results))
    summary = summarize(results)
    needed = summary.total if args.min_ok is None else args.min_ok
    return 0 if summary.ok >= needed else 1
