"""Builders of the selection's objects. Rows are created directly in the state a test starts from; the
behaviour under test always goes through the services."""

import itertools
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from applications.enums import Status
from applications.models import Application, Call
from cohorts import services
from cohorts.enums import REVIEWER_GROUP, Outcome, Recommendation
from cohorts.models import Cohort, Criterion, Membership, Review
from roubaix_incubator.celery import app as celery_app
from roubaix_incubator.core.models import User

# Decision e-mails are Celery tasks: run them inline, whatever REDIS_URL says.
celery_app.conf.task_always_eager = True
celery_app.conf.task_eager_propagates = True

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _eager_celery():
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True


@pytest.fixture
def make_user(db):
    def make(*, full_name: str = "", staff: bool = False, groups: tuple[str, ...] = (), perms: tuple[str, ...] = ()):
        n = next(_numbers)
        user = User.objects.create_user(
            email=f"personne{n}@example.org",
            password="Roubaix-2026-motdepasse",
            full_name=full_name or f"Personne {n}",
            is_staff=staff,
        )
        for name in groups:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
        for dotted in perms:
            app_label, codename = dotted.split(".")
            user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        return user

    return make


@pytest.fixture
def manager(make_user):
    return make_user(full_name="Camille Lefebvre", staff=True)


@pytest.fixture
def superuser(make_user):
    user = make_user(full_name="Camille Lefebvre", staff=True)
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    return user


@pytest.fixture
def jury_member(make_reviewer):
    """A jury member as the demo sets them up: reviews and applications readable, no `view_all_reviews`."""
    reviewer = make_reviewer("Karim Benali")
    reviewer.user_permissions.add(Permission.objects.get(codename="view_application"))
    return reviewer


@pytest.fixture
def make_reviewer(make_user):
    def make(full_name: str = ""):
        return make_user(
            full_name=full_name,
            staff=True,
            groups=(REVIEWER_GROUP,),
            perms=("cohorts.view_review", "cohorts.change_review"),
        )

    return make


@pytest.fixture
def call(db):
    now = timezone.now()
    return Call.objects.create(
        title="Incubateur d'innovation sociale — promotion 2026",
        slug=f"incubateur-2026-{next(_numbers)}",
        description="Neuf mois d'accompagnement.",
        eligibility="Projets utiles aux Roubaisiennes et aux Roubaisiens.",
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=1),
        is_published=True,
    )


@pytest.fixture
def make_application(make_user, call):
    def make(*, status: str = Status.UNDER_REVIEW, applicant=None, project_name: str = "", on_call=None):
        n = next(_numbers)
        return Application.objects.create(
            call=on_call or call,
            applicant=applicant or make_user(full_name=f"Porteuse {n}"),
            status=status,
            project_name=project_name or f"Projet solidaire {n}",
            summary="Une épicerie solidaire tenue par les habitants.",
            holder_gender="woman",
            holder_employment_status="jobseeker",
            submitted_at=timezone.now() - timedelta(days=10),
        )

    return make


@pytest.fixture
def grid(call):
    """A three-line grid: weights 30, 20 and 10."""
    return [
        Criterion.objects.create(call=call, label="Besoin social et impact", weight=30, order=1),
        Criterion.objects.create(call=call, label="Équipe et disponibilité", weight=20, order=2),
        Criterion.objects.create(call=call, label="Innovation", weight=10, order=3),
    ]


@pytest.fixture
def submit_review(grid):
    def submit(application, reviewer, values, recommendation=Recommendation.YES):
        """`values`: one score per line of the grid, in order; None for "not applicable"."""
        review = Review.objects.get_or_create(application=application, reviewer=reviewer)[0]
        return services.review_submit(
            review=review,
            by=reviewer,
            scores=dict(zip(grid, values, strict=True)),
            recommendation=recommendation,
            comment="Projet solide.",
        )

    return submit


@pytest.fixture
def make_cohort(call):
    def make(*, seats: int = 4, on_call=None):
        return Cohort.objects.create(
            call=on_call or call,
            name="Promotion 2026",
            seats=seats,
            starts_on=date(2026, 9, 1),
            ends_on=date(2027, 6, 30),
        )

    return make


@pytest.fixture
def prepare(manager):
    def prepare_decision(application, outcome, **fields):
        if outcome in (Outcome.REFERRED, Outcome.REJECTED):
            fields.setdefault("reasons", "Le projet est encore au stade de l'idée.")
            fields.setdefault("referral_partner", "Pré-incubateur de la Maison de l'emploi")
        return services.decision_prepare(application=application, outcome=outcome, by=manager, **fields)

    return prepare_decision


@pytest.fixture
def released_cohort(make_application, make_cohort, prepare, manager, call, django_capture_on_commit_callbacks):
    """A full cohort of 2 seats and a released waitlist of 3, ranks 1 to 3 (e-mails sent)."""
    cohort = make_cohort(seats=2)
    members = [make_application(status=Status.SHORTLISTED, project_name=f"Membre {i}") for i in (1, 2)]
    waitlisted = [make_application(status=Status.SHORTLISTED, project_name=f"Attente {i}") for i in (1, 2, 3)]
    for application in members:
        prepare(application, Outcome.ACCEPTED)
    # Prepared in reverse order with explicit ranks: the rank decides, not the order of preparation.
    for rank, application in reversed(list(enumerate(waitlisted, start=1))):
        prepare(application, Outcome.WAITLISTED, waitlist_rank=rank)
    with django_capture_on_commit_callbacks(execute=True):
        services.decisions_release(call=call, by=manager)
    return cohort, Membership.objects.filter(cohort=cohort).order_by("pk"), waitlisted
