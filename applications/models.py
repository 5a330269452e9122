import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roubaix_incubator.core.files import private_storage
from roubaix_incubator.core.models import ExtraQuestion, Neighbourhood

from .enums import (
    AgeBand,
    AttachmentKind,
    EmploymentStatus,
    Gender,
    LegalForm,
    QuestionKind,
    Stage,
    Status,
    SupportNeed,
    Track,
    YesNoUnsaid,
)

DECIDED_STATUSES = {Status.ACCEPTED, Status.WAITLISTED, Status.REFERRED, Status.REJECTED}


# The holders' profile: kept for the funders' statistics only, hidden from reviewers, erased by the retention rule.
HOLDER_PROFILE_FIELDS = [
    "holder_gender",
    "holder_age_band",
    "holder_lives_in_priority_area",
    "holder_employment_status",
]

class Call(models.Model):
    """An *appel à candidatures*: open between `opens_at` and `closes_at` once published."""

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=200, unique=True)
    track = models.CharField(_("parcours"), max_length=20, choices=Track.choices, default=Track.INCUBATION)
    summary = models.CharField(_("résumé"), max_length=300, blank=True)
    description = models.TextField(_("description"))
    eligibility = models.TextField(_("critères d'éligibilité"))
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("date limite de dépôt"))
    is_published = models.BooleanField(_("publié"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("appel à candidatures")
        verbose_name_plural = _("appels à candidatures")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="call_closes_after_opening"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("applications:call_detail", kwargs={"slug": self.slug})

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_published and self.opens_at <= now < self.closes_at

    def has_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at


class Question(ExtraQuestion):
    """An extra question a call asks on top of the common application form."""

    CHOICE_KINDS = (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions", verbose_name=_("appel"))
    kind = models.CharField(_("type de réponse"), max_length=20, choices=QuestionKind.choices)
    required = models.BooleanField(_("obligatoire"), default=True)

    class Meta(ExtraQuestion.Meta):
        ordering = ["call", "order", "pk"]


class Application(models.Model):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("appel"))
    # Empty only once the application is anonymised (RGPD retention, applications/retention.py).
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        related_name="applications",
        verbose_name=_("porteur ou porteuse de projet"),
    )
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT)

    # The project
    project_name = models.CharField(_("nom du projet"), max_length=150)
    summary = models.TextField(_("le projet en quelques lignes"), blank=True)
    stage = models.CharField(_("avancement du projet"), max_length=20, choices=Stage.choices, blank=True)
    legal_form = models.CharField(_("structure juridique"), max_length=20, choices=LegalForm.choices, blank=True)
    # The need and the people it serves
    social_need = models.TextField(_("besoin social auquel le projet répond"), blank=True)
    target_public = models.TextField(_("personnes concernées"), blank=True)
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, blank=True, related_name="applications", verbose_name=_("quartiers concernés")
    )
    # The team
    team = models.TextField(_("l'équipe"), blank=True)
    # The economic model and jobs
    economic_model = models.TextField(_("modèle économique"), blank=True)
    funding_need = models.PositiveIntegerField(_("besoin de financement (en euros)"), null=True, blank=True)
    jobs_at_12_months = models.PositiveSmallIntegerField(_("emplois prévus à 12 mois"), null=True, blank=True)
    jobs_at_36_months = models.PositiveSmallIntegerField(_("emplois prévus à 36 mois"), null=True, blank=True)
    inclusive_jobs_at_12_months = models.PositiveSmallIntegerField(
        _("dont emplois pour des personnes éloignées de l'emploi, à 12 mois"), null=True, blank=True
    )
    inclusive_jobs_at_36_months = models.PositiveSmallIntegerField(
        _("dont emplois pour des personnes éloignées de l'emploi, à 36 mois"), null=True, blank=True
    )
    # Support needs
    support_needs = models.JSONField(_("besoins d'accompagnement"), default=list, blank=True)
    support_needs_details = models.TextField(_("précisions sur vos besoins"), blank=True)

    # The holders' profile, for funders' statistics only: optional and never shown to reviewers.
    holder_gender = models.CharField(_("genre"), max_length=10, choices=Gender.choices, blank=True)
    holder_age_band = models.CharField(_("tranche d'âge"), max_length=10, choices=AgeBand.choices, blank=True)
    holder_lives_in_priority_area = models.CharField(
        _("habite un quartier prioritaire"), max_length=10, choices=YesNoUnsaid.choices, blank=True
    )
    holder_employment_status = models.CharField(
        _("situation professionnelle"), max_length=20, choices=EmploymentStatus.choices, blank=True
    )

    submitted_at = models.DateTimeField(_("soumise le"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Deadline reminders to a draft (see applications/reminders.py): each one claimed once by a conditional update.
    deadline_reminder_7d_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    deadline_reminder_1d_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set when the retention purge erased what identifies the holder; the figures for the funders' statistics stay.
    anonymised_at = models.DateTimeField(_("anonymisée le"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("project_name"), "call", "applicant", name="one_application_per_project_per_call"
            )
        ]
        indexes = [models.Index(fields=["call", "status"])]
        permissions = [("view_holder_profile", _("Peut voir le profil des porteurs (statistiques des financeurs)"))]

    def __str__(self):
        return self.project_name

    def get_absolute_url(self):
        return reverse("applications:detail", kwargs={"pk": self.pk})

    @property
    def support_need_labels(self) -> list[str]:
        return [SupportNeed(value).label for value in self.support_needs if value in SupportNeed.values]

    @property
    def is_editable(self) -> bool:
        """Not sent yet (a draft). Whether it can still be changed also depends on the deadline: `can_be_continued`."""
        return self.status == Status.DRAFT

    @property
    def deadline_passed(self) -> bool:
        """A draft whose call has closed: it can be read, withdrawn, but no longer changed or sent."""
        return self.status == Status.DRAFT and self.call.has_closed()

    @property
    def can_be_continued(self) -> bool:
        return self.status == Status.DRAFT and not self.call.has_closed()

    @property
    def can_be_withdrawn(self) -> bool:
        return self.status in {Status.DRAFT, Status.SUBMITTED, Status.UNDER_REVIEW, Status.SHORTLISTED}

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED_STATUSES


class Answer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    # A string, a list of strings (multiple choice), a number or a boolean, depending on the question kind.
    value = models.JSONField(_("réponse"), null=True, blank=True)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        constraints = [models.UniqueConstraint(fields=["application", "question"], name="one_answer_per_question")]

    def __str__(self):
        return f"{self.question}: {self.display_value}"

    @property
    def display_value(self) -> str:
        if isinstance(self.value, bool):
            return str(_("Oui") if self.value else _("Non"))
        if isinstance(self.value, list):
            return ", ".join(self.value)
        return "" if self.value is None else str(self.value)


def attachment_upload_to(instance, filename):
    # The stored name is random: the original name is kept in the row, never trusted on disk.
    return f"applications/{instance.application_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("type de document"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(_("fichier"), storage=private_storage, upload_to=attachment_upload_to, max_length=255)
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    content_type = models.CharField(_("format"), max_length=120)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse(
            "applications:attachment_download", kwargs={"pk": self.application_id, "attachment_pk": self.pk}
        )


class StatusChange(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="status_changes")
    before = models.CharField(_("avant"), max_length=20, choices=Status.choices)
    after = models.CharField(_("après"), max_length=20, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("par")
    )
    at = models.DateTimeField(_("le"), default=timezone.now)
    reason = models.TextField(_("motif"), blank=True)

    class Meta:
        verbose_name = _("changement de statut")
        verbose_name_plural = _("historique des statuts")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_before_display()} → {self.get_after_display()}"
