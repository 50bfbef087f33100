import os

from salesreport import cli, export


def test_export_writes_a_header_and_every_page(conn, tmp_path):
    path = tmp_path / "2023.csv"
    assert export.export_year(os.environ["DATABASE_URL"], 2023, path) == 5
    assert path.read_text().splitlines() == [
        "id,customer,placed_on,amount",
        "1,ada,2023-01-05,120.00",
        "2,ada,2023-02-11,80.50",
        "3,bob,2023-01-20,300.00",
        "4,cy,2023-02-02,45.25",
        "5,cy,2023-03-15,45.25",
    ]


def test_export_of_a_year_without_orders_writes_the_header(conn, tmp_path):
    path = tmp_path / "2019.csv"
    assert export.export_year(os.environ["DATABASE_URL"], 2019, path) == 0
    assert path.read_bytes() == b"id,customer,placed_on,amount\r\n"


def test_cli_export(conn, tmp_path, capsys):
    path = tmp_path / "2022.csv"
    assert cli.main(["--year", "2022", "--export", str(path)]) == 0
    assert capsys.readouterr().out == f"1 orders written to {path}\n"
    assert path.read_bytes() == b"id,customer,placed_on,amount\r\n6,dee,2022-12-30,999.99\r\n"
