"""Background work on letters (Django tasks; `python manage.py db_worker` runs them, tests run them at once).

Arguments are ids only. A batch row (LetterBatch) counts what is done so the page can show the progress.
"""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from missions.events import record_event
from missions.models import LetterBatch, MissionLetter

logger = logging.getLogger(__name__)


def _progress(batch_id, *, ok: bool):
    if batch_id:
        field = "done" if ok else "failed"
        LetterBatch.objects.filter(pk=batch_id).update(**{field: F(field) + 1})


def _start(batch_id):
    if batch_id:
        LetterBatch.objects.filter(pk=batch_id).update(status=LetterBatch.Status.RUNNING)


def _finish(batch_id):
    """Mark the batch done once every letter is counted: its chunks may run on several workers at once."""
    if batch_id:
        LetterBatch.objects.filter(pk=batch_id, total__lte=F("done") + F("failed")).update(
            status=LetterBatch.Status.DONE, finished_at=timezone.now()
        )


def store_final_pdf(letter: MissionLetter) -> bool:
    """Render, seal and store the final PDF of a countersigned letter, once: a stored PDF never changes.

    The slow part (rendering and sealing) runs outside any transaction; the row is locked only to store it.
    """
    from missions.letters.pdf import final_pdf
    from missions.letters.sealing import sha256_hex

    letter = MissionLetter.objects.select_related("establishment", "school_year", "staff_member").get(
        pk=letter.pk
    )
    if letter.status != MissionLetter.Status.FINAL or letter.final_pdf:
        return False
    pdf = final_pdf(letter)
    with transaction.atomic():
        locked = MissionLetter.objects.select_for_update().get(pk=letter.pk)
        if locked.final_pdf:  # another worker stored it meanwhile: keep the first one
            return False
        letter.final_pdf_sha256 = sha256_hex(pdf)
        name = f"lettre-{letter.establishment.uai}-{letter.school_year.start_year}-{letter.pk}-v{letter.version}.pdf"
        letter.final_pdf.save(name, ContentFile(pdf), save=False)
        letter.save(update_fields=["final_pdf", "final_pdf_sha256", "updated_at"])
        record_event(
            "letter.sealed",
            establishment=letter.establishment,
            obj=letter,
            scope=f"letter:{letter.establishment_id}:{letter.school_year_id}:{letter.staff_member_id}",
            data={"document_sha256": letter.final_pdf_sha256},
        )
    return True


@task
def seal_letters(*, letter_ids: list[int], batch_id: int | None = None) -> None:
    _start(batch_id)
    for letter in MissionLetter.objects.filter(pk__in=letter_ids).order_by("pk"):
        try:
            store_final_pdf(letter)
            _progress(batch_id, ok=True)
        except Exception:
            logger.exception("PDF définitif de la lettre %s", letter.pk)
            _progress(batch_id, ok=False)
    _finish(batch_id)


@task
def send_letters(*, letter_ids: list[int], batch_id: int, actor_id: int | None = None) -> None:
    from missions.letters.workflow import send_letter
    from missions.models import User

    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    _start(batch_id)
    for letter in MissionLetter.objects.filter(pk__in=letter_ids).order_by("pk"):
        try:
            send_letter(letter, actor=actor)
            _progress(batch_id, ok=True)
        except ValidationError:
            _progress(batch_id, ok=False)
    _finish(batch_id)


def start_batch(kind, establishment, school_year, letter_ids, *, actor) -> LetterBatch:
    """Create the batch row and enqueue its task once the transaction commits."""
    batch = LetterBatch.objects.create(
        establishment=establishment,
        school_year=school_year,
        kind=kind,
        total=len(letter_ids),
        created_by=actor,
    )
    if kind == LetterBatch.Kind.SEND:
        transaction.on_commit(
            lambda: send_letters.enqueue(letter_ids=list(letter_ids), batch_id=batch.pk, actor_id=actor.pk)
        )
    else:
        # In chunks: each is one task, so several workers (`db_worker`) share a big batch.
        for chunk in chunks(list(letter_ids)):
            transaction.on_commit(
                lambda chunk=chunk: seal_letters.enqueue(letter_ids=chunk, batch_id=batch.pk)
            )
    return batch


SEAL_CHUNK = 25


def chunks(ids: list[int], size: int = SEAL_CHUNK) -> list[list[int]]:
    return [ids[start : start + size] for start in range(0, len(ids), size)] or [[]]
