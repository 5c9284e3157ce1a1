"""Domain errors. Actions raise these; the API and pages turn them into
4xx answers with the message in the user's language."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """Base class: a request the domain refuses, with a user-facing message."""

    status_code = 400
    code = "invalid"
    default_message = _("The request could not be processed.")

    def __init__(self, message=None, *, fields: dict | None = None, code: str | None = None):
        self.message = message or self.default_message
        self.fields = fields or {}
        if code:
            self.code = code
        super().__init__(str(self.message))


class InvalidInput(DomainError):
    status_code = 400
    code = "invalid_input"
    default_message = _("Some of the information given is not valid.")


class NotFound(DomainError):
    status_code = 404
    code = "not_found"
    default_message = _("Not found.")


class PermissionDenied(DomainError):
    status_code = 403
    code = "permission_denied"
    default_message = _("You are not allowed to do this.")


class TransitionNotAllowed(DomainError):
    status_code = 409
    code = "transition_not_allowed"
    default_message = _("This action is not possible in the complaint's current state.")
