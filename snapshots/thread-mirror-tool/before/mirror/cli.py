import sys

from .sync import backup, sync


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    url, db_path = argv[0], argv[1]
    count, _ = sync(url, db_path)
    if len(argv) > 2:
        print(backup(db_path, argv[2]))
    print(f"{count} items")
    return 0
