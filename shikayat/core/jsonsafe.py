"""Untrusted JSON and text from machines (the WhatsApp webhook, the SMS
gateway, delivery callbacks, mail), made storable.

PostgreSQL refuses NUL in text and `\\u0000` in jsonb, no UTF-8 codec takes
a lone surrogate, and jsonb refuses NaN and Infinity; Python's json reads all
of them. Such characters are replaced by U+FFFD (so the stored text shows
that something unreadable was there) and non-finite numbers become null.
Nesting deeper than any real payload is cut off (null in its place) before
recursion limits turn it into a server error; nesting too deep for the
parser itself is refused (ValueError)."""

import json
import math
import re

REPLACEMENT = "\ufffd"
# Meta's deepest payload (an interactive reply in a message in a change in an entry) is about ten levels.
MAX_DEPTH = 32
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class Unreadable(ValueError):
    """Not JSON, or nested beyond what the parser can read."""


def clean_text(text: str) -> str:
    """`text` with NUL and lone surrogates replaced by U+FFFD."""
    return _UNSTORABLE.sub(REPLACEMENT, text)


def has_unstorable(text: str) -> bool:
    return _UNSTORABLE.search(text) is not None


def loads(raw: bytes | str):
    """json.loads that fails only with Unreadable (a ValueError)."""
    try:
        return json.loads(raw)
    except RecursionError as error:
        raise Unreadable("JSON nested too deeply") from error
    except ValueError as error:  # JSONDecodeError, UnicodeDecodeError, an integer beyond Python's digit limit
        raise Unreadable(str(error)) from error


def deeper_than(value, limit: int) -> bool:
    """Whether lists or objects nest more than `limit` levels (read without recursion)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth >= limit:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


def clean(value, max_depth: int = MAX_DEPTH) -> tuple[object, bool]:
    """A copy of a parsed JSON value that every database and codec takes,
    and whether anything had to change: strings (keys too) through
    clean_text, non-finite floats as None, lists and objects nested deeper
    than `max_depth` as None."""
    changed = False

    def walk(item, depth: int):
        nonlocal changed
        if isinstance(item, str):
            if has_unstorable(item):
                changed = True
                return clean_text(item)
            return item
        if isinstance(item, float) and not math.isfinite(item):
            changed = True
            return None
        if isinstance(item, dict | list):
            if depth >= max_depth:
                changed = True
                return None
            if isinstance(item, dict):
                return {walk(key, depth): walk(child, depth + 1) for key, child in item.items()}
            return [walk(child, depth + 1) for child in item]
        return item  # int, bool, None: storable as they are

    return walk(value, 0), changed
