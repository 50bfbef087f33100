import glob
import os
import shutil

from .feed import fetch_items
from .store import Store


def backup(db_path, folder, keep=2):
    os.makedirs(folder, exist_ok=True)
    stamp = len(glob.glob(os.path.join(folder, "*.db"))) + 1
    target = os.path.join(folder, f"mirror-{stamp:04d}.db")
    shutil.copy2(db_path, target)
    for old in sorted(glob.glob(os.path.join(folder, "*.db")))[:-keep]:
        os.remove(old)
    return target


def sync(url, db_path, backup_folder=None):
    items = fetch_items(url)
    store = Store(db_path)
    if backup_folder and os.path.exists(db_path):
        shutil.copy2(db_path, os.path.join(backup_folder, "before-sync.db"), follow_symlinks=True)
    store.replace_all(items)
    return len(items), store.names()
