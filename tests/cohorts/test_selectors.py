import pytest

from applications.enums import Status
from cohorts import selectors, services
from cohorts.models import Review
from cohorts.selectors import call_ranking, weighted_score

pytestmark = pytest.mark.django_db


def test_weighted_score_leaves_not_applicable_out_of_the_average():
    # Weights 30, 20, 10; scores 4, 4 and "not applicable":
    # (30×4 + 20×4) / (30 + 20) = 200 / 50 = 4.0 — counting N/A as 0 would give 200 / 60 ≈ 3.33.
    assert weighted_score([(30, 4), (20, 4), (10, None)]) == 4.0
    assert weighted_score([(30, 4), (20, 4), (10, 0)]) == pytest.approx(200 / 60)
    assert weighted_score([(30, None), (20, None)]) is None


def test_call_ranking_on_a_hand_computed_example(make_application, make_reviewer, submit_review, call):
    p1, p2, p3, p4, p5 = (make_application(project_name=f"P{i}") for i in range(1, 6))
    lenient, harsh, third, conflicted = (make_reviewer() for _ in range(4))
    # Grid: A weight 30, B weight 20, C weight 10; "—" is not applicable.
    #
    # lenient  P1: A4 B4 C—  → (120 + 80) / 50         = 4.0
    #          P2: A3 B3 C3  → (90 + 60 + 30) / 60     = 3.0    mean 3.5,  σ 0.5  → z(P1) = +1, z(P2) = −1
    # harsh    P3: A2 B3 C0  → (60 + 60 + 0) / 60      = 2.0
    #          P4: A1 B— C1  → (30 + 10) / 40          = 1.0    mean 1.5,  σ 0.5  → z(P3) = +1, z(P4) = −1
    # third    P2: A4 B1 C1  → (120 + 20 + 10) / 60    = 2.5
    #          P4: A2 B2 C—  → (60 + 40) / 50          = 2.0    mean 2.25, σ 0.25 → z(P2) = +1, z(P4) = −1
    #
    # P1: scores [4.0]       weighted 4.0,  spread 0,   normalised +1
    # P2: scores [3.0, 2.5]  weighted 2.75, spread 0.5, normalised (−1 + 1) / 2 = 0
    # P3: scores [2.0]       weighted 2.0,  spread 0,   normalised +1
    # P4: scores [1.0, 2.0]  weighted 1.5,  spread 1.0, normalised (−1 − 1) / 2 = −1
    # P5: no review, last.
    # The harsh reviewer's best file (P3) goes above the lenient reviewer's weakest one (P2): P1, P3, P2, P4.
    submit_review(p1, lenient, [4, 4, None])
    submit_review(p2, lenient, [3, 3, 3])
    submit_review(p3, harsh, [2, 3, 0])
    submit_review(p4, harsh, [1, None, 1])
    submit_review(p2, third, [4, 1, 1])
    submit_review(p4, third, [2, 2, None])
    # Neither a conflicted review nor an open one counts.
    services.review_declare_conflict(
        review=Review.objects.create(application=p1, reviewer=conflicted), by=conflicted, reason="Ancien associé."
    )
    Review.objects.create(application=p3, reviewer=conflicted)

    rows = call_ranking(call=call)

    assert [(r.project_name, r.rank, r.review_count) for r in rows] == [
        ("P1", 1, 1),
        ("P3", 2, 1),
        ("P2", 3, 2),
        ("P4", 4, 2),
        ("P5", None, 0),
    ]
    by_name = {r.project_name: r for r in rows}
    assert by_name["P1"].weighted_score == pytest.approx(4.0)
    assert by_name["P2"].weighted_score == pytest.approx(2.75)
    assert by_name["P3"].weighted_score == pytest.approx(2.0)
    assert by_name["P4"].weighted_score == pytest.approx(1.5)
    assert [by_name[n].spread for n in ("P1", "P2", "P3", "P4")] == pytest.approx([0.0, 0.5, 0.0, 1.0])
    assert [by_name[n].normalised_score for n in ("P1", "P2", "P3", "P4")] == pytest.approx([1.0, 0.0, 1.0, -1.0])
    assert by_name["P5"].weighted_score is None and by_name["P5"].normalised_score is None


def test_call_ranking_gives_zero_to_a_reviewer_who_scores_everyone_alike(
    make_application, make_reviewer, submit_review, call
):
    p1, p2 = make_application(), make_application()
    reviewer = make_reviewer()
    submit_review(p1, reviewer, [3, 3, 3])
    submit_review(p2, reviewer, [3, 3, None])  # (90 + 60) / 50 = 3.0 as well: σ = 0, no division by zero

    assert [r.normalised_score for r in call_ranking(call=call)] == [0.0, 0.0]


def test_call_ranking_leaves_out_drafts_withdrawn_files_and_other_calls(make_application, call):
    kept = make_application(status=Status.SUBMITTED)
    make_application(status=Status.DRAFT)
    make_application(status=Status.WITHDRAWN)

    assert [r.application_id for r in call_ranking(call=call)] == [kept.pk]


@pytest.mark.parametrize("count", [1, 20])
def test_call_ranking_query_count_is_fixed(
    count, make_application, make_reviewer, submit_review, call, django_assert_num_queries
):
    reviewers = [make_reviewer(), make_reviewer()]
    for _ in range(count):
        application = make_application()
        for reviewer in reviewers:
            submit_review(application, reviewer, [3, 2, None])

    # 2 queries: the call's files with their decision, then every score of its submitted reviews with weights.
    with django_assert_num_queries(2):
        rows = call_ranking(call=call)
    assert len(rows) == count


def test_reviews_for_reviewer_lists_only_their_assigned_reviews(make_application, make_reviewer, submit_review):
    mine, theirs = make_reviewer(), make_reviewer()
    open_one, done_one, other = make_application(), make_application(), make_application()
    submit_review(done_one, mine, [2, 2, 2])
    open_review = Review.objects.create(application=open_one, reviewer=mine)
    Review.objects.create(application=other, reviewer=theirs)

    reviews = list(selectors.reviews_for_reviewer(user=mine))

    assert [r.application for r in reviews] == [open_one, done_one]  # open ones first
    assert selectors.review_get_for_reviewer(user=mine, pk=open_review.pk) == open_review


def test_review_get_for_reviewer_is_a_404_on_someone_elses_review(make_application, make_reviewer):
    from django.http import Http404

    mine, theirs = make_reviewer(), make_reviewer()
    review = Review.objects.create(application=make_application(), reviewer=theirs)

    with pytest.raises(Http404):
        selectors.review_get_for_reviewer(user=mine, pk=review.pk)


def test_other_reviews_stay_hidden_until_the_reviewer_has_submitted(make_application, make_reviewer, submit_review):
    application = make_application()
    first, second = make_reviewer(), make_reviewer()
    submit_review(application, first, [4, 4, 4])
    mine = Review.objects.create(application=application, reviewer=second)

    assert list(selectors.reviews_visible_beside(review=mine)) == []

    submit_review(application, second, [1, 1, 1])
    mine.refresh_from_db()
    assert [r.reviewer for r in selectors.reviews_visible_beside(review=mine)] == [first]
