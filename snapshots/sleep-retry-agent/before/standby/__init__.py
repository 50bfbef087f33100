"""A small standby agent: polls its primary and retries what fails."""

__version__ = "1.2.0"
