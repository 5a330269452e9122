"""What the matching can guess of a project's sectors and languages from its application, for staff to check
(no queries here: the caller hands the application and its holder in).

The application form asks neither the sector nor the languages, so these are only suggestions: staff confirm or
correct them on the "Secteurs et langues" page of a cohort before running the matching."""

import re

from roubaix_incubator.core.text import plain_text

from .enums import LANGUAGE_LABELS, PROJECT_DEFAULT_LANGUAGES, Sector

# French word stems found in the project's name, summary, social need and target public → sector.
SECTOR_KEYWORDS: dict[str, tuple[str, ...]] = {
    Sector.FOOD: ("aliment", "cantine", "cuisin", "restaura", "epicerie", "traiteur", "maraich", "circuit court"),
    Sector.REUSE: ("reemploi", "recycl", "ressourcerie", "recyclerie", "reparation", "repair", "economie circulaire"),
    Sector.TEXTILE: ("textile", "couture", "vetement", "tissu", "retouche"),
    Sector.ENVIRONMENT: ("ecolog", "energie", "climat", "renovation energetique", "biodiversite", "jardin"),
    Sector.EMPLOYMENT: ("insertion", "retour a l'emploi", "demandeurs d'emploi", "chomage"),
    Sector.EDUCATION: ("educat", "jeunesse", "jeunes", "formation", "scolaire", "soutien scolaire", "apprentissage"),
    Sector.CULTURE: ("cultur", "artist", "theatre", "musique", "media", "radio", "spectacle"),
    Sector.HEALTH: ("sante", "handicap", "bien-etre", "soin", "medic"),
    Sector.CARE: ("aide a domicile", "personnes agees", "seniors", "grand age", "service a la personne"),
    Sector.HOUSING: ("logement", "habitat", "colocation", "hebergement"),
    Sector.MOBILITY: ("mobilite", "velo", "transport", "covoiturage", "permis"),
    Sector.DIGITAL_INCLUSION: ("inclusion numerique", "numerique", "informatique", "ordinateur", "illectronisme"),
    Sector.SPORT: ("sport", "loisir", "football", "boxe"),
    Sector.RETAIL: ("commerce", "artisan", "boutique", "magasin"),
}


def suggest_sectors(*texts: str) -> list[str]:
    # Case folded, accents and ligatures removed, spaces collapsed: « Épicerie » meets the stem « epicerie ».
    text = f" {plain_text(' '.join(t for t in texts if t))} "
    # A stem starts a word: « jeunes » is education, « pigeons » is not.
    return [
        sector
        for sector, stems in SECTOR_KEYWORDS.items()
        if any(re.search(rf"\b{re.escape(stem)}", text) for stem in stems)
    ]


def suggest_languages(*, preferred_language: str = "") -> list[str]:
    """French always (the programme runs in French), plus the holder's preferred language when it is another."""
    languages = list(PROJECT_DEFAULT_LANGUAGES)
    if preferred_language and preferred_language in LANGUAGE_LABELS and preferred_language not in languages:
        languages.append(preferred_language)
    return languages


def suggest_for_application(application) -> tuple[list[str], list[str]]:
    """(sectors, languages) suggested for a project from its application and its holder's account."""
    sectors = suggest_sectors(
        application.project_name, application.summary, application.social_need, application.target_public
    )
    languages = suggest_languages(preferred_language=getattr(application.applicant, "preferred_language", ""))
    return sectors, languages
