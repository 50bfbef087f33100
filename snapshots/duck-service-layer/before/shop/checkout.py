from .gateways import PaymentGateway
from .repository import audit_log


class Checkout:
    def __init__(self, services):
        self.services = services
        self.notifier = None
        self.hooks = []

    def connect(self, notifier):
        self.notifier = notifier

    def add_hook(self, hook):
        """Anything with a run(receipts) method, told about every settlement."""
        self.hooks.append(hook)

    @property
    def open_total(self):
        """Cents owed on orders not paid yet."""
        return sum(order.cents for order in self.services.orders.load_all() if order.status == "new")

    def pay(self, order, method=None):
        if isinstance(method, PaymentGateway):
            return method.charge(order.id, order.cents)
        return self.services.payments.charge(order.id, order.cents)

    def ship(self, order):
        slots = []
        for carrier in self.services.carriers:
            slots.append(carrier.book_pickup(order.id))
        return slots

    def settle(self):
        """Pay, ship and announce every new order; returns the receipts."""
        orders = self.services.orders.load_all()
        receipts = []
        for order in orders:
            if order.status != "new":
                continue
            receipts.append(self.pay(order))
            self.ship(order)
            order.status = "paid"
            if self.notifier is not None:
                self.notifier.notify_customer(order, f"order {order.id} is on its way")
            if self.services.audit_path:
                with audit_log(self.services.audit_path) as log:
                    log.record(f"settled {order.id}")
        self.services.orders.save_all(orders)
        for hook in self.hooks:
            hook.run(receipts)
        return receipts
