from django import forms
from django.utils.translation import gettext_lazy as _

from roubaix_incubator.core.models import Neighbourhood

from . import selectors
from .enums import ContributionKind, EventKind
from .models import Event, Registration, Table
from .services.errors import capacity_below_confirmed

CONSENT_LABEL = _(
    "J'accepte que la Ville de Roubaix utilise ces informations pour organiser l'événement et m'écrire à son sujet."
)
CONSENT_HELP = _(
    "Confirmation, rappel deux jours avant, remerciements : rien d'autre. Vos coordonnées ne sont transmises à "
    "personne ; seuls des chiffres anonymes (types d'acteurs, quartiers) figurent dans le bilan de l'événement. "
    "Vous pouvez modifier ou annuler votre inscription à tout moment grâce à votre lien personnel."
)
NO_NEIGHBOURHOOD = _("Je préfère ne pas le dire")
DETAIL_FIELDS = ["full_name", "organisation", "actor_kind", "neighbourhood", "accessibility_needs"]


class _ParticipantFields(forms.ModelForm):
    """The details a participant gives about themselves, shared by registration and its later changes."""

    def __init__(self, *args, event: Event, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation"].label = _("Structure (facultatif)")
        self.fields["organisation"].help_text = _("Entreprise, association, collectif, service… si vous venez à ce titre.")
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["actor_kind"].widget = forms.RadioSelect(choices=self.fields["actor_kind"].choices[1:])
        self.fields["neighbourhood"].label = _("Votre quartier")
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.order_by("name")
        self.fields["neighbourhood"].empty_label = NO_NEIGHBOURHOOD
        self.fields["neighbourhood"].help_text = _(
            "Où vous habitez ou agissez. Cela nous aide à faire se rencontrer les quartiers."
        )
        self.fields["accessibility_needs"].label = _("Besoins d'accessibilité (facultatif)")
        self.fields["accessibility_needs"].help_text = _(
            "Fauteuil roulant, interprétation en langue des signes, gros caractères, garde d'enfants… "
            "Dites-nous ce qui vous aiderait à participer."
        )
        self.fields["accessibility_needs"].widget = forms.Textarea(attrs={"rows": 3})
        for index, question in enumerate(event.extra_question_list()):
            self.fields[f"question_{index}"] = forms.CharField(
                label=question,
                required=False,
                max_length=1000,
                initial=(self.instance.answers or {}).get(question) if self.instance.pk else None,
                help_text=_("Facultatif."),
            )

    def question_fields(self):
        return [self[name] for name in self.fields if name.startswith("question_")]

    def answers(self) -> dict[str, str]:
        return {
            question: self.cleaned_data.get(f"question_{index}", "").strip()
            for index, question in enumerate(self.event.extra_question_list())
            if self.cleaned_data.get(f"question_{index}", "").strip()
        }

    def detail_values(self) -> dict:
        values = {name: self.cleaned_data[name] for name in DETAIL_FIELDS}
        values["answers"] = self.answers()
        return values


class RegistrationForm(_ParticipantFields):
    consent = forms.BooleanField(label=CONSENT_LABEL, help_text=CONSENT_HELP, required=True)

    class Meta:
        model = Registration
        fields = ["full_name", "email", "organisation", "actor_kind", "neighbourhood", "accessibility_needs"]
        error_messages = {
            "full_name": {"required": _("Indiquez votre prénom et votre nom.")},
            "email": {"required": _("Indiquez votre adresse e-mail."), "invalid": _("Cette adresse e-mail n'est pas valide.")},
            "actor_kind": {"required": _("Choisissez à quel titre vous venez.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["email"].help_text = _("Pour vous envoyer la confirmation et votre lien personnel.")
        self.fields["consent"].error_messages["required"] = _("Cochez cette case pour pouvoir vous inscrire.")
        # The consent comes last, after the extra questions.
        self.fields["consent"] = self.fields.pop("consent")


class RegistrationDetailsForm(_ParticipantFields):
    class Meta:
        model = Registration
        fields = DETAIL_FIELDS


class WalkInForm(_ParticipantFields):
    consent = forms.BooleanField(
        label=_("La personne accepte que ses informations servent à l'organisation de l'événement."),
        required=True,
    )

    class Meta:
        model = Registration
        fields = ["full_name", "email", "organisation", "actor_kind", "neighbourhood", "accessibility_needs"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].label = _("Quartier")
        self.fields["email"].label = _("Adresse e-mail (facultatif)")
        self.fields["email"].help_text = _("Pour recevoir le lien qui permet de contribuer et de voter.")
        self.fields["consent"].error_messages["required"] = _("Demandez l'accord de la personne et cochez la case.")
        for name in list(self.fields):
            if name.startswith("question_"):
                del self.fields[name]


class ContributionForm(forms.Form):
    kind = forms.ChoiceField(label=_("C'est…"), choices=ContributionKind.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Votre contribution"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("1000 caractères au maximum. Elle sera visible des autres participants, sans votre nom."),
        error_messages={"required": _("Écrivez votre contribution.")},
    )
    table = forms.ModelChoiceField(
        label=_("Pour"),
        queryset=Table.objects.none(),
        required=False,
        empty_label=_("Tout l'événement"),
    )

    def __init__(self, *args, event: Event, tables=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = _("Choisissez s'il s'agit d'une idée, d'un besoin ou d'une ressource.")
        self.fields["table"].queryset = event.tables.order_by("order", "pk")
        if tables is not None and not tables:
            del self.fields["table"]


class AgendaFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type d'événement"), choices=[("", _("Tous les types")), *EventKind.choices], required=False
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Quartier"),
        queryset=Neighbourhood.objects.none(),
        required=False,
        empty_label=_("Tous les quartiers"),
        to_field_name="slug",
    )

    def __init__(self, *args, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"


class EventAdminForm(forms.ModelForm):
    """The admin's event form: the seats cannot go below the people already confirmed."""

    class Meta:
        model = Event
        fields = ["capacity"]  # the admin passes the fields of its fieldsets

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk and capacity is not None:
            confirmed = selectors.event_confirmed_count(event=self.instance)
            if capacity < confirmed:
                raise capacity_below_confirmed(confirmed).error_dict["capacity"][0]
        return capacity
