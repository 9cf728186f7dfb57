"""The CA pack as a printable PDF (WeasyPrint): Marianne from django-dsfr's static files, numbered pages."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from missions.services.board_pack import build_pack

FONTS = {
    "regular": "dsfr/dist/fonts/Marianne-Regular.woff2",
    "bold": "dsfr/dist/fonts/Marianne-Bold.woff2",
}


def font_urls() -> dict:
    urls = {}
    for name, path in FONTS.items():
        found = finders.find(path)
        urls[name] = f"file://{found}" if found else ""
    return urls


def css_string(text: str) -> str:
    """`text` as the inside of a CSS string (page header): anything but letters, digits and spaces escaped."""
    return mark_safe("".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text))


def render_pack_pdf(version) -> bytes:
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    cycle = version.cycle
    label = "projet" if version.pk is None else f"version {version.number}"
    header = css_string(f"{cycle.establishment.name} — IMP {cycle.school_year} — {label}")
    context = {**build_pack(version), "fonts": font_urls(), "page_header": header}
    html = render_to_string("pdf/board_pack.html", context)
    return HTML(string=html, base_url="/").write_pdf()
