"""Letters as A4 PDFs (WeasyPrint): the plain letter, and the final one with its evidence page and seal.

One font configuration is shared by every render: loading the Marianne faces is then paid once per process.
"""

from functools import cache
from pathlib import Path

import segno
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from missions.events import action_label, events_about
from missions.letters.content import current_content
from missions.letters.sealing import seal_pdf
from missions.models import MissionLetter


@cache
def fonts_url() -> str:
    return Path(finders.find("dsfr/dist/fonts/Marianne-Regular.woff")).parent.as_uri()


@cache
def font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@cache
def url_fetcher():
    """One fetcher for every render (WeasyPrint's default builds an SSL context, ~0.1 s, per document); local
    files and data URIs only: a letter never loads anything from the network."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"file", "data"})


def verification_url() -> str:
    from django.conf import settings

    return settings.SITE_URL.rstrip("/") + reverse("public_verification")


def qr_data_uri(text: str) -> str:
    # a small PNG: WeasyPrint places a bitmap faster than it draws the SVG path
    return segno.make(text, error="m").png_data_uri(scale=3, border=0)


def evidence_rows(letter: MissionLetter) -> list[dict]:
    """The letter's events, oldest first, as the evidence page lists them (time in Paris)."""
    rows = []
    for event in events_about(letter).order_by("at", "pk"):
        data = event.data or {}
        rows.append(
            {
                "at": timezone.localtime(event.at),
                "label": action_label(event.action),
                "actor": event.actor_name,
                "ip": data.get("ip", ""),
                "user_agent": data.get("user_agent", ""),
                "method": data.get("method", ""),
                "sha256": data.get("sha256", ""),
            }
        )
    return rows


def letter_context(letter: MissionLetter, content: dict | None = None) -> dict:
    content = content if content is not None else current_content(letter)
    return {
        "c": content,
        "letter": letter,
        "signed_at": timezone.localtime(letter.signed_at) if letter.signed_at else None,
        "countersigned_at": timezone.localtime(letter.countersigned_at) if letter.countersigned_at else None,
    }


def render_html(letter: MissionLetter, *, content=None, evidence: bool = False) -> str:
    context = letter_context(letter, content) | {
        "fonts": fonts_url(),
        "draft": letter.status != MissionLetter.Status.FINAL,
        "code": letter.verification_code if evidence else "",
    }
    if evidence:
        url = verification_url()
        context |= {
            "evidence": True,
            "events": evidence_rows(letter),
            "content_sha256": letter.content_sha256,
            "verify_url": url,
            "qr": qr_data_uri(f"{url}?code={letter.verification_code}"),
        }
    return render_to_string("pdf/letter.html", context)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=url_fetcher()).write_pdf(font_config=font_config())


def render_pdf(letter: MissionLetter, *, content=None) -> bytes:
    """The letter as it reads now (a draft, or a sent letter awaiting signatures): no evidence page, no seal."""
    return html_to_pdf(render_html(letter, content=content))


def final_pdf(letter: MissionLetter) -> bytes:
    """The countersigned letter, its evidence page, sealed by the instance."""
    pdf = html_to_pdf(render_html(letter, evidence=True))
    return seal_pdf(pdf, location=letter.establishment.name)
