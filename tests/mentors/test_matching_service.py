"""The matching run for a cohort: scores from the database rows, hard exclusions, seats, re-runs."""

import pytest
from django.core.exceptions import ValidationError

from applications.enums import SupportNeed
from cohorts.enums import MembershipStatus
from mentors import services
from mentors.enums import MatchStatus, MentorStatus
from mentors.models import Match, MatchChange, MentorConflict, ProjectMatchingProfile

from .factories import MatchFactory, MembershipFactory, MentorFactory

FUNDING, PREMISES, DIGITAL = SupportNeed.FUNDING.value, SupportNeed.PREMISES.value, SupportNeed.DIGITAL.value


def proposals(cohort):
    return {
        (m.membership.application.project_name, m.mentor.user.full_name): m
        for m in Match.objects.filter(membership__cohort=cohort, status=MatchStatus.PROPOSED).select_related(
            "membership__application", "mentor__user"
        )
    }


@pytest.fixture
def two_projects(cohort, alma, epeule):
    cantine = MembershipFactory(
        cohort=cohort,
        application__project_name="La Cantine de l'Alma",
        application__support_needs=[FUNDING, PREMISES],
        application__neighbourhoods=[alma],
    )
    atelier = MembershipFactory(
        cohort=cohort,
        application__project_name="L'Atelier numérique de l'Épeule",
        application__support_needs=[DIGITAL],
        application__neighbourhoods=[epeule],
    )
    return cantine, atelier


def test_matching_proposes_the_best_pairs_with_their_score_breakdown(two_projects, cohort, manager, alma, epeule):
    cantine, atelier = two_projects
    MentorFactory(
        user__full_name="Sabine Financement", expertise=[FUNDING, PREMISES], neighbourhoods=[alma], capacity_projects=2
    )
    MentorFactory(user__full_name="Yanis Numérique", expertise=[DIGITAL], neighbourhoods=[epeule], capacity_projects=1)

    result = services.matching_run(cohort=cohort, by=manager)

    assert len(result.proposed) == 2 and result.unmatched == [] and result.kept == 0
    found = proposals(cohort)
    assert set(found) == {
        ("La Cantine de l'Alma", "Sabine Financement"),
        ("L'Atelier numérique de l'Épeule", "Yanis Numérique"),
    }
    match = found["La Cantine de l'Alma", "Sabine Financement"]
    # Expertise 2/2 × 40 + neighbourhood 1/1 × 20 + sector (unknown) 0 + French shared 10 + all seats free 15.
    assert match.score == 85.0
    assert match.score_breakdown["expertise"] == {
        "weight": 40,
        "value": 1.0,
        "points": 40.0,
        "matched": [FUNDING, PREMISES],
    }
    assert match.score_breakdown["neighbourhood"]["matched"] == ["Alma"]
    assert match.score_breakdown["sector"]["points"] == 0.0
    assert match.fixed_by_hand is False
    assert list(match.changes.values_list("before", "after", "by")) == [("", MatchStatus.PROPOSED, manager.pk)]


def test_matching_never_proposes_an_excluded_mentor(membership, cohort, manager):
    strong = {"expertise": [FUNDING, PREMISES], "capacity_projects": 3}
    conflicted = MentorFactory(user__full_name="En conflit", **strong)
    MentorConflict.objects.create(mentor=conflicted, membership=membership, reason="Sa sœur préside l'association.")
    MentorFactory(user__full_name="En pause", status=MentorStatus.PAUSED, **strong)
    MentorFactory(user__full_name="Pas validée", approved=False, approved_at=None, **strong)
    MentorFactory(user__full_name="Sans charte", charter_signed_at=None, **strong)
    MentorFactory(user__full_name="English only", languages=["en"], **strong)
    MentorFactory(user__full_name="Seule possible", expertise=[], capacity_projects=1)

    services.matching_run(cohort=cohort, by=manager)

    assert list(proposals(cohort)) == [("La Cantine de l'Alma", "Seule possible")]


def test_the_projects_languages_come_from_its_matching_profile(membership, cohort, manager):
    ProjectMatchingProfile.objects.create(membership=membership, languages=["ar"], sectors=["food"])
    MentorFactory(user__full_name="Francophone", expertise=[FUNDING, PREMISES])
    MentorFactory(user__full_name="Arabophone", expertise=[], languages=["fr", "ar"], sectors=["food"])

    services.matching_run(cohort=cohort, by=manager)

    (match,) = proposals(cohort).values()
    assert match.mentor.user.full_name == "Arabophone"
    assert match.score_breakdown["sector"]["matched"] == ["food"]
    assert match.score_breakdown["language"]["matched"] == ["ar"]


def test_a_conflict_declared_on_the_application_excludes_too(membership, cohort, manager):
    conflicted = MentorFactory(expertise=[FUNDING, PREMISES])
    MentorConflict.objects.create(mentor=conflicted, application=membership.application, reason="Ancien employeur.")
    services.matching_run(cohort=cohort, by=manager)
    assert proposals(cohort) == {}


def test_seats_held_elsewhere_count_and_matched_projects_are_skipped(two_projects, cohort, manager):
    cantine, atelier = two_projects
    busy = MentorFactory(user__full_name="Occupée", expertise=[FUNDING, PREMISES, DIGITAL], capacity_projects=1)
    MatchFactory(mentor=busy)  # a running match in another cohort takes her only seat
    free = MentorFactory(user__full_name="Libre", expertise=[], capacity_projects=5)
    MatchFactory(mentor=free, membership=cantine)  # the canteen already has a mentor

    result = services.matching_run(cohort=cohort, by=manager)

    assert result.kept == 1
    assert list(proposals(cohort)) == [("L'Atelier numérique de l'Épeule", "Libre")]


def test_capacity_limits_the_number_of_projects_per_mentor(cohort, manager):
    for n in range(3):
        MembershipFactory(cohort=cohort, application__project_name=f"Projet {n}", application__support_needs=[FUNDING])
    MentorFactory(user__full_name="Une place", expertise=[FUNDING], capacity_projects=1)
    MentorFactory(user__full_name="Deux places", expertise=[], capacity_projects=2)

    result = services.matching_run(cohort=cohort, by=manager)

    by_mentor = sorted(m.mentor.user.full_name for m in result.proposed)
    assert by_mentor == ["Deux places", "Deux places", "Une place"]


def test_guarantee_off_proposes_only_pairs_with_something_in_common(two_projects, cohort, manager):
    MentorFactory(user__full_name="Sabine Financement", expertise=[FUNDING], capacity_projects=1)
    services.matching_run(cohort=cohort, by=manager, guarantee_one_each=False, min_score=30)
    # The canteen (funding) scores 20 + 10 + 15 = 45 with her; the digital workshop only 25: left out.
    assert list(proposals(cohort)) == [("La Cantine de l'Alma", "Sabine Financement")]


def test_rerun_replaces_automatic_proposals_and_keeps_the_ones_fixed_by_hand(two_projects, cohort, manager):
    cantine, atelier = two_projects
    mentors = [MentorFactory(expertise=[FUNDING, PREMISES, DIGITAL], capacity_projects=2) for _ in range(2)]
    services.matching_run(cohort=cohort, by=manager)
    first = {m.membership_id: m for m in Match.objects.filter(membership__cohort=cohort)}
    services.match_set_fixed(match=first[cantine.pk], fixed=True)

    result = services.matching_run(cohort=cohort, by=manager)

    assert result.replaced == 1 and result.kept == 1 and len(result.proposed) == 1
    after = {m.membership_id: m for m in Match.objects.filter(membership__cohort=cohort)}
    assert after[cantine.pk].pk == first[cantine.pk].pk  # the fixed one is the same row
    assert after[atelier.pk].pk != first[atelier.pk].pk  # the other one was replaced
    assert Match.objects.filter(membership__cohort=cohort).count() == 2
    assert {m.mentor_id for m in after.values()} <= {m.pk for m in mentors}


def test_left_projects_are_not_matched(membership, cohort, manager):
    membership.status = MembershipStatus.LEFT
    membership.save()
    MentorFactory()
    assert services.matching_run(cohort=cohort, by=manager).proposed == []


def test_an_ended_match_lets_the_project_be_matched_again_with_someone_else(active_match, membership, cohort, manager):
    other = MentorFactory(user__full_name="Nouvelle marraine", expertise=[])
    services.match_end(match=active_match, by=manager, reason="Le mentor déménage à Lyon.")

    services.matching_run(cohort=cohort, by=manager)

    (match,) = proposals(cohort).values()
    assert match.mentor == other  # not the mentor whose match just ended
    active_match.refresh_from_db()
    assert active_match.status == MatchStatus.ENDED and active_match.end_reason == "Le mentor déménage à Lyon."


# Pairs made by hand


def test_a_pair_made_by_hand_is_fixed_and_scored(membership, manager, alma):
    mentor = MentorFactory(expertise=[FUNDING])
    match = services.match_create_by_hand(mentor=mentor, membership=membership, by=manager)
    assert match.fixed_by_hand and match.status == MatchStatus.PROPOSED
    assert match.score == 20 + 10 + 15  # half the needs, French, all seats free
    assert MatchChange.objects.get(match=match).by == manager


@pytest.mark.parametrize(
    ("mentor_fields", "message"),
    [
        ({"status": MentorStatus.PAUSED}, "mentor en pause"),
        ({"charter_signed_at": None}, "charte non signée"),
        ({"approved": False, "approved_at": None}, "pas encore validé"),
    ],
)
def test_a_pair_by_hand_still_follows_the_hard_rules(membership, manager, mentor_fields, message):
    mentor = MentorFactory(**mentor_fields)
    with pytest.raises(ValidationError, match=message):
        services.match_create_by_hand(mentor=mentor, membership=membership, by=manager)


def test_a_pair_by_hand_needs_a_free_seat_and_no_conflict(membership, manager):
    full = MentorFactory(capacity_projects=1)
    MatchFactory(mentor=full)
    with pytest.raises(ValidationError, match="n'a plus de place"):
        services.match_create_by_hand(mentor=full, membership=membership, by=manager)
    conflicted = MentorFactory()
    services.conflict_declare(mentor=conflicted, membership=membership, reason="Associée du porteur.")
    with pytest.raises(ValidationError, match="conflit d'intérêts"):
        services.match_create_by_hand(mentor=conflicted, membership=membership, by=manager)


def test_a_pair_by_hand_cannot_duplicate_an_open_match(active_match, manager):
    with pytest.raises(ValidationError, match="déjà"):
        services.match_create_by_hand(mentor=active_match.mentor, membership=active_match.membership, by=manager)


def test_declaring_a_conflict_sets_a_pending_proposal_aside(membership, manager):
    proposal = MatchFactory(membership=membership, proposed=True)
    services.conflict_declare(mentor=proposal.mentor, membership=membership, reason="Client du projet.", by=manager)
    proposal.refresh_from_db()
    assert proposal.status == MatchStatus.REJECTED
