"""A tiny double-entry ledger on PostgreSQL."""
