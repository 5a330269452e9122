"""`make run` loads the demo programme; running it again duplicates nothing."""

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db

COUNTED_MODELS = [
    "core.User", "applications.Call", "applications.Question", "applications.Application",
    "applications.StatusChange", "cohorts.Criterion", "cohorts.Review", "cohorts.Decision", "cohorts.Cohort",
    "cohorts.Membership", "cohorts.ImpactReport", "events.Event", "events.Table", "events.Registration",
    "events.Contribution", "events.Vote", "mentors.Mentor", "mentors.Match", "mentors.MentoringSession",
]


def _counts():
    return {name: apps.get_model(name).objects.count() for name in COUNTED_MODELS}


def test_load_demo_twice_duplicates_nothing(settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    first = _counts()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)

    assert _counts() == first
    assert first["applications.Call"] == 3
    assert first["cohorts.Membership"] == 3
    assert first["cohorts.Review"] == 4
    assert first["events.Event"] >= 5
    assert first["mentors.Match"] >= 2


def test_load_demo_refuses_outside_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", verbosity=0)
