import sys

from .settings import Settings


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    settings = Settings.load(argv[0])
    if len(argv) > 1:
        settings.export(argv[1])
    else:
        for key in sorted(settings.values):
            print(f"{key}={settings[key]}")
    return 0
