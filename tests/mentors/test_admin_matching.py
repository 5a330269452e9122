"""Running the matching of a cohort from the admin: same services, same breakdown, confirm or reject in place;
staff with the permission only."""

import pytest
from django.core import mail
from django.urls import reverse

from applications.enums import SupportNeed
from mentors.enums import MatchStatus, MentorStatus
from mentors.models import Match

from .factories import MatchFactory, MembershipFactory, MentorFactory, UserFactory

FUNDING = SupportNeed.FUNDING.value


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def test_admin_lists_cohorts_and_links_to_their_matching(manager_client, cohort, membership):
    response = manager_client.get(reverse("admin:mentors_match_matching_cohorts"))
    assert response.status_code == 200
    assert reverse("admin:mentors_match_matching", args=[cohort.pk]) in response.content.decode()
    changelist = manager_client.get(reverse("admin:mentors_match_changelist")).content.decode()
    assert reverse("admin:mentors_match_matching_cohorts") in changelist


def test_admin_runs_the_matching_and_shows_the_breakdown(manager_client, cohort, membership):
    mentor = MentorFactory(user__full_name="Sabine Financement", expertise=[FUNDING])
    membership.application.support_needs = [FUNDING]
    membership.application.save()

    response = manager_client.post(
        reverse("admin:mentors_match_matching", args=[cohort.pk]), {"guarantee_one_each": "on"}, follow=True
    )

    assert response.status_code == 200
    (match,) = Match.objects.filter(membership=membership, status=MatchStatus.PROPOSED)
    assert match.mentor == mentor
    assert [str(m) for m in response.context["messages"]] == [
        "Appariement terminé : 1 proposition(s), 0 projet(s) déjà accompagné(s), 0 projet(s) sans mentor "
        "disponible, 0 binôme(s) fixé(s) à la main écarté(s)."
    ]
    content = response.content.decode()
    assert "Sabine Financement" in content and "<td>Financement</td>" in content
    assert "Expertise / besoins du projet" in content  # the breakdown is shown
    assert reverse("admin:mentors_match_matching_decide", args=[match.pk]) in content


def test_admin_confirms_and_rejects_proposals(
    manager_client, cohort, membership, manager, django_capture_on_commit_callbacks
):
    to_confirm = MatchFactory(membership=membership, proposed=True)
    to_reject = MatchFactory(membership=MembershipFactory(cohort=cohort), proposed=True)
    url = reverse("admin:mentors_match_matching_decide", args=[to_confirm.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(url, {"decision": "confirm"})
    manager_client.post(reverse("admin:mentors_match_matching_decide", args=[to_reject.pk]), {"decision": "reject"})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:mentors_match_matching", args=[cohort.pk])
    to_confirm.refresh_from_db()
    to_reject.refresh_from_db()
    assert (to_confirm.status, to_confirm.confirmed_by, to_reject.status) == (
        MatchStatus.ACTIVE,
        manager,
        MatchStatus.REJECTED,
    )
    assert len(mail.outbox) == 2  # the introduction, to each side
    assert manager_client.post(url, {"decision": "nonsense"}).status_code == 404
    assert manager_client.get(url).status_code == 405


@pytest.mark.parametrize(
    ("mentor_fields", "message"),
    [
        ({"charter_signed_at": None}, "Ce binôme ne peut pas être confirmé : charte non signée."),
        ({"status": MentorStatus.PAUSED}, "Ce binôme ne peut pas être confirmé : mentor en pause."),
    ],
)
def test_admin_confirm_of_an_excluded_pair_shows_the_reason(manager_client, membership, mentor_fields, message):
    proposal = MatchFactory(
        membership=membership, proposed=True, **{f"mentor__{k}": v for k, v in mentor_fields.items()}
    )
    response = manager_client.post(
        reverse("admin:mentors_match_matching_decide", args=[proposal.pk]), {"decision": "confirm"}, follow=True
    )
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [message]
    proposal.refresh_from_db()
    assert proposal.status == MatchStatus.PROPOSED


@pytest.mark.parametrize("who", ["holder", "mentor", "staff_without_permission"])
def test_admin_matching_pages_are_404_for_others(client, cohort, membership, who):
    proposal = MatchFactory(membership=membership, proposed=True)
    user = {
        "holder": lambda: membership.application.applicant,
        "mentor": lambda: MentorFactory().user,
        "staff_without_permission": lambda: UserFactory(staff=True),
    }[who]()
    client.force_login(user)
    assert client.get(reverse("admin:mentors_match_matching_cohorts")).status_code == 404
    assert client.get(reverse("admin:mentors_match_matching", args=[cohort.pk])).status_code == 404
    assert client.post(reverse("admin:mentors_match_matching", args=[cohort.pk]), {}).status_code == 404
    response = client.post(reverse("admin:mentors_match_matching_decide", args=[proposal.pk]), {"decision": "confirm"})
    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == MatchStatus.PROPOSED
    assert Match.objects.count() == 1


def test_admin_matching_sends_anonymous_visitors_to_the_login(client, cohort):
    response = client.get(reverse("admin:mentors_match_matching", args=[cohort.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("count", [1, 10])
def test_admin_matching_page_query_budget(manager_client, cohort, count, django_assert_num_queries):
    for _ in range(count):
        MatchFactory(membership=MembershipFactory(cohort=cohort), proposed=True)
    # 7 queries: the session, the user, their permissions and their groups' permissions, the cohort, the active
    # projects, and their open matches (mentor and account joined, prefetched).
    with django_assert_num_queries(7):
        response = manager_client.get(reverse("admin:mentors_match_matching", args=[cohort.pk]))
    assert len(response.context["memberships"]) == count


@pytest.mark.parametrize("count", [1, 10])
def test_admin_matching_cohorts_query_budget(manager_client, count, django_assert_num_queries):
    for _ in range(count):
        MembershipFactory()
    # 5 queries: the session, the user, their permissions and their groups' permissions, and the cohorts with
    # their count of active projects.
    with django_assert_num_queries(5):
        response = manager_client.get(reverse("admin:mentors_match_matching_cohorts"))
    assert len(response.context["cohorts"]) == count
