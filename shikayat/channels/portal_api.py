"""The outbox adapter of channel "portal": sends one step of an imported complaint to the API of the portal it
came from (the row's recipient is the portal's source name; its context is the body, already in their fields:
listeners.py). The connection (endpoint, credential, timeouts, request shape) is read from PortalConnection;
the credential from the environment variable it names.

Each request carries the row's idempotency key (header Idempotency-Key), stable across retries. 2xx: sent;
408, 429 and 5xx: retried with backoff (adapters.raise_for_status); any other 4xx: the portal refused it for
good, so it goes to the dead letter, where the complaint cell sees it (portal_views.py) and can retry it.

safe_to_resend is one flag per channel in the outbox, so it holds only when every portal sent to by API
honours the key (their mapping's "idempotent"): a worker stopped mid-send is then simply retried; otherwise the
row waits for a person as UNCERTAIN."""

import os

import httpx

from shikayat.notifications.adapters import id_in_answer, raise_for_status
from shikayat.notifications.backends import DeliveryError, Outgoing, PermanentDeliveryError, UncertainDelivery

from . import writeback
from .models import PortalConnection

IDEMPOTENCY_HEADER = "Idempotency-Key"


class PortalBackend:
    name = "portal"

    def __init__(self):
        self._connections: dict[str, tuple[PortalConnection, writeback.WriteMapping]] = {}
        usable = [self._usable(row) for row in PortalConnection.objects.filter(mode=PortalConnection.Mode.API)]
        self.safe_to_resend = bool(usable) and all(found is not None and found[1].idempotent for found in usable)
        self.client = httpx.Client()

    def close(self) -> None:
        self.client.close()

    def _usable(self, row: PortalConnection):
        try:
            return row, writeback.build(row.source, row.mapping)
        except Exception:
            return None

    def _connection(self, source: str) -> tuple[PortalConnection, writeback.WriteMapping]:
        if source not in self._connections:
            row = PortalConnection.objects.filter(source=source, mode=PortalConnection.Mode.API).first()
            if row is None or not row.endpoint:
                raise PermanentDeliveryError(f"portal {source!r} has no API connection with an endpoint")
            found = self._usable(row)
            if found is None:
                raise PermanentDeliveryError(f"portal {source!r}: its write-back mapping is not usable")
            self._connections[source] = found
        return self._connections[source]

    def _headers(self, row: PortalConnection, key: str) -> dict:
        headers = {"Accept": "application/json", IDEMPOTENCY_HEADER: key}
        if row.secret_env:
            secret = os.environ.get(row.secret_env, "")
            if not secret:
                # Configuration, not the message: retried, so that setting the variable lets it through.
                raise DeliveryError(f"portal {row.source!r}: environment variable {row.secret_env} is not set")
            headers[row.auth_header or "Authorization"] = f"{row.auth_scheme} {secret}".strip()
        return headers

    def send(self, message: Outgoing) -> str:
        row, mapping = self._connection(message.recipient)
        body = {name: "" if value is None else value for name, value in message.context.items()}
        shape = {"json": body} if mapping.body == "json" else {"data": {k: str(v) for k, v in body.items()}}
        try:
            response = self.client.request(
                mapping.method, row.endpoint, headers=self._headers(row, message.idempotency_key),
                timeout=httpx.Timeout(row.read_timeout, connect=row.connect_timeout), **shape)
        except httpx.ConnectTimeout as error:  # nothing reached them
            raise DeliveryError(f"portal {row.source!r} did not answer the connection") from error
        except httpx.TimeoutException as error:
            # It may have arrived: a portal that honours the key recognises the retry; for another, a person checks.
            detail = f"portal {row.source!r} timed out: {type(error).__name__}"
            raise (DeliveryError if mapping.idempotent else UncertainDelivery)(detail) from error
        except httpx.TransportError as error:
            raise DeliveryError(f"portal {row.source!r} unreachable: {type(error).__name__}: {error}") from error
        raise_for_status(f"portal {row.source}", response.status_code, response.text,
                         response.headers.get("Retry-After"))
        return id_in_answer(response, mapping.id_field)

