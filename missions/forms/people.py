"""Choosing a person: options that tell homonyms apart, each person's current total, the décret's scope."""

from collections import Counter

from django import forms
from django.db.models import Count
from django.forms.models import ModelChoiceIterator

from missions.models.staff import IMP_CATEGORIES, OUT_OF_SCOPE_REASON, search_text
from missions.templatetags.french import euros


def shared_names(people) -> set[str]:
    """The sort keys (folded "NAME First name") held by more than one of `people`."""
    counts = Counter(person.sort_key for person in people)
    return {key for key, count in counts.items() if count > 1}


def shared_among(queryset, sort_keys) -> set[str]:
    """Which of these names more than one person of `queryset` bears: one query."""
    return set(
        queryset.filter(sort_key__in=sort_keys)
        .values("sort_key")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("sort_key", flat=True)
        .order_by()
    )


def person_label(person, *, homonym=False, total=None, flag_scope=True) -> str:
    """ "LAMBERT Françoise — Mathématiques, née en 1978 — 1 262,37 € cette année", flagged when out of scope."""
    parts = [person.full_name, person.distinguishing(homonym=homonym)]
    if total is not None:
        parts.append(f"{euros(total)} cette année")
    if flag_scope and not person.in_imp_scope:
        parts.append("hors champ des IMP")
    return " — ".join(part for part in parts if part)


class PersonChoiceIterator(ModelChoiceIterator):
    """Options grouped by category when the field says so; the queryset is read once."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.offered is None:
            people = list(self.queryset)
            self.field.shared = shared_names(people)
        else:  # a search lists a few people: a name is shared if anyone of the establishment bears it too
            people = list(self.field.offered)
            self.field.shared = shared_among(self.queryset, {person.sort_key for person in people})
        if not self.field.grouped:
            yield from (self.choice(person) for person in people)
            return
        groups: dict[str, list] = {}
        for person in people:
            groups.setdefault(person.get_category_display(), []).append(self.choice(person))
        yield from groups.items()


class PersonChoiceField(forms.ModelChoiceField):
    """A person picker: each option names what tells people apart and, when given, their year's total paid.

    `totals`: {staff member pk: euros}. `grouped`: options under one heading per category.
    """

    iterator = PersonChoiceIterator

    def __init__(self, *args, grouped=False, flag_scope=True, **kwargs):
        self.grouped = grouped
        self.flag_scope = flag_scope
        self.totals: dict = {}
        self.shared: set[str] = set()
        self.offered = None  # the people listed, when narrower than those accepted (a search)
        super().__init__(*args, **kwargs)

    def offer_only(self, people) -> None:
        """List these people only (a search, the décret's scope); anyone of the queryset is still accepted."""
        self.offered = people
        self.widget.choices = self.choices

    def label_from_instance(self, person):
        return person_label(
            person,
            homonym=person.sort_key in self.shared,
            total=self.totals.get(person.pk),
            flag_scope=self.flag_scope,
        )


def search_people(queryset, text: str, *, everyone=False):
    """Staff whose name, discipline, e-mail or STSWeb id holds every word of `text`, whatever the accents and
    case; only those the décret lets receive an IMP unless `everyone`."""
    for word in search_text(text).split():
        queryset = queryset.filter(search_key__contains=word)
    if not everyone:
        queryset = queryset.filter(category__in=IMP_CATEGORIES)
    return queryset


__all__ = ["OUT_OF_SCOPE_REASON", "PersonChoiceField", "person_label", "search_people", "shared_names"]
