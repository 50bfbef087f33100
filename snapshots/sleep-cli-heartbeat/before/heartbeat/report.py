"""Turning results into a summary and a printable report."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Summary:
    total: int
    ok: int


def summarize(results):
    return Summary(total=len(results), ok=sum(1 for r in results if r.ok))


def format_line(number, result):
    status = "ok" if result.ok else "FAIL"
    latency = "-" if result.latency_ms is None else f"{result.latency_ms:.1f} ms"
    return f"  #{number:<3} {status:<5} {latency:>9}  {result.detail}"


def format_report(target, results):
    summary = summarize(results)
    lines = [f"heartbeat {target}"]
    lines += [format_line(n, r) for n, r in enumerate(results, start=1)]
    lines.append(f"{summary.ok}/{summary.total} checks ok")
    return "\n".join(lines)
