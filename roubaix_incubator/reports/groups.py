"""The staff groups of the platform and their permissions: created in production by the data migration
reports/0004_staff_groups, and by the demo loader. A plain module (no model import) so that a migration can
import it. "app_label.*" gives every permission of an app.

The jury sees the files assigned to it and scores them: never the holders' profile (funders' statistics,
`applications.view_holder_profile`) nor the other jurors' reviews (`cohorts.view_all_reviews`)."""

PROGRAMME_MANAGER_GROUP = "Chargé·e de programme"
REVIEWER_GROUP = "Membre du jury"  # the same name as cohorts.enums.REVIEWER_GROUP

GROUP_PERMISSIONS = {
    PROGRAMME_MANAGER_GROUP: [
        "applications.*",
        "cohorts.*",
        "mentors.*",
        "events.*",
        "reports.*",
        "core.view_neighbourhood",
        "core.change_neighbourhood",
        "core.view_user",
        "django_celery_beat.*",
    ],
    REVIEWER_GROUP: [
        "applications.view_call",
        "applications.view_application",
        "applications.view_attachment",
        "applications.view_answer",
        "cohorts.view_criterion",
        "cohorts.view_review",
        "cohorts.change_review",
        "cohorts.view_score",
    ],
}


def group_permissions(permission_model, dotted_names: list[str]):
    """The permissions `dotted_names` name, as a queryset of `permission_model` (the real or a migration's)."""
    permissions = permission_model.objects.none()
    for dotted in dotted_names:
        app_label, codename = dotted.split(".")
        matching = permission_model.objects.filter(content_type__app_label=app_label)
        permissions |= matching if codename == "*" else matching.filter(codename=codename)
    return permissions


def staff_groups_grant(*, group_model, permission_model) -> None:
    """Creates the groups that are missing and gives each its permissions; adds, never removes, so a permission
    staff gave a group by hand stays, and running it again changes nothing."""
    for name, dotted_names in GROUP_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=name)
        group.permissions.add(*group_permissions(permission_model, dotted_names))
