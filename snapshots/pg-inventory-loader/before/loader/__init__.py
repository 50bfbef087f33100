"""Bulk loading of product, stock and supplier files into PostgreSQL."""
