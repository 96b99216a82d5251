from django import template

from core.money import format_money

register = template.Library()


@register.filter
def money(amount, currency):
    """`{{ project.cost|money:page.currency }}` → '12 000 €'."""
    return "" if amount is None else format_money(amount, currency)
