import argparse
import os
import sys

from .client import StatusClient
from .errors import StatusError
from .report import save_summary


def main(argv=None):
    parser = argparse.ArgumentParser(prog="statuspage")
    parser.add_argument("page")
    parser.add_argument("--url", default=os.environ.get("STATUSPAGE_URL", "https://status.example.com/api"))
    parser.add_argument("--out", default="summary.json")
    parser.add_argument("--resolve", metavar="ID")
    args = parser.parse_args(argv)
    client = StatusClient(args.url, os.environ.get("STATUSPAGE_TOKEN", ""), args.page)
    try:
        if args.resolve:
            client.incidents().resolve(args.resolve, note="resolved from the command line")
        print(save_summary(client, args.out))
    except StatusError as error:
        print(f"statuspage: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
