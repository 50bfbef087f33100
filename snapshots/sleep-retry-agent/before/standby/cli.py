import argparse
import sys

from standby.member import Member, PrimaryUnreachable


def read_lag_file(path):
    def probe():
        try:
            with open(path) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None
    return probe


def main(argv=None):
    parser = argparse.ArgumentParser(prog="standby")
    parser.add_argument("lag_file")
    parser.add_argument("--attempts", type=int, default=5)
    args = parser.parse_args(argv)
    member = Member(read_lag_file(args.lag_file))
    try:
        lag = member.wait_ready(attempts=args.attempts, delay=3)
    except PrimaryUnreachable as error:
        print(f"standby: {error}", file=sys.stderr)
        return 1
    print(f"lag {lag}")
    return 0
