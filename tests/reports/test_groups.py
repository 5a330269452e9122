"""The staff groups exist in every database after `migrate`, not only in the demo's."""

from importlib import import_module
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cohorts.enums import REVIEWER_GROUP
from roubaix_incubator.reports.groups import PROGRAMME_MANAGER_GROUP
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

JURY_PERMISSIONS = [
    "applications.view_answer",
    "applications.view_application",
    "applications.view_attachment",
    "applications.view_call",
    "cohorts.change_review",
    "cohorts.view_criterion",
    "cohorts.view_review",
    "cohorts.view_score",
]
MIGRATION = ("reports", "0004_staff_groups")


def permissions(group: Group) -> list[str]:
    return sorted(
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list("content_type__app_label", "codename")
    )


def test_groups_exist_after_migrate_with_their_permissions():
    manager = permissions(Group.objects.get(name=PROGRAMME_MANAGER_GROUP))
    jury = permissions(Group.objects.get(name=REVIEWER_GROUP))

    assert jury == JURY_PERMISSIONS
    for permission in (
        "applications.view_holder_profile",
        "cohorts.view_all_reviews",
        "reports.view_dashboard",
        "reports.add_report",
        "django_celery_beat.change_periodictask",
        "mentors.change_mentor",
        "events.change_event",
        "core.view_user",
    ):
        assert permission in manager
    assert "core.delete_user" not in manager


def test_groups_a_jury_member_never_sees_the_holders_profile_nor_all_reviews():
    juror = UserFactory(is_staff=True)
    juror.groups.add(Group.objects.get(name=REVIEWER_GROUP))

    assert not juror.has_perm("applications.view_holder_profile")
    assert not juror.has_perm("cohorts.view_all_reviews")
    assert juror.has_perm("cohorts.change_review")


@pytest.mark.django_db(transaction=True)  # the migration executor cannot run inside the test's transaction
def test_groups_migration_is_reversible_and_idempotent():
    executor = MigrationExecutor(connection)
    previous = executor.loader.graph.node_map[MIGRATION].parents
    [target] = [parent.key for parent in previous if parent.key[0] == "reports"]

    executor.migrate([target])
    assert not Group.objects.filter(name__in=[PROGRAMME_MANAGER_GROUP, REVIEWER_GROUP]).exists()

    executor.loader.build_graph()
    executor.migrate([MIGRATION])
    after = {group.name: permissions(group) for group in Group.objects.all()}
    state = executor.loader.project_state(MIGRATION)
    migration = import_module("roubaix_incubator.reports.migrations.0004_staff_groups")
    migration.grant(state.apps, SimpleNamespace(connection=connection))  # run again: nothing changes

    assert after[REVIEWER_GROUP] == JURY_PERMISSIONS
    assert "applications.view_holder_profile" in after[PROGRAMME_MANAGER_GROUP]
    assert {group.name: permissions(group) for group in Group.objects.all()} == after
