import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from roubaix_incubator.core.filetypes import ALLOWED_EXTENSIONS
from roubaix_incubator.core.models import Neighbourhood

from .enums import AttachmentKind, QuestionKind, SupportNeed
from .models import Application, Question
from .steps import PROJECT, Step

REQUIRED_SUFFIX = _("(obligatoire)")
SUPPORT_NEEDS_LABEL = _("Besoins d'accompagnement")

HELP_TEXTS = {
    "project_name": _("Le nom de votre projet, même provisoire."),
    "summary": _("Quelques phrases : ce que vous faites, pour qui, et pourquoi c'est utile."),
    "social_need": _("Le problème que vous avez constaté à Roubaix, et comment vous l'avez constaté."),
    "target_public": _("Par exemple : jeunes de 16 à 25 ans, familles, personnes âgées isolées…"),
    "neighbourhoods": _("Cochez un ou plusieurs quartiers."),
    "team": _("Qui êtes-vous, combien de personnes, bénévoles ou salariées, et le temps que chacun y consacre."),
    "economic_model": _("Qui paiera pour quoi : ventes, subventions, cotisations, dons, mécénat…"),
    "funding_need": _("Le montant dont vous pensez avoir besoin pour lancer ou développer le projet, en euros."),
    "inclusive_jobs_at_12_months": _(
        "Demandeurs d'emploi de longue durée, bénéficiaires du RSA, jeunes sans qualification, etc."
    ),
    "support_needs": _("Cochez tout ce qui vous aiderait."),
}

RADIO_FIELDS = {
    "stage",
    "legal_form",
    "holder_gender",
    "holder_age_band",
    "holder_lives_in_priority_area",
    "holder_employment_status",
}


# What people type in an amount besides digits: spaces between thousands (plain, non-breaking, narrow), a euro sign.
_NUMBER_NOISE = re.compile(r"[\s\u00a0\u202f\u2009€]")
_WHOLE = re.compile(r"\d+(?:[,.]00?)?")  # "25 000", "25 000,00 €"; never "25.000" (25 or 25 000?)
_DECIMAL = re.compile(r"-?\d+(?:[,.]\d+)?")


def _without_noise(value) -> str:
    return _NUMBER_NOISE.sub("", str(value))


class WholeNumberField(forms.IntegerField):
    """A whole number typed in a text box: browsers blank an `<input type="number">` holding "abc" or "25 000"
    before sending it, so what was typed would be lost. Accepts "25 000", "25 000 €", "25000,00"."""

    widget = forms.TextInput
    default_error_messages = {"invalid": _("Saisissez un nombre entier, en chiffres (par exemple 25 000).")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        cleaned = _without_noise(value)
        if cleaned in self.empty_values:
            return None
        negative = cleaned.startswith("-")
        if not _WHOLE.fullmatch(cleaned.removeprefix("-")):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        number = int(re.split(r"[,.]", cleaned.removeprefix("-"))[0])
        return -number if negative else number

    def widget_attrs(self, widget):
        # No min/max/step attributes: they belong to number inputs. The keypad of phones shows digits.
        return {"inputmode": "numeric"}


class AmountField(forms.DecimalField):
    """A number with an optional decimal part, typed in a text box ("12,5", "1 200 €")."""

    widget = forms.TextInput
    default_error_messages = {"invalid": _("Saisissez un nombre, en chiffres (par exemple 30 ou 12,5).")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        cleaned = _without_noise(value)
        if cleaned in self.empty_values:
            return None
        if not _DECIMAL.fullmatch(cleaned):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return Decimal(cleaned.replace(",", "."))
        except InvalidOperation as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error

    def widget_attrs(self, widget):
        return {"inputmode": "decimal"}


class _GroupKeepsFieldIdMixin:
    """The first option of a radio or checkbox group carries the field's own id (`id_<name>`), so the review
    page's links to missing answers (`#id_<name>`) land on the group; Django would name it `id_<name>_0` and leave
    `id_<name>` to nothing. The group itself still has no label `for` (its legend names it)."""

    def id_for_label(self, id_, index=None):
        if index == "0":
            return id_
        return super().id_for_label(id_, index)


class RadioSelect(_GroupKeepsFieldIdMixin, forms.RadioSelect):
    pass


class CheckboxSelectMultiple(_GroupKeepsFieldIdMixin, forms.CheckboxSelectMultiple):
    pass


class StepForm(forms.ModelForm):
    """One step of the application. Only the project name is needed to save; the rest is checked on submit."""

    def __init__(self, *args, step: Step, **kwargs):
        self.step = step
        super().__init__(*args, **kwargs)
        for name, field in list(self.fields.items()):
            if isinstance(field, forms.IntegerField) and not isinstance(field, WholeNumberField):
                # The model's validators (0 and the column's maximum) come along.
                field = self.fields[name] = WholeNumberField(label=field.label, validators=field.validators)
            field.required = name == "project_name"
            if name in step.required:
                field.label = f"{field.label} {REQUIRED_SUFFIX}"
            if name in HELP_TEXTS:
                field.help_text = HELP_TEXTS[name]
            if name in RADIO_FIELDS:
                field.choices = [choice for choice in field.choices if choice[0] != ""]
                field.widget = RadioSelect(choices=field.choices)
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 5
        if "neighbourhoods" in self.fields:
            # Widget first: setting the queryset is what hands the choices to the widget in place.
            self.fields["neighbourhoods"].widget = CheckboxSelectMultiple()
            self.fields["neighbourhoods"].queryset = Neighbourhood.objects.order_by("name")
        if "support_needs" in self.fields:
            self.fields["support_needs"] = forms.MultipleChoiceField(
                label=f"{SUPPORT_NEEDS_LABEL} {REQUIRED_SUFFIX}",
                choices=SupportNeed.choices,
                required=False,
                widget=CheckboxSelectMultiple,
                help_text=HELP_TEXTS["support_needs"],
                initial=self.instance.support_needs,
            )

    def clean(self):
        cleaned = super().clean()
        for horizon in ("12", "36"):
            jobs, inclusive = cleaned.get(f"jobs_at_{horizon}_months"), cleaned.get(f"inclusive_jobs_at_{horizon}_months")
            if jobs is not None and inclusive is not None and inclusive > jobs:
                self.add_error(
                    f"inclusive_jobs_at_{horizon}_months",
                    _("Ce nombre ne peut pas dépasser le nombre total d'emplois prévus."),
                )
        return cleaned

    def step_values(self) -> dict:
        """The cleaned values of this step's plain fields (the many-to-many is passed apart)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "neighbourhoods"}


def step_form_class(step: Step) -> type[StepForm]:
    return forms.modelform_factory(Application, form=StepForm, fields=list(step.fields))


class NewApplicationForm(StepForm):
    class Meta:
        model = Application
        fields = list(PROJECT.fields)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, step=PROJECT, **kwargs)


class QuestionsForm(forms.Form):
    """The extra questions of a call, built from its `Question` rows."""

    def __init__(self, *args, questions: list[Question], answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            field = self._field_for(question)
            field.required = False
            field.label = f"{question.label} {REQUIRED_SUFFIX}" if question.required else question.label
            field.help_text = question.help_text
            field.initial = answers.get(question.pk)
            if question.kind == QuestionKind.YES_NO and isinstance(field.initial, bool):
                field.initial = "yes" if field.initial else "no"
            self.fields[question.field_name] = field

    @staticmethod
    def _field_for(question: Question) -> forms.Field:
        choices = [(choice, choice) for choice in question.choice_list()]
        match question.kind:
            case QuestionKind.LONG_TEXT:
                return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
            case QuestionKind.SINGLE_CHOICE:
                return forms.ChoiceField(choices=choices, widget=RadioSelect)
            case QuestionKind.MULTIPLE_CHOICE:
                return forms.MultipleChoiceField(choices=choices, widget=CheckboxSelectMultiple)
            case QuestionKind.NUMBER:
                return AmountField(max_digits=12, decimal_places=2)
            case QuestionKind.YES_NO:
                return forms.ChoiceField(choices=[("yes", _("Oui")), ("no", _("Non"))], widget=RadioSelect)
            case _:
                return forms.CharField(max_length=500)

    def answers(self) -> dict[Question, object]:
        """Answers as stored: text, list of choices, number, or a boolean for yes/no; None when left empty."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(question.field_name)
            if question.kind == QuestionKind.YES_NO:
                value = {"yes": True, "no": False}.get(value)
            elif question.kind == QuestionKind.NUMBER and value is not None:
                value = float(value) if value % 1 else int(value)
            elif value in ("", []):
                value = None
            answers[question] = value
        return answers


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de document"), choices=AttachmentKind.choices)
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_("PDF, image ou document bureautique, 10 Mo au maximum."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS)}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Pourquoi retirez-vous votre candidature ? (facultatif)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
