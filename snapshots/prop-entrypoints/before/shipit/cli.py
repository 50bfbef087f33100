"""The ``shipit`` command (argparse).

    shipit deploy 1.4.0 --hosts 'web-[1-4]' --batch-size 2 [--verify]
    shipit status --hosts 'web-[1-4]'

Exit status: 0 on success, 1 when a host failed or is unhealthy, 2 on usage errors.
"""

import argparse
import logging
import sys

from . import __version__
from .inventory import parse_hosts
from .report import format_rollout, format_status
from .rollout import fleet_status, rollout


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shipit", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"shipit {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every RPC")
    sub = parser.add_subparsers(dest="command", required=True)

    deploy = sub.add_parser("deploy", help="roll a release out")
    deploy.add_argument("release")
    deploy.add_argument("--hosts", required=True, help="host spec, e.g. 'web-[1-3],db-1'")
    deploy.add_argument("--batch-size", type=int, default=2)
    deploy.add_argument("--verify", action="store_true", help="print the fleet status afterwards")

    status = sub.add_parser("status", help="probe hosts")
    status.add_argument("--hosts", required=True)
    return parser


def run_deploy(args: argparse.Namespace) -> int:
    hosts = parse_hosts(args.hosts)
    result = rollout(hosts, args.release, batch_size=args.batch_size)
    print(format_rollout(result))
    if args.verify:
        print(format_status(fleet_status(hosts)))
    return 0 if result.ok else 1


def run_status(args: argparse.Namespace) -> int:
    statuses = fleet_status(parse_hosts(args.hosts))
    print(format_status(statuses))
    return 0 if all(s.healthy for s in statuses) else 1


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING)
    try:
        if args.command == "deploy":
            return run_deploy(args)
        return run_status(args)
    except ValueError as exc:
        print(f"shipit: error: {exc}", file=sys.stderr)
        return 2
