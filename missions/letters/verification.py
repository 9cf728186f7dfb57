"""Is this PDF an untouched final letter of ours? Seal (offline proof) and document hash (the platform's record)."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from missions.letters.sealing import check_seal, sha256_hex
from missions.models import MissionLetter, VerificationAttempt


@dataclass(frozen=True)
class Verdict:
    authentic: bool
    reason: str
    letter: MissionLetter | None = None
    sha256: str = ""


def verify_pdf(data: bytes, *, code: str | None = None) -> Verdict:
    """Authentic when the seal is ours and intact and the file's SHA-256 is that of a stored final letter
    (the one with `code`, when a code is given)."""
    digest = sha256_hex(data)
    seal = check_seal(data)
    if not seal.valid:
        return Verdict(False, seal.reason, sha256=digest)
    letters = MissionLetter.objects.filter(final_pdf_sha256=digest).select_related(
        "establishment", "school_year", "staff_member"
    )
    if code is not None:
        letters = letters.filter(verification_code=normalize_code(code))
    letter = letters.first()
    if letter is None:
        reason = (
            "Ce fichier ne correspond pas au code de vérification indiqué."
            if code is not None
            else "Le sceau est valide mais ce fichier n'est pas une lettre définitive enregistrée par la plateforme."
        )
        return Verdict(False, reason, sha256=digest)
    return Verdict(True, "Document authentique et intact.", letter, digest)


def normalize_code(code: str) -> str:
    text = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def rate_limited(ip: str | None) -> bool:
    """Whether this address used the public page too often lately; otherwise count this use."""
    since = timezone.now() - timedelta(seconds=settings.LETTER_VERIFY_WINDOW)
    VerificationAttempt.objects.filter(at__lt=since).delete()
    if VerificationAttempt.objects.filter(ip_address=ip, at__gte=since).count() >= settings.LETTER_VERIFY_MAX:
        return True
    VerificationAttempt.objects.create(ip_address=ip)
    return False
