"""Demo lettres de mission (called by `seed_demo`): one establishment's letters in every state.

Everything goes through the letters' workflow, with the demo password for the signatures, so the event log and
the sealed PDFs are real. Letters that need a signature go to people with an account (the demo logins); the
teacher `prof.<établissement>` keeps a letter to sign. Sealing costs about 0.3 s a PDF: one final letter per
establishment. Safe to run again: an establishment that already has letters is left alone.
"""

from django.conf import settings

from missions.demo.people import DEMO_DOMAIN
from missions.letters import workflow
from missions.letters.sealing import create_certificate
from missions.letters.tasks import store_final_pdf
from missions.models import Allocation, LetterTemplate, MissionLetter, Role, RoleGrant, User
from missions.services.allocations import update_allocation

Status = MissionLetter.Status


def ensure_certificate() -> None:
    """A self-signed sealing certificate for the demo when none is configured yet."""
    key_file, cert_file = settings.SIGNING_KEY_FILE, settings.SIGNING_CERT_FILE
    if not key_file.exists() and not cert_file.exists():
        create_certificate(key_file, cert_file, common_name="IMP & pHARe (démonstration)")


def seed_letters(establishment, school_year, *, head, password: str) -> dict:
    if MissionLetter.objects.filter(establishment=establishment, school_year=school_year).exists():
        return {}
    ensure_certificate()
    LetterTemplate.objects.get_or_create(
        establishment=establishment,
        defaults={
            "header": f"{establishment.commune}\nce.{establishment.uai.lower()}@ac-paris.fr",
            "head_signature": f"Le chef d'établissement\n{head.get_full_name()}",
            "paying_service_address": "Rectorat de l'académie de Paris — DAF, bureau des indemnités\n"
            "12, boulevard d'Indochine, 75019 Paris",
        },
    )
    workflow.generate_drafts(establishment, school_year, actor=head)
    letters = list(
        MissionLetter.objects.filter(establishment=establishment, school_year=school_year).select_related(
            "staff_member__user", "establishment", "school_year"
        )
    )
    with_account = [
        letter
        for letter in letters
        if letter.staff_member.user_id
        and letter.staff_member.user_id != head.pk
        and not letter.staff_member.user.email.startswith("prof.")
    ]
    to_sign = [
        letter
        for letter in letters
        if letter.staff_member.user_id and letter.staff_member.user.email.startswith("prof.")
    ]
    others = [letter for letter in letters if letter not in with_account and letter not in to_sign]
    # Two more people sign (or decline) with an account of their own: signataire1/2.<établissement>@demo.fr
    while len(with_account) < 3 and others:
        letter = others.pop(0)
        give_account(letter.staff_member, school_year, len(with_account), password)
        with_account.append(letter)

    def send(letter):
        workflow.send_letter(letter, actor=head)
        letter.refresh_from_db()
        return letter

    def sign(letter):
        send(letter)
        workflow.sign_letter(
            letter, user=letter.staff_member.user, password=password, consent=True, meta=DEMO_META
        )
        letter.refresh_from_db()
        return letter

    for letter in to_sign:
        send(letter)  # the demo teacher signs it
    states = iter(with_account)
    if final := next(states, None):
        sign(final)
        workflow.countersign_letter(final, user=head, password=password, consent=True, meta=DEMO_META)
        store_final_pdf(final)
    if signed := next(states, None):
        sign(signed)
    if declined := next(states, None):
        send(declined)
        workflow.decline_letter(
            declined,
            user=declined.staff_member.user,
            reason="Je ne pourrai pas assurer cette mission le mercredi après-midi.",
            meta=DEMO_META,
        )
    rest = iter(others + list(states))
    if outdated := next(rest, None):
        send(outdated)
        allocation = (
            Allocation.objects.counted()
            .filter(staff_member=outdated.staff_member, envelope__school_year=school_year)
            .first()
        )
        update_allocation(allocation, actor=head, note="Périmètre élargi au cycle 4 (avenant à prévoir)")
    if withdrawn := next(rest, None):
        send(withdrawn)
        workflow.withdraw_letter(withdrawn, actor=head, reason="Mission attribuée par erreur, à revoir.")
    for letter in [next(rest, None), next(rest, None)]:
        if letter is not None:
            send(letter)
    counts = {}
    for letter in MissionLetter.objects.filter(establishment=establishment, school_year=school_year):
        counts[letter.status] = counts.get(letter.status, 0) + 1
    return counts


def give_account(staff_member, school_year, index: int, password: str):
    suffix = "lycee" if staff_member.establishment.is_lycee else "college"
    user, _ = User.objects.get_or_create(
        email=f"signataire{index}.{suffix}@{DEMO_DOMAIN}",
        defaults={"first_name": staff_member.first_name, "last_name": staff_member.usage_name.title()},
    )
    user.set_password(password)
    user.save()
    staff_member.user = user
    staff_member.save(update_fields=["user"])
    RoleGrant.objects.get_or_create(
        user=user,
        establishment=staff_member.establishment,
        school_year=school_year,
        role=Role.STAFF,
        defaults={"staff_member": staff_member},
    )


DEMO_META = {"ip": "192.0.2.10", "user_agent": "Démonstration (seed_demo)"}
