"""The hard exclusions hold on every path: confirming a proposal, re-running the matching over pairs fixed by
hand, conflicts recorded in the admin and conflicts the mentors declare on their portal."""

from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applications.enums import SupportNeed
from mentors import scoring, selectors, services
from mentors.enums import MatchStatus, MentorStatus
from mentors.models import Match, MentorConflict

from .factories import CohortFactory, MatchFactory, MembershipFactory, MentorFactory, UserFactory

FUNDING = SupportNeed.FUNDING.value


# The rule


@pytest.mark.parametrize(
    ("standing", "conflicted", "reason"),
    [
        ({}, False, None),
        ({}, True, "conflict"),
        ({"approved": False, "paused": True, "charter_signed": False}, True, "conflict"),
        ({"approved": False, "paused": True, "charter_signed": False}, False, "not_approved"),
        ({"paused": True, "charter_signed": False}, False, "paused"),
        ({"charter_signed": False}, False, "no_charter"),
    ],
)
def test_hard_exclusion_names_the_first_rule_broken(standing, conflicted, reason):
    mentor = scoring.MentorFeatures(key=1, **standing)
    in_the_matching = replace(mentor, conflicts=frozenset({7} if conflicted else ()))

    assert scoring.hard_exclusion(mentor, conflicted=conflicted) == reason
    assert scoring.exclusion(scoring.ProjectFeatures(key=7), in_the_matching) == reason


# Confirming


@pytest.mark.parametrize(
    ("mentor_fields", "message"),
    [
        ({"status": MentorStatus.PAUSED}, "Ce binôme ne peut pas être confirmé : mentor en pause."),
        ({"charter_signed_at": None}, "Ce binôme ne peut pas être confirmé : charte non signée."),
        ({"approved": False, "approved_at": None}, "Ce binôme ne peut pas être confirmé : mentor pas encore validé."),
    ],
)
def test_match_confirm_refuses_a_mentor_now_excluded(membership, manager, mentor_fields, message):
    proposal = MatchFactory(membership=membership, proposed=True)
    for name, value in mentor_fields.items():
        setattr(proposal.mentor, name, value)
    proposal.mentor.save()

    with pytest.raises(ValidationError) as error:
        services.match_confirm(match=proposal, by=manager)

    assert error.value.messages == [message]
    proposal.refresh_from_db()
    assert proposal.status == MatchStatus.PROPOSED and proposal.confirmed_at is None


@pytest.mark.parametrize("on", ["membership", "application"])
def test_match_confirm_refuses_a_conflict_recorded_after_the_proposal(membership, manager, on):
    proposal = MatchFactory(membership=membership, proposed=True)
    # Written straight to the table, as an import or an old row would: the confirmation must still see it.
    target = {"membership": membership} if on == "membership" else {"application": membership.application}
    MentorConflict.objects.create(mentor=proposal.mentor, reason="Cousin du porteur.", **target)

    with pytest.raises(ValidationError) as error:
        services.match_confirm(match=proposal, by=manager)

    assert error.value.messages == ["Ce binôme ne peut pas être confirmé : conflit d'intérêts déclaré."]
    proposal.refresh_from_db()
    assert proposal.status == MatchStatus.PROPOSED


# Re-running over pairs fixed by hand


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("pause", "Écarté à la relance de l'appariement : mentor en pause."),
        ("conflict", "Écarté à la relance de l'appariement : conflit d'intérêts déclaré."),
        ("charter", "Écarté à la relance de l'appariement : charte non signée."),
    ],
)
def test_matching_run_sets_aside_a_fixed_pair_now_excluded(membership, cohort, manager, change, reason):
    fixed_mentor = MentorFactory(user__full_name="Fixée", expertise=[FUNDING])
    fixed = services.match_create_by_hand(mentor=fixed_mentor, membership=membership, by=manager)
    other = MentorFactory(user__full_name="Autre", expertise=[])
    if change == "pause":
        services.mentor_set_status(mentor=fixed_mentor, status=MentorStatus.PAUSED)
    elif change == "conflict":
        # Recorded without the service, so the run itself has to notice it.
        MentorConflict.objects.create(mentor=fixed_mentor, membership=membership, reason="Associée.")
    else:
        fixed_mentor.charter_signed_at = None
        fixed_mentor.save()

    result = services.matching_run(cohort=cohort, by=manager)

    fixed.refresh_from_db()
    assert fixed.status == MatchStatus.REJECTED
    assert list(fixed.changes.order_by("pk").values_list("after", "reason"))[-1] == (MatchStatus.REJECTED, reason)
    assert [m.pk for m in result.set_aside] == [fixed.pk]
    assert result.kept == 0
    (proposal,) = result.proposed
    assert (proposal.membership_id, proposal.mentor_id) == (membership.pk, other.pk)


def test_matching_run_keeps_a_fixed_pair_still_allowed(membership, cohort, manager):
    fixed = services.match_create_by_hand(mentor=MentorFactory(), membership=membership, by=manager)
    MentorFactory()

    result = services.matching_run(cohort=cohort, by=manager)

    fixed.refresh_from_db()
    assert fixed.status == MatchStatus.PROPOSED and fixed.fixed_by_hand
    assert result.set_aside == [] and result.kept == 1 and result.proposed == []


# The admin inline


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(staff=True, is_superuser=True))
    return client


def mentor_change_data(mentor, conflicts):
    data = {
        "user": mentor.user_id,
        "kind": mentor.kind,
        "organisation": mentor.organisation,
        "bio": "",
        "expertise": mentor.expertise,
        "languages": mentor.languages,
        "capacity_projects": mentor.capacity_projects,
        "hours_per_month": mentor.hours_per_month,
        "charter_signed_at_0": "2026-01-05",
        "charter_signed_at_1": "10:00:00",
        "conflicts-TOTAL_FORMS": str(len(conflicts)),
        "conflicts-INITIAL_FORMS": "0",
        "conflicts-MIN_NUM_FORMS": "0",
        "conflicts-MAX_NUM_FORMS": "1000",
    }
    for index, conflict in enumerate(conflicts):
        for name, value in conflict.items():
            data[f"conflicts-{index}-{name}"] = value
    return data


def test_a_conflict_added_in_the_admin_sets_the_pending_proposal_aside(admin_client, membership):
    proposal = MatchFactory(membership=membership, proposed=True)
    mentor = proposal.mentor

    response = admin_client.post(
        reverse("admin:mentors_mentor_change", args=[mentor.pk]),
        mentor_change_data(mentor, [{"membership": membership.pk, "application": "", "reason": "Sa sœur."}]),
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    conflict = MentorConflict.objects.get(mentor=mentor)
    assert (conflict.membership_id, conflict.reason) == (membership.pk, "Sa sœur.")
    proposal.refresh_from_db()
    assert proposal.status == MatchStatus.REJECTED
    assert proposal.changes.order_by("pk").last().reason == "Conflit d'intérêts déclaré"


def test_a_conflict_in_the_admin_needs_exactly_one_project(admin_client, membership, mentor):
    response = admin_client.post(
        reverse("admin:mentors_mentor_change", args=[mentor.pk]),
        mentor_change_data(mentor, [{"membership": "", "application": "", "reason": "Sans projet."}]),
    )

    assert response.status_code == 200
    assert "Choisissez soit un projet de la promotion, soit une candidature (un seul des deux)." in (
        response.content.decode().replace("&#x27;", "'")
    )
    assert MentorConflict.objects.count() == 0


# The mentor portal


@pytest.fixture
def mentor_client(client, mentor):
    client.force_login(mentor.user)
    return client


def test_mentor_declares_a_conflict_and_the_proposal_is_set_aside(mentor_client, mentor, membership):
    proposal = MatchFactory(mentor=mentor, membership=membership, proposed=True)

    response = mentor_client.post(
        reverse("mentors:conflicts"), {"membership": membership.pk, "reason": "Je suis client de ce projet."}
    )

    assert response.status_code == 302 and response["Location"] == reverse("mentors:conflicts")
    conflict = MentorConflict.objects.get(mentor=mentor)
    assert (conflict.membership_id, conflict.reason) == (membership.pk, "Je suis client de ce projet.")
    proposal.refresh_from_db()
    assert proposal.status == MatchStatus.REJECTED
    assert proposal.changes.order_by("pk").last().by == mentor.user


def test_mentor_conflict_page_lists_running_cohorts_projects_only(mentor_client, mentor, membership):
    ended_cohort = CohortFactory(
        ends_on=membership.cohort.starts_on, starts_on=membership.cohort.starts_on.replace(year=2020)
    )
    old = MembershipFactory(cohort=ended_cohort, application__project_name="Ancien projet")

    response = mentor_client.get(reverse("mentors:conflicts"))

    assert response.status_code == 200
    assert list(response.context["form"].fields["membership"].queryset) == [membership]
    assert old.application.project_name not in response.content.decode()


def test_mentor_conflict_without_reason_keeps_the_choice(mentor_client, mentor, membership):
    response = mentor_client.post(reverse("mentors:conflicts"), {"membership": membership.pk, "reason": "  "})

    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["Décrivez le conflit d'intérêts."]}
    assert response.context["form"]["membership"].value() == str(membership.pk)
    assert MentorConflict.objects.count() == 0


def test_mentor_cannot_declare_a_conflict_on_a_project_outside_the_list(mentor_client, mentor, membership):
    MentorConflict.objects.create(mentor=mentor, membership=membership, reason="Déjà déclaré.")

    response = mentor_client.post(reverse("mentors:conflicts"), {"membership": membership.pk, "reason": "Encore."})

    assert response.status_code == 200
    assert response.context["form"].errors == {"membership": ["Choisissez un projet de la liste."]}
    assert MentorConflict.objects.count() == 1


def test_conflict_page_is_404_for_someone_who_is_not_a_mentor(client, membership):
    client.force_login(UserFactory())
    assert client.get(reverse("mentors:conflicts")).status_code == 404
    assert Match.objects.count() == 0


@pytest.mark.parametrize(
    "fields",
    [
        {"approved": False, "approved_at": None},
        {"approved": False, "approved_at": None, "declined_at": timezone.now(), "decline_reason": "Pas cette fois."},
    ],
    ids=["proposal-waiting", "proposal-declined"],
)
def test_conflict_page_is_404_for_a_mentor_not_approved(client, membership, fields):
    proposal = MentorFactory(**fields)
    client.force_login(proposal.user)

    page = client.get(reverse("mentors:conflicts"))
    post = client.post(reverse("mentors:conflicts"), {"membership": membership.pk, "reason": "Je le connais."})
    portal = client.get(reverse("mentors:portal"))

    assert (page.status_code, post.status_code, portal.status_code) == (404, 404, 200)
    assert MentorConflict.objects.count() == 0
    assert f'href="{reverse("mentors:profile")}"' in portal.content.decode()
    assert reverse("mentors:conflicts") not in portal.content.decode()
    assert list(selectors.memberships_open_to_conflict(mentor=proposal)) == []


def test_portal_links_an_approved_mentor_to_the_conflict_page(mentor_client):
    portal = mentor_client.get(reverse("mentors:portal")).content.decode()

    assert f'href="{reverse("mentors:conflicts")}"' in portal


def test_matching_page_says_when_fixed_pairs_were_set_aside(client, membership, cohort, manager):
    fixed_mentor = MentorFactory()
    services.match_create_by_hand(mentor=fixed_mentor, membership=membership, by=manager)
    services.mentor_set_status(mentor=fixed_mentor, status=MentorStatus.PAUSED)
    client.force_login(manager)

    response = client.post(
        reverse("admin:mentors_match_matching", args=[cohort.pk]), {"guarantee_one_each": "on"}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Appariement terminé : 0 proposition(s), 0 projet(s) déjà accompagné(s), 1 projet(s) sans mentor disponible, "
        "1 binôme(s) fixé(s) à la main écarté(s).",
        "1 binôme(s) fixé(s) à la main écarté(s) : le mentor est depuis en pause, sans charte ou en conflit "
        "d'intérêts avec le projet (le motif est dans l'historique du binôme).",
    ]


@pytest.mark.parametrize("count", [1, 10])
def test_conflict_page_query_budget(client, mentor, cohort, count, django_assert_num_queries):
    for n in range(count):
        MembershipFactory(cohort=cohort, application__project_name=f"Projet {n:02}")
        declared = MembershipFactory(cohort=cohort, application__project_name=f"Déclaré {n:02}")
        MentorConflict.objects.create(mentor=mentor, membership=declared, reason="Lien familial.")
    client.force_login(mentor.user)
    # 6 queries: the session, the user, the mentor profile, whether any project can be chosen, the projects to
    # choose from (application and cohort joined, those already declared left out by the database), and the
    # mentor's declarations (project and cohort joined).
    with django_assert_num_queries(6):
        response = client.get(reverse("mentors:conflicts"))
    assert len(response.context["form"].fields["membership"].choices) == count + 1  # and the empty choice
    assert len(response.context["conflicts"]) == count
