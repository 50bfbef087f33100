from .decorators import logged


@logged
def format_report(city, lines):
    return "\n".join([f"Forecast for {city}", *("  " + line for line in lines)])


def report(client, city, days=2):
    return format_report(city, client.forecast(city, days=days))
