import argparse
import sys

from .archive import Archiver
from .entries import Entry
from .logfile import append, read_entries, tail


def main(argv=None):
    parser = argparse.ArgumentParser(prog="logarch")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add")
    add.add_argument("log")
    add.add_argument("level")
    add.add_argument("message")
    show = sub.add_parser("show")
    show.add_argument("log")
    show.add_argument("--level")
    show.add_argument("--tail", type=int)
    rotate = sub.add_parser("rotate")
    rotate.add_argument("log")
    rotate.add_argument("folder")
    args = parser.parse_args(argv)

    if args.command == "add":
        append(args.log, Entry("2024-01-01T00:00:00", args.level, args.message))
    elif args.command == "show":
        if args.tail:
            for line in tail(args.log, args.tail):
                print(line)
        else:
            for entry in read_entries(args.log, args.level):
                print(entry.format())
    else:
        print(Archiver(args.folder).rotate(args.log))
    return 0


if __name__ == "__main__":
    sys.exit(main())
