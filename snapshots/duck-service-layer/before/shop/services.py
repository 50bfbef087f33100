from dataclasses import dataclass, field
from typing import Optional

from .gateways import PaymentGateway, ShippingGateway
from .repository import OrderRepository


@dataclass
class Services:
    payments: PaymentGateway
    orders: OrderRepository
    carriers: list[ShippingGateway] = field(default_factory=list)
    audit_path: Optional[str] = None


def make_services(base_url, orders_path, audit_path=None):
    carriers = [ShippingGateway(base_url, "bike"), ShippingGateway(base_url, "van")]
    return Services(PaymentGateway(base_url), OrderRepository(orders_path), carriers, audit_path)
