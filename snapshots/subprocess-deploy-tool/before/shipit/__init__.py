"""shipit: run a project's build and deploy steps in order, stopping at the first failure."""

from .pipeline import Pipeline, Step, StepResult

__all__ = ["Pipeline", "Step", "StepResult"]
