from loader import cli


def write_products(tmp_path):
    path = tmp_path / "products.csv"
    path.write_text("sku,name,price\nA-1,anvil,19.90\nB-2,bucket,4.50\n")
    return path


def test_cli_loads_a_batch(conn, tmp_path, stock_file, capsys):
    assert cli.main(["spring", str(write_products(tmp_path)), str(stock_file)]) == 0
    assert capsys.readouterr().out == "A-1\t19.90\t8\nB-2\t4.50\t7\nbatch 1 loaded\n"


def test_cli_rejects_a_duplicate_batch(conn, tmp_path, stock_file, capsys):
    products = write_products(tmp_path)
    assert cli.main(["spring", str(products), str(stock_file)]) == 0
    assert cli.main(["spring", str(products), str(stock_file)]) == 1
    assert "rejected: 23505" in capsys.readouterr().err
