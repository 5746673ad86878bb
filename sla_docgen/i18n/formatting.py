"""Locale formatting of dates, numbers, money, percentages, durations and frequencies (Babel + catalogs)."""

from __future__ import annotations

import datetime as dt
import decimal
from contextlib import AbstractContextManager
from decimal import Decimal

from babel.dates import format_date as babel_format_date
from babel.dates import format_skeleton
from babel.numbers import format_currency, format_decimal, format_percent

from sla_docgen.i18n import N_, N_plural, translations

LOCALES = {"ja": "ja_JP", "en": "en_US"}

FREQUENCIES = {
    "daily": N_("Daily"),
    "weekly": N_("Weekly"),
    "biweekly": N_("Every two weeks"),
    "monthly": N_("Monthly"),
    "bimonthly": N_("Every two months"),
    "quarterly": N_("Quarterly"),
    "half_yearly": N_("Half-yearly"),
    "yearly": N_("Yearly"),
    "real_time": N_("In real time"),
    "as_needed": N_("As needed"),
}

PER_PERIOD = {
    "week": N_("{value} per week"),
    "month": N_("{value} per month"),
    "quarter": N_("{value} per quarter"),
    "half_year": N_("{value} per half-year"),
    "year": N_("{value} per year"),
    "term": N_("{value} over the term"),
}

# (singular, plural) pairs for ngettext; Japanese has one form.
DURATIONS = {
    "minutes": N_plural("{n} minute", "{n} minutes"),
    "hours": N_plural("{n} hour", "{n} hours"),
    "business_hours": N_plural("{n} business hour", "{n} business hours"),
    "days": N_plural("{n} day", "{n} days"),
    "business_days": N_plural("{n} business day", "{n} business days"),
    "weeks": N_plural("{n} week", "{n} weeks"),
    "months": N_plural("{n} month", "{n} months"),
}


def exact(value: float | Decimal) -> Decimal:
    """A number as a Decimal: a float by its shortest text (0.1, not 0.1000000000000000055...), an integer
    of any size exactly (str() refuses more than 4,300 digits)."""
    if isinstance(value, (Decimal, int)):
        return Decimal(value)
    return Decimal(repr(float(value)))


def wide_enough(amount: Decimal) -> AbstractContextManager[decimal.Context]:
    """A decimal context precise enough for Babel to round `amount` (the default 28 digits raise
    InvalidOperation beyond 10^28: the numbers the funnel derives from tiny rates reach that)."""
    digits = amount.adjusted() + 1 if amount.is_finite() and amount else 1
    return decimal.localcontext(
        decimal.Context(prec=max(28, digits + 12), Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
    )


class Formatter:
    """Formats values for one language."""

    def __init__(self, lang: str, currency: str) -> None:
        self.lang = lang
        self.locale = LOCALES[lang]
        self.currency = currency
        self._t = translations(lang)

    def _(self, msgid: str) -> str:
        return self._t.gettext(msgid)

    def date(self, value: dt.date) -> str:
        return babel_format_date(value, format="long", locale=self.locale)

    def month(self, year: int, month: int) -> str:
        """A month's short name for a chart axis (Apr, 4月)."""
        return format_skeleton("MMM", dt.date(year, month, 1), locale=self.locale)

    def period(self, start: dt.date, end: dt.date) -> str:
        return self._("{start} to {end}").format(start=self.date(start), end=self.date(end))

    def number(self, value: float) -> str:
        amount = exact(value)
        with wide_enough(amount):
            return format_decimal(amount, format="#,##0.###", locale=self.locale)

    def money(self, value: float) -> str:
        """Whole amounts without decimals (¥600,000,000, $9,600,000); fractions as the currency has them."""
        amount = exact(value)
        with wide_enough(amount):
            if amount == amount.to_integral_value():
                return format_currency(
                    amount, self.currency, format="¤#,##0", currency_digits=False, locale=self.locale
                )
            return format_currency(amount, self.currency, locale=self.locale)

    def percent(self, value: float) -> str:
        amount = exact(value)
        with wide_enough(amount):
            return format_percent(amount / 100, format="#,##0.##%", locale=self.locale)

    POINTS = N_plural("{n} point", "{n} points")

    def points(self, value: int) -> str:
        sign = "+" if value > 0 else ""
        return sign + self._t.ngettext(*self.POINTS, abs(value)).format(n=self.number(value))

    def duration(self, value: int, unit: str) -> str:
        singular, plural = DURATIONS[unit]
        return self._t.ngettext(singular, plural, value).format(n=self.number(value))

    def days(self, value: int) -> str:
        return self.duration(value, "days")

    def measure(self, value: float, unit: str, direction: str = "at_least") -> str:
        if unit == "currency":
            text = self.money(value)
        elif unit == "percent":
            text = self.percent(value)
        elif unit in ("hours", "days"):
            text = self.duration(int(value), unit) if float(value).is_integer() else self.number(value)
        elif unit == "points":
            text = self._t.ngettext(*self.POINTS, int(value)).format(n=self.number(value))
        elif unit == "currency_per_day":
            text = self._("{value} per day").format(value=self.money(value))
        else:
            text = self.number(value)
        if direction == "at_most":
            text = self._("at most {value}").format(value=text)
        return text

    def per_period(self, text: str, period: str) -> str:
        return self._(PER_PERIOD[period]).format(value=text)

    LEADS = N_plural("{n} lead", "{n} leads")

    def leads(self, value: int) -> str:
        return self._t.ngettext(*self.LEADS, value).format(n=self.number(value))
