"""Unit conversions for the US edition of the report."""


def c_to_f(celsius: float) -> float:
    return round(celsius * 9 / 5 + 32, 1)


def kph_to_mph(kph: float) -> float:
    return round(kph / 1.609344, 1)
