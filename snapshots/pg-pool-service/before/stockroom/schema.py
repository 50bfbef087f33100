DDL = """
DROP TABLE IF EXISTS reservations;
DROP TABLE IF EXISTS items;
CREATE TABLE items (
    id serial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    qty integer NOT NULL CHECK (qty >= 0)
);
CREATE TABLE reservations (
    id serial PRIMARY KEY,
    item_id integer NOT NULL REFERENCES items (id),
    qty integer NOT NULL,
    customer text NOT NULL CONSTRAINT customer_named CHECK (customer <> '')
);
"""
