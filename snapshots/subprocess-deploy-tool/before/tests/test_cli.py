import sys

from shipit.cli import load_steps, main

PY = sys.executable


def write_steps(root, text):
    (root / "shipit.txt").write_text(text)


def test_dry_run_lists_the_steps(project, capsys):
    write_steps(project, "# steps\nbuild: make all\ncache?: sh -c 'exit 1'\n")
    assert main([str(project), "--dry-run"]) == 0
    assert capsys.readouterr().out == "build: make all\ncache: sh -c 'exit 1'\n"


def test_a_successful_run_prints_the_summary_and_tag(project, capsys):
    write_steps(project, f"build: {PY} -c \"print('ok')\"\ncache?: false\n")
    assert main([str(project)]) == 0
    assert capsys.readouterr().out == "build: ok\ncache: ok\nshipped v2.4.1\n"


def test_a_failed_run_exits_1(project, capsys):
    write_steps(project, "build: true\ntest: false\ndeploy: true\n")
    assert main([str(project)]) == 1
    assert capsys.readouterr().out == "build: ok\ntest: FAILED (1)\n"


def test_load_steps_marks_optional_steps(project):
    write_steps(project, "a: true\nb?: false\n")
    assert [(s.name, s.optional) for s in load_steps(project).steps] == [("a", False), ("b", True)]
