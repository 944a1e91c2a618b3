"""recruitment/lib/lottery.py: the seeded draw by lot (R-27.1.4) is reproducible, verifiable and uniform."""

import hashlib
import hmac
from collections import Counter
from itertools import permutations

import pytest

from recruitment.lib import lottery
from recruitment.lib.lottery import choose, derive_seed, shuffled

CHI2_CRITICAL_0_001 = {2: 13.816, 5: 20.515}  # chi-square critical values at p = 0.001


def test_a_seed_is_the_sha256_of_the_documented_netstrings():
    expected = hashlib.sha256(b"10:lottery-v1,11:KQZ 44/2023,10:2023-04-01,").hexdigest()
    assert derive_seed("KQZ 44/2023", "2023-04-01") == expected


def test_seed_parts_are_joined_unambiguously():
    assert derive_seed("ab", "c") != derive_seed("a", "bc")
    assert derive_seed("a,b") != derive_seed("a", "b")
    assert derive_seed("ë") != derive_seed("e")


def test_a_seed_needs_text_parts():
    with pytest.raises(ValueError):
        derive_seed()
    with pytest.raises(TypeError):
        derive_seed("KQZ", 44)


def reference_shuffle(items, seed):
    """Written again from the module docstring alone, to show the documentation is enough to verify a draw."""
    result, counter = sorted(items), 0
    for i in range(len(result) - 1, 0, -1):
        n = i + 1
        limit = 2**64 - 2**64 % n
        while True:
            block = hmac.new(seed.encode(), counter.to_bytes(8, "big"), hashlib.sha256).digest()
            counter += 1
            u = int.from_bytes(block[:8], "big")
            if u < limit:
                break
        j = u % n
        result[i], result[j] = result[j], result[i]
    return result


@pytest.mark.parametrize("size", [0, 1, 2, 3, 7, 20])
def test_the_shuffle_is_what_the_docstring_describes(size):
    items = [f"candidate-{k}" for k in range(size)]
    for i in range(50):
        seed = derive_seed("verify", str(i))
        assert shuffled(items, seed) == reference_shuffle(items, seed)


def test_the_same_seed_gives_the_same_order_whatever_the_input_order():
    seed = derive_seed("KQZ 44/2023")
    items = ["d", "a", "c", "b", "e"]
    assert shuffled(items, seed) == shuffled(sorted(items), seed) == shuffled(items[::-1], seed)
    assert sorted(shuffled(items, seed)) == sorted(items)


def test_another_seed_may_give_another_order():
    items = ["a", "b", "c", "d", "e"]
    assert len({tuple(shuffled(items, derive_seed(str(i)))) for i in range(20)}) > 1


def test_a_rejected_block_is_discarded_not_folded_by_modulo(monkeypatch):
    blocks = iter([2**64 - 1, 5])  # for n = 3 the limit is 2**64 - 1: the first block lies above it
    monkeypatch.setattr(lottery._Stream, "_next_block", lambda self: next(blocks))
    assert lottery._Stream("seed").below(3) == 5 % 3


def test_items_must_be_distinct_texts_and_the_seed_not_empty():
    with pytest.raises(ValueError):
        shuffled(["a", "a"], "seed")
    with pytest.raises(TypeError):
        shuffled(["a", 1], "seed")
    with pytest.raises(ValueError):
        shuffled(["a"], "")


def test_choose_takes_the_first_k_of_the_draw():
    items = [str(k) for k in range(10)]
    seed = derive_seed("committee", "2024-02-01")
    assert choose(items, 5, seed) == shuffled(items, seed)[:5]
    with pytest.raises(ValueError):
        choose(items, 11, seed)
    with pytest.raises(ValueError):
        choose(items, -1, seed)


def chi_square(observed_counts, expected_each):
    return sum((count - expected_each) ** 2 / expected_each for count in observed_counts)


def draws(shuffle, runs=6000):
    return [tuple(shuffle(["a", "b", "c"], derive_seed("uniformity", str(i)))) for i in range(runs)]


def uniform(sample):
    """Every item equally often at each position (df 2) and every order equally often (df 5), at p = 0.001."""
    for item in "abc":
        positions = Counter(order.index(item) for order in sample)
        if chi_square([positions[p] for p in range(3)], len(sample) / 3) >= CHI2_CRITICAL_0_001[2]:
            return False
    orders = Counter(sample)
    return chi_square([orders[p] for p in permutations("abc")], len(sample) / 6) < CHI2_CRITICAL_0_001[5]


def test_every_item_lands_in_every_position_equally_often_over_6000_seeds():
    assert uniform(draws(shuffled))


def test_the_uniformity_check_catches_the_classic_biased_shuffle():
    def naive(items, seed):  # swaps with any position, not just the ones left: 27 paths onto 6 orders
        result, stream = sorted(items), lottery._Stream(seed)
        for i in range(len(result)):
            j = stream.below(len(result))
            result[i], result[j] = result[j], result[i]
        return result

    assert not uniform(draws(naive))
