import json

import pytest


@pytest.fixture
def config_dir(tmp_path):
    (tmp_path / "defaults.json").write_text(json.dumps({"host": "localhost", "port": 8080, "name": "Café"}), encoding="utf-8")
    (tmp_path / "overrides.csv").write_text('key,value\nport,9090\nmotd,"line one\nline two"\n', encoding="utf-8", newline="")
    (tmp_path / "site.ini").write_text("[db]\nhost = db.local\npool = 5\n", encoding="utf-8")
    (tmp_path / ".env").write_text("# local\nLOG_LEVEL=debug\nPORT='7070'\n", encoding="utf-8")
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "token").write_text("s3cret\n", encoding="utf-8")
    return tmp_path
