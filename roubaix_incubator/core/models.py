from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: applicant, staff, jury member or mentor. The e-mail is the login."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("adresse e-mail"), unique=True)
    full_name = models.CharField(_("nom complet"), max_length=150, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    preferred_language = models.CharField(
        _("langue préférée"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Neighbourhood(models.Model):
    """A neighbourhood of Roubaix; most are priority areas of the State's urban policy (QPV)."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)
    is_priority_area = models.BooleanField(_("quartier prioritaire (QPV)"), default=False)
    qpv_code = models.CharField(
        _("code QPV officiel"),
        max_length=20,
        blank=True,
        help_text=_("Code du quartier prioritaire de la politique de la ville, s'il y a lieu."),
    )

    class Meta:
        verbose_name = _("quartier")
        verbose_name_plural = _("quartiers")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ExtraQuestion(models.Model):
    """What the extra questions of a call (applications) and of an event (events) share. Each subclass adds what
    it belongs to, its `kind` field (its own list of kinds) and `CHOICE_KINDS`, the kinds answered from a list."""

    CHOICE_KINDS: tuple[str, ...] = ()

    label = models.CharField(_("intitulé"), max_length=300)
    help_text = models.CharField(_("aide"), max_length=500, blank=True)
    choices = models.TextField(
        _("choix possibles"), blank=True, help_text=_("Un choix par ligne, pour les questions à choix.")
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        abstract = True
        verbose_name = _("question complémentaire")
        verbose_name_plural = _("questions complémentaires")

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        if self.kind in self.CHOICE_KINDS and len(self.choice_list()) < 2:
            raise ValidationError(
                {"choices": _("Une question à choix a besoin d'au moins deux choix possibles, un par ligne.")}
            )

    @property
    def field_name(self) -> str:
        return f"question_{self.pk}"

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]
