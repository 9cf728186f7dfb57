"""django-dsfr's site configuration (header title, notice, footer), read once per process, not per request.

django-dsfr's own context processor runs two queries on every page (the configuration in the current
language, then any configuration); it changes a few times a year, from the admin. The configuration is kept
per process and language; saving or deleting one (or a social media link) forgets it in the process that
saved, and other processes read it again after MAX_AGE seconds.
"""

import time

from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

MAX_AGE = 300  # seconds: how late another process may show a configuration changed in the admin
_cache: dict[str, tuple[float, object]] = {}


def site_config(request):
    """Context processor replacing `dsfr.context_processors.site_config` (same `SITE_CONFIG` variable)."""
    from dsfr.models import DsfrConfig

    language = get_language()
    cached = _cache.get(language)
    if cached is None or time.monotonic() - cached[0] > MAX_AGE:
        # As django-dsfr does: the configuration in the current language, else the first one.
        config = DsfrConfig.objects.filter(language=language).first() or DsfrConfig.objects.first()
        cached = _cache[language] = (time.monotonic(), config)
    return {"SITE_CONFIG": cached[1]}


def forget(**kwargs):
    _cache.clear()


def connect_signals():
    from dsfr.models import DsfrConfig, DsfrSocialMedia

    for model in (DsfrConfig, DsfrSocialMedia):
        post_save.connect(forget, sender=model, dispatch_uid=f"site_config_forget_saved_{model.__name__}")
        post_delete.connect(forget, sender=model, dispatch_uid=f"site_config_forget_deleted_{model.__name__}")
