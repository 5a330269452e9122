"""Factories of the mentors' rows (and of the cohort rows they hang on). Rows are created directly in the state
a test starts from; the behaviour under test always goes through the services."""

import uuid
from datetime import date, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from applications.enums import Status, SupportNeed
from cohorts.models import Cohort, Membership
from mentors.enums import MatchStatus, MentorKind, SessionMode
from mentors.models import Match, Mentor, MentoringSession
from tests.factories import ApplicationFactory, CallFactory, UserFactory

__all__ = ["CohortFactory", "MatchFactory", "MembershipFactory", "MentorFactory", "SessionFactory", "UserFactory"]


class CohortFactory(DjangoModelFactory):
    class Meta:
        model = Cohort

    call = factory.SubFactory(CallFactory, closed=True)
    name = factory.Sequence(lambda n: f"Promotion {2026 + n}")
    seats = 12
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=240))


class MembershipFactory(DjangoModelFactory):
    """An accepted project in its cohort."""

    class Meta:
        model = Membership

    cohort = factory.SubFactory(CohortFactory)
    application = factory.SubFactory(
        ApplicationFactory,
        call=factory.SelfAttribute("..cohort.call"),
        complete=True,
        status=Status.ACCEPTED,
        submitted_at=factory.LazyFunction(timezone.now),
    )


class MentorFactory(DjangoModelFactory):
    """An approved, available mentor who signed the charter and speaks French."""

    class Meta:
        model = Mentor
        skip_postgeneration_save = True

    user = factory.SubFactory(
        UserFactory,
        email=factory.Sequence(lambda n: f"mentor{n}@example.org"),
        full_name=factory.Sequence(lambda n: f"Dominique Mentor {n}"),
    )
    kind = MentorKind.VOLUNTEER
    organisation = "Crédit Coopératif"
    expertise = factory.LazyFunction(lambda: [SupportNeed.FUNDING])
    languages = factory.LazyFunction(lambda: ["fr"])
    capacity_projects = 2
    hours_per_month = 4
    approved = True
    approved_at = factory.LazyFunction(timezone.now)
    charter_signed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def neighbourhoods(self, create, extracted, **kwargs):
        if create and extracted:
            self.neighbourhoods.set(extracted)


class MatchFactory(DjangoModelFactory):
    """A running match, confirmed three days ago."""

    class Meta:
        model = Match

    mentor = factory.SubFactory(MentorFactory)
    membership = factory.SubFactory(MembershipFactory)
    status = MatchStatus.ACTIVE
    score = 50.0
    proposed_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    confirmed_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))

    class Params:
        proposed = factory.Trait(status=MatchStatus.PROPOSED, confirmed_at=None)


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = MentoringSession

    match = factory.SubFactory(MatchFactory)
    date = factory.LazyFunction(timezone.localdate)
    duration_minutes = 90
    mode = SessionMode.IN_PERSON
    topics = factory.LazyFunction(lambda: [SupportNeed.FUNDING])
    notes = "Point sur le plan de financement et les subventions de la Région."
    private_notes = "Le porteur semble épuisé, à surveiller."
    agreed_actions = "Envoyer le budget prévisionnel avant vendredi."
    logged_by = factory.SelfAttribute("match.mentor.user")
    idempotency_key = factory.LazyFunction(uuid.uuid4)


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)
