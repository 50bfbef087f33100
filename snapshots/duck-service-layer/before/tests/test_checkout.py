import json
from unittest import mock

from werkzeug.wrappers import Response

from shop.checkout import Checkout
from shop.gateways import PaymentGateway
from shop.models import Order
from shop.notify import EmailNotifier, LogNotifier, WebhookHook


def serve_backoffice(httpserver):
    httpserver.expect_request("/api/pay", method="POST").respond_with_handler(
        lambda request: Response(json.dumps({"receipt": "R-" + request.json["order"]}), content_type="application/json")
    )
    for carrier in ("bike", "van"):
        httpserver.expect_request(f"/api/pickup/{carrier}", method="POST").respond_with_json({"slot": f"{carrier}-9am"})
    httpserver.expect_request("/api/mail", method="POST").respond_with_data("", status=204)


def test_settle_pays_ships_and_saves(httpserver, services, orders_file):
    serve_backoffice(httpserver)
    checkout = Checkout(services)
    assert checkout.settle() == ["R-A1", "R-C3"]
    saved = json.loads(orders_file.read_text())
    assert [row["status"] for row in saved] == ["paid", "paid", "paid"]
    pickups = [entry[0].path for entry in httpserver.log if "/pickup/" in entry[0].path]
    assert pickups == ["/api/pickup/bike", "/api/pickup/van"] * 2


def test_settle_tells_customers_through_the_connected_notifier(httpserver, services):
    serve_backoffice(httpserver)
    checkout = Checkout(services)
    notifier = LogNotifier()
    checkout.connect(notifier)
    checkout.settle()
    assert notifier.sent == [("A1", "order A1 is on its way"), ("C3", "order C3 is on its way")]


def test_email_notifier_posts_mail(httpserver, services):
    serve_backoffice(httpserver)
    checkout = Checkout(services)
    checkout.connect(EmailNotifier(httpserver.url_for("/api")))
    checkout.settle()
    mails = [entry[0].json for entry in httpserver.log if entry[0].path == "/api/mail"]
    assert mails == [{"to": "ann@example.org", "text": "order A1 is on its way"}, {"to": "cy@example.org", "text": "order C3 is on its way"}]


def test_settle_keeps_an_audit_trail(httpserver, services, tmp_path):
    serve_backoffice(httpserver)
    Checkout(services).settle()
    assert (tmp_path / "audit.log").read_text() == "settled A1\nsettled C3\n"


def test_pay_with_another_gateway(httpserver, services, base):
    serve_backoffice(httpserver)
    order = Order("Z9", 100, "z@example.org")
    assert Checkout(services).pay(order, PaymentGateway(base, retries=0)) == "R-Z9"


def test_payment_retries_when_busy(httpserver, services):
    httpserver.expect_oneshot_request("/api/pay").respond_with_data("busy", status=503)
    httpserver.expect_request("/api/pay").respond_with_json({"receipt": "R-A1"})
    assert Checkout(services).pay(Order("A1", 1, "a@example.org")) == "R-A1"


def test_open_total_is_a_plain_property(services):
    checkout = Checkout(services)
    assert checkout.open_total == 1650


def test_settle_runs_every_hook_a_project_one_and_any_other(httpserver, services):
    serve_backoffice(httpserver)
    httpserver.expect_request("/api/hook", method="POST").respond_with_data("", status=204)
    checkout = Checkout(services)
    checkout.add_hook(WebhookHook(httpserver.url_for("/api/hook")))
    other = mock.Mock()
    checkout.add_hook(other)
    checkout.settle()
    hooked = [entry[0].json for entry in httpserver.log if entry[0].path == "/api/hook"]
    assert hooked == [{"receipts": ["R-A1", "R-C3"]}]
    other.run.assert_called_once_with(["R-A1", "R-C3"])
