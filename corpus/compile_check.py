"""Compiles the Python files named on stdin (one path a line) and prints the failures as JSON.

Each failure is {"file": path, "error": "SyntaxError: message (line N)"}. Used by the corpus runner:
every file a migration changes must compile with the system Python.
"""

import json
import sys


def compile_error(path):
    try:
        with open(path, "rb") as source:
            compile(source.read(), path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:
        line = getattr(error, "lineno", None)
        where = f" (line {line})" if line else ""
        return f"{type(error).__name__}: {getattr(error, 'msg', error)}{where}"
    return None


def main():
    failures = []
    for path in sys.stdin.read().splitlines():
        error = compile_error(path)
        if error:
            failures.append({"file": path, "error": error})
    json.dump(failures, sys.stdout)


if __name__ == "__main__":
    main()
