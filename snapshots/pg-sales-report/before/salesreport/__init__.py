"""Sales reports straight from the orders database."""
