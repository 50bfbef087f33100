"""A pipeline of steps: each is a command; the first failure stops the run."""

import subprocess
from dataclasses import dataclass, field
from typing import List, Optional

from .commands import describe, exit_code, run_checked


@dataclass
class Step:
    name: str
    cmd: list
    optional: bool = False
    env: dict = field(default_factory=dict)


@dataclass
class StepResult:
    name: str
    ok: bool
    output: str = ""
    error: str = ""
    returncode: int = 0


class Pipeline:
    def __init__(self, root, steps: Optional[List[Step]] = None):
        self.root = root
        self.steps = list(steps or [])
        self.results: List[StepResult] = []

    def add(self, name, cmd, optional=False, **env) -> "Pipeline":
        self.steps.append(Step(name, cmd, optional, env))
        return self

    def run_step(self, step: Step) -> StepResult:
        if step.optional:
            code = exit_code(step.cmd, cwd=self.root)
            return StepResult(step.name, ok=True, returncode=code)
        try:
            output = run_checked(step.cmd, cwd=self.root, env=step.env)
        except subprocess.CalledProcessError as failure:
            return StepResult(step.name, ok=False, output=failure.stdout.rstrip("\n"),
                              error=failure.stderr.strip(), returncode=failure.returncode)
        return StepResult(step.name, ok=True, output=output)

    def run(self) -> bool:
        """Run every step in order; return True when all required steps passed."""
        self.results = []
        for step in self.steps:
            result = self.run_step(step)
            self.results.append(result)
            if not result.ok:
                return False
        return True

    def summary(self):
        lines = []
        for result in self.results:
            mark = "ok" if result.ok else f"FAILED ({result.returncode})"
            lines.append(f"{result.name}: {mark}")
        return "\n".join(lines)

    def describe(self):
        return [f"{step.name}: {describe(step.cmd)}" for step in self.steps]
