"""Logging filters: what reaches the console is read by people running the service."""

import logging


class ForbiddenWithoutTraceback(logging.Filter):
    """A 403 is an expected answer (a role without the capability), not a fault: Django logs it with the
    PermissionDenied traceback; keep the one line ("Forbidden (Permission denied): /path") and drop the rest."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
