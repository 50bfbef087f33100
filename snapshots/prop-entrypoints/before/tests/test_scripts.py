def test_run_once_with_pinned_release(run_python):
    proc = run_python("scripts/run_once.py")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "rollout 2024.03.1: ok\n  deployed: stage-1, stage-2, stage-3\n"


def test_run_once_with_explicit_release(run_python):
    proc = run_python("scripts/run_once.py", "2024.04.0")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("rollout 2024.04.0: ok\n")
