"""The order back office: payments, shipping, customer notices, an audit trail."""
