from decimal import Decimal

from salesreport import queries


def test_top_customers_are_dicts_ordered_by_total(conn):
    assert queries.top_customers(conn, 2) == [
        {"name": "dee", "orders": 1, "total": Decimal("999.99")},
        {"name": "bob", "orders": 1, "total": Decimal("300.00")},
    ]


def test_monthly_revenue_for_one_year(conn):
    rows = queries.monthly_revenue(conn, 2023)
    assert [(row["month"], row["revenue"]) for row in rows] == [
        ("2023-01", Decimal("420.00")),
        ("2023-02", Decimal("125.75")),
        ("2023-03", Decimal("45.25")),
    ]


def test_summary_is_one_dict(conn):
    assert queries.summary(conn) == {"orders": 6, "revenue": Decimal("1590.99")}


def test_customer_found_and_missing(conn):
    assert queries.customer(conn, "cy") == {"id": 3, "name": "cy", "city": "London"}
    assert queries.customer(conn, "zed") is None


def test_cities(conn):
    assert queries.cities(conn) == {"London": 2, "Paris": 1, "Rome": 1}


def test_largest_orders_are_the_first_three_dicts(conn):
    assert queries.largest_orders(conn) == [
        {"id": 6, "name": "dee", "amount": Decimal("999.99")},
        {"id": 3, "name": "bob", "amount": Decimal("300.00")},
        {"id": 1, "name": "ada", "amount": Decimal("120.00")},
    ]


def test_orders_table_names_its_columns(conn):
    columns, rows = queries.orders_table(conn, 2023)
    assert columns == ["id", "customer", "placed_on", "amount"]
    assert [(row[0], row[1]) for row in rows] == [(1, "ada"), (2, "ada"), (3, "bob"), (4, "cy"), (5, "cy")]


def test_orders_table_names_its_columns_without_rows(conn):
    assert queries.orders_table(conn, 2019) == (["id", "customer", "placed_on", "amount"], [])
