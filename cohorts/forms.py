from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .enums import INELIGIBLE_OUTCOMES, SCORE_MAX, SCORE_MIN, Outcome, Quarter
from .models import Cohort, Criterion, Decision, Review
from .services import cohort_seats_problem, decision_problems, decision_transition_problem
from .services.impact import IMPACT_MAXIMA, impact_too_big_message

NOT_APPLICABLE = "na"
SCORE_CHOICES = [
    ("", _("— choisir —")),
    *[(str(value), str(value)) for value in range(SCORE_MIN, SCORE_MAX + 1)],
    (NOT_APPLICABLE, _("Sans objet")),
]


def criterion_field_name(criterion: Criterion) -> str:
    return f"criterion_{criterion.pk}"


class ReviewScoringForm(forms.ModelForm):
    """A reviewer's scores on their assigned review: one field per criterion of the call's grid, or a
    conflict-of-interest declaration instead. Built per review by `review_scoring_form_class`."""

    criteria: list[Criterion] = []

    declare_conflict = forms.BooleanField(
        label=_("Je déclare un conflit d'intérêts avec ce projet ou ses porteurs"),
        required=False,
        help_text=_("L'évaluation est alors close sans note ; le motif est conservé."),
    )

    class Meta:
        model = Review
        fields = ["recommendation", "comment", "conflict_reason"]

    def clean(self):
        data = super().clean()
        if data.get("declare_conflict"):
            if not (data.get("conflict_reason") or "").strip():
                self.add_error("conflict_reason", _("Précisez la nature du conflit d'intérêts."))
            return data
        for criterion in self.criteria:
            if not data.get(criterion_field_name(criterion)):
                self.add_error(criterion_field_name(criterion), _("Notez ce critère ou choisissez « Sans objet »."))
        if not data.get("recommendation"):
            self.add_error("recommendation", _("Choisissez une recommandation."))
        if not self.criteria:
            raise ValidationError(
                _(
                    "L'appel n'a pas encore de grille de notation : l'évaluation ne peut pas être envoyée. "
                    "Prévenez l'équipe du programme ; vos réponses restent affichées."
                )
            )
        if all(data.get(criterion_field_name(c)) == NOT_APPLICABLE for c in self.criteria):
            raise ValidationError(_("Notez au moins un critère : tous ne peuvent pas être sans objet."))
        return data

    def scores(self) -> dict[int, int | None]:
        values = {}
        for criterion in self.criteria:
            raw = self.cleaned_data[criterion_field_name(criterion)]
            values[criterion.pk] = None if raw == NOT_APPLICABLE else int(raw)
        return values


def review_scoring_form_class(criteria: list[Criterion]) -> type[ReviewScoringForm]:
    fields = {
        criterion_field_name(criterion): forms.ChoiceField(
            label=f"{criterion.label} (×{criterion.weight})",
            help_text=criterion.description,
            choices=SCORE_CHOICES,
            required=False,
        )
        for criterion in criteria
    }
    return type("ReviewScoringForm", (ReviewScoringForm,), {**fields, "criteria": list(criteria)})


class DecisionForm(forms.ModelForm):
    """The committee's decision; completeness is checked here so the manager sees the problems by the fields."""

    class Meta:
        model = Decision
        fields = ["application", "outcome", "reasons", "referral_partner", "waitlist_rank"]

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome") or ""
        for name, message in decision_problems(
            outcome=outcome, reasons=data.get("reasons") or "", referral_partner=data.get("referral_partner") or ""
        ).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        if data.get("waitlist_rank") and outcome != Outcome.WAITLISTED:
            self.add_error("waitlist_rank", _("Le rang ne concerne que la liste d'attente."))
        application = data.get("application") or getattr(self.instance, "application", None)
        if application is not None and outcome and "outcome" not in self.errors:
            # Checked here too, so the manager reads it by the field instead of the save failing.
            problem = decision_transition_problem(application, outcome)
            if problem:
                self.add_error("outcome", problem)
        return data


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["call", "name", "seats", "starts_on", "ends_on"]

    def clean_seats(self):
        seats = self.cleaned_data.get("seats")
        problem = cohort_seats_problem(cohort=self.instance, seats=seats)
        if problem:
            raise ValidationError(problem)
        return seats


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du désistement"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Gardé dans le suivi de la promotion : par exemple « A trouvé un emploi », « Déménage »."),
        error_messages={"required": _("Indiquez pourquoi le projet quitte la promotion.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Indiquez pourquoi le projet quitte la promotion."))
        return reason


class ReleaseConfirmForm(forms.Form):
    """Nothing to type: the page lists what the release sends, the button confirms."""


class IneligibleScreeningForm(forms.Form):
    """The manager's reading of a file that does not meet the call's conditions: it is referred or turned down,
    with the reasons the applicant reads and a partner to turn to, never dropped silently."""

    outcome = forms.ChoiceField(
        label=_("Suite donnée"),
        choices=[(o.value, o.label) for o in Outcome if o in INELIGIBLE_OUTCOMES],
        initial=Outcome.REFERRED,
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label=_("Motifs communiqués au porteur"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_(
            "Le porteur de projet lit ce texte : expliquez simplement pourquoi le dossier n'est pas recevable."
        ),
    )
    referral_partner = forms.CharField(
        label=_("Structure vers laquelle orienter"),
        max_length=200,
        required=False,
        help_text=_("Personne n'est refusé sans autre piste : indiquez qui peut accompagner ce projet."),
    )

    def clean(self):
        data = super().clean()
        for name, message in decision_problems(
            outcome=data.get("outcome") or "",
            reasons=data.get("reasons") or "",
            referral_partner=data.get("referral_partner") or "",
        ).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        return data


def _impact_figure(name: str, label, help_text=""):
    # The same ceiling and message as the service, read in the language of the request.
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=IMPACT_MAXIMA[name],
        help_text=help_text,
        error_messages={"max_value": lazy(impact_too_big_message, str)(name)},
    )


class ImpactReportForm(forms.Form):
    year = forms.IntegerField(label=_("Année"), min_value=2020, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Trimestre"), coerce=int, choices=Quarter.choices)
    jobs_created = _impact_figure(
        "jobs_created", _("Emplois créés pendant le trimestre"), _("Salariés, en nombre de personnes.")
    )
    inclusive_jobs_created = _impact_figure(
        "inclusive_jobs_created", _("dont emplois pour des personnes éloignées de l'emploi")
    )
    beneficiaries = _impact_figure(
        "beneficiaries", _("Personnes bénéficiaires"), _("Les personnes que votre projet a aidées.")
    )
    revenue = _impact_figure("revenue", _("Chiffre d'affaires du trimestre (en euros)"))
    comment = forms.CharField(
        label=_("Un commentaire ? (facultatif)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
