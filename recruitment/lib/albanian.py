"""Albanian alphabetical order (R-18.4: the shortlist "sipas rendit alfabetik").

The Albanian alphabet has 36 letters, nine of them digraphs that sort as letters of their own:
a b c ç d dh e ë f g gj h i j k l ll m n nj o p q r rr s sh t th u v x xh y z zh.
So "Dhima" follows every "D…" name that is not "Dh…", "Ëmini" follows "Ely", "Llapi" follows "Lika".
Letters outside the alphabet (w, accented foreign letters) sort after the Albanian ones by their
code point, so any name has a place and the order is total.
"""

import unicodedata

ALPHABET = (
    "a",
    "b",
    "c",
    "ç",
    "d",
    "dh",
    "e",
    "ë",
    "f",
    "g",
    "gj",
    "h",
    "i",
    "j",
    "k",
    "l",
    "ll",
    "m",
    "n",
    "nj",
    "o",
    "p",
    "q",
    "r",
    "rr",
    "s",
    "sh",
    "t",
    "th",
    "u",
    "v",
    "x",
    "xh",
    "y",
    "z",
    "zh",
)
_RANK = {letter: index for index, letter in enumerate(ALPHABET)}
_DIGRAPHS = sorted((letter for letter in ALPHABET if len(letter) == 2), key=len, reverse=True)


def letters(word: str) -> list[str]:
    """Split a word into Albanian letters, digraphs first ("Gjoni" → gj, o, n, i)."""
    word = unicodedata.normalize("NFC", word.casefold())
    out, i = [], 0
    while i < len(word):
        pair = word[i : i + 2]
        if pair in _RANK and len(pair) == 2:
            out.append(pair)
            i += 2
        else:
            out.append(word[i])
            i += 1
    return out


def _letter_key(letter: str) -> tuple[int, int]:
    if letter in _RANK:
        return (0, _RANK[letter])
    if letter.isspace() or letter in "-'’.":
        return (-1, 0)  # separators sort before any letter: "Ana Maria" before "Anabela"
    return (1, ord(letter))


def sort_key(name: str) -> tuple:
    """A key for sorted(): Albanian order, case-insensitive, then the exact text to break ties."""
    return (tuple(_letter_key(letter) for letter in letters(name)), name)


def sort_names(names):
    return sorted(names, key=sort_key)
