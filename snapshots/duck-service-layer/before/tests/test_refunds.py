import pytest

from shop.models import Order
from shop.refunds import RefundDesk, refund_all, refund_desk


def test_refund_desk_refunds_through_the_gateway_it_was_lent(httpserver, services):
    httpserver.expect_request("/api/refund", method="POST", json={"order": "B2", "cents": 990}).respond_with_json({"refund": "F-B2"})
    desk = refund_desk(services)
    order = Order("B2", 990, "bob@example.org", status="paid")
    assert desk.refund(order) == "F-B2"
    assert order.status == "refunded"
    assert desk.refunded == ["F-B2"]


def test_refund_desk_refuses_unpaid_orders(services):
    desk = refund_desk(services)
    with pytest.raises(ValueError, match="never paid"):
        desk.refund(Order("A1", 1250, "ann@example.org"))


def test_refund_desk_needs_its_wiring():
    with pytest.raises(RuntimeError, match="not wired"):
        RefundDesk().refund(Order("B2", 990, "bob@example.org", status="paid"))


def test_refund_all_goes_on_past_an_order_the_gateway_refuses(httpserver, services):
    httpserver.expect_request("/api/refund", method="POST", json={"order": "B2", "cents": 990}).respond_with_json({"refund": "F-B2"})
    httpserver.expect_request("/api/refund", method="POST", json={"order": "D4", "cents": 120}).respond_with_data("no", status=502)
    paid = [Order("B2", 990, "bob@example.org", status="paid"), Order("D4", 120, "dee@example.org", status="paid")]
    assert refund_all(refund_desk(services), paid) == ["F-B2", "refused:D4"]
    assert [order.status for order in paid] == ["refunded", "paid"]
