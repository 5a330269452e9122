"""Demo selection: the scoring grid and jury reviews on the open call, and last year's released cohort."""

from datetime import timedelta

from django.utils import timezone

from applications import services as application_services
from applications.enums import Status, Track
from applications.models import Application, Call
from cohorts import services as cohort_services
from cohorts.enums import Outcome
from cohorts.models import Cohort, Decision, ImpactReport, Review
from roubaix_incubator.core.models import Neighbourhood

from .applications import load_call

JURY = ["jury@demo.roubaix-innovation.fr", "jury2@demo.roubaix-innovation.fr"]

PAST_CALL = {
    "slug": "incubateur-innovation-sociale-premiere-promotion",
    "title": "Appel à candidatures — première promotion de l'incubateur",
    "track": Track.INCUBATION,
    "summary": "Le premier appel du programme, issu de l'après-midi de co-construction du 7 mars 2023.",
    "description": "Le premier appel à candidatures de l'incubateur d'innovation sociale de Roubaix.",
    "eligibility": "Un projet d'utilité sociale au bénéfice des Roubaisiennes et des Roubaisiens.",
}

# project name, summary, neighbourhood slug, outcome, reasons, referral partner
PAST_PROJECTS = [
    ("Épicerie solidaire du Nouveau-Roubaix", "Une épicerie à prix solidaires tenue avec les habitants.",
     "nouveau-roubaix", Outcome.ACCEPTED, "", ""),
    ("Le Repair Café de l'Hommelet", "Réparer ensemble plutôt que jeter, et créer des emplois de réparateurs.",
     "hommelet", Outcome.ACCEPTED, "", ""),
    ("Mobil'Emploi Moulin", "Des solutions de mobilité pour retourner à l'emploi : prêt de scooters, permis.",
     "moulin", Outcome.ACCEPTED, "", ""),
    ("Les Jardins du Cul-de-Four", "Un jardin maraîcher d'insertion qui livre les cantines du quartier.",
     "cul-de-four", Outcome.WAITLISTED, "", ""),
    ("Studio Podcast Sainte-Élisabeth", "Des jeunes racontent leur quartier en podcast.",
     "sainte-elisabeth", Outcome.REFERRED,
     "Votre projet est prometteur mais relève davantage de l'éducation aux médias que de l'entrepreneuriat.",
     "Le centre social Sainte-Élisabeth et son pôle jeunesse"),
]


def load_open_call_reviews(call: Call, users: dict, *, by) -> None:
    """The grid on the open call, and two jury members assigned to every file sent to the jury."""
    cohort_services.criteria_seed_default(call=call)
    under_review = Application.objects.filter(call=call, status__in=[Status.UNDER_REVIEW, Status.SHORTLISTED])
    if not Review.objects.filter(application__call=call).exists():
        cohort_services.reviews_assign(
            applications=under_review, reviewers=[users[email] for email in JURY], per_application=2, by=by
        )


def load_past_cohort(users: dict, *, by) -> Cohort:
    """Last year's call, closed, with its released decisions and a running cohort that declares its impact."""
    now = timezone.now()
    call = load_call(PAST_CALL, opens_at=now - timedelta(days=300), closes_at=now - timedelta(days=240))
    cohort_services.criteria_seed_default(call=call)
    cohort, _ = Cohort.objects.get_or_create(
        call=call,
        defaults={
            "name": "Promotion 1 — Roubaix Innovation Sociale",
            "seats": 3,
            "starts_on": (now - timedelta(days=200)).date(),
            "ends_on": (now + timedelta(days=75)).date(),
        },
    )
    if Decision.objects.filter(application__call=call).exists():
        return cohort
    applicants = [users[email] for email in (
        "porteuse@demo.roubaix-innovation.fr", "porteur@demo.roubaix-innovation.fr",
        "collectif@demo.roubaix-innovation.fr", "porteuse@demo.roubaix-innovation.fr",
        "porteur@demo.roubaix-innovation.fr",
    )]
    for applicant, (name, summary, hood, outcome, reasons, partner) in zip(applicants, PAST_PROJECTS, strict=True):
        application = Application.objects.create(
            call=call, applicant=applicant, project_name=name, summary=summary, stage="emergence",
            legal_form="association", support_needs=["funding", "business_model"],
        )
        application.neighbourhoods.set(Neighbourhood.objects.filter(slug=hood))
        for status in (Status.SUBMITTED, Status.UNDER_REVIEW, Status.SHORTLISTED):
            application_services.application_transition(application=application, to=status, by=by)
        cohort_services.decision_prepare(
            application=application, outcome=outcome, by=by, reasons=reasons, referral_partner=partner
        )
    cohort_services.decisions_release(call=call, by=by)
    first_member = cohort.memberships.order_by("pk").first()
    if first_member and not ImpactReport.objects.filter(membership=first_member).exists():
        last_quarter = (now.date().replace(day=1) - timedelta(days=92))
        cohort_services.impact_report_submit(
            membership=first_member, by=first_member.application.applicant, year=last_quarter.year,
            quarter=(last_quarter.month - 1) // 3 + 1, jobs_created=2, inclusive_jobs_created=1,
            beneficiaries=120, revenue=8500, comment="Ouverture de l'épicerie et premiers recrutements.",
        )
    return cohort
