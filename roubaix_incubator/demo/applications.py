"""Demo accounts, calls for applications and applications."""


from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from applications import services as application_services
from applications.enums import QuestionKind, Status, Track
from applications.models import Application, Call, Question
from roubaix_incubator.core.models import Neighbourhood
from roubaix_incubator.reports.groups import GROUP_PERMISSIONS as STAFF_GROUP_PERMISSIONS
from roubaix_incubator.reports.groups import staff_groups_grant

DEMO_PASSWORD = "Roubaix-Demo-2026"

ACCOUNTS = [
    # e-mail, full name, is_staff, is_superuser, group
    ("equipe@demo.roubaix-innovation.fr", "Camille Lefebvre", True, True, "Chargé·e de programme"),
    ("jury@demo.roubaix-innovation.fr", "Karim Benali", True, False, "Membre du jury"),
    ("jury2@demo.roubaix-innovation.fr", "Sophie Delcourt", True, False, "Membre du jury"),
    ("porteuse@demo.roubaix-innovation.fr", "Aïcha Mansouri", False, False, None),
    ("porteur@demo.roubaix-innovation.fr", "Julien Vandenberghe", False, False, None),
    ("collectif@demo.roubaix-innovation.fr", "Nadia Kaci", False, False, None),
]

# The staff groups are the production ones (made by reports/migrations/0004_staff_groups.py).
GROUP_PERMISSIONS = STAFF_GROUP_PERMISSIONS

OPEN_CALL = {
    "slug": "incubateur-innovation-sociale-roubaix",
    "title": "Appel à candidatures — Incubateur d'innovation sociale de Roubaix",
    "track": Track.INCUBATION,
    "summary": "Neuf mois d'accompagnement, un parrain ou une marraine et une promotion de 4 à 12 projets "
    "pour lancer une activité utile aux Roubaisiennes et aux Roubaisiens.",
    "description": (
        "Roubaix fait le pari de l'innovation sociale ! La Ville accompagne les projets qui répondent à des "
        "besoins sociaux, environnementaux ou économiques nouveaux ou mal satisfaits.\n\n"
        "Ambition en trois verbes : ACCÉLÉRER l'innovation sociale pour une économie responsable à Roubaix ; "
        "PARTICIPER à une dynamique collective et entrepreneuriale ; INVENTER de nouveaux leviers de retour "
        "à l'emploi pour les publics qui en sont éloignés.\n\n"
        "Ce que vous recevez : des ateliers collectifs, un parrain ou une marraine (2 à 4 heures par mois), "
        "des rencontres avec les acteurs du territoire et l'appui de l'équipe du programme pendant 9 mois."
    ),
    "eligibility": (
        "Le projet a une utilité sociale et bénéficie à des Roubaisiennes et Roubaisiens, en particulier aux "
        "habitantes et habitants des quartiers prioritaires.\n"
        "Toutes les formes sont bienvenues : association, coopérative, entreprise de l'ESS, projet sans "
        "structure encore.\n"
        "Au moins une personne de l'équipe peut consacrer du temps au projet chaque semaine.\n"
        "Pas besoin de diplôme ni de business plan : une idée claire et l'envie d'avancer suffisent."
    ),
}

UPCOMING_CALL = {
    "slug": "pre-incubation-printemps",
    "title": "Pré-incubation — « De l'idée au projet »",
    "track": Track.PRE_INCUBATION,
    "summary": "Trois mois pour transformer une idée en projet, avec des ateliers dans les quartiers.",
    "description": "Un parcours court et collectif pour tester votre idée auprès des habitants et des partenaires.",
    "eligibility": "Toute personne qui a une idée de projet utile à Roubaix, même sans expérience.",
}

QUESTIONS = [
    ("Comment avez-vous connu le programme ?", QuestionKind.SINGLE_CHOICE, True,
     "Bouche-à-oreille\nRéseaux sociaux\nUne structure qui m'accompagne\nUn événement de la Ville\nAutre"),
    ("Avez-vous participé à l'après-midi de co-construction du 7 mars 2023 à l'Avant-Poste ?",
     QuestionKind.YES_NO, False, ""),
    ("Avec quels acteurs roubaisiens souhaitez-vous coopérer ?", QuestionKind.LONG_TEXT, True, ""),
    ("Combien d'heures par semaine consacrez-vous au projet ?", QuestionKind.NUMBER, True, ""),
]

PROJECTS = [
    # applicant, final status, fields, neighbourhood slugs
    ("porteuse@demo.roubaix-innovation.fr", Status.SHORTLISTED, {
        "project_name": "La Cantine des Trois-Ponts",
        "summary": "Un restaurant solidaire où des habitantes du quartier, éloignées de l'emploi, se forment "
                   "aux métiers de la cuisine et servent des repas à prix doux.",
        "stage": "emergence", "legal_form": "association",
        "social_need": "Peu de lieux pour manger sainement et pas cher, et des femmes sans emploi depuis longtemps.",
        "target_public": "Femmes du quartier sans emploi, familles, salariés des entreprises voisines.",
        "team": "Deux cuisinières bénévoles et une coordinatrice à mi-temps.",
        "economic_model": "Ventes des repas, traiteur pour les entreprises, aide aux postes en insertion.",
        "funding_need": 45000, "jobs_at_12_months": 3, "inclusive_jobs_at_12_months": 2,
        "jobs_at_36_months": 8, "inclusive_jobs_at_36_months": 6,
        "support_needs": ["funding", "business_model", "premises"],
        "holder_gender": "woman", "holder_age_band": "36_50",
        "holder_lives_in_priority_area": "yes", "holder_employment_status": "jobseeker_long",
    }, ["trois-ponts"]),
    ("porteur@demo.roubaix-innovation.fr", Status.SUBMITTED, {
        "project_name": "Répar'Vélo Épeule",
        "summary": "Un atelier vélo participatif : on apprend à réparer son vélo et des jeunes se forment "
                   "au métier de mécanicien cycle.",
        "stage": "idea", "legal_form": "none_yet",
        "social_need": "Se déplacer coûte cher ; beaucoup de vélos dorment dans les caves faute de réparation.",
        "target_public": "Jeunes de 16 à 25 ans, habitants sans voiture.",
        "team": "Un mécanicien vélo et deux bénévoles.",
        "economic_model": "Adhésions, vente de vélos reconditionnés, ateliers pour les écoles.",
        "funding_need": 20000, "jobs_at_12_months": 1, "inclusive_jobs_at_12_months": 1,
        "jobs_at_36_months": 4, "inclusive_jobs_at_36_months": 3,
        "support_needs": ["legal_structure", "funding", "marketing"],
        "holder_gender": "man", "holder_age_band": "26_35",
        "holder_lives_in_priority_area": "yes", "holder_employment_status": "jobseeker",
    }, ["epeule", "trichon"]),
    ("collectif@demo.roubaix-innovation.fr", Status.UNDER_REVIEW, {
        "project_name": "Les Petites Mains de l'Alma",
        "summary": "Un atelier de couture et de retouche qui recycle les textiles de la métropole.",
        "stage": "development", "legal_form": "scic",
        "social_need": "Roubaix a une histoire textile et des savoir-faire qui se perdent.",
        "target_public": "Couturières sans emploi, habitants, créateurs locaux.",
        "team": "Un collectif de cinq couturières et une gérante.",
        "economic_model": "Retouches, petites séries pour des marques locales, ateliers payants.",
        "funding_need": 60000, "jobs_at_12_months": 4, "inclusive_jobs_at_12_months": 3,
        "jobs_at_36_months": 10, "inclusive_jobs_at_36_months": 7,
        "support_needs": ["sales", "hr", "impact"],
    }, ["alma"]),
    ("collectif@demo.roubaix-innovation.fr", Status.DRAFT, {
        "project_name": "Numérique pour tous au Pile",
        "summary": "Des permanences pour aider les habitants dans leurs démarches en ligne.",
        "stage": "idea",
    }, ["pile"]),
]


def load_accounts():
    staff_groups_grant(group_model=Group, permission_model=Permission)
    users = {}
    User = get_user_model()
    for email, full_name, is_staff, is_superuser, group in ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": full_name, "is_staff": is_staff, "is_superuser": is_superuser}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if group:
            user.groups.add(Group.objects.get(name=group))
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        users[email] = user
    return users

def load_call(data, *, opens_at, closes_at):
    # Dates move with each run so that the demo call is always open when someone tries the platform.
    call, _ = Call.objects.update_or_create(
        slug=data["slug"],
        defaults={**data, "opens_at": opens_at, "closes_at": closes_at, "is_published": True},
    )
    return call

def load_questions(call):
    for order, (label, kind, required, choices) in enumerate(QUESTIONS, start=1):
        Question.objects.update_or_create(
            call=call, label=label, defaults={"kind": kind, "required": required, "choices": choices, "order": order}
        )

def load_applications(call, users, *, by):
    path = {
        Status.SUBMITTED: [Status.SUBMITTED],
        Status.UNDER_REVIEW: [Status.SUBMITTED, Status.UNDER_REVIEW],
        Status.SHORTLISTED: [Status.SUBMITTED, Status.UNDER_REVIEW, Status.SHORTLISTED],
        Status.DRAFT: [],
    }
    questions = {q.kind: q for q in call.questions.all()}
    for email, status, fields, neighbourhood_slugs in PROJECTS:
        applicant = users[email]
        if Application.objects.filter(call=call, applicant=applicant, project_name=fields["project_name"]).exists():
            continue
        application = application_services.application_create(call=call, applicant=applicant, **fields)
        answers = {}
        if status != Status.DRAFT:
            answers = {
                questions[QuestionKind.SINGLE_CHOICE]: "Un événement de la Ville",
                questions[QuestionKind.YES_NO]: True,
                questions[QuestionKind.LONG_TEXT]: "Le centre social du quartier, la Mission locale, "
                                                   "une entreprise d'insertion voisine.",
                questions[QuestionKind.NUMBER]: 20,
            }
        application_services.application_update(
            application=application,
            fields={},
            neighbourhoods=Neighbourhood.objects.filter(slug__in=neighbourhood_slugs),
            answers=answers,
        )
        for step in path[status]:
            actor = applicant if step == Status.SUBMITTED else by
            application_services.application_transition(application=application, to=step, by=actor)
