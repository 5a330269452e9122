from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from applications.models import Application, Call

from .enums import SCORE_MAX, SCORE_MIN, MembershipStatus, Outcome, Quarter, Recommendation


def quarter_label(*, year: int, quarter: int):
    # "T1 2026" in French (trimestre), "Q1 2026" in English; lazy, so an e-mail says it in its reader's language.
    return format_lazy(_("T{quarter} {year}"), quarter=quarter, year=year)


class Criterion(models.Model):
    """One line of a call's scoring grid; an application's score is the weighted average of its lines."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("appel"))
    label = models.CharField(_("critère"), max_length=200)
    description = models.TextField(_("ce que le jury regarde"), blank=True)
    weight = models.PositiveSmallIntegerField(_("poids"), validators=[MinValueValidator(1)])
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("critère de notation")
        verbose_name_plural = _("grille de notation")
        ordering = ["call", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "label"], name="criterion_label_unique_per_call"),
            models.CheckConstraint(condition=models.Q(weight__gte=1), name="criterion_weight_positive"),
        ]

    def __str__(self):
        return f"{self.label} ({self.weight})"


class Review(models.Model):
    """A jury member's reading of one file. Open until submitted, or closed by a conflict of interest."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("candidature")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("évaluateur·rice")
    )
    conflict_of_interest = models.BooleanField(_("conflit d'intérêts déclaré"), default=False)
    conflict_reason = models.TextField(_("nature du conflit d'intérêts"), blank=True)
    recommendation = models.CharField(_("recommandation"), max_length=10, choices=Recommendation.choices, blank=True)
    comment = models.TextField(_("commentaire pour le comité"), blank=True)
    submitted_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attribuée par"),
    )
    created_at = models.DateTimeField(_("attribuée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        ordering = ["application", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="one_review_per_reviewer_per_application"),
            models.CheckConstraint(
                condition=~models.Q(conflict_of_interest=True, conflict_reason=""),
                name="review_conflict_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(conflict_of_interest=True, submitted_at__isnull=False),
                name="review_conflicted_is_not_submitted",
            ),
        ]
        indexes = [models.Index(fields=["reviewer", "submitted_at"])]
        permissions = [("view_all_reviews", _("Peut voir les évaluations de tous les membres du jury"))]

    def __str__(self):
        return f"{self.application} — {self.reviewer}"

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None and not self.conflict_of_interest

    @property
    def state_label(self) -> str:
        if self.conflict_of_interest:
            return str(_("Conflit d'intérêts"))
        return str(_("Évaluée") if self.submitted_at else _("À évaluer"))


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("évaluation"))
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("critère"))
    # NULL means "not applicable": the criterion's weight then leaves the average, it does not count as 0.
    value = models.PositiveSmallIntegerField(
        _("note (0 à 4)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)],
        help_text=_("Laisser vide si le critère est sans objet pour ce projet."),
    )

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["review", "criterion__order", "criterion__pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__lte=SCORE_MAX), name="score_value_0_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.criterion.label}: {'—' if self.value is None else self.value}"


class Decision(models.Model):
    """The committee's decision on one application: prepared, then released with all the others of the call."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="decision", verbose_name=_("candidature")
    )
    outcome = models.CharField(_("décision"), max_length=20, choices=Outcome.choices)
    reasons = models.TextField(
        _("motifs communiqués au porteur"),
        blank=True,
        help_text=_("Le porteur de projet lit ce texte : expliquez la décision simplement."),
    )
    referral_partner = models.CharField(
        _("structure vers laquelle orienter"),
        max_length=200,
        blank=True,
        help_text=_("Obligatoire pour une orientation ou un refus : personne n'est refusé sans autre piste."),
    )
    waitlist_rank = models.PositiveSmallIntegerField(
        _("rang sur la liste d'attente"),
        null=True,
        blank=True,
        help_text=_("1 = premier projet appelé si une place se libère."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("préparée par"),
    )
    decided_at = models.DateTimeField(_("préparée le"), default=timezone.now)
    released_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("appelée depuis la liste d'attente le"), null=True, blank=True)
    email_sent_at = models.DateTimeField(_("e-mail envoyé le"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["-decided_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(waitlist_rank__isnull=True) | models.Q(outcome=Outcome.WAITLISTED),
                name="decision_rank_only_when_waitlisted",
            ),
        ]
        indexes = [models.Index(fields=["outcome", "released_at"])]

    def __str__(self):
        return f"{self.application} : {self.get_outcome_display()}"

    @property
    def is_released(self) -> bool:
        return self.released_at is not None


class Cohort(models.Model):
    """A *promotion*: the projects accepted from one call, followed together for 9 to 12 months."""

    call = models.OneToOneField(Call, on_delete=models.PROTECT, related_name="cohort", verbose_name=_("appel"))
    name = models.CharField(_("nom de la promotion"), max_length=150)
    seats = models.PositiveSmallIntegerField(_("nombre de places"), validators=[MinValueValidator(1)])
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="cohort_has_seats"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="cohort_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """An accepted application in its cohort."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("promotion")
    )
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="membership", verbose_name=_("projet")
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE
    )
    joined_at = models.DateTimeField(_("entré·e le"), default=timezone.now)
    left_at = models.DateTimeField(_("parti·e le"), null=True, blank=True)
    reason = models.TextField(_("motif du départ"), blank=True)

    class Meta:
        verbose_name = _("projet de la promotion")
        verbose_name_plural = _("projets de la promotion")
        ordering = ["cohort", "joined_at", "pk"]
        indexes = [models.Index(fields=["cohort", "status"])]

    def __str__(self):
        return str(self.application)


class ImpactReport(models.Model):
    """The figures a member declares for one quarter."""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="impact_reports", verbose_name=_("projet")
    )
    year = models.PositiveSmallIntegerField(_("année"))
    quarter = models.PositiveSmallIntegerField(_("trimestre"), choices=Quarter.choices)
    jobs_created = models.PositiveSmallIntegerField(_("emplois créés"), default=0)
    inclusive_jobs_created = models.PositiveSmallIntegerField(
        _("dont emplois pour des personnes éloignées de l'emploi"), default=0
    )
    beneficiaries = models.PositiveIntegerField(_("personnes bénéficiaires"), default=0)
    revenue = models.PositiveIntegerField(_("chiffre d'affaires du trimestre (en euros)"), default=0)
    comment = models.TextField(_("commentaire"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("déclaré par"),
    )
    submitted_at = models.DateTimeField(_("déclaré le"), default=timezone.now)

    class Meta:
        verbose_name = _("bilan d'impact")
        verbose_name_plural = _("bilans d'impact")
        ordering = ["membership", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "year", "quarter"], name="one_impact_report_per_quarter"),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="impact_report_quarter_1_to_4"
            ),
            models.CheckConstraint(
                condition=models.Q(inclusive_jobs_created__lte=models.F("jobs_created")),
                name="impact_report_inclusive_jobs_within_jobs",
            ),
        ]

    def __str__(self):
        return f"{self.membership} — {self.period_label}"

    @property
    def period_label(self) -> str:
        return str(quarter_label(year=self.year, quarter=self.quarter))


class ReviewerReminder(models.Model):
    """When a jury member was last reminded of their open reviews: at most one reminder a week, claimed by a
    conditional update of this one row (see cohorts/reminders.py)."""

    reviewer = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reviewer_reminder",
        verbose_name=_("évaluateur·rice"),
    )
    last_sent_at = models.DateTimeField(_("dernier rappel le"), null=True, blank=True)

    class Meta:
        verbose_name = _("rappel aux membres du jury")
        verbose_name_plural = _("rappels aux membres du jury")

    def __str__(self):
        return str(self.reviewer)


class ImpactReportRequest(models.Model):
    """The request to declare one quarter's figures, sent once to a member: the unique row is the claim."""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="impact_report_requests", verbose_name=_("projet")
    )
    year = models.PositiveSmallIntegerField(_("année"))
    quarter = models.PositiveSmallIntegerField(_("trimestre"), choices=Quarter.choices)
    sent_at = models.DateTimeField(_("envoyée le"), default=timezone.now)

    class Meta:
        verbose_name = _("demande de bilan d'impact")
        verbose_name_plural = _("demandes de bilan d'impact")
        ordering = ["-year", "-quarter", "membership"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "year", "quarter"], name="one_impact_report_request_per_quarter"
            ),
        ]

    def __str__(self):
        return f"{self.membership} — T{self.quarter} {self.year}"
