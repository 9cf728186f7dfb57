"""Cases: reporting a concern, the journal, the read log and who sees what.

Nothing here puts a pupil's name anywhere but `PupilInvolvement`: e-mails, events and task arguments name the
case by its number.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from harcelement.models import (
    Case,
    CaseEntry,
    CaseRead,
    EntryAttachment,
    EntryKind,
    EntryText,
    PupilInvolvement,
)
from missions.events import actor_display_name, record_event, register_actions
from missions.models import Role, RoleGrant
from missions.services.mail import send_email_after_commit

register_actions(
    {
        "phare.case_reported": "Signalement d'une situation de harcèlement",
        "phare.case_read": "Consultation d'une situation",
        "phare.case_updated": "Situation modifiée",
        "phare.entry_added": "Entrée ajoutée au journal d'une situation",
        "phare.pupil_added": "Élève ajouté à une situation",
        "phare.case_anonymised": "Situation anonymisée (durée de conservation écoulée)",
    }
)

FULL_READERS = {Role.HEAD, Role.DEPUTY, Role.HARASSMENT_COORDINATOR}


@dataclass(frozen=True)
class PupilLine:
    name: str
    class_name: str
    role: str


def case_scope(case) -> str:
    return f"phare-case:{case.pk}"


def _next_number(establishment, school_year) -> str:
    prefix = f"{school_year.start_year}-"
    numbers = Case.objects.filter(establishment=establishment, number__startswith=prefix).values_list(
        "number", flat=True
    )
    last = max((int(number.split("-")[1]) for number in numbers), default=0)
    return f"{prefix}{last + 1:03d}"


def _new_case(**fields) -> Case:
    """Create with the next free number; two reports at once retry instead of sharing a number."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Case.objects.create(
                    number=_next_number(fields["establishment"], fields["school_year"]), **fields
                )
        except IntegrityError:
            continue
    raise ValidationError("Le signalement n'a pas pu être numéroté : réessayez.")


def _add_pupils(case, pupils):
    for pupil in pupils:
        if not pupil.name.strip():
            continue
        PupilInvolvement.objects.create(
            case=case, name=pupil.name.strip(), class_name=pupil.class_name.strip(), role=pupil.role
        )


@transaction.atomic
def report_concern(
    *,
    establishment,
    school_year,
    reporter,
    what: str,
    occurred_on,
    places,
    pupils,
    source="personnel",
    alert=True,
) -> Case:
    """A staff member reports a concern: a case is opened, its first journal entry written, direction alerted."""
    if not what.strip():
        raise ValidationError("Décrivez ce qui s'est passé.")
    if not any(p.name.strip() for p in pupils):
        raise ValidationError("Indiquez au moins un élève concerné (nom, classe, rôle).")
    case = _new_case(
        establishment=establishment,
        school_year=school_year,
        source=source,
        places=list(places),
        occurred_on=occurred_on,
        summary=what.strip(),
        reporter=reporter,
    )
    _add_pupils(case, pupils)
    occurred = timezone.make_aware(datetime.combine(occurred_on, datetime.min.time().replace(hour=12)))
    add_entry(case, author=reporter, kind=EntryKind.REPORT, occurred_at=occurred, text=what.strip())
    record_event(
        "phare.case_reported",
        actor=reporter,
        establishment=establishment,
        obj=case,
        scope=case_scope(case),
        data={"number": case.number},
    )
    if alert:
        _alert(case)
    return case


def _alert(case):
    """E-mail the head and the coordinators: the case number and a link, never a pupil's name."""
    recipients = sorted(
        set(
            RoleGrant.objects.filter(
                establishment=case.establishment,
                school_year=case.school_year,
                role__in=[Role.HEAD, Role.HARASSMENT_COORDINATOR],
                user__is_active=True,
            ).values_list("user__email", flat=True)
        )
    )
    if not recipients:
        return
    url = reverse("phare_case_detail", kwargs={"uai": case.establishment.uai, "pk": case.pk})
    for recipient in recipients:  # one e-mail per person (each one listed, and resent on its own)
        _send_alert(case, recipient, url)


def _send_alert(case, recipient, url):
    send_email_after_commit(
        to=recipient,
        subject=f"pHARe — nouveau signalement {case.number}",
        body=(
            f"Un personnel de {case.establishment.name} a signalé une situation possible de harcèlement "
            f"(situation {case.number}).\n\nLe dossier se consulte dans l'application, connecté : {url}\n\n"
            "Ce message ne contient volontairement aucun nom d'élève."
        ),
        establishment=case.establishment,
    )


def add_entry(
    case, *, author, kind, occurred_at, text="", reference="", amends=None, reason="", attachments=()
) -> CaseEntry:
    """Append one entry to the journal (with its text and files). A correction names the entry it amends."""
    if kind not in EntryKind.values:
        raise ValidationError("Type d'entrée inconnu.")
    if case.anonymised_at:
        raise ValidationError("Cette situation est anonymisée : son journal est clos.")
    if amends is not None:
        if amends.case_id != case.pk:
            raise ValidationError("L'entrée corrigée appartient à une autre situation.")
        if not reason.strip():
            raise ValidationError("Indiquez le motif de la correction.")
    if kind == EntryKind.FAITS_ETABLISSEMENT and not reference.strip():
        raise ValidationError("Indiquez le numéro de la déclaration dans Faits établissement.")
    if occurred_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError("La date de l'entrée ne peut pas être dans le futur.")
    with transaction.atomic():
        entry = CaseEntry.objects.create(
            case=case,
            occurred_at=occurred_at,
            author=author,
            author_name=actor_display_name(author),
            kind=kind,
            # Faits établissement: only the date and the number are kept, no account of the facts.
            reference=reference.strip() if kind == EntryKind.FAITS_ETABLISSEMENT else "",
            amends=amends,
        )
        EntryText.objects.create(
            entry=entry,
            text="" if kind == EntryKind.FAITS_ETABLISSEMENT else text,
            reason=reason.strip(),
        )
        for filename, content_type, content in attachments:
            EntryAttachment.objects.create(
                entry=entry, filename=filename, content_type=content_type, content=content, size=len(content)
            )
        record_event(
            "phare.entry_added",
            actor=author,
            establishment=case.establishment,
            obj=case,
            scope=case_scope(case),
            data={"entry": entry.pk, "kind": kind, "amends": amends.pk if amends else None},
        )
        if kind == EntryKind.CLOSURE and case.status != Case.Status.CLOSED:
            case.status, case.closed_at = Case.Status.CLOSED, timezone.now()
            case.save(update_fields=["status", "closed_at"])
        elif kind in {EntryKind.FOLLOW_UP, EntryKind.MPP_INTERVIEW} and case.status == Case.Status.OPEN:
            case.status = Case.Status.FOLLOW_UP
            case.save(update_fields=["status"])
    return entry


@transaction.atomic
def update_case(case, *, actor, **fields) -> Case:
    """Qualify a case (source, forms, places, severity, status, referent, assigned team members)."""
    assigned = fields.pop("assigned", None)
    before = {name: getattr(case, name) for name in fields}
    for name, value in fields.items():
        setattr(case, name, value)
    if case.status == Case.Status.CLOSED and not case.closed_at:
        case.closed_at = timezone.now()
    elif case.status != Case.Status.CLOSED:
        case.closed_at = None
    case.save()
    if assigned is not None:
        case.assigned.set(assigned)
    changes = {
        name: [str(before[name]), str(getattr(case, name))]
        for name in fields
        if before[name] != getattr(case, name) and name != "referent"
    }
    if assigned is not None:
        changes["assigned"] = sorted(member.pk for member in assigned)
    record_event(
        "phare.case_updated",
        actor=actor,
        establishment=case.establishment,
        obj=case,
        scope=case_scope(case),
        changes=changes,
    )
    return case


def add_pupil(case, *, actor, name, class_name, role) -> PupilInvolvement:
    if not name.strip() or not class_name.strip():
        raise ValidationError("Indiquez le nom et la classe de l'élève.")
    if case.anonymised_at:
        raise ValidationError("Cette situation est anonymisée.")
    pupil = PupilInvolvement.objects.create(
        case=case, name=name.strip(), class_name=class_name.strip(), role=role
    )
    record_event(
        "phare.pupil_added",
        actor=actor,
        establishment=case.establishment,
        obj=case,
        scope=case_scope(case),
        data={"role": role},  # the role only: a pupil's name never enters the event log
    )
    return pupil


def record_read(case, user, what="dossier") -> CaseRead:
    """Log that `user` opened the case: a row of the read log, and an event (no pupil data)."""
    with transaction.atomic():
        read = CaseRead.objects.create(case=case, user=user, user_name=actor_display_name(user), what=what)
        record_event(
            "phare.case_read",
            actor=user,
            establishment=case.establishment,
            obj=case,
            scope=case_scope(case),
            data={"what": what},
        )
    return read


# --- who sees what --------------------------------------------------------------------------------


def is_assigned(user, case) -> bool:
    return case.assigned.filter(user=user, active=True).exists()


def may_read(user, roles, case) -> bool:
    """Head, deputy, coordinators; resource-team members assigned to the case."""
    if case.establishment_id is None:
        return False
    if FULL_READERS & set(roles):
        return True
    return Role.RESOURCE_TEAM in roles and is_assigned(user, case)


def readable_cases(user, roles, establishment):
    cases = Case.objects.filter(establishment=establishment)
    if FULL_READERS & set(roles):
        return cases
    if Role.RESOURCE_TEAM in roles:
        return cases.filter(Q(assigned__user=user, assigned__active=True)).distinct()
    return cases.none()


def journal(case):
    """The entries in order, with their text and files, corrections attached to what they correct."""
    return list(case.entries.select_related("body", "amends").prefetch_related("attachments", "amendments"))
