import sys

from shipit import Pipeline
from shipit.version import interpreter_version, tag_for

PY = sys.executable


def test_steps_run_in_order_in_the_project_root(project):
    pipeline = Pipeline(project)
    pipeline.add("touch", [PY, "-c", "open('built.txt', 'w').write('x')"])
    pipeline.add("check", [PY, "-c", "import os; print(os.path.exists('built.txt'))"])
    assert pipeline.run() is True
    assert [r.output for r in pipeline.results] == ["", "True"]
    assert pipeline.summary() == "touch: ok\ncheck: ok"


def test_the_first_failure_stops_the_run_and_keeps_its_output(project):
    pipeline = Pipeline(project)
    pipeline.add("lint", [PY, "-c", "print('clean')"])
    pipeline.add("test", [PY, "-c", "import sys; print('3 failed'); sys.stderr.write('see log\\n'); sys.exit(2)"])
    pipeline.add("deploy", ["false"])
    assert pipeline.run() is False
    assert [r.name for r in pipeline.results] == ["lint", "test"]
    failed = pipeline.results[-1]
    assert (failed.ok, failed.output, failed.error, failed.returncode) == (False, "3 failed", "see log", 2)
    assert pipeline.summary() == "lint: ok\ntest: FAILED (2)"


def test_optional_steps_record_the_exit_code_and_never_stop_the_run(project):
    pipeline = Pipeline(project).add("cache?", ["sh", "-c", "exit 9"], optional=True).add("build", ["true"])
    assert pipeline.run() is True
    assert [(r.name, r.returncode) for r in pipeline.results] == [("cache?", 9), ("build", 0)]


def test_step_environment_reaches_the_command(project):
    pipeline = Pipeline(project).add("env", [PY, "-c", "import os; print(os.environ['TARGET'])"], TARGET="staging")
    assert pipeline.run() is True
    assert pipeline.results[0].output == "staging"


def test_version_comes_from_a_child_process(project):
    assert tag_for(project) == "v2.4.1"
    assert interpreter_version() == "%d.%d" % sys.version_info[:2]
