"""The life of a letter: draft → sent → signed (or declined) → countersigned (final); withdrawn; avenants.

Each transition locks the letter's row, checks the state it starts from (the order is enforced here, whatever page
or e-mail led there) and is recorded on the event log with who, when, from where and the hash of what was signed.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from missions.events import record_event, register_actions
from missions.letters import signing_codes
from missions.letters.content import build_content, is_outdated, sha256_of
from missions.models import Allocation, MissionLetter
from missions.services.mail import send_email_after_commit

Status = MissionLetter.Status

register_actions(
    {
        "letter.created": "Lettre de mission préparée",
        "letter.amended": "Avenant préparé",
        "letter.text_changed": "Texte de la lettre modifié",
        "letter.sent": "Lettre envoyée pour signature",
        "letter.reminded": "Relance",
        "letter.signed": "Signature",
        "letter.declined": "Refus",
        "letter.countersigned": "Contreseing du chef d'établissement",
        "letter.withdrawn": "Lettre retirée",
        "letter.sealed": "PDF définitif scellé",
    }
)

PASSWORD_METHOD = "mot de passe du compte ressaisi"
SIGNATURE_NOTICE = (
    "Signature électronique simple au sens du règlement (UE) n° 910/2014 du 23 juillet 2014 (eIDAS), "
    "article 3, point 10, et article 25."
)


def refuse(message: str):
    raise ValidationError(message)


def _locked(letter: MissionLetter) -> MissionLetter:
    return (
        MissionLetter.objects.select_for_update()
        .select_related("establishment", "school_year", "staff_member")
        .get(pk=letter.pk)
    )


def _record(action, letter, actor, *, data=None, changes=None, roles=None):
    return record_event(
        action,
        actor=actor,
        establishment=letter.establishment,
        obj=letter,
        scope=f"letter:{letter.establishment_id}:{letter.school_year_id}:{letter.staff_member_id}",
        data=data,
        changes=changes,
        roles=roles,
    )


def _evidence(meta: dict | None, method: str = "", sha256: str = "") -> dict:
    meta = meta or {}
    return {
        "at_utc": timezone.now().isoformat(),
        "ip": meta.get("ip", ""),
        "user_agent": (meta.get("user_agent") or "")[:300],
        "method": method,
        "sha256": sha256,
    }


def is_latest(letter: MissionLetter) -> bool:
    return not MissionLetter.objects.filter(
        establishment_id=letter.establishment_id,
        school_year_id=letter.school_year_id,
        staff_member_id=letter.staff_member_id,
        version__gt=letter.version,
    ).exists()


def latest_letters(establishment, school_year):
    """The newest version of each person's letter of the year."""
    letters = MissionLetter.objects.filter(establishment=establishment, school_year=school_year)
    newest = letters.values("staff_member_id").annotate(top=Max("version"))
    wanted = {(row["staff_member_id"], row["top"]) for row in newest}
    return [
        letter
        for letter in letters.select_related("staff_member", "school_year", "establishment")
        if (letter.staff_member_id, letter.version) in wanted
    ]


def generate_drafts(establishment, school_year, *, actor) -> int:
    """A draft for each person with allocations this year who has no letter yet. Returns how many were made."""
    with_letter = MissionLetter.objects.filter(establishment=establishment, school_year=school_year).values(
        "staff_member_id"
    )
    people = (
        Allocation.objects.counted()
        .filter(envelope__establishment=establishment, envelope__school_year=school_year)
        .exclude(staff_member_id__in=with_letter)
        .values_list("staff_member_id", flat=True)
        .distinct()
    )
    created = 0
    with transaction.atomic():
        for staff_member_id in sorted(set(people)):
            letter = MissionLetter.objects.create(
                establishment=establishment, school_year=school_year, staff_member_id=staff_member_id
            )
            _record("letter.created", letter, actor)
            created += 1
    return created


def update_free_text(letter: MissionLetter, text: str, *, actor) -> MissionLetter:
    with transaction.atomic():
        letter = _locked(letter)
        if letter.status != Status.DRAFT:
            refuse("Une lettre envoyée ne change plus : préparez un avenant pour modifier son texte.")
        before, letter.free_text = letter.free_text, text.strip()
        letter.save(update_fields=["free_text", "updated_at"])
        _record("letter.text_changed", letter, actor, changes={"free_text": [before, letter.free_text]})
    return letter


def letter_url(letter: MissionLetter) -> str:
    path = reverse("letter_detail", args=[letter.establishment.uai, letter.pk])
    return settings.SITE_URL.rstrip("/") + path


def recipient_of(letter: MissionLetter) -> str:
    person = letter.staff_member
    return (person.user.email if person.user_id else "") or person.email


def send_letter(letter: MissionLetter, *, actor) -> MissionLetter:
    """Freeze the draft's content (and its SHA-256), then e-mail the person a link (signing needs signing in)."""
    with transaction.atomic():
        letter = _locked(letter)
        if letter.status != Status.DRAFT:
            refuse("Seule une lettre en brouillon peut être envoyée.")
        if not is_latest(letter):
            refuse("Une version plus récente de cette lettre existe.")
        content = build_content(letter)
        if not content["missions"]:
            refuse("Cette personne n'a aucune mission cette année : il n'y a rien à lui envoyer.")
        letter.content, letter.content_sha256 = content, sha256_of(content)
        letter.status, letter.sent_at = Status.SENT, timezone.now()
        letter.save()
        _record("letter.sent", letter, actor, data={"sha256": letter.content_sha256})
        if to := recipient_of(letter):
            send_email_after_commit(
                to=to,
                subject=f"Lettre de mission {letter.school_year} à signer — {letter.establishment.name}",
                body=(
                    f"Bonjour,\n\nVotre lettre de mission pour l'année {letter.school_year} "
                    f"({letter.establishment.name}) vous attend. Connectez-vous pour la lire et la signer :\n"
                    f"{letter_url(letter)}\n\nCe lien ne suffit pas à signer : la signature demande votre "
                    "mot de passe.\n"
                ),
                establishment=letter.establishment,
            )
    return letter


def _check_signable(letter: MissionLetter):
    if letter.status != Status.SENT:
        refuse("Cette lettre n'attend pas votre signature.")
    if not is_latest(letter) or is_outdated(letter):
        refuse(
            "Cette lettre ne correspond plus à vos missions : la direction doit vous envoyer un avenant avant "
            "que vous signiez."
        )


def check_signable(letter: MissionLetter) -> str | None:
    """Why the person cannot sign now (None when they can): checked when the page opens, and again on POST."""
    try:
        _check_signable(letter)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def sign_letter(
    letter: MissionLetter, *, user, password: str = "", code: str = "", consent: bool, meta=None
) -> MissionLetter:
    """The person's signature, confirmed by their password or by the one-time code mailed to them
    (missions.letters.signing_codes)."""
    current = MissionLetter.objects.select_related("staff_member").get(pk=letter.pk)
    if current.staff_member.user_id != user.pk:
        refuse("Seule la personne destinataire peut signer cette lettre.")
    _check_signable(current)
    if not consent:
        refuse("Cochez la case d'accord pour signer.")
    # Before the transaction: a wrong code's try is counted even though the signature is then refused.
    method = _confirmed_identity(current, user, password=password, code=code)
    with transaction.atomic():
        letter = _locked(letter)
        _check_signable(letter)
        letter.status, letter.signed_at = Status.SIGNED, timezone.now()
        letter.save(update_fields=["status", "signed_at", "updated_at"])
        _record("letter.signed", letter, user, data=_evidence(meta, method, letter.content_sha256))
    return letter


def _confirmed_identity(letter, user, *, password: str, code: str) -> str:
    """How the signer proved it is them (the evidence's `method`), or a refusal that says what failed."""
    if code:
        if not signing_codes.use_signing_code(letter, user, code):
            refuse(
                "Code incorrect ou expiré : la lettre n'est pas signée. Demandez un nouveau code ou saisissez "
                "votre mot de passe."
            )
        return f"{signing_codes.METHOD} à {signing_codes.masked_address(user.email)}"
    if not password or not user.check_password(password):
        refuse("Mot de passe incorrect : la lettre n'est pas signée.")
    return PASSWORD_METHOD


def decline_letter(letter: MissionLetter, *, user, reason: str, meta=None) -> MissionLetter:
    reason = (reason or "").strip()
    with transaction.atomic():
        letter = _locked(letter)
        if letter.staff_member.user_id != user.pk:
            refuse("Seule la personne destinataire peut refuser cette lettre.")
        if letter.status != Status.SENT:
            refuse("Cette lettre n'attend pas votre réponse.")
        if not reason:
            refuse("Indiquez le motif du refus.")
        letter.status, letter.declined_at, letter.decline_reason = Status.DECLINED, timezone.now(), reason
        letter.save(update_fields=["status", "declined_at", "decline_reason", "updated_at"])
        data = _evidence(meta, "session du compte", letter.content_sha256) | {"reason": reason}
        _record("letter.declined", letter, user, data=data)
    return letter


def check_countersignable(letter: MissionLetter) -> str | None:
    if letter.status != Status.SIGNED:
        return "La lettre doit d'abord être signée par la personne avant le contreseing."
    if not is_latest(letter) or is_outdated(letter):
        return "Les missions ont changé depuis l'envoi : préparez un avenant plutôt que de contresigner."
    return None


def countersign_letter(
    letter: MissionLetter, *, user, password: str, consent: bool, meta=None
) -> MissionLetter:
    """The head's signature after the person's; the sealed final PDF is then made in the background."""
    from missions.letters.tasks import seal_letters

    with transaction.atomic():
        letter = _locked(letter)
        if problem := check_countersignable(letter):
            refuse(problem)
        if not consent:
            refuse("Cochez la case d'accord pour contresigner.")
        if not password or not user.check_password(password):
            refuse("Mot de passe incorrect : la lettre n'est pas contresignée.")
        letter.status, letter.countersigned_at, letter.countersigned_by = Status.FINAL, timezone.now(), user
        letter.save(update_fields=["status", "countersigned_at", "countersigned_by", "updated_at"])
        _record(
            "letter.countersigned",
            letter,
            user,
            data=_evidence(meta, PASSWORD_METHOD, letter.content_sha256),
        )
        letter_id = letter.pk
        transaction.on_commit(lambda: seal_letters.enqueue(letter_ids=[letter_id]))
    return letter


def withdraw_letter(letter: MissionLetter, *, actor, reason: str) -> MissionLetter:
    reason = (reason or "").strip()
    with transaction.atomic():
        letter = _locked(letter)
        if letter.status not in {Status.SENT, Status.SIGNED}:
            refuse("Seule une lettre envoyée et pas encore contresignée peut être retirée.")
        if not reason:
            refuse("Indiquez le motif du retrait.")
        letter.status, letter.withdrawn_at, letter.withdraw_reason = Status.WITHDRAWN, timezone.now(), reason
        letter.save(update_fields=["status", "withdrawn_at", "withdraw_reason", "updated_at"])
        _record("letter.withdrawn", letter, actor, data={"reason": reason})
    return letter


def can_amend(letter: MissionLetter) -> bool:
    """A new version is due after a refusal or a withdrawal, or when the allocations changed since sending."""
    if not is_latest(letter) or letter.status == Status.DRAFT:
        return False
    return letter.status in {Status.DECLINED, Status.WITHDRAWN} or is_outdated(letter)


def create_amendment(letter: MissionLetter, *, actor) -> MissionLetter:
    """Version n+1 as a draft built from today's allocations; version n stays as it is, readable."""
    with transaction.atomic():
        letter = _locked(letter)
        if not can_amend(letter):
            refuse("Un avenant n'est utile que si la lettre a été refusée, retirée ou n'est plus à jour.")
        amendment = MissionLetter.objects.create(
            establishment=letter.establishment,
            school_year=letter.school_year,
            staff_member=letter.staff_member,
            version=letter.version + 1,
            free_text=letter.free_text,
        )
        _record("letter.amended", amendment, actor, data={"replaces_version": letter.version})
    return amendment


def remind(letter: MissionLetter) -> bool:
    """E-mail a reminder for a letter still waiting for its signature."""
    to = recipient_of(letter)
    if letter.status != Status.SENT or not to:
        return False
    send_email_after_commit(
        to=to,
        subject=f"Rappel : lettre de mission {letter.school_year} à signer — {letter.establishment.name}",
        body=(
            f"Bonjour,\n\nVotre lettre de mission pour l'année {letter.school_year} ({letter.establishment.name}) "
            f"attend toujours votre signature depuis le {timezone.localtime(letter.sent_at):%d/%m/%Y}.\n"
            f"Connectez-vous pour la lire, la signer ou la refuser :\n{letter_url(letter)}\n"
        ),
        establishment=letter.establishment,
    )
    MissionLetter.objects.filter(pk=letter.pk).update(reminded_at=timezone.now())
    _record("letter.reminded", letter, None)
    return True
