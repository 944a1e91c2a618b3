"""A seeded, reproducible, verifiable draw by lot (R-27.1.4 ties; the committee draw of R-13.4 reuses it).

Standard library only, so that anyone can check a published draw with a few lines of any language.

Algorithm, version ``ALGORITHM_VERSION`` ("lottery-v1"):

1. **Seed.** ``derive_seed(*parts)`` turns public facts (e.g. the competition code, the date of the act,
   a published random number) into the seed:
   each part is encoded as UTF-8 and written as a netstring ``<length in bytes, decimal ASCII>:<bytes>,``;
   the netstring of the text ``lottery-v1`` comes first, then the netstrings of the parts in the order given.
   The seed is the lower-case hexadecimal SHA-256 digest of these bytes (64 characters).
   Example: parts ``("KQZ 44/2023", "2023-04-01")`` hash the bytes
   ``10:lottery-v1,11:KQZ 44/2023,10:2023-04-01,``.

2. **Random stream.** Block number ``c`` (``c`` = 0, 1, 2, ...) is
   ``HMAC-SHA256(key = UTF-8 bytes of the seed text, message = c as an 8-byte unsigned big-endian integer)``;
   its first 8 bytes, read as an unsigned big-endian integer, give a number ``u`` in ``[0, 2**64)``.
   Every block is used for one number only, and ``c`` grows by one per block, including rejected ones.

3. **Uniform integer below n** (rejection sampling, so no modulo bias): ``limit = 2**64 - (2**64 mod n)``;
   take the next ``u``; if ``u < limit`` the result is ``u mod n``, otherwise discard it and take the next.

4. **Shuffle.** ``shuffled(items, seed)``: sort the items by Unicode code point (the same as sorting their
   UTF-8 bytes), so the result does not depend on the order they were given in; then Fisher–Yates from the
   end: for ``i`` from ``len - 1`` down to ``1``, draw ``j`` = uniform integer below ``i + 1`` and swap
   positions ``i`` and ``j``. Each of the ``n!`` orders is equally likely.

5. **Choice.** ``choose(items, k, seed)`` is the first ``k`` items of ``shuffled(items, seed)``.

The items must be distinct texts (ids, codes). Changing any step changes ``ALGORITHM_VERSION``.
"""

import hashlib
import hmac

ALGORITHM_VERSION = "lottery-v1"

_BLOCK_BITS = 64
_SPACE = 1 << _BLOCK_BITS


def _netstring(text: str) -> bytes:
    data = text.encode("utf-8")
    return str(len(data)).encode("ascii") + b":" + data + b","


def derive_seed(*public_parts: str) -> str:
    """The SHA-256 hex digest of the version and the parts, each as a netstring (step 1 above)."""
    if not public_parts:
        raise ValueError("A seed needs at least one public part.")
    for part in public_parts:
        if not isinstance(part, str):
            raise TypeError(f"Seed parts must be text, got {type(part).__name__}.")
    message = _netstring(ALGORITHM_VERSION) + b"".join(_netstring(part) for part in public_parts)
    return hashlib.sha256(message).hexdigest()


class _Stream:
    """The HMAC-SHA256 counter stream of step 2, with the rejection sampling of step 3."""

    def __init__(self, seed: str):
        if not isinstance(seed, str) or not seed:
            raise ValueError("The seed must be a non-empty text.")
        self._key = seed.encode("utf-8")
        self._counter = 0

    def _next_block(self) -> int:
        digest = hmac.new(self._key, self._counter.to_bytes(8, "big"), hashlib.sha256).digest()
        self._counter += 1
        return int.from_bytes(digest[:8], "big")

    def below(self, n: int) -> int:
        limit = _SPACE - (_SPACE % n)
        while True:
            u = self._next_block()
            if u < limit:
                return u % n


def _checked(items: list[str]) -> list[str]:
    items = list(items)
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"Items must be text, got {type(item).__name__}.")
    if len(set(items)) != len(items):
        raise ValueError("Items must be distinct.")
    return sorted(items)


def shuffled(items: list[str], seed: str) -> list[str]:
    """A uniformly random order of the items, the same for the same seed whatever order they came in."""
    result = _checked(items)
    stream = _Stream(seed)
    for i in range(len(result) - 1, 0, -1):
        j = stream.below(i + 1)
        result[i], result[j] = result[j], result[i]
    return result


def choose(items: list[str], k: int, seed: str) -> list[str]:
    """``k`` of the items, drawn by lot in draw order (the first ``k`` of ``shuffled``)."""
    if not 0 <= k <= len(items):
        raise ValueError(f"Cannot choose {k} of {len(items)} items.")
    return shuffled(items, seed)[:k]
