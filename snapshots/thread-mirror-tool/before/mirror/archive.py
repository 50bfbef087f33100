import json
import zipfile

from .feed import fetch_items


def snapshot(url, zip_path):
    """Fetch the feed and freeze it into a zip: items.json plus one text file per item."""
    items = fetch_items(url)
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("items.json", json.dumps(items, indent=2))
        for item in items:
            archive.writestr(f"items/{item['id']}.txt", item["name"])
        written = len(archive.namelist())
    return written


def read_snapshot(zip_path):
    with zipfile.ZipFile(zip_path) as archive:
        return json.loads(archive.read("items.json"))
