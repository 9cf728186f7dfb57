"""Staff and roles of an establishment: search, deactivate, give access, grant and revoke roles."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q

from missions.models import Role, RoleGrant, StaffMember, User
from missions.models.staff import search_text
from missions.services.accounts import Invitation, invite, link_account, normalize_email
from missions.services.role_reconduction import in_force, reconduct_roles, roles_in_force

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
    """Roles in force this year (reconduits included) held through the record or through the person's
    account in this establishment, and those proposed for this year and not yet accepted."""
    holder = Q(staff_member=staff)
    if staff.user_id:
        holder |= Q(user_id=staff.user_id)
    theirs = RoleGrant.objects.filter(holder, establishment_id=staff.establishment_id)
    return theirs.filter(
        Q(pk__in=in_force(theirs, school_year.start_year).values("pk"))
        | Q(school_year=school_year, pending=True)
    )


# --- create and edit a record ----------------------------------------------------------------------


@transaction.atomic
def create_staff(establishment, fields: dict) -> StaffMember:
    return StaffMember.objects.create(establishment=establishment, **fields)


@transaction.atomic
def update_staff(staff: StaffMember, fields: dict, *, school_year, editor_roles) -> StaffMember:
    """Save the record form's fields. Unchecking "en poste" IS a deactivation: it goes through `deactivate`
    and its rules (only a head may withdraw a head's role, never the last head); if they refuse, nothing
    of the form is saved. Checking it again reactivates the record (its roles are not given back)."""
    fields = dict(fields)
    wants_active = fields.pop("active", None)
    current = StaffMember.objects.select_for_update().get(pk=staff.pk)
    for name, value in fields.items():
        setattr(current, name, value)
    if wants_active is True:
        current.active = True
    current.save()
    if wants_active is False and staff_was_active(current):
        deactivate(current, school_year=school_year, deactivator_roles=editor_roles)
        current.refresh_from_db()
    return current


def staff_was_active(staff: StaffMember) -> bool:
    return StaffMember.objects.filter(pk=staff.pk, active=True).exists()


# --- deactivate, give access ----------------------------------------------------------------------


@transaction.atomic
def deactivate(staff: StaffMember, *, school_year, deactivator_roles) -> list[RoleGrant]:
    """Mark a person as no longer working here and withdraw their roles of the year; never delete.

    The record stays for the history of allocations and letters. Returns the grants withdrawn. Withdrawing
    a role this way follows the rule of revoke_role: only a head may take the head's role away.
    """
    staff = StaffMember.objects.select_for_update().get(pk=staff.pk)
    reconduct_roles(staff.establishment, school_year)  # withdraw from this year's own grants
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
    missions (lettres de mission, payment schedule). For an account that existed before, the role waits
    for the person to accept it (see needs_acceptance).
    """
    if not staff.active:
        raise ValidationError("Cette personne n'est plus en poste : réactivez sa fiche avant de l'inviter.")
    reconduct_roles(staff.establishment, school_year, actor=inviter)
    user, created = link_account(staff)
    pending_grant = None
    if not grants_of_staff_member(staff, school_year).exists():
        grant = _create_grant(
            user,
            staff.establishment,
            school_year,
            Role.STAFF,
            granted_by=inviter,
            staff=staff,
            pending=needs_acceptance(user, staff.establishment, created),
        )
        pending_grant = grant if grant.pending else None
    else:
        pending_grant = grants_of_staff_member(staff, school_year).filter(pending=True).first()
    invitation = invite(
        user,
        inviter=inviter,
        establishment=staff.establishment,
        base_url=base_url,
        role_to_accept=pending_grant,
    )
    return Invitation(user=user, created=created, sent_link=invitation.sent_link)


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


def needs_acceptance(user, establishment, created: bool) -> bool:
    """Whether a new role for `user` in `establishment` waits for the person to accept it.

    A role given to an account that existed before, and holds no accepted role in this establishment,
    is only proposed: the head typed an address, and whoever owns it (perhaps in another establishment)
    decides. A new account (the person proves the address by choosing a password through the invitation)
    or one already working here gets the role at once.
    """
    if created:
        return False
    return not RoleGrant.objects.filter(user=user, establishment=establishment, pending=False).exists()


def _create_grant(
    user, establishment, school_year, role, *, granted_by, staff=None, quality="", name="", pending=False
):
    if RoleGrant.objects.filter(
        user=user, establishment=establishment, school_year=school_year, role=role
    ).exists():
        raise ValidationError(
            "%(name)s a déjà le rôle « %(role)s » pour %(year)s.",
            params={
                # what the head typed (or their own record), never the account's name
                "name": staff.display_name if staff else name or user.email,
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
        holder_name=name,
        pending=pending,
        granted_by=granted_by,
    )


def _grant_and_invite(user, created, establishment, school_year, role, *, granted_by, base_url, **fields):
    """Create the grant (pending for an account that existed, see needs_acceptance) and send the e-mail
    a person needs: an invitation to choose a password, or to accept the role. Someone already working
    here with a password just gets the role."""
    if not user.is_active:
        raise ValidationError(
            "Ce compte est désactivé : un administrateur doit le réactiver.", code="inactive"
        )
    pending = needs_acceptance(user, establishment, created)
    grant = _create_grant(
        user, establishment, school_year, role, granted_by=granted_by, pending=pending, **fields
    )
    invitation = None
    if pending or not user.has_usable_password():
        invitation = invite(
            user,
            inviter=granted_by,
            establishment=establishment,
            base_url=base_url,
            role_to_accept=grant if pending else None,
        )
    return Grant(grant, invitation)


@transaction.atomic
def grant_role(
    staff: StaffMember, role: str, *, school_year, granted_by, granter_roles, base_url=None
) -> Grant:
    """Grant `role` to a staff member of the establishment for `school_year`.

    A person without an account is invited (which needs an e-mail on their record); an account that
    existed before is only proposed the role until it accepts (needs_acceptance).
    """
    if not may_grant(granter_roles, role):
        raise ValidationError("Seul un chef d'établissement peut attribuer le rôle de chef d'établissement.")
    if not staff.active:
        raise ValidationError("Cette personne n'est plus en poste : réactivez sa fiche d'abord.")
    reconduct_roles(staff.establishment, school_year, actor=granted_by)
    user, created = link_account(staff)
    return _grant_and_invite(
        user,
        created,
        staff.establishment,
        school_year,
        role,
        granted_by=granted_by,
        base_url=base_url,
        staff=staff,
    )


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

    `term_start`/`term_end`: their mandate within the year (empty: the whole school year).

    The grant shows the name typed here. An address that already has an account gets an invitation to
    accept the role; nothing of that account (its name, its establishments) is shown to the head.
    """
    name = f"{first_name.strip()} {last_name.strip()}".strip()
    reconduct_roles(establishment, school_year, actor=granted_by)
    user = User.objects.filter(email__iexact=normalize_email(email)).first()
    created = user is None
    if created:
        user = User.objects.create_user(email, first_name=first_name.strip(), last_name=last_name.strip())
    result = _grant_and_invite(
        user,
        created,
        establishment,
        school_year,
        Role.BOARD,
        granted_by=granted_by,
        base_url=base_url,
        quality=quality,
        name=name,
    )
    if term_start or term_end:
        result.grant.term_start, result.grant.term_end = term_start, term_end
        result.grant.save(update_fields=["term_start", "term_end"])
    return result


# --- invitations to accept a role ---------------------------------------------------------------------


def pending_roles(user):
    """The roles proposed to `user` and not yet accepted, for their "Invitations" page."""
    return (
        RoleGrant.objects.filter(user=user, pending=True)
        .select_related("establishment", "school_year", "granted_by")
        .order_by("establishment__name", "role")
    )


@transaction.atomic
def accept_role(user, grant_pk) -> RoleGrant:
    grant = pending_roles(user).select_for_update(of=("self",)).filter(pk=grant_pk).first()
    if grant is None:
        raise ValidationError("Cette invitation n'existe plus.")
    grant.pending = False
    grant.save(update_fields=["pending"])
    return grant


@transaction.atomic
def decline_role(user, grant_pk) -> RoleGrant:
    grant = pending_roles(user).select_for_update(of=("self",)).filter(pk=grant_pk).first()
    if grant is None:
        raise ValidationError("Cette invitation n'existe plus.")
    grant.delete()
    return grant


def holder_name(grant) -> str:
    """Who holds a grant, as the establishment knows them: its staff record or the name typed for them."""
    if grant.staff_member_id:
        return grant.staff_member.display_name
    return grant.holder_name or grant.user.email


def ensure_not_last_head(grant: RoleGrant) -> None:
    """An establishment always keeps a head for the year: nobody else could manage its roles."""
    if grant.role != Role.HEAD:
        return
    heads = list(
        RoleGrant.objects.select_for_update()
        .filter(
            establishment_id=grant.establishment_id,
            school_year_id=grant.school_year_id,
            role=Role.HEAD,
            pending=False,
        )
        .values_list("pk", flat=True)
    )
    if heads == [grant.pk]:
        raise ValidationError(
            "Impossible de retirer le dernier rôle de chef d'établissement de l'année : "
            "attribuez d'abord ce rôle à son successeur."
        )


@transaction.atomic
def revoke_role(grant: RoleGrant, *, revoker_roles, school_year=None) -> None:
    """Withdraw a role for `school_year` (the grant's own year by default). A role reconduit from an
    earlier year is withdrawn from the new year's copy: the earlier year keeps its record."""
    if not may_grant(revoker_roles, grant.role):
        raise ValidationError("Seul un chef d'établissement peut retirer le rôle de chef d'établissement.")
    if school_year is not None and grant.school_year_id != school_year.pk:
        reconduct_roles(grant.establishment, school_year)
        grant = RoleGrant.objects.filter(
            user_id=grant.user_id,
            establishment_id=grant.establishment_id,
            school_year=school_year,
            role=grant.role,
        ).first()
        if grant is None:
            raise ValidationError(f"Ce rôle n'est pas en vigueur pour {school_year}.")
    ensure_not_last_head(grant)
    grant.delete()


def grants_by_role(establishment, school_year) -> list[dict]:
    """The roles in force this year (reconduits included, marked `carried`) and those proposed and not yet
    accepted, grouped by role (in the order of Role), with the pHARe minimums as hints."""
    grants = (
        RoleGrant.objects.filter(
            Q(pk__in=roles_in_force(establishment, school_year).values("pk"))
            | Q(establishment=establishment, school_year=school_year, pending=True)
        )
        .select_related("user", "staff_member")
        .order_by("user__last_name", "user__first_name", "user__email")
    )
    by_role = {value: [] for value in Role.values}
    for grant in grants:
        grant.display_name = holder_name(grant)
        # the same mark for a role waiting for its acceptance and one whose new account has no password
        # yet: the page must not tell whether an address already had an account
        grant.awaiting = grant.pending or not grant.user.has_usable_password()
        grant.carried = grant.school_year_id != school_year.pk
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
