"""The answers to a service's attributes (`attribute[code]=…`, `attribute[code][]=…` for several): checked against
each attribute's datatype, values and `required`, every problem at once, then written as lines of the complaint's
description ("Registration number: LEA-1234") in the complaint's language, so the officer reads them."""

import re
from decimal import Decimal, InvalidOperation

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from shikayat.core.input import FieldErrors

from .models import Datatype, ServiceAttribute

FIELD = re.compile(r"attribute\[([^\[\]]{1,60})\](\[\])?")
MAX_LENGTH = {Datatype.STRING: 200, Datatype.TEXT: 2000}


def answers_in(form) -> dict[str, list[str]]:
    """attribute code → the values sent (a QueryDict or a dict of lists), blanks dropped."""
    found: dict[str, list[str]] = {}
    for key in form:
        match = FIELD.fullmatch(key)
        if match:
            values = form.getlist(key) if hasattr(form, "getlist") else list(form[key])
            found.setdefault(match[1], []).extend(v.strip() for v in values if v and v.strip())
    return found


def _question(attribute: ServiceAttribute, lang: str) -> str:
    return getattr(attribute, f"description_{lang}", "") or attribute.description_en


def _checked(attribute: ServiceAttribute, values: list[str], lang: str) -> tuple[str | None, str]:
    """(the answer as the officer reads it, None if refused; the problem, "" if none)."""
    kind, question = attribute.datatype, _question(attribute, lang)
    if kind != Datatype.MULTIVALUELIST and len(values) > 1:
        return None, _("“%(question)s” takes one answer.") % {"question": question}
    if kind in (Datatype.SINGLEVALUELIST, Datatype.MULTIVALUELIST):
        names = attribute.value_names(lang)
        unknown = [v for v in values if v not in names]
        if unknown:
            return None, _("“%(value)s” is not one of the answers to “%(question)s”; send one of: %(keys)s.") % {
                "value": unknown[0][:40], "question": question, "keys": ", ".join(names)}
        return ", ".join(names[v] for v in dict.fromkeys(values)), ""
    value = values[0]
    if kind in MAX_LENGTH and len(value) > MAX_LENGTH[kind]:
        return None, _("The answer to “%(question)s” is too long (at most %(max)d characters).") % {
            "question": question, "max": MAX_LENGTH[kind]}
    if kind == Datatype.NUMBER:
        try:
            if not Decimal(value).is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            return None, _("The answer to “%(question)s” must be a number.") % {"question": question}
    if kind == Datatype.DATETIME and parse_datetime(value) is None:
        return None, _("The answer to “%(question)s” must be a date and time like 2026-11-23T14:30:00+05:00.") % {
            "question": question}
    return value, ""


def check(attributes: list[ServiceAttribute], sent: dict[str, list[str]], lang: str, errors: FieldErrors,
          *, line_lang: str) -> list[str]:
    """The description's lines for the answers (in `line_lang`); problems (in `lang`) go into `errors` under
    attribute[code]."""
    by_code = {a.code: a for a in attributes}
    for code in sent:
        if code not in by_code:
            errors.add(f"attribute[{code[:40]}]", _("This service has no attribute “%(code)s”.") % {"code": code[:40]})
    lines = []
    for attribute in attributes:
        values = sent.get(attribute.code, [])
        if not values:
            if attribute.required:
                errors.add(f"attribute[{attribute.code}]", _("Please answer “%(question)s”.") % {
                    "question": _question(attribute, lang)})
            continue
        shown, problem = _checked(attribute, values, lang)
        if problem:
            errors.add(f"attribute[{attribute.code}]", problem)
        else:
            shown = shown if line_lang == lang else _checked(attribute, values, line_lang)[0]
            lines.append(_line(_question(attribute, line_lang), shown))
    return lines


def _line(question: str, answer: str) -> str:
    """“Registration number: LEA-1234”; a question keeps its own mark: “Were the robbers armed? Yes”."""
    return f"{question} {answer}" if question.rstrip().endswith(("?", "؟")) else f"{question}: {answer}"
