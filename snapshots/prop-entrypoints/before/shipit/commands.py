"""``shipit-admin``: operator commands built with click.

    shipit-admin canary 1.4.0 --host web-1
    shipit-admin audit 'web-[1-3]' --expect 1.4.0
"""

import click

from .inventory import Host, parse_hosts
from .report import format_status
from .rollout import deploy_host, fleet_status


@click.group()
@click.option("--quiet", "-q", is_flag=True, help="only print failures")
@click.pass_context
def admin(ctx: click.Context, quiet: bool) -> None:
    """Operator commands for the fleet."""
    ctx.ensure_object(dict)
    ctx.obj["quiet"] = quiet


@admin.command()
@click.argument("release")
@click.option("--host", "host_name", required=True, help="the canary host")
@click.pass_context
def canary(ctx: click.Context, release: str, host_name: str) -> None:
    """Deploy RELEASE to one canary host and wait for it to be healthy."""
    host = Host(host_name)
    if not deploy_host(host, release):
        click.echo(f"canary {host_name} is unhealthy on {release}", err=True)
        ctx.exit(1)
    if not ctx.obj["quiet"]:
        click.echo(f"canary {host_name} healthy on {release}")


@admin.command()
@click.argument("spec")
@click.option("--expect", help="the release every host should run")
@click.pass_context
def audit(ctx: click.Context, spec: str, expect: str | None) -> None:
    """Probe the hosts in SPEC and flag the unhealthy or outdated ones."""
    try:
        hosts = parse_hosts(spec)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="SPEC") from exc
    statuses = fleet_status(hosts)
    bad = [s for s in statuses if not s.healthy or (expect and s.version != expect)]
    shown = bad if ctx.obj["quiet"] else statuses
    if shown:
        click.echo(format_status(shown))
    if bad:
        ctx.exit(1)
