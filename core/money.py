"""Amounts of money as citizens and staff read them."""

from decimal import Decimal

from django.utils.formats import number_format

CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}


def format_money(amount: Decimal, currency: str) -> str:
    """'12 000 €' in the active language's format; cents only when there are some."""
    places = 0 if amount == amount.to_integral_value() else 2
    figure = number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)
    return f"{figure}\u00a0{CURRENCY_SYMBOLS.get(currency, currency)}"
