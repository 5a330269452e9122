from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from cohorts.models import Membership
from roubaix_incubator.core.models import Neighbourhood

from .enums import (
    LANGUAGE_LABELS,
    OPEN_MATCH_STATUSES,
    PROJECT_DEFAULT_LANGUAGES,
    SESSION_EDIT_WINDOW,
    MatchStatus,
    MentorKind,
    MentorStatus,
    Sector,
    SessionMode,
    SupportNeed,
    Usefulness,
)


def _labels(values, choices) -> list[str]:
    return [str(choices(value).label) for value in values if value in choices.values]


def default_languages() -> list[str]:
    return list(PROJECT_DEFAULT_LANGUAGES)


class Mentor(models.Model):
    """A *parrain* or *marraine*: invited by staff (approved at once) or self-proposed (approved by staff)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile", verbose_name=_("compte")
    )
    kind = models.CharField(
        _("type de mentor"), max_length=20, choices=MentorKind.choices, default=MentorKind.VOLUNTEER
    )
    organisation = models.CharField(_("structure ou employeur"), max_length=200, blank=True)
    bio = models.TextField(_("présentation"), blank=True, max_length=2000)
    expertise = models.JSONField(
        _("expertises"), default=list, blank=True, help_text=_("Le même vocabulaire que les besoins des projets.")
    )
    sectors = models.JSONField(_("secteurs connus"), default=list, blank=True)
    languages = models.JSONField(_("langues parlées"), default=default_languages, blank=True)
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, blank=True, related_name="mentors", verbose_name=_("quartiers bien connus")
    )
    capacity_projects = models.PositiveSmallIntegerField(
        _("nombre de projets à la fois"), default=1, validators=[MaxValueValidator(10)]
    )
    hours_per_month = models.PositiveSmallIntegerField(
        _("heures disponibles par mois"), default=3, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    charter_signed_at = models.DateTimeField(_("charte signée le"), null=True, blank=True)
    status = models.CharField(
        _("disponibilité"), max_length=10, choices=MentorStatus.choices, default=MentorStatus.ACTIVE
    )
    approved = models.BooleanField(
        _("validé·e par l'équipe"), default=False, help_text=_("Seuls les mentors validés sont proposés aux projets.")
    )
    approved_at = models.DateTimeField(_("validé·e le"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invité·e par"),
    )
    invitation_sent_at = models.DateTimeField(_("invitation envoyée le"), null=True, blank=True, editable=False)
    # "Devenir mentor": the team is told of a new proposal, then the person hears back (approved or declined).
    staff_notified_at = models.DateTimeField(_("équipe prévenue le"), null=True, blank=True, editable=False)
    approval_email_sent_at = models.DateTimeField(
        _("e-mail de validation envoyé le"), null=True, blank=True, editable=False
    )
    declined_at = models.DateTimeField(_("proposition déclinée le"), null=True, blank=True, editable=False)
    decline_reason = models.TextField(_("motif du refus"), blank=True, max_length=2000)
    decline_email_sent_at = models.DateTimeField(_("e-mail de refus envoyé le"), null=True, blank=True, editable=False)
    # One nudge per mentor at most every NUDGE_INTERVAL, whatever the number of quiet projects (claimed here).
    last_nudge_at = models.DateTimeField(_("dernière relance le"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        ordering = ["user__full_name", "pk"]
        indexes = [models.Index(fields=["approved", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(capacity_projects__lte=10), name="mentor_capacity_at_most_10"),
            models.CheckConstraint(
                condition=Q(approved=False) | Q(approved_at__isnull=False), name="mentor_approved_has_date"
            ),
        ]

    def __str__(self):
        return str(self.user)

    @property
    def is_available(self) -> bool:
        """Can be proposed to a project: approved, charter signed, not paused."""
        return self.approved and self.charter_signed_at is not None and self.status == MentorStatus.ACTIVE

    @property
    def expertise_labels(self) -> list[str]:
        return _labels(self.expertise, SupportNeed)

    @property
    def sector_labels(self) -> list[str]:
        return _labels(self.sectors, Sector)

    @property
    def language_labels(self) -> list[str]:
        return [str(LANGUAGE_LABELS[code]) for code in self.languages if code in LANGUAGE_LABELS]


class StaffNotice(models.Model):
    """One member of the programme team to tell of a new "Devenir mentor" proposal: the recipients are listed when
    the proposal is claimed, then each e-mail is claimed on its own row (`sent_at`), so a failure for one recipient
    never sends the others' again."""

    mentor = models.ForeignKey(
        Mentor, on_delete=models.CASCADE, related_name="staff_notices", verbose_name=_("proposition de mentor")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("destinataire")
    )
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("annonce d'une proposition de mentor")
        verbose_name_plural = _("annonces des propositions de mentor")
        constraints = [
            models.UniqueConstraint(fields=["mentor", "recipient"], name="staff_notice_once_per_recipient"),
        ]

    def __str__(self):
        return f"{self.mentor} → {self.recipient}"


class MentorConflict(models.Model):
    """A conflict of interest a mentor declared (or staff recorded) against a project: never matched together."""

    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("mentor"))
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentor_conflicts",
        verbose_name=_("candidature"),
    )
    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentor_conflicts",
        verbose_name=_("projet de la promotion"),
    )
    reason = models.TextField(_("nature du conflit d'intérêts"))
    declared_at = models.DateTimeField(_("déclaré le"), default=timezone.now)

    class Meta:
        verbose_name = _("conflit d'intérêts")
        verbose_name_plural = _("conflits d'intérêts")
        ordering = ["mentor", "-declared_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(application__isnull=False, membership__isnull=True)
                | Q(application__isnull=True, membership__isnull=False),
                name="mentor_conflict_names_one_project",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="mentor_conflict_has_reason"),
        ]

    def __str__(self):
        return f"{self.mentor} ↔ {self.membership or self.application}"


class ProjectMatchingProfile(models.Model):
    """What the matching needs to know of a project beyond its application: its field of activity and the
    languages its holders speak. A project without one is followed in French, sector unknown."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="matching_profile", verbose_name=_("projet")
    )
    sectors = models.JSONField(_("secteurs d'activité"), default=list, blank=True)
    languages = models.JSONField(
        _("langues de travail"),
        default=default_languages,
        blank=True,
        help_text=_("Les langues dans lesquelles le mentorat peut se faire."),
    )

    class Meta:
        verbose_name = _("profil d'appariement d'un projet")
        verbose_name_plural = _("profils d'appariement des projets")

    def __str__(self):
        return str(self.membership)


class Match(models.Model):
    """A mentor ↔ project pair: proposed (by the matching or by hand), active once confirmed, then ended; or
    rejected by staff. Ended and rejected rows stay as history."""

    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="matches", verbose_name=_("mentor"))
    membership = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="mentor_matches", verbose_name=_("projet")
    )
    status = models.CharField(_("statut"), max_length=10, choices=MatchStatus.choices, default=MatchStatus.PROPOSED)
    score = models.FloatField(_("score"), default=0)
    score_breakdown = models.JSONField(_("détail du score"), default=dict, blank=True)
    fixed_by_hand = models.BooleanField(
        _("fixé à la main"), default=False, help_text=_("Gardé tel quel quand l'appariement est relancé.")
    )
    proposed_at = models.DateTimeField(_("proposé le"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmé par"),
    )
    ended_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    end_reason = models.TextField(_("motif de fin"), blank=True)
    intro_email_sent_at = models.DateTimeField(
        _("e-mail de présentation envoyé le"), null=True, blank=True, editable=False
    )
    # When this project was last listed in its mentor's nudge (the claim itself is `Mentor.last_nudge_at`).
    last_nudge_at = models.DateTimeField(_("dernière relance le"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("binôme mentor-projet")
        verbose_name_plural = _("binômes mentor-projet")
        ordering = ["-proposed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "membership"],
                condition=Q(status__in=OPEN_MATCH_STATUSES),
                name="one_open_match_per_mentor_and_project",
            ),
            models.CheckConstraint(condition=Q(score__gte=0), name="match_score_not_negative"),
            models.CheckConstraint(
                condition=~Q(status=MatchStatus.ACTIVE) | Q(confirmed_at__isnull=False),
                name="match_active_is_confirmed",
            ),
        ]
        indexes = [models.Index(fields=["status", "membership"]), models.Index(fields=["mentor", "status"])]

    def __str__(self):
        return f"{self.mentor} ↔ {self.membership}"


class MatchChange(models.Model):
    """The history of a match: every move, by whom, when and why."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="changes", verbose_name=_("binôme"))
    before = models.CharField(_("avant"), max_length=10, choices=MatchStatus.choices, blank=True)
    after = models.CharField(_("après"), max_length=10, choices=MatchStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    at = models.DateTimeField(_("le"), default=timezone.now)
    reason = models.TextField(_("motif"), blank=True)

    class Meta:
        verbose_name = _("changement de binôme")
        verbose_name_plural = _("historique du binôme")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_before_display() or '—'} → {self.get_after_display()}"


class MentoringSession(models.Model):
    """A meeting logged by the mentor. `notes` are shared with the project holder, `private_notes` are not."""

    match = models.ForeignKey(Match, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("binôme"))
    date = models.DateField(_("date de la séance"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée (en minutes)"), validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    mode = models.CharField(_("format"), max_length=10, choices=SessionMode.choices, default=SessionMode.IN_PERSON)
    topics = models.JSONField(_("sujets abordés"), default=list, blank=True)
    notes = models.TextField(_("compte rendu"), blank=True, max_length=5000)
    private_notes = models.TextField(_("notes personnelles"), blank=True, max_length=5000)
    agreed_actions = models.TextField(_("actions décidées"), blank=True, max_length=3000)
    next_meeting_on = models.DateField(_("prochain rendez-vous"), null=True, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saisie par"),
    )
    logged_at = models.DateTimeField(_("saisie le"), auto_now_add=True)
    # Generated when the form is shown and sent back with it: a second click on a slow page sends the same key.
    idempotency_key = models.UUIDField(_("clé anti-doublon"), unique=True, editable=False)
    holder_feedback_usefulness = models.PositiveSmallIntegerField(
        _("utilité selon le porteur"), null=True, blank=True, choices=Usefulness.choices
    )
    holder_feedback_comment = models.TextField(_("commentaire du porteur"), blank=True, max_length=2000)
    holder_feedback_at = models.DateTimeField(_("avis donné le"), null=True, blank=True)
    # The day-before reminder, claimed for each side apart: a failure for one never re-sends the other's.
    next_meeting_reminder_sent_for = models.DateField(
        _("rappel du rendez-vous envoyé au mentor pour le"), null=True, blank=True, editable=False
    )
    holder_meeting_reminder_sent_for = models.DateField(
        _("rappel du rendez-vous envoyé au porteur pour le"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("séance de mentorat")
        verbose_name_plural = _("séances de mentorat")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=600), name="session_duration_5_to_600"
            ),
            models.CheckConstraint(
                condition=Q(holder_feedback_usefulness__isnull=True)
                | Q(holder_feedback_usefulness__gte=1, holder_feedback_usefulness__lte=4),
                name="session_usefulness_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(next_meeting_on__isnull=True) | Q(next_meeting_on__gt=models.F("date")),
                name="session_next_meeting_after_session",
            ),
        ]
        indexes = [models.Index(fields=["match", "date"]), models.Index(fields=["next_meeting_on"])]

    def __str__(self):
        return f"{self.match} — {self.date}"

    @property
    def topic_labels(self) -> list[str]:
        return _labels(self.topics, SupportNeed)

    @property
    def hours(self) -> float:
        return self.duration_minutes / 60

    @property
    def editable_until(self):
        return self.logged_at + SESSION_EDIT_WINDOW if self.logged_at else None

    @property
    def is_editable(self) -> bool:
        """Still within the time its mentor may correct it (the service checks who asks)."""
        return self.logged_at is not None and timezone.now() < self.editable_until
