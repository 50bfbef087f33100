import sys

import pytest

PY = sys.executable


@pytest.fixture
def project(tmp_path):
    (tmp_path / "VERSION").write_text("2.4.1\n")
    return tmp_path
