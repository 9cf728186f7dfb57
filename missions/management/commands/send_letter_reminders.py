from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from missions.letters.workflow import remind
from missions.models import MissionLetter


class Command(BaseCommand):
    help = (
        "Relance par courriel les personnes dont la lettre de mission attend leur signature depuis "
        "LETTER_REMINDER_DAYS jours (au plus une relance par période). À lancer chaque jour (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="délai en jours (LETTER_REMINDER_DAYS)")

    def handle(self, *args, days=None, **options):
        days = settings.LETTER_REMINDER_DAYS if days is None else days
        before = timezone.now() - timedelta(days=days)
        letters = (
            MissionLetter.objects.filter(status=MissionLetter.Status.SENT, sent_at__lte=before)
            .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=before))
            .select_related("establishment", "school_year", "staff_member__user")
        )
        sent = sum(1 for letter in letters if remind(letter))
        self.stdout.write(f"{sent} relance(s) envoyée(s).")
