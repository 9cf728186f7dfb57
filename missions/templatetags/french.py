"""French formats for money and IMP counts: the one place they are written."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


def group_thousands(integer_part: str) -> str:
    groups = []
    while len(integer_part) > 3:
        groups.insert(0, integer_part[-3:])
        integer_part = integer_part[:-3]
    groups.insert(0, integer_part)
    return " ".join(groups)


def format_decimal(value, places: int = 2) -> str:
    """`Decimal("1250")` -> `1 250,00` (space between thousands, comma for decimals)."""
    value = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    integer_part, _, fraction = f"{abs(value):.{places}f}".partition(".")
    text = group_thousands(integer_part)
    return f"{sign}{text},{fraction}" if places else f"{sign}{text}"


@register.filter
def euros(value) -> str:
    """`1250` -> `1 250,00 €`."""
    if value is None or value == "":
        return ""
    return f"{format_decimal(value)} €"


@register.filter
def imp(value) -> str:
    """A count of IMP without useless zeros: `7` -> `7`, `7.50` -> `7,5`, `0.25` -> `0,25`."""
    if value is None or value == "":
        return ""
    value = Decimal(value).quantize(Decimal("0.01"))
    text = format_decimal(value)
    return text.rstrip("0").rstrip(",") if "," in text else text


@register.filter
def hours(value) -> str:
    """`3.5` -> `3,5 h`."""
    if value is None or value == "":
        return ""
    return f"{imp(value)} h"


VOWELS = "aeiouyàâäéèêëîïôöùûüœæ"


def of(name) -> str:
    """ "de" before a name, elided before a vowel: "d'Élise SCHMITT", "de Paul MARTIN"."""
    text = str(name or "").strip()
    return f"d'{text}" if text[:1].lower() in VOWELS else f"de {text}"


@register.filter(name="de")
def de_filter(name) -> str:
    return of(name)


def agreed(word: str, staff) -> str:
    """The past participle agreed with the person when the civility (or sex) is known: "ajoutée", "ajouté";
    "ajouté(e)" only when nothing says."""
    if staff.civility == staff.Civility.MRS or (not staff.civility and staff.sex == staff.Sex.FEMALE):
        return f"{word}e"
    if staff.civility == staff.Civility.MR or staff.sex == staff.Sex.MALE:
        return word
    return f"{word}(e)"
