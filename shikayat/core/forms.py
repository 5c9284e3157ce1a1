"""Showing a domain's refusal on the Django form that carried the input, and how every form's labels read."""

import unicodedata
from collections.abc import Callable

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html

from .errors import DomainError


def show_domain_errors(form, error: DomainError, *, alias: Callable[[str], str] | None = None) -> None:
    """Each of the error's field messages goes on that field of the form (or on
    `alias(field)`, for forms that name a domain field differently); a field the
    form does not have, or an error without fields, becomes a form-wide error."""
    for field, problems in (error.fields or {None: [error.message]}).items():
        target = field if field in form.fields else alias(field) if alias and field else None
        for problem in problems:
            form.add_error(target if target in form.fields else None, str(problem))


def marked_required(field) -> bool:
    """Required by the form, or by the domain (a form field left optional so that the domain's message is
    shown, marked with aria-required="true" on its widget)."""
    return field.required or str(field.widget.attrs.get("aria-required", "")).lower() == "true"


class ShownField(BoundField):
    """Every form's labels (settings.FORM_RENDERER): the colon only after a label that does not already end
    in punctuation — Django's rule knows ":?.!" but not the Urdu "؟" or "۔" —, and a visible * on a
    required field (its input carries required / aria-required for screen readers; the page's legend says
    what * means)."""

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        if contents is not None:
            return super().label_tag(contents, attrs, label_suffix, tag)
        text = str(self.label or "")
        if label_suffix is None:
            label_suffix = self.field.label_suffix if self.field.label_suffix is not None else self.form.label_suffix
        if not text or unicodedata.category(text[-1]).startswith("P"):
            label_suffix = ""
        contents = format_html("{}{}", text, label_suffix or "")
        if text and marked_required(self.field):
            contents = format_html('{} <span class="required-mark" aria-hidden="true">*</span>', contents)
        return super().label_tag(contents, attrs, "", tag)


class Renderer(DjangoTemplates):
    bound_field_class = ShownField
