"""The holders' profile (gender, age band, priority-area residence, employment status) stays hidden from users
without `applications.view_holder_profile`, in the changelist's URL too: no filter, sort or search on it."""

import pytest
from django.contrib.auth.models import Group

from cohorts.enums import REVIEWER_GROUP
from cohorts.models import Review
from tests.factories import ApplicationFactory, CallFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/applications/application/"
VIEW = "applications.view_application"
HOLDER = "applications.view_holder_profile"


@pytest.fixture
def files():
    call = CallFactory(closed=True)
    woman = ApplicationFactory(call=call, submitted=True, project_name="Ressourcerie du Pile", holder_gender="woman")
    man = ApplicationFactory(call=call, submitted=True, project_name="Garage solidaire de l'Épeule", holder_gender="man")
    return woman, man


@pytest.fixture
def jury_member(files):
    user = UserFactory(staff=True, permissions=[VIEW, "cohorts.view_review", "cohorts.change_review"])
    user.groups.add(Group.objects.get_or_create(name=REVIEWER_GROUP)[0])
    for application in files:
        Review.objects.create(application=application, reviewer=user)
    return user


@pytest.mark.parametrize(
    "query",
    [
        "holder_gender=woman",
        "holder_gender__in=woman",
        "holder_gender__startswith=w",
        "holder_employment_status__isnull=False",
        "applicant__applications__holder_age_band=36_50",
    ],
)
def test_changelist_holder_filter_refused_for_jury_member(client, jury_member, query):
    client.force_login(jury_member)

    response = client.get(f"{CHANGELIST}?{query}")

    # Django's admin answers a disallowed lookup with DisallowedModelAdminLookup, a 400 Bad Request.
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ressourcerie du Pile" not in html
    assert "Garage solidaire" not in html


def test_changelist_lists_both_files_to_jury_member_without_filter(client, jury_member):
    client.force_login(jury_member)

    response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert {a.project_name for a in response.context["cl"].result_list} == {
        "Ressourcerie du Pile",
        "Garage solidaire de l'Épeule",
    }


def test_changelist_search_ignores_holder_profile_for_jury_member(client, jury_member):
    client.force_login(jury_member)

    response = client.get(f"{CHANGELIST}?q=woman")

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


def test_changelist_sorting_never_offers_holder_profile_to_jury_member(client, jury_member):
    client.force_login(jury_member)

    response = client.get(CHANGELIST)

    assert not [name for name in response.context["cl"].list_display if "holder_" in str(name)]
    assert not [name for name in response.context["cl"].sortable_by if "holder_" in str(name)]


def test_changelist_holder_filter_allowed_with_permission(client, files):
    woman, _man = files
    client.force_login(UserFactory(staff=True, permissions=[VIEW, HOLDER, "cohorts.view_all_reviews"]))

    response = client.get(f"{CHANGELIST}?holder_gender=woman")

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [woman]


def test_holder_filter_added_by_subclass_hidden_without_permission(rf, jury_member):
    from django.contrib import admin

    from applications.admin import ApplicationAdmin
    from applications.models import Application

    class WithHolderFilter(ApplicationAdmin):
        list_filter = ["status", "holder_gender"]

    model_admin = WithHolderFilter(Application, admin.site)
    request = rf.get(CHANGELIST)
    request.user = jury_member
    allowed = rf.get(CHANGELIST)
    allowed.user = UserFactory(staff=True, permissions=[VIEW, HOLDER])

    assert model_admin.get_list_filter(request) == ["status"]
    assert model_admin.get_list_filter(allowed) == ["status", "holder_gender"]
