import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from applications.enums import Status
from applications.models import StatusChange
from cohorts import services
from cohorts.enums import Outcome, Recommendation
from cohorts.models import Decision, Review, Score

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- screening


def test_screen_eligible_sends_the_file_to_the_jury(make_application, manager):
    application = make_application(status=Status.SUBMITTED)

    services.application_screen(application=application, by=manager, eligible=True)

    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW
    assert StatusChange.objects.get(application=application).by == manager


def test_screen_ineligible_prepares_a_referral_with_its_reasons(make_application, manager):
    application = make_application(status=Status.SUBMITTED)

    decision = services.application_screen(
        application=application,
        by=manager,
        eligible=False,
        outcome=Outcome.REFERRED,
        reasons="Le projet vise Lille, pas Roubaix.",
        referral_partner="Incubateur de la Métropole européenne de Lille",
    )

    assert (decision.outcome, decision.released_at, decision.decided_by) == (Outcome.REFERRED, None, manager)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED  # until the call's decisions are released


def test_screen_ineligible_without_reasons_is_refused(make_application, manager):
    application = make_application(status=Status.SUBMITTED)

    with pytest.raises(ValidationError) as error:
        services.application_screen(
            application=application, by=manager, eligible=False, outcome=Outcome.REJECTED, reasons="  "
        )

    assert set(error.value.message_dict) == {"reasons", "referral_partner"}
    assert not Decision.objects.exists()


def test_screen_ineligible_cannot_accept(make_application, manager):
    with pytest.raises(ValidationError):
        services.application_screen(
            application=make_application(status=Status.SUBMITTED),
            by=manager,
            eligible=False,
            outcome=Outcome.ACCEPTED,
        )


def test_screen_only_applies_to_submitted_files(make_application, manager):
    application = make_application(status=Status.DRAFT, project_name="Épicerie de l'Épeule")

    with pytest.raises(ValidationError) as raised:
        services.application_screen(application=application, by=manager, eligible=True)

    assert raised.value.messages == [
        "« Épicerie de l'Épeule » est au statut « Brouillon » : il ne peut pas passer au statut « En cours d'examen »."
    ]


def test_shortlist_of_a_submitted_file_is_a_french_validation_error(make_application, manager):
    application = make_application(status=Status.SUBMITTED, project_name="Garage solidaire")

    with pytest.raises(ValidationError) as raised:
        services.application_shortlist(application=application, by=manager)

    assert raised.value.messages == [
        "« Garage solidaire » est au statut « Soumise » : il ne peut pas passer au statut « Présélectionnée »."
    ]
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


# ---------------------------------------------------------------- assignment


def _open_load(reviewers) -> list[int]:
    return [
        Review.objects.filter(reviewer=r, submitted_at__isnull=True, conflict_of_interest=False).count()
        for r in reviewers
    ]


def test_assign_never_gives_a_file_to_its_applicant_or_a_conflicted_reviewer(make_application, make_reviewer, manager):
    reviewers = [make_reviewer() for _ in range(4)]
    applicant_reviewer, conflicted, conflicted_with_person = reviewers[0], reviewers[1], reviewers[2]
    own = make_application(applicant=applicant_reviewer)
    target = make_application()
    sibling = make_application(applicant=target.applicant)  # same applicant, another project
    review = Review.objects.create(application=target, reviewer=conflicted)
    services.review_declare_conflict(review=review, by=conflicted, reason="Ma sœur est dans l'équipe.")
    review = Review.objects.create(application=sibling, reviewer=conflicted_with_person)
    services.review_declare_conflict(review=review, by=conflicted_with_person, reason="Je connais la porteuse.")

    services.reviews_assign(applications=[own, target], reviewers=reviewers, per_application=3, by=manager)

    assert applicant_reviewer not in {r.reviewer for r in own.reviews.all()}
    target_reviewers = {r.reviewer for r in target.reviews.filter(conflict_of_interest=False)}
    assert conflicted not in target_reviewers
    assert conflicted_with_person not in target_reviewers
    assert Review.objects.filter(application=target, reviewer=conflicted).count() == 1  # the closed one only


def test_assign_spreads_the_load_evenly(make_application, make_reviewer, manager):
    reviewers = [make_reviewer() for _ in range(5)]
    applications = [make_application() for _ in range(7)]

    result = services.reviews_assign(applications=applications, reviewers=reviewers, per_application=2, by=manager)

    assert len(result.created) == 14 and result.missing == {}
    assert set(Review.objects.values_list("assigned_by", flat=True)) == {manager.pk}
    assert all(a.reviews.count() == 2 for a in applications)
    loads = _open_load(reviewers)
    assert sum(loads) == 14
    assert max(loads) - min(loads) <= 1


def test_assign_starts_with_the_least_loaded_reviewers_and_is_deterministic(make_application, make_reviewer, manager):
    busy, free_a, free_b = make_reviewer(), make_reviewer(), make_reviewer()
    for _ in range(2):
        Review.objects.create(application=make_application(), reviewer=busy)
    application = make_application()

    services.reviews_assign(applications=[application], reviewers=[busy, free_b, free_a], per_application=2, by=manager)

    # Both free reviewers (0 open reviews) before the busy one (2); ties by id.
    assert sorted(r.reviewer_id for r in application.reviews.all()) == sorted([free_a.pk, free_b.pk])


def test_assign_balances_when_two_reviewers_are_conflicted_on_the_last_file(make_application, make_reviewer, manager):
    a, b, c = make_reviewer(), make_reviewer(), make_reviewer()
    first, second, third = make_application(), make_application(), make_application()
    for reviewer in (b, c):
        review = Review.objects.create(application=third, reviewer=reviewer)
        services.review_declare_conflict(review=review, by=reviewer, reason="Je connais l'équipe.")

    result = services.reviews_assign(
        applications=[first, second, third], reviewers=[a, b, c], per_application=1, by=manager
    )

    # A greedy pass in id order gave 2/1/0 (A on the first file, then A again on the third).
    assert result.missing == {}
    assert {(r.application_id, r.reviewer_id) for r in result.created} == {
        (first.pk, c.pk),
        (second.pk, b.pk),
        (third.pk, a.pk),
    }
    assert _open_load([a, b, c]) == [1, 1, 1]


def test_assign_evens_out_the_load_reviewers_already_carry(make_application, make_reviewer, manager):
    busy, free_a, free_b = make_reviewer(), make_reviewer(), make_reviewer()
    for _ in range(3):
        Review.objects.create(application=make_application(), reviewer=busy)
    applications = [make_application() for _ in range(4)]

    services.reviews_assign(applications=applications, reviewers=[busy, free_a, free_b], per_application=1, by=manager)

    # 3 + 0 + 0 open reviews and 4 new ones: 3 / 2 / 2 is the most even.
    assert _open_load([busy, free_a, free_b]) == [3, 2, 2]


def test_assign_balances_around_a_reviewer_who_applied(make_application, make_reviewer, manager):
    reviewers = [make_reviewer() for _ in range(3)]
    own = make_application(applicant=reviewers[0])  # the first reviewer is also an applicant of the call
    others = [make_application() for _ in range(2)]

    services.reviews_assign(applications=[own, *others], reviewers=reviewers, per_application=2, by=manager)

    assert sorted(r.reviewer_id for r in own.reviews.all()) == [reviewers[1].pk, reviewers[2].pk]
    assert _open_load(reviewers) == [2, 2, 2]


def test_assign_counts_the_reviewers_a_file_already_has(make_application, make_reviewer, manager):
    reviewers = [make_reviewer() for _ in range(3)]
    application = make_application()
    services.reviews_assign(applications=[application], reviewers=reviewers, per_application=2, by=manager)

    second = services.reviews_assign(applications=[application], reviewers=reviewers, per_application=2, by=manager)

    assert second.created == []
    assert application.reviews.count() == 2


def test_assign_replaces_a_reviewer_who_stepped_aside(make_application, make_reviewer, manager):
    first, second = make_reviewer(), make_reviewer()
    application = make_application()
    services.reviews_assign(applications=[application], reviewers=[first], per_application=1, by=manager)
    services.review_declare_conflict(review=application.reviews.get(), by=first, reason="Client du projet.")

    result = services.reviews_assign(
        applications=[application], reviewers=[first, second], per_application=1, by=manager
    )

    assert [r.reviewer for r in result.created] == [second]


def test_assign_reports_files_short_of_reviewers(make_application, make_reviewer, manager):
    reviewer = make_reviewer()
    application = make_application()

    result = services.reviews_assign(applications=[application], reviewers=[reviewer], per_application=3, by=manager)

    assert len(result.created) == 1
    assert result.missing == {application: 2}


def test_assign_refuses_files_not_under_review(make_application, make_reviewer, manager):
    with pytest.raises(ValidationError):
        services.reviews_assign(
            applications=[make_application(status=Status.SUBMITTED)],
            reviewers=[make_reviewer()],
            per_application=1,
            by=manager,
        )
    assert not Review.objects.exists()


# ---------------------------------------------------------------- reviewing


def test_declare_conflict_closes_the_review_and_keeps_the_reason(make_application, make_reviewer):
    reviewer = make_reviewer()
    review = Review.objects.create(application=make_application(), reviewer=reviewer)

    services.review_declare_conflict(review=review, by=reviewer, reason="  J'ai travaillé avec la porteuse.  ")

    review.refresh_from_db()
    assert (review.conflict_of_interest, review.conflict_reason, review.is_open) == (
        True,
        "J'ai travaillé avec la porteuse.",
        False,
    )


def test_declare_conflict_needs_a_reason(make_application, make_reviewer):
    reviewer = make_reviewer()
    review = Review.objects.create(application=make_application(), reviewer=reviewer)

    with pytest.raises(ValidationError):
        services.review_declare_conflict(review=review, by=reviewer, reason=" ")


def test_submit_records_every_score_including_not_applicable(make_application, make_reviewer, grid):
    reviewer = make_reviewer()
    review = Review.objects.create(application=make_application(), reviewer=reviewer)

    services.review_submit(
        review=review,
        by=reviewer,
        scores={grid[0]: 4, grid[1]: 0, grid[2]: None},
        recommendation=Recommendation.MAYBE,
        comment=" À revoir en entretien. ",
    )

    review.refresh_from_db()
    assert review.submitted_at is not None
    assert (review.recommendation, review.comment) == (Recommendation.MAYBE, "À revoir en entretien.")
    assert list(Score.objects.filter(review=review).values_list("criterion", "value").order_by("criterion__order")) == [
        (grid[0].pk, 4),
        (grid[1].pk, 0),
        (grid[2].pk, None),
    ]


def test_submit_needs_every_criterion_scored_or_marked_not_applicable(make_application, make_reviewer, grid):
    reviewer = make_reviewer()
    review = Review.objects.create(application=make_application(), reviewer=reviewer)

    with pytest.raises(ValidationError) as error:
        services.review_submit(
            review=review, by=reviewer, scores={grid[0]: 3, grid[1]: 5}, recommendation=Recommendation.YES
        )

    assert set(error.value.message_dict) == {f"criterion_{grid[1].pk}", f"criterion_{grid[2].pk}"}
    assert not Score.objects.exists()


def test_submit_refuses_all_not_applicable(make_application, make_reviewer, grid):
    reviewer = make_reviewer()
    review = Review.objects.create(application=make_application(), reviewer=reviewer)

    with pytest.raises(ValidationError):
        services.review_submit(review=review, by=reviewer, scores=dict.fromkeys(grid), recommendation="no")


def test_submit_happens_once(make_application, make_reviewer, submit_review):
    reviewer = make_reviewer()
    application = make_application()
    submit_review(application, reviewer, [3, 3, 3])

    with pytest.raises(ValidationError):
        submit_review(application, reviewer, [0, 0, 0])
    assert list(Score.objects.values_list("value", flat=True)) == [3, 3, 3]


def test_submit_by_another_reviewer_is_refused(make_application, make_reviewer, grid):
    owner, intruder = make_reviewer(), make_reviewer()
    review = Review.objects.create(application=make_application(), reviewer=owner)

    with pytest.raises(PermissionDenied):
        services.review_submit(review=review, by=intruder, scores=dict.fromkeys(grid, 2), recommendation="yes")


def test_submit_after_a_conflict_is_refused(make_application, make_reviewer, grid):
    reviewer = make_reviewer()
    review = Review.objects.create(application=make_application(), reviewer=reviewer)
    services.review_declare_conflict(review=review, by=reviewer, reason="Associé du porteur.")

    with pytest.raises(ValidationError):
        services.review_submit(review=review, by=reviewer, scores=dict.fromkeys(grid, 2), recommendation="yes")
