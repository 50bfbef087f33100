import pytest

from jobq.models import Job


@pytest.fixture
def resize_jobs():
    return [
        Job("img-1", "resize", {"width": 800, "height": 600}),
        Job("img-2", "resize", {"width": 1024, "height": 768, "scale": 0.25}),
        Job("img-3", "resize", {"width": 640, "height": 480, "busy_for": 1}),
    ]
