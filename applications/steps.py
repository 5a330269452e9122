"""The application form, split into short steps. Required fields are checked on submission only,
so an applicant can save a half-filled step and come back later."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    intro: str
    fields: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    has_questions: bool = False


PROJECT = Step(
    "projet",
    _("Le projet"),
    _("Présentez votre projet simplement, comme vous le raconteriez à quelqu'un qui ne le connaît pas."),
    fields=("project_name", "summary", "stage", "legal_form"),
    required=("project_name", "summary", "stage", "legal_form"),
)
NEED = Step(
    "besoin",
    _("Le besoin et les personnes"),
    _("À quel besoin répondez-vous, pour qui, et dans quels quartiers ?"),
    fields=("social_need", "target_public", "neighbourhoods"),
    required=("social_need", "target_public", "neighbourhoods"),
)
TEAM = Step(
    "equipe",
    _("L'équipe"),
    _("Qui porte le projet ? Les questions sur votre profil sont facultatives : elles servent "
      "uniquement aux statistiques des financeurs et ne sont jamais montrées au jury."),
    fields=("team", "holder_gender", "holder_age_band", "holder_lives_in_priority_area", "holder_employment_status"),
    required=("team",),
)
ECONOMY = Step(
    "modele",
    _("Modèle économique et emplois"),
    _("Comment le projet va-t-il vivre, et combien d'emplois pensez-vous créer ? Une estimation suffit."),
    fields=(
        "economic_model",
        "funding_need",
        "jobs_at_12_months",
        "inclusive_jobs_at_12_months",
        "jobs_at_36_months",
        "inclusive_jobs_at_36_months",
    ),
    required=(
        "economic_model",
        "funding_need",
        "jobs_at_12_months",
        "inclusive_jobs_at_12_months",
        "jobs_at_36_months",
        "inclusive_jobs_at_36_months",
    ),
)
SUPPORT = Step(
    "accompagnement",
    _("Vos besoins d'accompagnement"),
    _("Sur quoi aimeriez-vous être accompagné·e ? Répondez aussi aux questions propres à cet appel."),
    fields=("support_needs", "support_needs_details"),
    required=("support_needs",),
    has_questions=True,
)
DOCUMENTS = Step(
    "documents",
    _("Documents"),
    _("Ajoutez les documents utiles (présentation, budget, statuts…). Ils sont facultatifs mais aident le jury."),
)
REVIEW = Step("recapitulatif", _("Relire et envoyer"), _("Vérifiez vos réponses, puis envoyez votre candidature."))

STEPS: tuple[Step, ...] = (PROJECT, NEED, TEAM, ECONOMY, SUPPORT, DOCUMENTS, REVIEW)
FORM_STEPS: tuple[Step, ...] = tuple(step for step in STEPS if step.fields)
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


def step_after(step: Step) -> Step:
    index = STEPS.index(step)
    return STEPS[min(index + 1, len(STEPS) - 1)]


def step_before(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index - 1] if index else None


def step_number(step: Step) -> int:
    return STEPS.index(step) + 1
