from hypothesis import given
from hypothesis import strategies as st

from recruitment.lib.albanian import ALPHABET, letters, sort_names


def test_r18_4_the_shortlist_order_follows_the_36_letter_alphabet():
    names = [
        "Zhuri",
        "Zeka",
        "Llapi",
        "Lika",
        "Gjoni",
        "Gashi",
        "Ëmini",
        "Ely",
        "Dhima",
        "Dushi",
        "Cana",
        "Çeku",
    ]
    assert sort_names(names) == [
        "Cana",
        "Çeku",
        "Dushi",
        "Dhima",
        "Ely",
        "Ëmini",
        "Gashi",
        "Gjoni",
        "Lika",
        "Llapi",
        "Zeka",
        "Zhuri",
    ]


def test_r18_4_each_digraph_is_a_letter_of_its_own():
    assert sort_names(["Nuhiu", "Njeri", "Nyja"]) == ["Nuhiu", "Nyja", "Njeri"]
    assert sort_names(["Rexha", "Rrahmani", "Ruci"]) == ["Rexha", "Ruci", "Rrahmani"]
    assert sort_names(["Shala", "Syla", "Sadiku"]) == ["Sadiku", "Syla", "Shala"]
    assert sort_names(["Thaçi", "Tahiri", "Tusha"]) == ["Tahiri", "Tusha", "Thaçi"]
    assert sort_names(["Xhaka", "Xani"]) == ["Xani", "Xhaka"]
    assert letters("Gjergj") == ["gj", "e", "r", "gj"]


def test_the_order_ignores_case_and_is_stable_for_equal_spellings():
    assert sort_names(["ëmini", "Emini", "EMINI"]) == ["EMINI", "Emini", "ëmini"]


def test_the_alphabet_has_36_letters():
    assert len(ALPHABET) == 36


@given(st.lists(st.text(alphabet="abcçdeëghjlnrstxzABCÇDËGHJLNRSTXZ w-", max_size=12), max_size=20))
def test_the_order_is_total_and_independent_of_input_order(names):
    assert sort_names(names) == sort_names(list(reversed(names)))
    assert sorted(sort_names(names)) == sorted(names)
