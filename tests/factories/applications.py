from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from applications.enums import AttachmentKind, LegalForm, QuestionKind, Stage, Status, SupportNeed
from applications.models import Answer, Application, Attachment, Call, Question, StatusChange

from .core import UserFactory
from .documents import PDF


class CallFactory(DjangoModelFactory):
    """A published call, open since a week and for a month more."""

    class Meta:
        model = Call

    title = factory.Sequence(lambda n: f"Appel à projets d'innovation sociale n° {n}")
    slug = factory.Sequence(lambda n: f"appel-innovation-sociale-{n}")
    summary = "Pour les projets utiles aux habitantes et habitants de Roubaix."
    description = "Neuf mois d'accompagnement, un parrain ou une marraine, des rencontres dans les quartiers."
    eligibility = "Projets d'utilité sociale implantés à Roubaix ou au service de ses habitants."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    is_published = True

    class Params:
        closed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=60)),
            closes_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )
        upcoming = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=7)),
            closes_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=37)),
        )


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question

    call = factory.SubFactory(CallFactory)
    label = factory.Sequence(lambda n: f"Question complémentaire {n}")
    kind = QuestionKind.SHORT_TEXT
    required = True
    order = factory.Sequence(lambda n: n)


class ApplicationFactory(DjangoModelFactory):
    """A draft with only its project name; `complete=True` fills every required field but the neighbourhoods
    (pass `neighbourhoods=[…]`) and the answers to the call's questions (AnswerFactory)."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    applicant = factory.SubFactory(UserFactory)
    status = Status.DRAFT
    project_name = factory.Sequence(lambda n: f"Projet solidaire {n}")

    class Params:
        complete = factory.Trait(
            summary="Une cantine solidaire où les habitants cuisinent ensemble.",
            stage=Stage.EMERGENCE,
            legal_form=LegalForm.ASSOCIATION,
            social_need="L'isolement des personnes âgées et l'alimentation de qualité trop chère.",
            target_public="Familles et personnes âgées isolées.",
            team="Deux bénévoles à mi-temps et une salariée en insertion.",
            economic_model="Repas à prix libre, subventions de la Ville et mécénat.",
            funding_need=25000,
            jobs_at_12_months=2,
            inclusive_jobs_at_12_months=1,
            jobs_at_36_months=5,
            inclusive_jobs_at_36_months=3,
            support_needs=[SupportNeed.FUNDING, SupportNeed.PREMISES],
        )
        submitted = factory.Trait(
            complete=True, status=Status.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
        )

    @factory.post_generation
    def neighbourhoods(self, create, extracted, **kwargs):
        if create and extracted:
            self.neighbourhoods.set(extracted)


class AnswerFactory(DjangoModelFactory):
    class Meta:
        model = Answer

    application = factory.SubFactory(ApplicationFactory)
    question = factory.SubFactory(QuestionFactory, call=factory.SelfAttribute("..application.call"))
    value = "Oui, avec le centre social de l'Alma."


class AttachmentFactory(DjangoModelFactory):
    """A small PDF written to the private storage (a temporary folder in tests)."""

    class Meta:
        model = Attachment

    application = factory.SubFactory(ApplicationFactory)
    kind = AttachmentKind.PRESENTATION
    original_name = "presentation.pdf"
    file = factory.django.FileField(data=PDF, filename="presentation.pdf")
    content_type = "application/pdf"
    size = len(PDF)


class StatusChangeFactory(DjangoModelFactory):
    class Meta:
        model = StatusChange

    application = factory.SubFactory(ApplicationFactory)
    before = Status.DRAFT
    after = Status.SUBMITTED
    by = factory.SelfAttribute("application.applicant")
    reason = ""
