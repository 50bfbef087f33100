import io
from decimal import Decimal

import pytest

from loader import load, schema

PRODUCTS = [("A-1", "anvil", Decimal("19.90")), ("B-2", "bucket", Decimal("4.50"))]


def test_execute_values_then_executemany(conn):
    load.load_products(conn, PRODUCTS + [("C-3", "chisel", Decimal("7.00"))])
    load.update_prices(conn, [{"sku": "A-1", "price": Decimal("21.00")}, {"sku": "C-3", "price": Decimal("6.50")}])
    assert load.stock_levels(conn) == [("A-1", Decimal("21.00"), 0), ("B-2", Decimal("4.50"), 0), ("C-3", Decimal("6.50"), 0)]


def test_copy_stock_from_csv(conn, stock_file):
    load.load_products(conn, PRODUCTS)
    load.load_stock_csv(conn, stock_file)
    assert load.stock_levels(conn) == [("A-1", Decimal("19.90"), 8), ("B-2", Decimal("4.50"), 7)]


def test_copy_suppliers_from_text_file(conn, tmp_path):
    path = tmp_path / "suppliers.tsv"
    path.write_text("acme\tACME Corp\nglob\tGlobex – Zürich\n", encoding="utf-8")
    load.load_suppliers(conn, path)
    assert load.suppliers(conn) == [("acme", "ACME Corp"), ("glob", "Globex – Zürich")]


def test_import_batch_loads_everything(conn, stock_file):
    batch = load.import_batch(conn, "spring", PRODUCTS, stock_file)
    assert batch == 1
    assert schema.counts(conn) == (1, 2, 3)


def test_failing_import_leaves_the_database_unchanged(conn, tmp_path, stock_file):
    # The batch row and the products insert fine; the stock file names an unknown product.
    bad = tmp_path / "bad.csv"
    bad.write_text("sku,qty\nA-1,5\nZ-9,1\n")
    with pytest.raises(Exception):
        load.import_batch(conn, "broken", PRODUCTS, bad)
    assert schema.counts(conn) == (0, 0, 0)
    # The same batch loads once its stock file is right (the failed attempt used up id 1).
    assert load.import_batch(conn, "broken", PRODUCTS, stock_file) == 2
    assert schema.counts(conn) == (1, 2, 3)


def test_export_stock_csv_sums_per_product(conn, stock_file, tmp_path):
    load.load_products(conn, PRODUCTS)
    load.load_stock_csv(conn, stock_file)
    path = tmp_path / "stock-out.csv"
    load.export_stock_csv(conn, path)
    assert path.read_bytes() == b"sku,qty\nA-1,8\nB-2,7\n"


def test_export_products_writes_the_server_bytes(conn, tmp_path):
    load.load_products(conn, PRODUCTS)
    path = tmp_path / "products-out.csv"
    load.export_products(conn, path)
    assert path.read_bytes() == b"A-1,anvil,19.90\nB-2,bucket,4.50\n"


def test_dump_suppliers_into_text_and_binary_files(conn, tmp_path):
    path = tmp_path / "suppliers.tsv"
    path.write_text("acme\tACME Corp\nglob\tGlobex – Zürich\n", encoding="utf-8")
    load.load_suppliers(conn, path)
    text = io.StringIO()
    load.dump_suppliers(conn, text)
    assert text.getvalue() == "acme|ACME Corp\nglob|Globex – Zürich\n"
    binary = io.BytesIO()
    load.dump_suppliers(conn, binary)
    assert binary.getvalue() == "acme|ACME Corp\nglob|Globex – Zürich\n".encode()
