import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roubaix_incubator.core.models import ExtraQuestion, Neighbourhood
from roubaix_incubator.core.text import plain_text

from .enums import (
    CONTRIBUTIONS_OPEN_AFTER_END,
    RESERVED_SLUGS,
    YES_NO_ANSWERS,
    ActorKind,
    Audience,
    ContributionKind,
    EventKind,
    QuestionKind,
    RegistrationStatus,
)


def new_registration_token() -> str:
    return secrets.token_urlsafe(24)


def registration_search_text(*, full_name: str, email: str, organisation: str) -> str:
    # One line per field, as migration 0004 stored it.
    return "\n".join(plain_text(field) for field in (full_name, email, organisation))


SEARCHED_FIELDS = {"full_name", "email", "organisation"}


class Event(models.Model):
    """A programme event. Registration is open from `registration_opens_at` (or publication) until
    `registration_closes_at` (or the start)."""

    kind = models.CharField(_("type d'événement"), max_length=30, choices=EventKind.choices)
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=200, unique=True)
    summary = models.CharField(_("en bref"), max_length=400, blank=True)
    programme = models.TextField(_("programme"), blank=True)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    venue = models.CharField(_("lieu"), max_length=200)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("quartier"),
    )
    capacity = models.PositiveIntegerField(_("nombre de places"))
    registration_opens_at = models.DateTimeField(
        _("ouverture des inscriptions"), null=True, blank=True, help_text=_("Vide : dès la publication.")
    )
    registration_closes_at = models.DateTimeField(
        _("clôture des inscriptions"), null=True, blank=True, help_text=_("Vide : au début de l'événement.")
    )
    audience = models.CharField(_("public"), max_length=20, choices=Audience.choices, default=Audience.PUBLIC)
    cohort = models.ForeignKey(
        "cohorts.Cohort",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("promotion"),
        help_text=_("Seulement pour un événement réservé à une promotion : ses membres seuls le voient."),
    )
    accessibility_info = models.TextField(
        _("accessibilité"),
        blank=True,
        help_text=_("Accès en fauteuil roulant, boucle magnétique, transports, garde d'enfants…"),
    )
    published = models.BooleanField(_("publié"), default=False)
    synthesis_published = models.BooleanField(_("synthèse publiée"), default=False)
    synthesis_text = models.TextField(
        _("texte de la synthèse"), blank=True, help_text=_("Ce que l'équipe retient de la rencontre.")
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # Set when the dates move: participants are told, and the calendar entry's SEQUENCE goes up.
    date_changed_at = models.DateTimeField(_("date modifiée le"), null=True, blank=True, editable=False)
    schedule_sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=models.Q(registration_opens_at__isnull=True)
                | models.Q(registration_closes_at__isnull=True)
                | models.Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="event_registration_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=models.Q(audience=Audience.COHORT, cohort__isnull=False)
                | (~models.Q(audience=Audience.COHORT) & models.Q(cohort__isnull=True)),
                name="event_cohort_set_iff_cohort_audience",
            ),
        ]
        indexes = [models.Index(fields=["published", "starts_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("Cet identifiant est réservé, choisissez-en un autre.")})
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("La fin doit être après le début.")})
        if self.registration_closes_at and self.ends_at and self.registration_closes_at > self.ends_at:
            raise ValidationError(
                {"registration_closes_at": _("Les inscriptions doivent fermer au plus tard à la fin de l'événement.")}
            )
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            raise ValidationError(
                {"registration_closes_at": _("La clôture des inscriptions doit venir après leur ouverture.")}
            )
        if self.audience == Audience.COHORT and self.cohort_id is None:
            raise ValidationError({"cohort": _("Choisissez la promotion à qui l'événement est réservé.")})
        if self.audience != Audience.COHORT and self.cohort_id is not None:
            raise ValidationError(
                {"cohort": _("Seul un événement réservé à une promotion en désigne une : videz ce champ ou changez le public.")}
            )

    @property
    def seats_left(self) -> int | None:
        """Free seats, on an event fetched with its `confirmed_count` (see selectors)."""
        confirmed = getattr(self, "confirmed_count", None)
        return None if confirmed is None else max(self.capacity - confirmed, 0)

    @property
    def registration_deadline(self):
        return self.registration_closes_at or self.starts_at

    def registration_not_open_yet(self, now=None) -> bool:
        return self.registration_opens_at is not None and (now or timezone.now()) < self.registration_opens_at

    def registration_has_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.registration_deadline

    @property
    def is_cohort_only(self) -> bool:
        return self.audience == Audience.COHORT

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.published and not self.registration_not_open_yet(now) and not self.registration_has_closed(now)

    @property
    def contributions_close_at(self):
        return self.ends_at + CONTRIBUTIONS_OPEN_AFTER_END

    def contributions_are_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.contributions_close_at

    def is_past(self, now=None) -> bool:
        return self.ends_at <= (now or timezone.now())


class EventQuestion(ExtraQuestion):
    """An extra question an event asks at registration. Answers live in `Registration.answers`, keyed by the
    question's id (as a string), so rewording a question keeps its answers."""

    CHOICE_KINDS = (QuestionKind.SINGLE_CHOICE,)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions", verbose_name=_("événement"))
    kind = models.CharField(_("type de réponse"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.SHORT_TEXT)
    required = models.BooleanField(_("obligatoire"), default=False)

    class Meta(ExtraQuestion.Meta):
        ordering = ["event", "order", "pk"]

    @property
    def answer_key(self) -> str:
        return str(self.pk)

    def display_answer(self, value) -> str:
        """An answer as people read it: "Oui" / "Non" for a yes / no question, the text otherwise."""
        if self.kind == QuestionKind.YES_NO and value in YES_NO_ANSWERS:
            return str(YES_NO_ANSWERS[value])
        return "" if value is None else str(value)


class Table(models.Model):
    """A round table or small working group of an event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tables", verbose_name=_("événement"))
    name = models.CharField(_("nom"), max_length=100)
    topic = models.CharField(_("thème"), max_length=300, blank=True)
    host = models.CharField(_("animation"), max_length=200, blank=True)
    seats = models.PositiveSmallIntegerField(_("places"))
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        ordering = ["event", "order", "pk"]

    def __str__(self):
        return f"{self.name} — {self.topic}" if self.topic else self.name


class Registration(models.Model):
    """One person's seat (or place on the waitlist) at an event, with or without an account.

    The token is the key of the participant's private page; whoever holds the link manages the registration."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("événement")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("compte"),
    )
    full_name = models.CharField(_("prénom et nom"), max_length=150)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    organisation = models.CharField(_("structure"), max_length=200, blank=True)
    actor_kind = models.CharField(_("vous venez en tant que"), max_length=20, choices=ActorKind.choices)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("quartier"),
    )
    accessibility_needs = models.TextField(_("besoins d'accessibilité"), blank=True)
    answers = models.JSONField(_("réponses aux questions complémentaires"), default=dict, blank=True)
    consent_given_at = models.DateTimeField(_("consentement donné le"))
    status = models.CharField(
        _("statut"), max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.CONFIRMED
    )
    waitlist_position = models.PositiveIntegerField(_("rang sur la liste d'attente"), null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_registration_token, editable=False)
    table = models.ForeignKey(
        Table,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("table"),
    )
    walk_in = models.BooleanField(_("inscrit·e sur place"), default=False)
    checked_in_at = models.DateTimeField(_("arrivée"), null=True, blank=True)
    created_at = models.DateTimeField(_("inscrit·e le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("sortie de la liste d'attente le"), null=True, blank=True)

    # E-mail bookkeeping: each one is claimed once, so a task that runs twice sends nothing the second time.
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    promotion_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    manage_link_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The event start the reminder (or the date-change notice) went out for: a new date re-arms them.
    reminder_sent_for = models.DateTimeField(null=True, blank=True, editable=False)
    schedule_known_for = models.DateTimeField(null=True, blank=True, editable=False)
    thank_you_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # RGPD: set when the person's details were erased, RETENTION_EVENT_REGISTRATION_DAYS after the event.
    anonymised_at = models.DateTimeField(_("anonymisée le"), null=True, blank=True, editable=False)
    # Name, e-mail and organisation without accents nor capitals, for the check-in search ("elise" finds "Élise");
    # kept up to date by `save`.
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "event",
                condition=~models.Q(status=RegistrationStatus.CANCELLED) & ~models.Q(email=""),
                name="one_active_registration_per_email",
            ),
            models.UniqueConstraint(
                fields=["event", "waitlist_position"],
                condition=models.Q(waitlist_position__isnull=False),
                name="one_registration_per_waitlist_position",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status=RegistrationStatus.WAITLISTED, waitlist_position__gte=1)
                    | (~models.Q(status=RegistrationStatus.WAITLISTED) & models.Q(waitlist_position__isnull=True))
                ),
                name="waitlist_position_only_when_waitlisted",
            ),
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self):
        return f"{self.full_name} — {self.event}"

    def save(self, *args, **kwargs):
        self.search_text = registration_search_text(
            full_name=self.full_name, email=self.email, organisation=self.organisation
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and SEARCHED_FIELDS & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:manage", kwargs={"token": self.token})

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == RegistrationStatus.WAITLISTED

    @property
    def is_cancelled(self) -> bool:
        return self.status == RegistrationStatus.CANCELLED


class Contribution(models.Model):
    """An idea, a need or a resource a participant posts at an event, for one table or the whole event."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("événement")
    )
    table = models.ForeignKey(
        Table, on_delete=models.SET_NULL, null=True, blank=True, related_name="contributions", verbose_name=_("table")
    )
    author = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("auteur ou autrice")
    )
    kind = models.CharField(_("type"), max_length=20, choices=ContributionKind.choices)
    text = models.TextField(_("contribution"), max_length=1000)
    hidden = models.BooleanField(_("masquée"), default=False)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name=_("fusionnée avec"),
    )
    kept_by_staff = models.BooleanField(_("retenue par l'équipe"), default=False)
    created_at = models.DateTimeField(_("publiée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["event", "created_at", "pk"]
        indexes = [models.Index(fields=["event", "hidden"])]

    def __str__(self):
        return self.text if len(self.text) <= 60 else f"{self.text[:59]}…"

    @property
    def is_visible(self) -> bool:
        return not self.hidden and self.merged_into_id is None


class Vote(models.Model):
    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="votes")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["contribution", "registration"], name="one_vote_per_participant")
        ]

    def __str__(self):
        return f"{self.registration_id} → {self.contribution_id}"
