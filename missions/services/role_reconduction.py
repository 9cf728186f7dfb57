"""Which school year's roles are in force in an establishment, and their reconduction into a new year.

The rule. In establishment E, for school year Y, the roles in force are:
- E's accepted grants of Y, as soon as E has at least one accepted grant for Y;
- otherwise E's accepted grants of the latest earlier year that has any — reconduits — except those held
  through a staff record no longer in post.
Roles therefore stay valid until they are renewed. On 10 July, when the calendar already points to the
year starting on 1 September (SchoolYear.objects.current), the head of the year just ended keeps running
the establishment and prepares the next répartition; the same holds on 1 September and after, until the
roles of the new year are set.

Visible and revocable. The roles page of Y lists the roles in force, those reconduits marked as such. The
first change to the roles of Y — granting, withdrawing, deactivating a record, inviting — first copies the
roles reconduits into Y (`reconduct_roles`, also offered as a button), so what the head saw is what is in
force and each copy can be withdrawn; the grants of the earlier year stay as its record.
"""

from django.db import transaction
from django.db.models import OuterRef, Subquery

from missions.models import RoleGrant, SchoolYear


def _latest_year_with_roles(establishment_ref, start_year):
    return (
        RoleGrant.objects.filter(
            establishment=establishment_ref,
            pending=False,
            school_year__start_year__lte=start_year,
        )
        .order_by("-school_year__start_year")
        .values("school_year")[:1]
    )


def in_force(grants, start_year):
    """Narrow a RoleGrant queryset to the grants in force, per establishment (rule above), for the school year
    starting in `start_year`: a number, or an expression (the current year's, computed by the database)."""
    return grants.filter(
        pending=False,
        school_year__start_year__lte=start_year,
        school_year=Subquery(_latest_year_with_roles(OuterRef("establishment"), start_year)),
    ).exclude(staff_member__active=False, school_year__start_year__lt=start_year)


def roles_in_force(establishment, school_year):
    return in_force(RoleGrant.objects.filter(establishment=establishment), school_year.start_year)


def reconducted_from(establishment, school_year) -> SchoolYear | None:
    """The earlier year whose roles are in force for `school_year`, or None when it has its own."""
    year_pk = _latest_year_with_roles(establishment, school_year.start_year).first()
    if year_pk is None or year_pk["school_year"] == school_year.pk:
        return None
    return SchoolYear.objects.get(pk=year_pk["school_year"])


@transaction.atomic
def reconduct_roles(establishment, school_year, *, actor=None) -> list[RoleGrant]:
    """Copy the roles reconduits into `school_year` (nothing when it already has its own). Returns the copies."""
    # Lock the establishment's grants of the source year: two heads acting at once copy once.
    source = reconducted_from(establishment, school_year)
    if source is None:
        return []
    grants = list(roles_in_force(establishment, school_year).select_for_update(of=("self",)).order_by("pk"))
    if RoleGrant.objects.filter(establishment=establishment, school_year=school_year, pending=False).exists():
        return []  # the other one copied first
    copies = []
    for grant in grants:
        copy, created = RoleGrant.objects.get_or_create(
            user_id=grant.user_id,
            establishment=establishment,
            school_year=school_year,
            role=grant.role,
            defaults={
                "staff_member_id": grant.staff_member_id,
                "board_quality": grant.board_quality,
                "holder_name": grant.holder_name,
                "granted_by": actor or grant.granted_by,
            },
        )
        if not created and copy.pending:  # a role proposed for the new year and accepted the year before
            copy.pending = False
            copy.save(update_fields=["pending"])
        copies.append(copy)
    return copies
