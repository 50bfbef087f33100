"""Human-readable output shared by the argparse CLI and the click admin commands."""

from .remote import HostStatus
from .rollout import RolloutResult


def format_rollout(result: RolloutResult) -> str:
    lines = [f"rollout {result.version}: {'ok' if result.ok else 'FAILED'}"]
    for label, names in (
        ("deployed", result.succeeded),
        ("failed", result.failed),
        ("skipped", result.not_attempted),
    ):
        if names:
            lines.append(f"  {label}: {', '.join(names)}")
    return "\n".join(lines)


def format_status(statuses: list[HostStatus]) -> str:
    width = max((len(s.host) for s in statuses), default=0)
    return "\n".join(
        f"{s.host:<{width}}  {s.version or '-':<8}  {'healthy' if s.healthy else 'UNHEALTHY'}"
        for s in statuses
    )
