"""`.env` files: KEY=VALUE lines, `#` comments, optional quotes."""


class EnvFileError(ValueError):
    pass


def parse(stream):
    """Read KEY=VALUE lines from an open text stream; errors name the file and the line."""
    values = {}
    for number, line in enumerate(stream, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise EnvFileError(f"{getattr(stream, 'name', '<stream>')}:{number}: expected KEY=VALUE")
        values[key.strip()] = value.strip().strip("\"'")
    return values
