"""factory_boy factories of the events models (and of the cohort rows a cohort-only event needs), local to these
tests (no hidden side effect: no e-mail, no task)."""

from datetime import timedelta

import factory
from django.utils import timezone

from applications.enums import Status
from cohorts.models import Cohort, Membership
from events.enums import ActorKind, Audience, ContributionKind, EventKind, QuestionKind, RegistrationStatus
from events.models import Contribution, Event, EventQuestion, Registration, Table
from tests.factories import ApplicationFactory, CallFactory


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    call = factory.SubFactory(CallFactory, closed=True)
    name = factory.Sequence(lambda n: f"Promotion {2026 + n}")
    seats = 12
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=240))


class MembershipFactory(factory.django.DjangoModelFactory):
    """An accepted project in its cohort; pass `application__applicant=user` to make `user` a member."""

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


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = EventKind.NEIGHBOURHOOD_MEETUP
    title = factory.Sequence(lambda n: f"CaféLabo Quartiers n° {n}")
    slug = factory.Sequence(lambda n: f"cafelabo-quartiers-{n}")
    summary = "Des porteurs de projets présentent leurs initiatives, puis on échange en petits groupes."
    programme = "18h00 : accueil\n18h30 : trois pitchs\n19h15 : tables rondes\n20h30 : fin"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=3))
    venue = "Avant-Poste"
    address = "5 rue des Arts, 59100 Roubaix"
    capacity = 20
    accessibility_info = "Salle de plain-pied, accessible en fauteuil roulant. Métro Roubaix Grand-Place."
    published = True

    class Params:
        for_cohort = factory.Trait(
            kind=EventKind.COHORT_WORKSHOP,
            audience=Audience.COHORT,
            cohort=factory.SubFactory(CohortFactory),
            title=factory.Sequence(lambda n: f"Atelier de promotion n° {n}"),
        )


class EventQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventQuestion

    event = factory.SubFactory(EventFactory)
    label = factory.Sequence(lambda n: f"Question n° {n} ?")
    kind = QuestionKind.SHORT_TEXT
    required = False
    order = factory.Sequence(lambda n: n)


class TableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Table

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Table {n}")
    topic = "Se nourrir mieux dans le quartier"
    host = "Léna"
    seats = 6


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    full_name = factory.Sequence(lambda n: f"Participant·e {n}")
    email = factory.Sequence(lambda n: f"participant{n}@example.org")
    organisation = "Collectif du Pile"
    actor_kind = ActorKind.ASSOCIATIVE
    consent_given_at = factory.LazyFunction(timezone.now)
    status = RegistrationStatus.CONFIRMED
    schedule_known_for = factory.LazyAttribute(lambda registration: registration.event.starts_at)
    # A registration as it stands once its confirmation went out; `confirmation_sent_at=None` for one still unsent.
    confirmation_sent_at = factory.LazyFunction(timezone.now)


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    author = factory.SubFactory(RegistrationFactory)
    event = factory.LazyAttribute(lambda contribution: contribution.author.event)
    kind = ContributionKind.IDEA
    text = factory.Sequence(lambda n: f"Une cantine solidaire ouverte le samedi, idée n° {n}")


def registration_form_data(**overrides) -> dict:
    """What a person types in the public registration form, with `overrides`."""
    return {
        "full_name": "Samia Benali",
        "email": "samia.benali@example.org",
        "organisation": "Association Alma Cité",
        "actor_kind": ActorKind.ASSOCIATIVE,
        "neighbourhood": "",
        "accessibility_needs": "",
        "consent": "on",
        **overrides,
    }
