"""The members of the conseil d'administration (CA) and their term: which versions of the répartition they
read, and who is convened when one is presented. The steps themselves are in `missions.services.board`."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from missions import clock
from missions.models import Role, RoleGrant
from missions.services.mail import send_email_after_commit
from missions.services.schedule import french_date


# --- CA members and their term -------------------------------------------------------------------------
def board_grants(user, establishment, school_year):
    """`user`'s accepted CA grants of that year there (an invitation not yet accepted gives nothing)."""
    return RoleGrant.objects.filter(
        user=user,
        establishment=establishment,
        school_year=school_year,
        role=Role.BOARD,
        pending=False,
        user__is_active=True,
    ).select_related("school_year")


def board_seats(user):
    """Every accepted CA grant of `user`, whatever the year, newest year first: where and when they sat. After
    their term, and in later years, a member keeps read access to what was presented during it."""
    return (
        RoleGrant.objects.filter(user=user, role=Role.BOARD, pending=False, user__is_active=True)
        .select_related("establishment", "school_year")
        .order_by("-school_year__start_year", "establishment__name")
    )


def members_in_term(establishment, school_year, day=None):
    day = day or clock.today()
    grants = RoleGrant.objects.filter(
        establishment=establishment, school_year=school_year, role=Role.BOARD, user__is_active=True
    ).select_related("user", "school_year")
    return [grant for grant in grants if grant.in_term(day)]


def member_may_read(user, version) -> bool:
    """A CA member reads the versions of their year presented before their term ended: after the term,
    nothing new, but what they voted on stays readable."""
    presented_on = timezone.localdate(version.presented_at)
    return any(
        presented_on <= grant.term_last_day
        for grant in board_grants(user, version.cycle.establishment_id, version.cycle.school_year_id)
    )


def convene(version, *, base_url=None) -> int:
    """E-mail every CA member whose term covers the meeting a link to the pack (after commit, through the mail
    task)."""
    cycle = version.cycle
    base_url = (base_url or getattr(settings, "SITE_URL", "http://127.0.0.1:8000")).rstrip("/")
    link = base_url + reverse("board_version", kwargs={"uai": cycle.establishment.uai, "pk": version.pk})
    members = members_in_term(cycle.establishment, cycle.school_year, version.meeting_date)
    for grant in members:
        body = (
            f"Bonjour,\n\nLa répartition des indemnités pour mission particulière {cycle.school_year} de "
            f"{cycle.establishment.name} (version {version.number}) sera présentée au conseil d'administration "
            f"du {french_date(version.meeting_date)}.\n\nVous pouvez la consulter et poser vos questions avant "
            f"la séance :\n{link}\n\nEmpreinte de la version : {version.sha256}\n"
        )
        send_email_after_commit(
            to=grant.user.email,
            subject=f"Conseil d'administration du {french_date(version.meeting_date)} — répartition des IMP",
            body=body,
            establishment=cycle.establishment,
        )
    return len(members)
