"""Import an e-mail (.eml) into a case's journal, with its attachments ("recueil des courriels")."""

from email import policy
from email.parser import BytesParser
from email.utils import parsedate_to_datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from harcelement.models import EntryKind
from harcelement.services.cases import add_entry

MAX_EML_SIZE = 15 * 1024 * 1024


def parse_eml(raw: bytes) -> dict:
    """Headers, plain-text body and attachments of a message, decoded (RFC 2047 subjects, charsets…)."""
    if not raw or len(raw) > MAX_EML_SIZE:
        raise ValidationError("Le fichier est vide ou dépasse 15 Mo.")
    message = BytesParser(policy=policy.default).parsebytes(raw)
    if not (message["From"] or message["Subject"] or message["Date"]):
        raise ValidationError("Ce fichier n'est pas un courriel (.eml) lisible.")
    body_part = message.get_body(preferencelist=("plain", "html"))
    body = body_part.get_content() if body_part is not None else ""
    if body_part is not None and body_part.get_content_type() == "text/html":
        from django.utils.html import strip_tags

        body = strip_tags(body)
    attachments = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True) or b""
        if part.get_content_maintype() == "message":
            payload = part.as_bytes()
        attachments.append((part.get_filename() or "piece-jointe", part.get_content_type(), payload))
    sent = None
    if message["Date"]:
        try:
            sent = parsedate_to_datetime(str(message["Date"]))
        except (TypeError, ValueError):
            sent = None
    if sent is not None and timezone.is_naive(sent):
        sent = timezone.make_aware(sent)
    return {
        "from": str(message["From"] or ""),
        "to": str(message["To"] or ""),
        "subject": str(message["Subject"] or ""),
        "date": sent,
        "body": body.strip(),
        "attachments": attachments,
    }


def import_eml(case, raw: bytes, *, author):
    parsed = parse_eml(raw)
    occurred = parsed["date"] or timezone.now()
    occurred = min(occurred, timezone.now())
    text = (
        f"De : {parsed['from']}\nÀ : {parsed['to']}\nObjet : {parsed['subject']}\n\n{parsed['body']}"
    ).strip()
    return add_entry(
        case,
        author=author,
        kind=EntryKind.EMAIL,
        occurred_at=occurred,
        text=text,
        attachments=parsed["attachments"],
    )
