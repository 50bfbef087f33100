"""grabfile URL DEST [--sha256 HEX | --verify] [--chunk-size N]"""
import argparse
import sys

from .downloader import Downloader
from .errors import ChecksumMismatch, DownloadError


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="grabfile")
    parser.add_argument("url")
    parser.add_argument("dest")
    parser.add_argument("--sha256", help="expected hex digest")
    parser.add_argument("--verify", action="store_true", help="check against the digest published at URL.sha256")
    parser.add_argument("--chunk-size", type=int, default=64 * 1024)
    parser.add_argument("--retries", type=int, default=2)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    downloader = Downloader(chunk_size=args.chunk_size, retries=args.retries, backoff=0.05)
    expected = args.sha256
    try:
        if args.verify and not expected:
            expected = downloader.published_checksum(args.url)
        result = downloader.fetch(args.url, args.dest, sha256=expected)
    except ChecksumMismatch as exc:
        print(f"grabfile: {exc}", file=sys.stderr)
        return 1
    except DownloadError as exc:
        print(f"grabfile: {exc}", file=sys.stderr)
        return 2
    finally:
        downloader.close()
    resumed = f" (resumed at {result.resumed_from})" if result.resumed_from else ""
    print(f"{result.path}: {result.size} bytes from {result.url}{resumed}")
    return 0
