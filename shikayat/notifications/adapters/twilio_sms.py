"""SMS through Twilio's official library, configured in SHIKAYAT["TWILIO"].

Twilio's Messages API does not deduplicate by a client key, so this adapter
is not safe_to_resend: if the answer is lost after the request went out (a
read timeout, a dropped connection, the worker killed mid-send) the message
is marked "outcome unknown" for a person instead of being sent again. Status
callbacks (POST /api/v1/delivery/twilio/) report what became of it."""

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client
from urllib3.exceptions import NewConnectionError

from ..backends import DeliveryError, Outgoing, UncertainDelivery
from . import raise_for_status

DEFAULTS = {
    "ACCOUNT_SID": "",
    "AUTH_TOKEN": "",
    "FROM": "",  # a Twilio number, or
    "MESSAGING_SERVICE_SID": "",  # a messaging service (takes precedence)
    "STATUS_CALLBACK": "",  # full public URL of /api/v1/delivery/twilio/ ("" asks for no callbacks)
    "BASE_URL": "",  # "" is Twilio's; tests point it at a local server
    "CONNECT_TIMEOUT": 5.0,
    "READ_TIMEOUT": 15.0,
}


def config() -> dict:
    return {**DEFAULTS, **settings.SHIKAYAT.get("TWILIO", {})}


class TwilioSmsBackend:
    name = "twilio"
    safe_to_resend = False

    def __init__(self, options: dict | None = None):
        self.config = {**config(), **(options or {})}
        c = self.config
        if not (c["ACCOUNT_SID"] and c["AUTH_TOKEN"] and (c["FROM"] or c["MESSAGING_SERVICE_SID"])):
            raise ImproperlyConfigured("Twilio needs SHIKAYAT_TWILIO_ACCOUNT_SID, _AUTH_TOKEN and _FROM "
                                       "(or _MESSAGING_SERVICE_SID).")
        http = TwilioHttpClient(timeout=float(c["READ_TIMEOUT"]))
        # requests takes a (connect, read) pair; the library checks only a number passed to its
        # constructor and hands its default to requests unchanged.
        http.timeout = (float(c["CONNECT_TIMEOUT"]), float(c["READ_TIMEOUT"]))
        self.client = Client(c["ACCOUNT_SID"], c["AUTH_TOKEN"], http_client=http)
        if c["BASE_URL"]:
            self.client.api.base_url = c["BASE_URL"].rstrip("/")

    def close(self) -> None:
        session = getattr(self.client.http_client, "session", None)
        if session is not None:
            session.close()

    def send(self, message: Outgoing) -> str:
        c = self.config
        fields = {"to": message.recipient, "body": message.text}
        if c["MESSAGING_SERVICE_SID"]:
            fields["messaging_service_sid"] = c["MESSAGING_SERVICE_SID"]
        else:
            fields["from_"] = c["FROM"]
        if c["STATUS_CALLBACK"]:
            fields["status_callback"] = c["STATUS_CALLBACK"]
        try:
            created = self.client.messages.create(**fields)
        except TwilioRestException as error:
            raise_for_status("Twilio", error.status, f"{error.code}: {error.msg}")
            raise  # a 2xx never raises
        except requests.exceptions.ConnectTimeout as error:
            raise DeliveryError("Twilio did not accept the connection in time") from error
        except requests.exceptions.ConnectionError as error:
            if _never_connected(error):
                raise DeliveryError(f"Twilio unreachable: {error}") from error
            raise UncertainDelivery(f"connection to Twilio lost mid-request: {error}") from error
        except requests.exceptions.RequestException as error:
            raise UncertainDelivery(f"no answer from Twilio: {type(error).__name__}") from error
        return created.sid or ""


def _never_connected(error: requests.exceptions.ConnectionError) -> bool:
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return isinstance(reason, NewConnectionError)
