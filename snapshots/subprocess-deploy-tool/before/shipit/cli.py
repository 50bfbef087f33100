"""Command line: ``shipit ROOT`` runs the steps listed in ROOT/shipit.txt (one ``name: command`` a line)."""

import argparse
import shlex
import sys

from .pipeline import Pipeline
from .version import tag_for


def load_steps(root) -> Pipeline:
    pipeline = Pipeline(root)
    with open(f"{root}/shipit.txt") as handle:
        for line in handle:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, _, command = line.partition(":")
            optional = name.endswith("?")
            pipeline.add(name.rstrip("?").strip(), shlex.split(command), optional=optional)
    return pipeline


def main(argv=None):
    parser = argparse.ArgumentParser(prog="shipit")
    parser.add_argument("root")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    pipeline = load_steps(args.root)
    if args.dry_run:
        print("\n".join(pipeline.describe()))
        return 0
    ok = pipeline.run()
    print(pipeline.summary())
    if ok:
        print(f"shipped {tag_for(args.root)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
