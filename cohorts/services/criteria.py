from django.db import transaction
from django.utils.translation import gettext_lazy as _

from applications.models import Call

from ..models import Criterion

# The demo grid, built from what the programme's partners look at (the CaféLaboQUARTIERS criteria among them).
# Weights add up to 100.
DEFAULT_CRITERIA = [
    (
        _("Besoin social et impact"),
        _(
            "Le projet répond à un besoin social réel, nouveau ou mal satisfait, et en mesure les effets. "
            "Il bénéficie aux habitantes et habitants des quartiers prioritaires de Roubaix."
        ),
        30,
    ),
    (
        _("Équipe et disponibilité"),
        _("L'équipe a les compétences et le temps pour porter le projet, et sait s'entourer quand il le faut."),
        20,
    ),
    (
        _("Viabilité économique"),
        _(
            "Le modèle économique est crédible : ressources, besoin de financement, emplois prévus, "
            "dont des emplois pour des personnes éloignées de l'emploi."
        ),
        20,
    ),
    (
        _("Ancrage local et coopération"),
        _(
            "Le projet s'appuie sur les acteurs roubaisiens (associations, entreprises, institutions, habitants) "
            "et fait participer les personnes concernées."
        ),
        15,
    ),
    (
        _("Innovation"),
        _(
            "Le projet apporte une réponse nouvelle : service, mode de production ou de consommation, "
            "usage du numérique, forme de participation."
        ),
        10,
    ),
    (
        _("Adéquation avec l'étape du programme"),
        _("L'avancement du projet (idée, émergence, développement) correspond au parcours proposé par l'appel."),
        5,
    ),
]


@transaction.atomic
def criteria_seed_default(*, call: Call) -> list[Criterion]:
    """Gives a call the default scoring grid. Safe to run again: existing lines (same label) are kept as edited."""
    for order, (label, description, weight) in enumerate(DEFAULT_CRITERIA, start=1):
        Criterion.objects.get_or_create(
            call=call, label=str(label), defaults={"description": str(description), "weight": weight, "order": order}
        )
    return list(call.criteria.order_by("order", "pk"))
