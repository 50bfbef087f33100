"""Checks that the files named on stdin (one path a line) still parse, and prints the failures as JSON.

Python files must compile with this Python; pytest and packaging settings a migration edits
(`.toml`, `.cfg`, `.ini`) must still be read by tomllib or configparser. Each failure is
{"file": path, "error": "SyntaxError: message (line N)"}. Used by the corpus runner.
"""

import configparser
import json
import sys
import tomllib


def python_error(path):
    try:
        with open(path, "rb") as source:
            compile(source.read(), path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:
        line = getattr(error, "lineno", None)
        where = f" (line {line})" if line else ""
        return f"{type(error).__name__}: {getattr(error, 'msg', error)}{where}"
    return None


def toml_error(path):
    try:
        with open(path, "rb") as source:
            tomllib.load(source)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return f"{type(error).__name__}: {error}"
    return None


def ini_error(path):
    try:
        with open(path, encoding="utf-8") as source:
            configparser.ConfigParser(interpolation=None).read_file(source)
    except (configparser.Error, UnicodeDecodeError) as error:
        return f"{type(error).__name__}: {str(error).splitlines()[0]}"
    return None


CHECKS = {".py": python_error, ".toml": toml_error, ".cfg": ini_error, ".ini": ini_error}


def main():
    failures = []
    for path in sys.stdin.read().splitlines():
        check = CHECKS.get(path[path.rfind("."):])
        error = check(path) if check else None
        if error:
            failures.append({"file": path, "error": error})
    json.dump(failures, sys.stdout)


if __name__ == "__main__":
    main()
