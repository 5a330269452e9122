"""The events of the demo programme (called by `manage.py load_demo`). Safe to run again: nothing is duplicated.

The co-construction afternoon of 7 March 2023 that designed the programme, with its round tables, what people
said there and its synthesis; then upcoming events of each kind, and a workshop for the demo cohort's members when
the cohorts' demo has created one (it runs first). Past rows are written directly (they are history: registration
was closed long ago); nothing here sends an e-mail."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from cohorts.models import Cohort
from roubaix_incubator.core.models import Neighbourhood

from .enums import ActorKind, Audience, ContributionKind, EventKind, RegistrationStatus
from .models import Contribution, Event, Registration, Table, Vote

PARIS = ZoneInfo("Europe/Paris")

CO_CONSTRUCTION = {
    "slug": "apres-midi-co-construction-7-mars-2023",
    "kind": EventKind.CO_CONSTRUCTION,
    "title": "Un après-midi pour co-construire le nouvel outil d'innovation sociale roubaisien",
    "summary": "Roubaix fait le pari de l'innovation sociale ! Venez écrire avec nous les contours de l'outil "
    "d'accompagnement : la page est volontairement blanche.",
    "programme": (
        "Une ambition en trois verbes : ACCÉLÉRER l'innovation sociale pour une économie responsable à Roubaix ; "
        "PARTICIPER à une dynamique collective et entrepreneuriale ; INVENTER de nouveaux leviers de retour à "
        "l'emploi pour les publics qui en sont éloignés.\n\n"
        "12h00 : accueil et déjeuner\n"
        "13h00 : trois incubateurs de référence nationale témoignent — Elise Depecker (ATIS, Bordeaux), "
        "Léna Geitner (Ronalpia, Auvergne-Rhône-Alpes), Tarik Ghezali (Marseille Solutions)\n"
        "14h30 : tables rondes\n"
        "16h30 : restitution des tables\n"
        "17h30 : fin"
    ),
    "starts_at": datetime(2023, 3, 7, 12, 0, tzinfo=PARIS),
    "ends_at": datetime(2023, 3, 7, 17, 30, tzinfo=PARIS),
    "venue": "Avant-Poste",
    "address": "Roubaix",
    "capacity": 120,
    "accessibility_info": "Lieu de plain-pied. Dites-nous à l'inscription ce qui vous aiderait à participer.",
    "synthesis_published": True,
    "synthesis_text": (
        "Une soixantaine d'acteurs économiques, sociaux, associatifs et culturels, des institutions et des "
        "habitantes et habitants ont dessiné ensemble l'outil. Trois attentes reviennent à toutes les tables : "
        "un accompagnement de proximité dans les quartiers, des parrains et marraines issus des entreprises du "
        "territoire, et une attention à l'emploi des personnes qui en sont éloignées."
    ),
}

TABLES = [
    ("Table 1", "Pour qui ? Les porteurs de projets et leurs besoins", "Elise Depecker (ATIS)"),
    ("Table 2", "Quel accompagnement ? Parcours, mentorat, financement", "Léna Geitner (Ronalpia)"),
    ("Table 3", "Avec qui ? La coopération entre acteurs du territoire", "Tarik Ghezali (Marseille Solutions)"),
]

PARTICIPANTS = [
    # full name, organisation, kind of actor, neighbourhood slug, table index
    ("Mounia Haddad", "Centre social", ActorKind.SOCIAL, "alma", 0),
    ("Jérôme Delattre", "Commerce de la Grand-Rue", ActorKind.ECONOMIC, "centre-ville", 1),
    ("Fatou Diallo", "", ActorKind.RESIDENT, "epeule", 2),
    ("Bruno Lemaire", "Compagnie de théâtre", ActorKind.CULTURAL, "pile", 0),
    ("Sabrina Kaddouri", "Association de locataires", ActorKind.ASSOCIATIVE, "trois-ponts", 1),
    ("Hélène Vermeersch", "Service développement économique", ActorKind.INSTITUTION, "", 2),
    ("Rachid Benaïssa", "Entreprise d'insertion", ActorKind.SOCIAL, "hommelet", 1),
    ("Louise Caron", "", ActorKind.RESIDENT, "alma", 2),
    ("Thomas Dewitte", "Atelier de réparation vélo", ActorKind.ECONOMIC, "fosse-aux-chenes", 0),
]

CONTRIBUTIONS = [
    # author index, table index, kind, text, votes, kept
    (0, 0, ContributionKind.NEED, "Un accompagnement qui vienne dans les quartiers, pas seulement en centre-ville.", 6, True),
    (3, 0, ContributionKind.IDEA, "Des permanences dans les centres sociaux pour repérer les projets tôt.", 4, False),
    (1, 1, ContributionKind.RESOURCE, "Des commerçants prêts à parrainer un projet quelques heures par mois.", 5, True),
    (6, 1, ContributionKind.IDEA, "Un prêt d'honneur adossé à l'incubateur pour le premier équipement.", 3, False),
    (2, 2, ContributionKind.NEED, "Savoir à qui s'adresser quand on a une idée mais pas de structure.", 5, True),
    (5, 2, ContributionKind.RESOURCE, "Des locaux municipaux disponibles pour tester une activité.", 2, False),
]


def _upcoming(now) -> list[dict]:
    day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return [
        {
            "slug": "reunion-information-appel-incubateur",
            "kind": EventKind.INFORMATION_SESSION,
            "title": "Réunion d'information : candidater à l'incubateur",
            "summary": "Tout savoir sur l'appel à candidatures avant la date limite : critères, étapes, "
            "accompagnement. Questions bienvenues !",
            "programme": "18h00 : présentation du programme\n18h30 : questions-réponses\n19h30 : fin",
            "starts_at": day + timedelta(days=10, hours=18),
            "ends_at": day + timedelta(days=10, hours=19, minutes=30),
            "venue": "Hôtel de Ville de Roubaix",
            "address": "Grand-Place, 59100 Roubaix",
            "neighbourhood": "centre-ville",
            "capacity": 40,
        },
        {
            "slug": "matinale-innovation-sociale",
            "kind": EventKind.MORNING_TALK,
            "title": "Matinale de l'innovation sociale : s'engager et mieux travailler ensemble",
            "summary": "Définir l'innovation sociale et donner les clés des premiers pas, avec des acteurs de "
            "secteurs variés, puis échanger en petits groupes.",
            "programme": "8h30 : café d'accueil\n9h00 : interventions\n10h00 : échanges en petits groupes\n11h00 : fin",
            "starts_at": day + timedelta(days=21, hours=8, minutes=30),
            "ends_at": day + timedelta(days=21, hours=11),
            "venue": "La Condition Publique",
            "address": "Roubaix",
            "neighbourhood": "",
            "capacity": 3,  # full in the demo: a new registration goes to the waitlist
        },
        {
            "slug": "cafelabo-quartiers-epeule",
            "kind": EventKind.NEIGHBOURHOOD_MEETUP,
            "title": "CaféLabo Quartiers à l'Épeule",
            "summary": "Des porteurs de projets mettent en discussion leurs initiatives au service du quartier, "
            "puis on échange en petits groupes : la convivialité du café, l'expérimentation du labo.",
            "programme": "18h00 : accueil\n18h30 : trois projets présentés\n19h00 : échanges par tables\n20h30 : fin",
            "starts_at": day + timedelta(days=35, hours=18),
            "ends_at": day + timedelta(days=35, hours=20, minutes=30),
            "venue": "Salle de quartier de l'Épeule",
            "address": "",
            "neighbourhood": "epeule",
            "capacity": 30,
        },
        {
            "slug": "session-pitchs-promotion",
            "kind": EventKind.PITCH_SESSION,
            "title": "Session de pitchs : les projets de la promotion",
            "summary": "Les projets incubés présentent leur avancement en cinq minutes chacun.",
            "programme": "17h00 : pitchs\n18h30 : rencontres autour d'un verre",
            "starts_at": day + timedelta(days=75, hours=17),
            "ends_at": day + timedelta(days=75, hours=19),
            "venue": "Avant-Poste",
            "address": "Roubaix",
            "neighbourhood": "",
            "capacity": 80,
            "registration_opens_at": day + timedelta(days=30, hours=9),
        },
    ]


def _cohort_workshop(now, cohort: Cohort) -> dict:
    day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return {
        "slug": "atelier-promotion-pitcher-son-projet",
        "kind": EventKind.COHORT_WORKSHOP,
        "title": "Atelier de promotion — pitcher son projet",
        "summary": "Trois minutes pour convaincre : construire son pitch, le tester devant la promotion et repartir "
        "avec les retours de chacun.",
        "programme": "14h00 : les ressorts d'un bon pitch\n14h45 : chacun prépare le sien\n"
        "15h30 : passages et retours\n17h00 : fin",
        "starts_at": day + timedelta(days=21, hours=14),
        "ends_at": day + timedelta(days=21, hours=17),
        "venue": "Avant-Poste",
        "address": "Roubaix",
        "neighbourhood": "",
        "capacity": 15,
        "audience": Audience.COHORT,
        "cohort": cohort,
    }


def _event(data: dict, neighbourhoods: dict[str, Neighbourhood]) -> Event:
    data = dict(data)
    slug = data.pop("slug")
    neighbourhood = neighbourhoods.get(data.pop("neighbourhood", ""))
    defaults = {"published": True, "neighbourhood": neighbourhood, **data}
    event, _created = Event.objects.update_or_create(slug=slug, defaults=defaults)
    return event


@transaction.atomic
def load_demo_events(*, now=None) -> list[Event]:
    now = now or timezone.now()
    neighbourhoods = {n.slug: n for n in Neighbourhood.objects.all()}
    afternoon = _event({**CO_CONSTRUCTION, "neighbourhood": ""}, neighbourhoods)
    tables = [
        Table.objects.update_or_create(event=afternoon, name=name, defaults={"topic": topic, "host": host, "seats": 10,
                                                                            "order": order})[0]
        for order, (name, topic, host) in enumerate(TABLES, start=1)
    ]
    people = []
    for index, (full_name, organisation, kind, slug, table_index) in enumerate(PARTICIPANTS):
        registration, _created = Registration.objects.get_or_create(
            event=afternoon,
            email=f"participant{index + 1}@demo.roubaix-innovation.fr",
            defaults={
                "full_name": full_name,
                "organisation": organisation,
                "actor_kind": kind,
                "neighbourhood": neighbourhoods.get(slug),
                "consent_given_at": afternoon.starts_at - timedelta(days=14),
                "status": RegistrationStatus.CONFIRMED,
                "table": tables[table_index],
                "checked_in_at": afternoon.starts_at + timedelta(minutes=index * 3),
                "confirmation_sent_at": afternoon.starts_at - timedelta(days=14),
                "reminder_sent_for": afternoon.starts_at,
                "schedule_known_for": afternoon.starts_at,
                "thank_you_sent_at": afternoon.ends_at + timedelta(hours=1),
            },
        )
        people.append(registration)
    for author, table, kind, text, votes, kept in CONTRIBUTIONS:
        contribution, created = Contribution.objects.get_or_create(
            event=afternoon,
            text=text,
            defaults={"author": people[author], "table": tables[table], "kind": kind, "kept_by_staff": kept},
        )
        if created:
            voters = [p for p in people if p.pk != people[author].pk][:votes]
            Vote.objects.bulk_create([Vote(contribution=contribution, registration=v) for v in voters])

    upcoming = [_event(data, neighbourhoods) for data in _upcoming(now)]
    cohort = Cohort.objects.order_by("pk").first()
    if cohort is not None:
        upcoming.append(_event(_cohort_workshop(now, cohort), neighbourhoods))
    matinale = next(e for e in upcoming if e.slug == "matinale-innovation-sociale")
    for index, (full_name, kind) in enumerate(
        [("Cécile D.", ActorKind.ECONOMIC), ("Jean-Pierre H.", ActorKind.ECONOMIC), ("Soufiane I.", ActorKind.SOCIAL)]
    ):
        Registration.objects.get_or_create(
            event=matinale,
            email=f"matinale{index + 1}@demo.roubaix-innovation.fr",
            defaults={
                "full_name": full_name,
                "actor_kind": kind,
                "consent_given_at": now,
                "status": RegistrationStatus.CONFIRMED,
                "confirmation_sent_at": now,
                "schedule_known_for": matinale.starts_at,
            },
        )
    return [afternoon, *upcoming]
