"""Mirror a JSON feed into SQLite."""
