"""E-tags: short, readable tracking numbers with a check character.

An E-tag is 7 characters of Crockford base32 (no I, L, O, U: nothing to
misread) plus one check character, shown as ``K7QM-4XZ2``. The body encodes a
database sequence number passed through a permutation keyed with this
installation's secret (SHIKAYAT_ETAG_KEY, or one derived from SECRET_KEY): a
ten-round Feistel network over the 35 bits with keyed BLAKE2b as its round
function. Without the key, knowing one's own E-tags (or that numbers run
1, 2, 3 …) says nothing about anyone else's, so E-tags cannot be walked.

E-tags are stored and looked up as strings, never decoded back to a number,
so a change of key (or the move from the earlier unkeyed bijection) leaves
every issued E-tag valid. Within one key the sequence makes E-tags distinct;
against those issued under another key, `allocate` skips any that is
already taken.

The check character is Damm's algorithm over GF(32): the operation
``x * y = 2x + y`` (in GF(2^5)) is a weakly totally anti-symmetric quasigroup,
so every single-character substitution and every swap of two adjacent
characters (the check character included) changes the result.
"""

import hashlib
import os
import threading
from functools import lru_cache

from django.conf import settings
from django.db import connection, transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from shikayat.core.errors import InvalidInput

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
VALUES = {ch: i for i, ch in enumerate(ALPHABET)}
# Crockford's forgiving reads for characters people type by mistake.
ALIASES = {"O": "0", "I": "1", "L": "1"}
BODY_LENGTH = 7
SPACE = 32**BODY_LENGTH  # 2**35 ≈ 34 billion E-tags
_HIGH_BITS, _LOW_BITS = 18, 17  # the Feistel halves of a 35-bit number
ROUNDS = 10
_GF_POLY = 0b100101  # x^5 + x^2 + 1, irreducible


def _times_two(x: int) -> int:
    x <<= 1
    return x ^ _GF_POLY if x & 32 else x


def _fold(values) -> int:
    interim = 0
    for value in values:
        interim = _times_two(interim) ^ value
    return interim


def check_character(body: str) -> str:
    return ALPHABET[_times_two(_fold(VALUES[ch] for ch in body))]


@lru_cache(maxsize=4)
def _round_keys(key: str, secret_key: str) -> tuple:
    """A keyed BLAKE2b state per round, copied for each use (cheaper than keying each call)."""
    master = key.encode() if key else salted_hmac("shikayat.complaints.etag", "permutation",
                                                  secret=secret_key, algorithm="sha256").digest()
    master = hashlib.sha256(master).digest()
    return tuple(hashlib.blake2b(bytes([r]), key=master, digest_size=8) for r in range(ROUNDS))


def _scramble(number: int) -> int:
    """A keyed permutation of 0 … 2**35 - 1 (alternating Feistel: halves of 18 and 17 bits swap sizes
    each round, as in NIST's FF1, so no value falls outside the space)."""
    rounds = _round_keys(settings.SHIKAYAT.get("ETAG_KEY", ""), settings.SECRET_KEY)
    left, right = number >> _LOW_BITS, number & ((1 << _LOW_BITS) - 1)
    for index, state in enumerate(rounds):
        bits = _HIGH_BITS if index % 2 == 0 else _LOW_BITS  # the width of `left` this round
        keyed = state.copy()
        keyed.update(right.to_bytes(5, "big"))
        left, right = right, (left + int.from_bytes(keyed.digest(), "big")) % (1 << bits)
    return (left << _LOW_BITS) | right


def encode(number: int) -> str:
    """The canonical (undashed) E-tag for sequence `number`."""
    if not 0 < number < SPACE:
        raise ValueError("E-tag sequence exhausted or invalid")
    value, chars = _scramble(number), []
    for _i in range(BODY_LENGTH):
        value, digit = divmod(value, 32)
        chars.append(ALPHABET[digit])
    body = "".join(reversed(chars))
    return body + check_character(body)


def display(etag: str) -> str:
    return f"{etag[:4]}-{etag[4:]}" if len(etag) == BODY_LENGTH + 1 else etag


def is_valid(raw: str) -> bool:
    try:
        normalise(raw)
    except InvalidInput:
        return False
    return True


def normalise(raw: str) -> str:
    """Canonical form of a typed E-tag, or InvalidInput saying what is wrong."""
    text = "".join(ch for ch in (raw or "").upper() if ch not in " -_")
    text = "".join(ALIASES.get(ch, ch) for ch in text)
    if len(text) != BODY_LENGTH + 1 or any(ch not in VALUES for ch in text):
        message = _("An E-tag has 8 letters and digits, like K7QM-4XZ2. Please check the number and try again.")
        raise InvalidInput(message, fields={"etag": [message]}, code="etag_malformed")
    if _fold(VALUES[ch] for ch in text) != 0:
        message = _("This E-tag has a typing mistake: one character is wrong or two are swapped. Please check it.")
        raise InvalidInput(message, fields={"etag": [message]}, code="etag_check_failed")
    return text


SEQUENCE_NAME = "complaints_etag_seq"


def next_sequence_value() -> int:
    """Allocate the next number, safe under concurrency on both databases.

    PostgreSQL: a real sequence (never hands out a value twice, no lock held
    until commit). SQLite: a counter row updated with RETURNING inside the
    caller's transaction; SQLite's single writer serialises allocations."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT nextval('{SEQUENCE_NAME}')")
            return cursor.fetchone()[0]
        with transaction.atomic():
            cursor.execute(
                "UPDATE complaints_etagcounter SET value = value + 1 WHERE name = %s RETURNING value", ["etag"]
            )
            row = cursor.fetchone()
            if row is None:
                cursor.execute("INSERT INTO complaints_etagcounter (name, value) VALUES (%s, 1)", ["etag"])
                return 1
            return row[0]


def next_sequence_values(count: int) -> list[int]:
    """`count` numbers in one round trip (batch intake)."""
    if count <= 0:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT nextval('{SEQUENCE_NAME}') FROM generate_series(1, %s)", [count])
            return [row[0] for row in cursor.fetchall()]
        with transaction.atomic():
            cursor.execute(
                "UPDATE complaints_etagcounter SET value = value + %s WHERE name = %s RETURNING value", [count, "etag"]
            )
            last = cursor.fetchone()[0]
            return list(range(last - count + 1, last + 1))


# Models whose `etag` column shares this sequence (complaints, and whatever registers in its AppConfig.ready()).
HOLDERS: list[str] = ["complaints.Complaint"]
# PostgreSQL: each process reserves numbers a block at a time and checks the block's E-tags in one statement, so
# a complaint costs no round trip for its E-tag in most cases instead of three (nextval, then one look-up per
# holder). nextval() is outside every transaction, so a reserved number is never handed out twice even when the
# transaction that reserved it rolls back; unused ones are lost when the process ends (gaps cost nothing: 2**35).
RESERVE = 32


def also_held_by(model_label: str) -> None:
    """Another table hands out E-tags from this sequence; `allocate` keeps clear of its E-tags too."""
    if model_label not in HOLDERS:
        HOLDERS.append(model_label)


def _taken(tags: list[str]) -> set[str]:
    """Those of `tags` some holder already has, in one statement."""
    from django.apps import apps

    queries = [apps.get_model(label).objects.filter(etag__in=tags).values_list("etag", flat=True) for label in HOLDERS]
    found = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    return set(found)


def _fresh(count: int) -> list[str]:
    """`count` new E-tags straight from the sequence, skipping any already held (issued under an earlier key:
    about one in 34 billion per issued E-tag)."""
    tags: list[str] = []
    while len(tags) < count:
        wanted = count - len(tags)
        fresh = [encode(n) for n in (next_sequence_values(wanted) if wanted > 1 else [next_sequence_value()])]
        taken = _taken(fresh)
        tags.extend(tag for tag in fresh if tag not in taken)
    return tags


class _Reserve:
    """E-tags reserved by this process (PostgreSQL), valid for one key: a fork or a new key starts afresh."""

    def __init__(self):
        self.lock = threading.Lock()
        self.owner: tuple = ()
        self.tags: list[str] = []

    def take(self, count: int) -> list[str]:
        owner = (os.getpid(), settings.SHIKAYAT.get("ETAG_KEY", ""), settings.SECRET_KEY)
        with self.lock:
            if owner != self.owner:
                self.owner, self.tags = owner, []
            if len(self.tags) < count:
                self.tags.extend(_fresh(count - len(self.tags) + RESERVE))
            taken, self.tags = self.tags[:count], self.tags[count:]
        return taken

    def discard(self) -> None:
        with self.lock:
            self.tags = []


_reserve = _Reserve()


def discard_reserved() -> None:
    """Forget this process's reserved E-tags (tests that predict the next number from the sequence)."""
    _reserve.discard()


def allocate() -> str:
    """A new E-tag, none issued before (under this key or an earlier one)."""
    return allocate_many(1)[0]


def allocate_many(count: int) -> list[str]:
    """`count` new E-tags: on PostgreSQL from this process's reserve (topped up a block at a time), on SQLite
    straight from the counter row, which is inside the caller's transaction (a rolled back transaction gives
    its numbers back, so they cannot be reserved). A number whose E-tag is already taken is skipped."""
    if count <= 0:
        return []
    if connection.vendor == "postgresql":
        return _reserve.take(count)
    return _fresh(count)
