"""``python -m shipit ...`` is the same as the ``shipit`` console script."""

import sys

from shipit.cli import main

if __name__ == "__main__":
    sys.exit(main())
