"""Email through Django's email backend (EMAIL_BACKEND / EMAIL_HOST …).

The Message-ID is derived from the idempotency key, so every retry of a
message carries the same one; mailbox providers that collapse duplicate
Message-IDs (Gmail does) show a retried message once, and a duplicate email
does little harm, so this adapter is safe_to_resend. The headers mark the
mail as automatic, so our own email intake (and auto-responders) ignore it."""

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.utils import DNS_NAME

from ..backends import DeliveryError, Outgoing, PermanentDeliveryError


class EmailBackend:
    name = "email"
    safe_to_resend = True

    def __init__(self):
        self.connection = get_connection(fail_silently=False)

    def close(self) -> None:
        self.connection.close()

    def message_id(self, message: Outgoing) -> str:
        domain = settings.SHIKAYAT.get("EMAIL_MESSAGE_ID_DOMAIN") or str(DNS_NAME)
        return f"<{message.idempotency_key}@{domain}>"

    def send(self, message: Outgoing) -> str:
        message_id = self.message_id(message)
        email = EmailMessage(
            subject=message.subject, body=message.text, from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient], connection=self.connection,
            headers={"Message-ID": message_id, "X-Shikayat-Loop": "1", "Auto-Submitted": "auto-generated"},
        )
        try:
            email.send()
        except smtplib.SMTPRecipientsRefused as error:
            raise PermanentDeliveryError(f"mail server refused the recipient: {error.recipients}") from error
        except smtplib.SMTPResponseException as error:
            detail = f"mail server answered {error.smtp_code}: {error.smtp_error!r}"
            if 500 <= error.smtp_code < 600:
                raise PermanentDeliveryError(detail) from error
            raise DeliveryError(detail) from error
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryError(f"mail server unreachable: {type(error).__name__}: {error}") from error
        return message_id
