from django import forms
from django.utils.translation import gettext_lazy as _

from roubaix_incubator.core.models import Neighbourhood

from . import selectors
from .enums import YES_NO_ANSWERS, ContributionKind, EventKind, QuestionKind
from .models import Event, EventQuestion, Registration, Table
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


def question_field(question: EventQuestion, *, required: bool) -> forms.Field:
    """The form field of one of the event's extra questions."""
    help_texts = [question.help_text] if question.help_text else []
    if not required:
        help_texts.append(str(_("Facultatif.")))
    options = {
        "label": question.label,
        "required": required,
        "help_text": " ".join(help_texts),
        "error_messages": {
            "required": _("Répondez à cette question."),
            "invalid_choice": _("Choisissez une des réponses proposées."),
            "max_length": _("Votre réponse est trop longue (%(limit_value)d caractères au plus)."),
        },
    }
    if question.kind == QuestionKind.LONG_TEXT:
        return forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), **options)
    if question.kind == QuestionKind.SINGLE_CHOICE:
        return forms.ChoiceField(
            choices=[(choice, choice) for choice in question.choice_list()], widget=forms.RadioSelect, **options
        )
    if question.kind == QuestionKind.YES_NO:
        return forms.ChoiceField(choices=list(YES_NO_ANSWERS.items()), widget=forms.RadioSelect, **options)
    return forms.CharField(max_length=1000, **options)


class _ParticipantFields(forms.ModelForm):
    """The details a participant gives about themselves, shared by registration and its later changes."""

    # Staff registering someone at the door are never held up by a required question.
    questions_required = True

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
        self.questions = list(event.questions.all())
        answers = (self.instance.answers or {}) if self.instance.pk else {}
        for question in self.questions:
            field = question_field(question, required=question.required and self.questions_required)
            field.initial = answers.get(question.answer_key)
            self.fields[question.field_name] = field

    def question_fields(self):
        return [self[question.field_name] for question in self.questions]

    def answers(self) -> dict[str, str]:
        """The answers as typed, keyed by question id; the service checks them against the event's questions."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(question.field_name) or ""
            if value.strip():
                answers[question.answer_key] = value.strip()
        return answers

    def detail_values(self) -> dict:
        """The person's details and answers, as the registration services take them (the e-mail aside)."""
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
    questions_required = False
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
        # The consent comes last, after the extra questions.
        self.fields["consent"] = self.fields.pop("consent")


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
