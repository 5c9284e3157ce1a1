"""Showing a domain's refusal on the Django form that carried the input."""

from collections.abc import Callable

from .errors import DomainError


def show_domain_errors(form, error: DomainError, *, alias: Callable[[str], str] | None = None) -> None:
    """Each of the error's field messages goes on that field of the form (or on
    `alias(field)`, for forms that name a domain field differently); a field the
    form does not have, or an error without fields, becomes a form-wide error."""
    for field, problems in (error.fields or {None: [error.message]}).items():
        target = field if field in form.fields else alias(field) if alias and field else None
        for problem in problems:
            form.add_error(target if target in form.fields else None, str(problem))
