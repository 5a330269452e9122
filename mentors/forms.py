import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.forms import CheckboxSelectMultiple, RadioSelect
from roubaix_incubator.core.models import Neighbourhood

from .enums import LANGUAGE_CHOICES, MentorKind, MentorStatus, Sector, SessionMode, SupportNeed, Usefulness
from .models import Mentor
from .services.profiles import PROFILE_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _multiple(label, choices, help_text="", required=False):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=required, widget=CheckboxSelectMultiple, help_text=help_text
    )


class MentorProfileForm(forms.ModelForm):
    """The profile a mentor fills in: what they know, where, in which languages, and how much time they give."""

    expertise = _multiple(
        _("Vos domaines d'expertise"), SupportNeed.choices, _("Cochez ce sur quoi vous pouvez aider un projet.")
    )
    sectors = _multiple(_("Les secteurs que vous connaissez"), Sector.choices)
    languages = _multiple(_("Les langues dans lesquelles vous pouvez accompagner"), LANGUAGE_CHOICES, required=True)
    capacity_projects = forms.IntegerField(
        label=_("Combien de projets pouvez-vous suivre en même temps ?"), min_value=1, max_value=10, initial=1
    )
    hours_per_month = forms.IntegerField(
        label=_("Combien d'heures par mois pouvez-vous donner ?"),
        min_value=1,
        max_value=60,
        initial=3,
        help_text=_("Un parrainage demande en général 2 à 4 heures par mois et par projet."),
    )

    class Meta:
        model = Mentor
        fields = [
            "kind",
            "organisation",
            "bio",
            "expertise",
            "sectors",
            "languages",
            "neighbourhoods",
            "capacity_projects",
            "hours_per_month",
        ]
        widgets = {
            "kind": RadioSelect,
            "bio": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "kind": _("Vous accompagnez en tant que"),
            "organisation": _("Votre structure ou votre employeur (facultatif)"),
            "bio": _("Quelques mots sur vous et votre parcours (facultatif)"),
            "neighbourhoods": _("Les quartiers de Roubaix que vous connaissez bien (facultatif)"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = MentorKind.choices
        self.fields["neighbourhoods"].widget = CheckboxSelectMultiple()
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.order_by("name")
        if self.instance.pk is None and not self.is_bound:
            self.initial.setdefault("languages", ["fr"])

    def profile_values(self) -> dict:
        """The cleaned values of the profile's own fields (the neighbourhoods are passed apart)."""
        return {name: self.cleaned_data[name] for name in (*PROFILE_FIELDS, "status") if name in self.cleaned_data}


class MentorApplicationForm(MentorProfileForm):
    """The public "Devenir mentor" form: the profile, and the charter to accept."""

    accept_charter = forms.BooleanField(
        label=_("J'ai lu la charte du mentorat et je m'engage à la respecter"),
        error_messages={"required": _("Pour devenir mentor, il faut accepter la charte.")},
    )


class MentorSelfProfileForm(MentorProfileForm):
    """The same profile, edited later from the portal; the mentor can also pause (no new project for now)."""

    status = forms.ChoiceField(
        label=_("Votre disponibilité"),
        choices=MentorStatus.choices,
        widget=RadioSelect,
        help_text=_("En pause, on ne vous propose plus de nouveau projet ; vos accompagnements en cours continuent."),
    )

    class Meta(MentorProfileForm.Meta):
        fields = [*MentorProfileForm.Meta.fields, "status"]


class SessionForm(forms.Form):
    """Logging a session. `idempotency_key` is generated when the form is shown: the same form sent twice is the
    same session."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    date = forms.DateField(label=_("Date de la séance"), widget=DateInput)
    duration_minutes = forms.IntegerField(
        label=_("Durée (en minutes)"),
        min_value=5,
        max_value=600,
        help_text=_("Par exemple 90 pour une heure et demie."),
        widget=forms.NumberInput(attrs={"step": 5}),
    )
    mode = forms.ChoiceField(
        label=_("Format"), choices=SessionMode.choices, widget=RadioSelect, initial=SessionMode.IN_PERSON
    )
    topics = _multiple(_("Sujets abordés (facultatif)"), SupportNeed.choices)
    notes = forms.CharField(
        label=_("Compte rendu (facultatif)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Le porteur ou la porteuse de projet peut lire ce compte rendu."),
    )
    agreed_actions = forms.CharField(
        label=_("Actions décidées (facultatif)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Qui fait quoi d'ici le prochain rendez-vous. Visible par le porteur de projet."),
    )
    private_notes = forms.CharField(
        label=_("Notes personnelles (facultatif)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Pour vous et l'équipe du programme seulement : le porteur de projet ne les voit jamais."),
    )
    next_meeting_on = forms.DateField(
        label=_("Date du prochain rendez-vous (facultatif)"),
        required=False,
        widget=DateInput,
        help_text=_("Vous recevrez tous les deux un rappel la veille."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())
            self.initial.setdefault("date", timezone.localdate())
        today = timezone.localdate().isoformat()
        self.fields["date"].widget.attrs["max"] = today
        self.fields["next_meeting_on"].widget.attrs["min"] = today

    def clean(self):
        cleaned = super().clean()
        session_date, next_meeting_on = cleaned.get("date"), cleaned.get("next_meeting_on")
        if session_date and session_date > timezone.localdate():
            self.add_error("date", _("La séance doit avoir eu lieu : sa date ne peut pas être dans le futur."))
        if session_date and next_meeting_on and next_meeting_on <= session_date:
            self.add_error("next_meeting_on", _("Le prochain rendez-vous doit être après la séance."))
        return cleaned


class SessionEditForm(SessionForm):
    """Correcting a logged session: the same fields, without the anti-double-click key (an edit is idempotent)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["idempotency_key"]


class FeedbackForm(forms.Form):
    usefulness = forms.TypedChoiceField(
        label=_("Cette séance vous a-t-elle été utile ?"),
        choices=Usefulness.choices,
        coerce=int,
        widget=RadioSelect,
    )
    comment = forms.CharField(
        label=_("Un commentaire (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("L'équipe du programme lit vos commentaires pour améliorer le mentorat."),
    )


class InviteForm(forms.Form):
    full_name = forms.CharField(
        label=_("Nom et prénom"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    email = forms.EmailField(label=_("Adresse e-mail"))
    kind = forms.ChoiceField(label=_("Type de mentor"), choices=MentorKind.choices, widget=RadioSelect)
    organisation = forms.CharField(label=_("Structure ou employeur (facultatif)"), required=False, max_length=200)


class MatchingRunForm(forms.Form):
    guarantee_one_each = forms.BooleanField(
        label=_("Donner un mentor à chaque projet dès que les places le permettent"),
        required=False,
        initial=True,
        help_text=_(
            "Sinon, seuls les binômes qui ont quelque chose en commun (une expertise demandée par le projet, son "
            "secteur ou un de ses quartiers) sont proposés, et le total des scores décide : un projet peut rester "
            "sans mentor."
        ),
    )


class ProjectProfileForm(forms.Form):
    """One project's sectors and working languages, on the cohort's "Secteurs et langues" page (one form per
    project, prefixed by its id)."""

    sectors = _multiple(_("Secteurs d'activité"), Sector.choices)
    languages = _multiple(
        _("Langues de travail"),
        LANGUAGE_CHOICES,
        required=True,
        help_text=_("Un mentor doit parler au moins une de ces langues pour être proposé."),
    )

    def __init__(self, *args, membership, **kwargs):
        self.membership = membership
        super().__init__(*args, **kwargs)
        self.fields["languages"].error_messages["required"] = _("Choisissez au moins une langue de travail.")


class EndMatchForm(forms.Form):
    reason = forms.CharField(
        label=_("Pourquoi le binôme s'arrête-t-il ?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.application.project_name} — {obj.cohort.name}"


class ConflictForm(forms.Form):
    """A mentor declares a conflict of interest with a project of a running cohort."""

    membership = ProjectChoiceField(
        label=_("Projet concerné"),
        queryset=None,
        empty_label=_("Choisissez un projet"),
        error_messages={
            "required": _("Choisissez le projet concerné."),
            "invalid_choice": _("Choisissez un projet de la liste."),
        },
    )
    reason = forms.CharField(
        label=_("Nature du conflit d'intérêts"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Par exemple : un lien familial ou amical, un intérêt financier, un client ou un concurrent. "
            "Seule l'équipe du programme lit ce texte."
        ),
        error_messages={"required": _("Décrivez le conflit d'intérêts.")},
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships
