"""shipit: roll releases out to a fleet of hosts, a batch at a time, with health checks."""

__version__ = "2.1.0"
