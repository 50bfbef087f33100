"""Mirror a small file index: list it, then download each file in chunks."""
import os
import sys

import requests


def list_files(index_url):
    r = requests.get(index_url, timeout=5)
    r.raise_for_status()
    return [name for name in r.json()["files"]]


def manifest(url):
    with requests.get(url, stream=True) as r:
        r.raise_for_status()
        return [line for line in r.iter_lines() if line]


def download(url, dest, chunk_size=4):
    written = 0
    with requests.get(url, stream=True, timeout=(2, 5)) as r:
        r.raise_for_status()
        with open(dest, "wb") as out:
            for chunk in r.iter_content(chunk_size=chunk_size):
                out.write(chunk)
                written += len(chunk)
    return written


def publish(url, name, text):
    r = requests.post(url, data={"name": name, "text": text})
    if not r.ok:
        return r.status_code, r.reason
    return r.status_code, r.json()["stored"]


def upload_raw(url, payload):
    return requests.put(url, data=payload.encode(), headers={"Content-Type": "text/plain"}).status_code


def is_up(url):
    try:
        return requests.head(url, timeout=0.3).status_code
    except requests.exceptions.ConnectionError:
        return None
    except requests.Timeout:
        return -1


def main(argv):
    base = argv[0]
    target = argv[1]
    for name in list_files(base + "/index.json"):
        download(f"{base}/files/{name}", os.path.join(target, name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
