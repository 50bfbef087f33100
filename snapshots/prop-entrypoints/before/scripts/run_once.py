"""Nightly smoke test: deploy the pinned release to the staging hosts once and report.

Run from the repository root:  PYTHONPATH=. python scripts/run_once.py [RELEASE]
"""

import sys

from shipit.inventory import parse_hosts
from shipit.report import format_rollout
from shipit.rollout import rollout

STAGING = "stage-[1-3]"
PINNED_RELEASE = "2024.03.1"


def main():
    release = sys.argv[1] if len(sys.argv) > 1 else PINNED_RELEASE
    result = rollout(parse_hosts(STAGING), release, batch_size=3)
    print(format_rollout(result))
    if not result.ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
