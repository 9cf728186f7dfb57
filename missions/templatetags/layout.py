"""The page layout's parts that never change while the process runs, written once (templates/base.html).

django-dsfr's `dsfr_css` and `dsfr_js` tags render a template on every page for links that never change;
`dsfr_stylesheets` and `dsfr_scripts` give the same links (django-dsfr's files and integrity checksums).
`render_once` does the same for our partials that depend on nothing but the code (footer, skip links,
display settings, asset links): every page paid for their `static` and `url` tags.
"""

from functools import cache

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from dsfr.checksums import INTEGRITY_CSS, INTEGRITY_JS_MODULE, INTEGRITY_JS_NOMODULE, INTEGRITY_UTILITY_CSS
from dsfr.constants import DsfrStaticAssets

register = template.Library()

FAVICONS = (
    ('<link rel="apple-touch-icon" href="{}">', "dsfr/dist/favicon/apple-touch-icon.png"),
    ('<link rel="icon" href="{}" type="image/svg+xml">', "dsfr/dist/favicon/favicon.svg"),
    ('<link rel="shortcut icon" href="{}" type="image/x-icon">', "dsfr/dist/favicon/favicon.ico"),
    (
        '<link rel="manifest" href="{}" crossorigin="use-credentials">',
        "dsfr/dist/favicon/manifest.webmanifest",
    ),
)


@register.simple_tag
@cache
def dsfr_stylesheets():
    """The DSFR's style sheets, django-dsfr's overrides and the favicons."""
    links = [
        format_html(
            '<link rel="stylesheet" href="{}" integrity="{}">',
            static(DsfrStaticAssets.DSFR_CSS),
            INTEGRITY_CSS,
        ),
        format_html(
            '<link rel="stylesheet" href="{}" integrity="{}">',
            static(DsfrStaticAssets.DSFR_UTILITY_CSS),
            INTEGRITY_UTILITY_CSS,
        ),
        format_html('<link rel="stylesheet" href="{}">', static(DsfrStaticAssets.DSFR_OVERRIDES_CSS)),
        mark_safe('<meta name="theme-color" content="#000091">'),
        *(format_html(link, static(path)) for link, path in FAVICONS),
    ]
    return mark_safe("\n".join(links))


@register.simple_tag
@cache
def dsfr_scripts():
    """The DSFR's script: the module for today's browsers, the other one for those without modules."""
    return format_html(
        '<script type="module" src="{}" integrity="{}"></script>\n<script nomodule src="{}" integrity="{}"></script>',
        static(DsfrStaticAssets.DSFR_MODULE_JS),
        INTEGRITY_JS_MODULE,
        static(DsfrStaticAssets.DSFR_NOMODULE_JS),
        INTEGRITY_JS_NOMODULE,
    )


def _render(template_name: str):
    return mark_safe(render_to_string(template_name))


_rendered = cache(_render)


@register.simple_tag
def render_once(template_name: str):
    """`template_name` rendered without context, once per process (on every page in DEBUG, to see edits)."""
    return (_render if settings.DEBUG else _rendered)(template_name)
