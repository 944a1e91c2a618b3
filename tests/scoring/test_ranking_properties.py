"""Properties of the R-25.1/R-27 ranking that hold for every input (hypothesis)."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.rules import RankCandidate, TieContext, exact, rank

# Few distinct totals, so that ties (and every level of R-27) happen often.
totals = st.sampled_from([Decimal(70), Decimal("70.00"), Decimal("69.99"), Decimal("85.5"), Decimal(40)])
shares = st.none() | st.sampled_from([Decimal(0), Decimal("0.05"), Decimal("0.10"), Decimal("0.2")])


@st.composite
def candidate_lists(draw):
    ids = draw(st.lists(st.text("abcdefghij", min_size=1, max_size=3), unique=True, max_size=9))
    return [
        RankCandidate(
            id=candidate_id,
            total=draw(totals),
            has_disability=draw(st.booleans()),
            non_majority_community=draw(st.booleans()),
            gender=draw(st.sampled_from(["f", "m", None])),
        )
        for candidate_id in ids
    ]


contexts = st.builds(
    TieContext,
    disability_share=shares,
    disability_quota=shares,
    non_majority_share=shares,
    under_represented_gender=st.sampled_from(["f", "m", None]),
)
seeds = st.text(min_size=1, max_size=20)
fast = settings(max_examples=150, deadline=None)


@fast
@given(candidate_lists(), contexts, seeds)
def test_r25_1_the_ranking_is_a_permutation_with_totals_never_increasing(candidates, context, seed):
    rows = rank(candidates, context, seed)
    assert sorted(row.candidate.id for row in rows) == sorted(c.id for c in candidates)
    assert [row.position for row in rows] == list(range(1, len(candidates) + 1))
    ranked_totals = [exact(row.candidate.total) for row in rows]
    assert all(a >= b for a, b in zip(ranked_totals, ranked_totals[1:], strict=False))


@fast
@given(st.data(), candidate_lists(), contexts, seeds)
def test_r27_1_4_the_ranking_does_not_depend_on_the_order_candidates_come_in(data, candidates, context, seed):
    shuffled_input = data.draw(st.permutations(candidates))
    assert [r.candidate.id for r in rank(shuffled_input, context, seed)] == [
        r.candidate.id for r in rank(candidates, context, seed)
    ]


@fast
@given(candidate_lists(), contexts, seeds)
def test_r27_1_within_a_tie_each_rule_is_respected_in_turn(candidates, context, seed):
    rows = rank(candidates, context, seed)
    for above, below in zip(rows, rows[1:], strict=False):
        if exact(above.candidate.total) != exact(below.candidate.total):
            continue
        a, b = above.candidate, below.candidate
        preferred = [
            (
                context.disability_below_quota and a.has_disability,
                context.disability_below_quota and b.has_disability,
            ),
            (
                context.non_majority_below_quota and a.non_majority_community,
                context.non_majority_below_quota and b.non_majority_community,
            ),
            (
                a.gender == context.under_represented_gender is not None,
                b.gender == context.under_represented_gender is not None,
            ),
        ]
        for rule, (a_first, b_first) in zip(("R-27.1.1", "R-27.1.2", "R-27.1.3"), preferred, strict=True):
            if a_first != b_first:
                assert a_first, "a lower rule placed a candidate above one a higher rule prefers"
                assert above.tie_rule == rule
                break
        else:
            assert above.tie_rule == "R-27.1.4"


@fast
@given(candidate_lists(), contexts, seeds)
def test_r27_1_only_tied_rows_carry_a_tie_rule(candidates, context, seed):
    rows = rank(candidates, context, seed)
    counts = {}
    for row in rows:
        counts[exact(row.candidate.total)] = counts.get(exact(row.candidate.total), 0) + 1
    for row in rows:
        tied = counts[exact(row.candidate.total)] > 1
        assert (row.tie_rule is not None) is tied
        assert len(row.tied_with) == counts[exact(row.candidate.total)] - 1
