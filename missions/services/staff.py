"""Staff and roles of an establishment: search, deactivate, give access, grant and revoke roles."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q

from missions.models import Role, RoleGrant, StaffMember, User
from missions.models.staff import search_text
from missions.services.accounts import Invitation, invite, normalize_email

# pHARe (circulaire du 2 février 2024): at least one coordinateur harcèlement and an équipe ressource
# of at least five staff in every collège and lycée.
MIN_COORDINATORS = 1
MIN_RESOURCE_TEAM = 5

# Qualities of CA members without a staff record (code de l'éducation, art. R. 421-14 and R. 421-16).
BOARD_QUALITIES = [
    "Représentant des parents d'élèves",
    "Représentant des élèves",
    "Élu de la collectivité territoriale de rattachement",
    "Élu de la commune siège",
    "Représentant de l'intercommunalité",
    "Personnalité qualifiée",
]


# --- staff list ---------------------------------------------------------------------------------


def search_staff(establishment, *, query="", category="", status="", account=""):
    """The establishment's staff matching a free-text search and the list filters."""
    staff = establishment.staff.select_related("user")
    for word in search_text(query).split():  # accents and case ignored, alike on SQLite and PostgreSQL
        staff = staff.filter(search_key__contains=word)
    if category:
        staff = staff.filter(category=category)
    if status == "actifs":
        staff = staff.filter(active=True)
    elif status == "inactifs":
        staff = staff.filter(active=False)
    if account == "avec":
        staff = staff.filter(user__isnull=False)
    elif account == "sans":
        staff = staff.filter(user__isnull=True)
    return staff.order_by("sort_key", "pk")


def shared_names_among(establishment, sort_keys) -> set[str]:
    """Which of these names (sort keys) more than one person of the establishment bears: one query."""
    return set(
        establishment.staff.filter(sort_key__in=set(sort_keys))
        .values("sort_key")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("sort_key", flat=True)
    )


def staff_counts(establishment) -> dict:
    return establishment.staff.aggregate(
        total=Count("pk"),
        in_post=Count("pk", filter=Q(active=True)),
        left=Count("pk", filter=Q(active=False)),
        with_account=Count("pk", filter=Q(user__isnull=False)),
    )


def email_taken(establishment, email: str, *, exclude_pk=None) -> bool:
    """An e-mail identifies one person among the establishment's staff."""
    others = establishment.staff.filter(email__iexact=email.strip())
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    return others.exists()


def grants_of_staff_member(staff: StaffMember, school_year):
    """Roles this year held through the record or through the person's account, in this establishment."""
    holder = Q(staff_member=staff)
    if staff.user_id:
        holder |= Q(user_id=staff.user_id)
    return RoleGrant.objects.filter(holder, establishment_id=staff.establishment_id, school_year=school_year)


# --- deactivate, give access ----------------------------------------------------------------------


@transaction.atomic
def deactivate(staff: StaffMember, *, school_year, deactivator_roles) -> list[RoleGrant]:
    """Mark a person as no longer working here and withdraw their roles of the year; never delete.

    The record stays for the history of allocations and letters. Returns the grants withdrawn. Withdrawing
    a role this way follows the rule of revoke_role: only a head may take the head's role away.
    """
    staff = StaffMember.objects.select_for_update().get(pk=staff.pk)
    grants = list(grants_of_staff_member(staff, school_year).select_related("user"))
    for grant in grants:
        if not may_grant(deactivator_roles, grant.role):
            raise ValidationError(
                "Seul un chef d'établissement peut désactiver la fiche d'un chef d'établissement : "
                "elle lui retirerait son rôle."
            )
        ensure_not_last_head(grant)
    for grant in grants:
        grant.delete()
    staff.active = False
    staff.save(update_fields=["active", "updated_at"])
    return grants


@transaction.atomic
def give_access(staff: StaffMember, *, inviter, school_year, base_url=None) -> Invitation:
    """Invite a staff member and make sure they hold at least the "personnel" role this year.

    Without a role the account would open on an empty home page; "personnel" lets them read their own
    missions (lettres de mission, payment schedule).
    """
    if not staff.active:
        raise ValidationError("Cette personne n'est plus en poste : réactivez sa fiche avant de l'inviter.")
    invitation = invite(staff, inviter=inviter, establishment=staff.establishment, base_url=base_url)
    if not grants_of_staff_member(staff, school_year).exists():
        RoleGrant.objects.create(
            user=invitation.user,
            establishment=staff.establishment,
            school_year=school_year,
            role=Role.STAFF,
            staff_member=staff,
            granted_by=inviter,
        )
    return invitation


# --- roles ---------------------------------------------------------------------------------------


def may_grant(granter_roles, role: str) -> bool:
    """A deputy manages roles but may not make someone head, nor remove a head: only a head may."""
    return role != Role.HEAD or Role.HEAD in granter_roles


def grantable_roles(granter_roles) -> list[tuple[str, str]]:
    return [(value, label) for value, label in Role.choices if may_grant(granter_roles, value)]


@dataclass(frozen=True)
class Grant:
    grant: RoleGrant
    invitation: Invitation | None


def _create_grant(
    user,
    establishment,
    school_year,
    role,
    *,
    granted_by,
    staff=None,
    quality="",
    term_start=None,
    term_end=None,
):
    if RoleGrant.objects.filter(
        user=user, establishment=establishment, school_year=school_year, role=role
    ).exists():
        raise ValidationError(
            "%(name)s a déjà le rôle « %(role)s » pour %(year)s.",
            params={
                "name": staff.display_name if staff else user,
                "role": Role(role).label,
                "year": school_year,
            },
            code="duplicate",
        )
    return RoleGrant.objects.create(
        user=user,
        establishment=establishment,
        school_year=school_year,
        role=role,
        staff_member=staff,
        board_quality=quality,
        term_start=term_start,
        term_end=term_end,
        granted_by=granted_by,
    )


@transaction.atomic
def grant_role(
    staff: StaffMember, role: str, *, school_year, granted_by, granter_roles, base_url=None
) -> Grant:
    """Grant `role` to a staff member of the establishment for `school_year`.

    A person without an account is invited (which needs an e-mail on their record).
    """
    if not may_grant(granter_roles, role):
        raise ValidationError("Seul un chef d'établissement peut attribuer le rôle de chef d'établissement.")
    if not staff.active:
        raise ValidationError("Cette personne n'est plus en poste : réactivez sa fiche d'abord.")
    invitation = None
    if staff.user_id is None:
        invitation = invite(staff, inviter=granted_by, establishment=staff.establishment, base_url=base_url)
    grant = _create_grant(
        staff.user, staff.establishment, school_year, role, granted_by=granted_by, staff=staff
    )
    return Grant(grant, invitation)


@transaction.atomic
def add_board_member(
    establishment,
    school_year,
    *,
    first_name,
    last_name,
    email,
    quality,
    granted_by,
    base_url=None,
    term_start=None,
    term_end=None,
) -> Grant:
    """A CA member with no staff record (parent, pupil, elected official, qualified person), invited.

    `term_start`/`term_end`: their mandate within the year (empty: the whole school year)."""
    user = User.objects.filter(email__iexact=normalize_email(email)).first()
    if user is None:
        user = User.objects.create_user(email, first_name=first_name.strip(), last_name=last_name.strip())
    grant = _create_grant(
        user,
        establishment,
        school_year,
        Role.BOARD,
        granted_by=granted_by,
        quality=quality,
        term_start=term_start,
        term_end=term_end,
    )
    invitation = invite(user, inviter=granted_by, establishment=establishment, base_url=base_url)
    return Grant(grant, invitation)


def ensure_not_last_head(grant: RoleGrant) -> None:
    """An establishment always keeps a head for the year: nobody else could manage its roles."""
    if grant.role != Role.HEAD:
        return
    heads = list(
        RoleGrant.objects.select_for_update()
        .filter(establishment_id=grant.establishment_id, school_year_id=grant.school_year_id, role=Role.HEAD)
        .values_list("pk", flat=True)
    )
    if heads == [grant.pk]:
        raise ValidationError(
            "Impossible de retirer le dernier rôle de chef d'établissement de l'année : "
            "attribuez d'abord ce rôle à son successeur."
        )


@transaction.atomic
def revoke_role(grant: RoleGrant, *, revoker_roles) -> None:
    if not may_grant(revoker_roles, grant.role):
        raise ValidationError("Seul un chef d'établissement peut retirer le rôle de chef d'établissement.")
    ensure_not_last_head(grant)
    grant.delete()


def grants_by_role(establishment, school_year) -> list[dict]:
    """This year's grants grouped by role (in the order of Role), with the pHARe minimums as hints."""
    grants = (
        RoleGrant.objects.filter(establishment=establishment, school_year=school_year)
        .select_related("user", "staff_member")
        .order_by("user__last_name", "user__first_name", "user__email")
    )
    by_role = {value: [] for value in Role.values}
    for grant in grants:
        by_role[grant.role].append(grant)
    minimums = {
        Role.HEAD: 1,
        Role.HARASSMENT_COORDINATOR: MIN_COORDINATORS,
        Role.RESOURCE_TEAM: MIN_RESOURCE_TEAM,
    }
    return [
        {
            "role": value,
            "label": label,
            "grants": by_role[value],
            "minimum": minimums.get(value),
            "short": len(by_role[value]) < minimums.get(value, 0),
        }
        for value, label in Role.choices
    ]
