"""E-tags: short, readable tracking numbers with a check character.

An E-tag is 7 characters of Crockford base32 (no I, L, O, U: nothing to
misread) plus one check character, shown as ``K7QM-4XZ2``. The body encodes a
database sequence number passed through a fixed bijection, so consecutive
complaints do not get consecutive-looking E-tags, and uniqueness follows from
the sequence.

The check character is Damm's algorithm over GF(32): the operation
``x * y = 2x + y`` (in GF(2^5)) is a weakly totally anti-symmetric quasigroup,
so every single-character substitution and every swap of two adjacent
characters (the check character included) changes the result.
"""

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from shikayat.core.errors import InvalidInput

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
VALUES = {ch: i for i, ch in enumerate(ALPHABET)}
# Crockford's forgiving reads for characters people type by mistake.
ALIASES = {"O": "0", "I": "1", "L": "1"}
BODY_LENGTH = 7
SPACE = 32**BODY_LENGTH  # 2**35 ≈ 34 billion E-tags
_MULT_1, _XOR, _MULT_2 = 0x5DEECE66D % SPACE | 1, 0x2A5C3F1B7, 0x3C6EF372F % SPACE | 1
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


def _scramble(number: int) -> int:
    # Two odd multiplications and an XOR modulo 2**35: a bijection.
    return (((number * _MULT_1) % SPACE ^ _XOR) * _MULT_2) % SPACE


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


def allocate() -> str:
    return encode(next_sequence_value())
