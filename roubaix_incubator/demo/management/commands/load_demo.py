"""Loads the demo programme of the README's `make run`. Safe to run again: nothing is duplicated."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from events.demo import load_demo_events
from mentors.demo import load_demo as load_demo_mentors
from roubaix_incubator.demo import applications, cohorts


class Command(BaseCommand):
    help = "Charge le programme de démonstration (comptes, appels, candidatures, promotion). Peut être relancée sans doublon."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Autorise le chargement hors mode DEBUG.")

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Les données de démonstration ne se chargent qu'en mode DEBUG (ou avec --force).")
        users = applications.load_accounts()
        manager = users["equipe@demo.roubaix-innovation.fr"]
        now = timezone.now()
        open_call = applications.load_call(
            applications.OPEN_CALL, opens_at=now - timedelta(days=14), closes_at=now + timedelta(days=45)
        )
        applications.load_call(
            applications.UPCOMING_CALL, opens_at=now + timedelta(days=60), closes_at=now + timedelta(days=120)
        )
        applications.load_questions(open_call)
        applications.load_applications(open_call, users, by=manager)
        cohorts.load_open_call_reviews(open_call, users, by=manager)
        past_cohort = cohorts.load_past_cohort(users, by=manager)
        load_demo_mentors(cohort=past_cohort, by=manager, password=applications.DEMO_PASSWORD)
        load_demo_events(now=now)
        self.stdout.write(self.style.SUCCESS(
            f"Programme de démonstration prêt. Comptes (mot de passe « {applications.DEMO_PASSWORD} ») : "
            + ", ".join(users)
        ))
