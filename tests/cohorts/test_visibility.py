"""One rule for what a jury member sees: a staff user without `cohorts.view_all_reviews` sees only the files
assigned to them — in every admin list and page, the autocomplete, and the documents they download."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.enums import Status
from applications.models import Attachment
from cohorts.enums import Outcome
from cohorts.models import Review
from cohorts.rules import sees_only_assigned_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_without_all_reviews(make_user):
    """Staff outside the jury group, with broad view rights but not `cohorts.view_all_reviews`."""
    return make_user(
        staff=True,
        perms=(
            "applications.view_application",
            "applications.delete_application",
            "cohorts.view_review",
            "cohorts.delete_review",
            "cohorts.view_decision",
            "cohorts.view_membership",
            "cohorts.view_impactreport",
        ),
    )


@pytest.fixture
def two_files(make_application):
    return make_application(project_name="Épicerie de l'Épeule"), make_application(project_name="Garage solidaire")


def _document(application) -> Attachment:
    return Attachment.objects.create(
        application=application,
        kind="presentation",
        original_name="projet.pdf",
        content_type="application/pdf",
        size=8,
        file=SimpleUploadedFile("projet.pdf", b"%PDF-1.4"),
    )


def test_the_rule_depends_on_the_permission_only(make_user, jury_member, superuser):
    manager = make_user(staff=True, perms=("cohorts.view_all_reviews",))

    assert [sees_only_assigned_files(u) for u in (jury_member, make_user(staff=True), manager, superuser)] == [
        True,
        True,
        False,
        False,
    ]


@pytest.mark.parametrize("who", ["jury_member", "staff_without_all_reviews"])
def test_staff_without_all_reviews_lists_and_opens_only_assigned_files(client, request, two_files, who):
    user = request.getfixturevalue(who)
    assigned, other = two_files
    Review.objects.create(application=assigned, reviewer=user)
    client.force_login(user)

    listed = client.get(reverse("admin:applications_application_changelist")).context["cl"].result_list

    assert list(listed) == [assigned]
    assert client.get(reverse("admin:applications_application_change", args=[assigned.pk])).status_code == 200
    assert client.get(reverse("admin:applications_application_change", args=[other.pk])).status_code == 404


@pytest.mark.parametrize("who", ["jury_member", "staff_without_all_reviews"])
def test_history_and_delete_pages_of_an_unassigned_file_are_404(client, request, two_files, make_reviewer, who):
    user = request.getfixturevalue(who)
    assigned, other = two_files
    Review.objects.create(application=assigned, reviewer=user)
    others_review = Review.objects.create(application=other, reviewer=make_reviewer())
    client.force_login(user)

    for url in (
        reverse("admin:applications_application_history", args=[other.pk]),
        reverse("admin:applications_application_delete", args=[other.pk]),
        reverse("admin:cohorts_review_history", args=[others_review.pk]),
        reverse("admin:cohorts_review_delete", args=[others_review.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("admin:applications_application_delete", args=[other.pk]), {"post": "yes"}).status_code
        == 404
    )
    assert Review.objects.filter(pk=others_review.pk).exists()
    assert client.get(reverse("admin:applications_application_history", args=[assigned.pk])).status_code == 200


def test_autocomplete_of_files_offers_only_assigned_ones(client, staff_without_all_reviews, two_files):
    assigned, _ = two_files
    Review.objects.create(application=assigned, reviewer=staff_without_all_reviews)
    client.force_login(staff_without_all_reviews)

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "cohorts", "model_name": "decision", "field_name": "application", "term": ""},
    )

    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(assigned.pk)]


def test_documents_of_unassigned_files_are_404_for_staff_without_all_reviews(
    client, staff_without_all_reviews, two_files
):
    assigned, other = two_files
    Review.objects.create(application=assigned, reviewer=staff_without_all_reviews)
    documents = [_document(assigned), _document(other)]
    client.force_login(staff_without_all_reviews)

    assert client.get(documents[0].get_absolute_url()).status_code == 200
    assert client.get(documents[1].get_absolute_url()).status_code == 404


def test_reviews_decisions_memberships_and_impact_follow_the_same_rule(
    client, staff_without_all_reviews, make_reviewer, make_application, prepare, released_cohort
):
    _, members, _ = released_cohort
    assigned_member, other_member = members[0], members[1]
    Review.objects.create(application=assigned_member.application, reviewer=staff_without_all_reviews)
    Review.objects.create(application=other_member.application, reviewer=make_reviewer())
    unassigned_decision = prepare(make_application(status=Status.SHORTLISTED), Outcome.WAITLISTED)
    client.force_login(staff_without_all_reviews)

    def listed(name):
        return list(client.get(reverse(f"admin:cohorts_{name}_changelist")).context["cl"].result_list)

    assert [r.reviewer for r in listed("review")] == [staff_without_all_reviews]
    assert [d.application for d in listed("decision")] == [assigned_member.application]
    assert listed("membership") == [assigned_member]
    assert client.get(reverse("admin:cohorts_decision_change", args=[unassigned_decision.pk])).status_code == 404
    assert client.get(reverse("admin:cohorts_membership_change", args=[other_member.pk])).status_code == 404


def test_programme_staff_with_all_reviews_see_every_file(client, make_user, two_files, make_reviewer):
    manager = make_user(staff=True, perms=("applications.view_application", "cohorts.view_all_reviews"))
    for application in two_files:
        Review.objects.create(application=application, reviewer=make_reviewer())
    client.force_login(manager)

    listed = client.get(reverse("admin:applications_application_changelist")).context["cl"].result_list

    assert sorted(a.pk for a in listed) == sorted(a.pk for a in two_files)
