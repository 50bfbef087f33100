"""A small stock-keeping HTTP service on PostgreSQL."""
