"""Turns the selectors' figures into sections and tables, labelled in the active language. The dashboard and the
reports use the same builders, so a figure reads the same on the screen, on paper and in the workbook."""

from datetime import date, datetime, timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from applications.enums import AgeBand, EmploymentStatus, Gender, LegalForm, Stage, Status, YesNoUnsaid
from applications.models import Call
from cohorts.enums import MembershipStatus
from cohorts.models import Cohort, quarter_label
from events.enums import ActorKind, EventKind

from . import selectors
from .enums import SMALL_GROUP
from .tables import SMALL, Content, Figure, Row, Section, Table, count_rows, mask_small_groups, percent, percentage

QPV = "QPV"


def _hours(minutes: int) -> float:
    return round(minutes / 60, 1)


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else "—"


def _short_date(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _neighbourhood_label(name: str, is_priority_area: bool) -> str:
    return f"{name} ({QPV})" if is_priority_area else name


# A call


def call_section(*, call: Call | None, detailed: bool = False, current: bool = True) -> Section:
    if detailed or not current:
        title = _("Appel « %(call)s »") % {"call": call.title}
    else:
        title = _("Appel en cours : %(call)s") % {"call": call.title} if call else _("Appel en cours")
    if call is None:
        return Section("appel", title, empty_message=_("Aucun appel à candidatures publié n'a encore ouvert."))
    figures = selectors.call_figures(call=call)
    neighbourhoods = selectors.applications_per_neighbourhood(call=call)

    neighbourhood_rows = [
        Row(_neighbourhood_label(n.name, n.is_priority_area), (n.application_count,), highlight=n.is_priority_area)
        for n in neighbourhoods
    ]
    if figures.without_neighbourhood:
        neighbourhood_rows.append(Row(_("Quartier non précisé"), (figures.without_neighbourhood,)))
    sent_column = (_("Candidatures envoyées"),)
    tables = [
        Table(
            "entonnoir",
            _("Entonnoir de sélection : candidatures par statut"),
            _("Statut"),
            (_("Candidatures"),),
            count_rows(figures.by_status, Status),
            note=_("Toutes les candidatures de l'appel, brouillons compris, selon leur statut actuel."),
            sheet=_("Entonnoir de sélection"),
        ),
        Table(
            "quartiers",
            _("Candidatures par quartier concerné"),
            _("Quartier"),
            sent_column,
            tuple(neighbourhood_rows),
            note=_("Une candidature peut concerner plusieurs quartiers : la somme dépasse le nombre de candidatures."),
            highlight_legend=_("quartier prioritaire de la politique de la ville (QPV)"),
            sheet=_("Candidatures par quartier"),
        ),
        Table(
            "avancement",
            _("Candidatures par avancement du projet"),
            _("Avancement"),
            sent_column,
            count_rows(figures.by_stage, Stage, blank_label=_("Non précisé")),
            sheet=_("Avancement"),
        ),
        Table(
            "structure",
            _("Candidatures par structure juridique"),
            _("Structure juridique"),
            sent_column,
            count_rows(figures.by_legal_form, LegalForm, blank_label=_("Non précisée")),
            sheet=_("Structure juridique"),
        ),
    ]
    headline = [
        Figure(_("Candidatures envoyées"), figures.sent, _("hors brouillons et candidatures retirées")),
        Figure(_("Brouillons"), figures.by_status.get(Status.DRAFT, 0)),
        Figure(
            _("Projets concernant au moins un QPV"),
            figures.serving_priority_areas,
            percentage(figures.serving_priority_areas, figures.sent),
        ),
    ]
    if detailed:
        headline += [
            Figure(_("Besoin de financement cumulé (€)"), figures.funding_need),
            Figure(_("Ouverture"), _short_date(timezone.localtime(call.opens_at))),
            Figure(_("Date limite"), _short_date(timezone.localtime(call.closes_at))),
        ]
        tables += [_jobs_table(figures.jobs), _reviews_table(call), _referrals_table(call)]
    return Section(
        "appel",
        title,
        figures=tuple(headline),
        tables=tuple(tables),
        notes=(_("Les chiffres par quartier, avancement et structure portent sur les candidatures envoyées."),),
    )


def _jobs_table(jobs: dict) -> Table:
    return Table(
        "emplois-prevus",
        _("Emplois prévus par les candidatures envoyées"),
        _("Horizon"),
        (_("Emplois"), _("dont pour des personnes éloignées de l'emploi")),
        (
            Row(_("À 12 mois"), (jobs["jobs_at_12_months"], jobs["inclusive_jobs_at_12_months"])),
            Row(_("À 36 mois"), (jobs["jobs_at_36_months"], jobs["inclusive_jobs_at_36_months"])),
        ),
        sheet=_("Emplois prévus"),
    )


def _reviews_table(call: Call) -> Table:
    reviews = selectors.call_reviews(call=call)
    return Table(
        "evaluations",
        _("Évaluations du jury"),
        _("État"),
        (_("Évaluations"),),
        (
            Row(_("Envoyées"), (reviews["submitted"],)),
            Row(_("À faire"), (reviews["open"],)),
            Row(_("Conflit d'intérêts déclaré"), (reviews["conflicts"],)),
        ),
        total=Row(_("Attribuées"), (reviews["assigned"],)),
        sheet=_("Évaluations du jury"),
    )


def _referrals_table(call: Call) -> Table:
    return Table(
        "orientations",
        _("Orientations vers des partenaires"),
        _("Structure partenaire"),
        (_("Projets orientés"),),
        tuple(Row(row["referral_partner"], (row["count"],)) for row in selectors.call_referrals(call=call)),
        note=_("Les projets non retenus ou orientés, et la structure vers laquelle la décision les oriente."),
        sheet=_("Orientations"),
    )


# A cohort


def cohort_section(*, cohort: Cohort | None, today: date | None = None, detailed: bool = False) -> Section:
    if cohort is None:
        return Section("promotion", _("Promotion en cours"), empty_message=_("Aucune promotion n'a encore commencé."))
    today = today or timezone.localdate()
    figures = selectors.cohort_figures(cohort=cohort, today=today)
    members = figures.members_by_status
    impact = figures.impact
    month = formats.date_format(today, "YEAR_MONTH_FORMAT")
    tables = [
        Table(
            "membres",
            _("Projets de la promotion par statut"),
            _("Statut"),
            (_("Projets"),),
            count_rows(members, MembershipStatus),
            sheet=_("Projets par statut"),
        ),
        Table(
            "mentorat",
            _("Heures de mentorat"),
            _("Période"),
            (_("Heures"), _("Séances")),
            (
                Row(
                    _("Ce mois-ci (%(month)s)") % {"month": month},
                    (_hours(figures.minutes_this_month), figures.sessions_this_month),
                ),
                Row(_("Depuis le début"), (_hours(figures.minutes_total), figures.sessions_total)),
            ),
            sheet=_("Mentorat"),
        ),
        Table(
            "impact",
            _("Chiffres d'impact déclarés"),
            _("Indicateur"),
            (_("Total déclaré"),),
            (
                Row(_("Emplois créés"), (impact["jobs_created"],)),
                Row(_("dont pour des personnes éloignées de l'emploi"), (impact["inclusive_jobs_created"],)),
                Row(_("Personnes bénéficiaires"), (impact["beneficiaries"],)),
                Row(_("Chiffre d'affaires (€)"), (impact["revenue"],)),
            ),
            chart_column=None,  # different units: a bar chart would compare euros with people
            note=_("Somme des bilans trimestriels déclarés par les projets (%(count)s bilans).")
            % {"count": impact["report_count"]},
            sheet=_("Impact déclaré"),
        ),
    ]
    quiet = tuple(
        f"{row['application__project_name']} — "
        + (
            _("dernière séance le %(date)s") % {"date": _date(row["last_session_on"])}
            if row["last_session_on"]
            else _("aucune séance")
        )
        for row in figures.quiet_projects
    )
    if detailed:
        tables += [_members_table(cohort, today), _impact_per_quarter_table(cohort)]
    return Section(
        "promotion",
        _("Promotion : %(cohort)s") % {"cohort": cohort.name},
        figures=(
            Figure(_("Projets en cours"), members.get(MembershipStatus.ACTIVE, 0)),
            Figure(_("Heures de mentorat ce mois-ci"), _hours(figures.minutes_this_month), month),
            Figure(_("Heures de mentorat au total"), _hours(figures.minutes_total)),
            Figure(_("Projets sans séance depuis 30 jours"), len(figures.quiet_projects)),
            Figure(_("Emplois créés déclarés"), impact["jobs_created"]),
        ),
        tables=tuple(tables),
        lists=((_("Projets en cours sans séance de mentorat depuis 30 jours"), quiet),),
    )


def _members_table(cohort: Cohort, today: date) -> Table:
    statuses = dict(MembershipStatus.choices)
    rows = tuple(
        Row(
            member["application__project_name"],
            (
                str(statuses.get(member["status"], member["status"])),
                member.get("session_count", 0),
                _hours(member.get("minutes", 0)),
                _short_date(member["last_session_on"]) if member.get("last_session_on") else "—",
                member["report_count"],
                member["jobs_created"],
                member["inclusive_jobs_created"],
                member["beneficiaries"],
                member["revenue"],
            ),
        )
        for member in selectors.cohort_members(cohort=cohort, today=today)
    )
    return Table(
        "projets",
        _("Suivi par projet"),
        _("Projet"),
        (
            _("Statut"),
            _("Séances"),
            _("Heures de mentorat"),
            _("Dernière séance"),
            _("Bilans"),
            _("Emplois créés"),
            _("dont éloignés de l'emploi"),
            _("Bénéficiaires"),
            _("Chiffre d'affaires (€)"),
        ),
        rows,
        chart_column=2,
        sheet=_("Suivi par projet"),
    )


def _impact_per_quarter_table(cohort: Cohort) -> Table:
    rows = tuple(
        Row(
            str(quarter_label(year=row["year"], quarter=row["quarter"])),
            (
                row["report_count"],
                row["jobs_created"],
                row["inclusive_jobs_created"],
                row["beneficiaries"],
                row["revenue"],
            ),
        )
        for row in selectors.cohort_impact_per_quarter(cohort=cohort)
    )
    return Table(
        "impact-trimestres",
        _("Chiffres d'impact par trimestre"),
        _("Trimestre"),
        (
            _("Bilans"),
            _("Emplois créés"),
            _("dont éloignés de l'emploi"),
            _("Bénéficiaires"),
            _("Chiffre d'affaires (€)"),
        ),
        rows,
        chart_column=1,
        sheet=_("Impact par trimestre"),
    )


# Events


def events_section(
    *, start: datetime | None, end: datetime | None, title: str, now=None, detailed: bool = False
) -> Section:
    now = now or timezone.now()
    figures = selectors.event_figures(start=start, end=end, now=now)
    by_actor = selectors.participants_by_actor_kind(start=start, end=end, now=now)
    by_neighbourhood = selectors.participants_by_neighbourhood(start=start, end=end, now=now)
    by_kind = selectors.events_by_kind(start=start, end=end)
    columns = (_("Inscrits"), _("Présents"))
    rate = figures.attendance_rate
    tables = [
        Table(
            "acteurs",
            _("Participants par type d'acteur"),
            _("Vient en tant que"),
            columns,
            tuple(
                Row(str(label), (by_actor[value]["registered"], by_actor[value]["present"]))
                for value, label in ActorKind.choices
            ),
            sheet=_("Participants par type d'acteur"),
        ),
        Table(
            "quartiers-participants",
            _("Participants par quartier"),
            _("Quartier"),
            columns,
            tuple(
                Row(
                    _neighbourhood_label(row["neighbourhood__name"], row["neighbourhood__is_priority_area"])
                    if row["neighbourhood__name"]
                    else _("Quartier non précisé"),
                    (row["registered"], row["present"]),
                    highlight=bool(row["neighbourhood__is_priority_area"]),
                )
                for row in by_neighbourhood
            ),
            highlight_legend=_("quartier prioritaire de la politique de la ville (QPV)"),
            sheet=_("Participants par quartier"),
        ),
        Table(
            "types-evenements",
            _("Événements par type"),
            _("Type d'événement"),
            (_("Événements"), _("Inscrits")),
            tuple(
                Row(str(label), (by_kind[value]["events"], by_kind[value]["registered"]))
                for value, label in EventKind.choices
            ),
            sheet=_("Événements par type"),
        ),
    ]
    if detailed:
        tables.append(_events_table(start=start, end=end, now=now))
    return Section(
        "evenements",
        title,
        figures=(
            Figure(_("Événements"), figures.events),
            Figure(_("Inscriptions confirmées"), figures.confirmed),
            Figure(_("Sur liste d'attente"), figures.waitlisted),
            Figure(
                _("Taux de présence"),
                "—" if rate is None else percent(round(100 * rate)),
                _("présents / inscrits, aux événements terminés"),
            ),
            Figure(_("Inscrits sur place"), figures.walk_ins),
        ),
        tables=tuple(tables),
        notes=(_("« Présents » : personnes dont l'arrivée a été enregistrée, aux événements terminés."),),
    )


def _events_table(*, start, end, now) -> Table:
    kinds = dict(EventKind.choices)
    rows = tuple(
        Row(
            event.title,
            (
                _short_date(timezone.localtime(event.starts_at)),
                str(kinds.get(event.kind, event.kind)),
                event.neighbourhood.name if event.neighbourhood else "—",
                event.capacity,
                event.confirmed,
                event.waitlisted,
                event.cancelled,
                event.present if event.is_past(now) else "—",
                percentage(event.present, event.confirmed) if event.is_past(now) else "—",
            ),
            highlight=bool(event.neighbourhood and event.neighbourhood.is_priority_area),
        )
        for event in selectors.events_with_attendance(start=start, end=end, now=now)
    )
    return Table(
        "evenements",
        _("Événements de la période"),
        _("Événement"),
        (
            _("Date"),
            _("Type"),
            _("Quartier"),
            _("Places"),
            _("Inscrits"),
            _("Liste d'attente"),
            _("Annulations"),
            _("Présents"),
            _("Taux de présence"),
        ),
        rows,
        chart_column=4,
        highlight_legend=_("dans un quartier prioritaire (QPV)"),
        sheet=_("Événements de la période"),
    )


# The dashboard and the reports


def dashboard(*, call: Call | None, cohort: Cohort | None, call_is_current: bool = True, now=None) -> Content:
    """The live figures of a call and a cohort and of the events of the year. The view passes the ones staff chose
    (by default the first of `selectors.dashboard_calls` and `dashboard_cohorts`); `call_is_current` says whether
    the call is the current one, whose section is then titled "Appel en cours"."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    since = now - timedelta(days=365)
    return Content(
        _("Tableau de bord du programme"),
        _("Chiffres au %(date)s") % {"date": formats.date_format(timezone.localtime(now), "DATETIME_FORMAT")},
        sections=(
            call_section(call=call, current=call_is_current),
            cohort_section(cohort=cohort, today=today),
            events_section(
                start=since,
                end=None,
                now=now,
                title=_("Événements des 12 derniers mois et à venir"),
            ),
        ),
    )


def call_report(*, call: Call) -> Content:
    return Content(
        _("Rapport de programme — %(call)s") % {"call": call.title},
        _("Appel ouvert du %(start)s au %(end)s")
        % {"start": _date(timezone.localtime(call.opens_at)), "end": _date(timezone.localtime(call.closes_at))},
        sections=(call_section(call=call, detailed=True),),
    )


def cohort_report(*, cohort: Cohort, today: date | None = None) -> Content:
    return Content(
        _("Rapport de promotion — %(cohort)s") % {"cohort": cohort.name},
        _("Du %(start)s au %(end)s") % {"start": _date(cohort.starts_on), "end": _date(cohort.ends_on)},
        sections=(cohort_section(cohort=cohort, today=today, detailed=True),),
    )


def events_report(*, start: date, end: date, now=None) -> Content:
    start_at, end_at = selectors.period_bounds(start, end)
    period = _("du %(start)s au %(end)s") % {"start": _date(start), "end": _date(end)}
    return Content(
        _("Rapport des événements %(period)s") % {"period": period},
        _("Événements publiés commençant dans la période."),
        sections=(events_section(start=start_at, end=end_at, now=now, title=_("Événements"), detailed=True),),
    )


def funders_report(*, call: Call) -> Content:
    """The holders' profile for the funders, under statistical secrecy (see `tables.mask_column`).

    Each table splits the call's sent applications into two disjoint columns, the projects accepted and the
    others, never "sent" and "accepted" side by side (their difference would be a third, unmasked group). The
    report covers one call: calls do not overlap, so no two reports can be subtracted from each other."""
    figures = selectors.holder_profile_figures(call=call)
    sent, accepted = figures["sent"], figures["accepted"]
    columns = (_("Projets retenus"), _("Autres candidatures envoyées"))
    pair_note = _(
        "« Autres candidatures envoyées » : non retenues, ou pas encore décidées. Candidatures envoyées = projets "
        "retenus + autres candidatures."
    )

    def split(sent_count: int, accepted_count: int) -> tuple[int, int]:
        return accepted_count, sent_count - accepted_count

    def dimension(slug: str, sheet: str, title: str, heading: str, field: str, choices) -> Table:
        rows = [
            Row(str(label), split(sent[field].get(value, 0), accepted[field].get(value, 0)))
            for value, label in choices.choices
        ]
        rows.append(Row(_("Non renseigné"), split(sent[field].get("", 0), accepted[field].get("", 0))))
        return mask_small_groups(
            Table(
                slug,
                title,
                heading,
                columns,
                tuple(rows),
                sheet=sheet,
                note=pair_note,
                total=Row(_("Total"), split(sent["total"][""], accepted["total"][""])),
            )
        )

    neighbourhoods_accepted = {
        n.pk: n.application_count
        for n in selectors.applications_per_neighbourhood(call=call, statuses=[Status.ACCEPTED])
    }
    neighbourhood_table = mask_small_groups(
        Table(
            "quartiers",
            _("Projets par quartier concerné"),
            _("Quartier"),
            columns,
            tuple(
                Row(
                    _neighbourhood_label(n.name, n.is_priority_area),
                    split(n.application_count, neighbourhoods_accepted.get(n.pk, 0)),
                    highlight=n.is_priority_area,
                )
                for n in selectors.applications_per_neighbourhood(call=call)
            ),
            note=_("Un projet peut concerner plusieurs quartiers.") + " " + pair_note,
            highlight_legend=_("quartier prioritaire de la politique de la ville (QPV)"),
            sheet=_("Projets par quartier"),
        )
    )
    tables = (
        dimension("genre", _("Genre"), _("Porteurs et porteuses par genre"), _("Genre"), "holder_gender", Gender),
        dimension("age", _("Tranche d'âge"), _("Par tranche d'âge"), _("Tranche d'âge"), "holder_age_band", AgeBand),
        dimension(
            "emploi",
            _("Situation professionnelle"),
            _("Par situation professionnelle"),
            _("Situation professionnelle"),
            "holder_employment_status",
            EmploymentStatus,
        ),
        dimension(
            "residence-qpv",
            _("Résidence en QPV"),
            _("Résidence en quartier prioritaire (QPV)"),
            _("Habite un QPV"),
            "holder_lives_in_priority_area",
            YesNoUnsaid,
        ),
        neighbourhood_table,
    )
    total_sent, total_accepted = sent["total"][""], accepted["total"][""]
    return Content(
        _("Rapport pour les financeurs — %(scope)s") % {"scope": _("Appel « %(call)s »") % {"call": call.title}},
        _("Profil des porteurs de projet, déclaré à titre facultatif lors de la candidature."),
        sections=(
            Section(
                "porteurs",
                _("Profil des porteurs de projet"),
                figures=(
                    Figure(_("Candidatures envoyées"), mask_count(total_sent)),
                    Figure(_("Projets retenus"), mask_count(total_accepted)),
                ),
                tables=tables,
            ),
        ),
        notes=(
            _(
                "Secret statistique. Un groupe de 1 à 4 personnes est indiqué « < 5 » ; 0 reste 0. Les totaux "
                "sont publiés : dans chaque colonne où un groupe est indiqué « < 5 », d'autres cases sont masquées "
                "(« secret ») jusqu'à ce qu'aucune case masquée ne puisse être retrouvée à partir des cases visibles "
                "et du total, ni seule ni avec les autres ; quand c'est impossible, toute la colonne est masquée. "
                "Les projets retenus et les autres candidatures forment deux colonnes séparées, pour qu'aucune "
                "différence entre deux cases ne donne un groupe de moins de 5 personnes. Le rapport porte sur un "
                "seul appel : deux rapports ne se recoupent pas."
            ),
            _("Ces réponses sont facultatives et ne sont jamais montrées au jury."),
        ),
    )


def mask_count(value: int):
    return SMALL if value < SMALL_GROUP else value
