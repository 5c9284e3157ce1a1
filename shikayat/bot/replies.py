"""Replies as the outbox sends them: text, or text with reply buttons, a
list or a location request, cut to fit Meta's limits (the adapter checks
them again). The interactive builders leave out the body: Turn.say puts the
reply's text there."""

from dataclasses import dataclass

from shikayat.notifications.adapters import whatsapp as limits


@dataclass(frozen=True)
class Reply:
    text: str
    interactive: dict | None = None
    language: str = "en"

    def context(self) -> dict:
        return {"text": self.text, "interactive": self.interactive} if self.interactive else {"text": self.text}


def fit(text: str, limit: int) -> str:
    """`text`, shortened with an ellipsis when longer than `limit`."""
    text = " ".join(str(text).split()) if limit < 100 else str(text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def buttons(choices: list[tuple[str, str]]) -> dict:
    """Reply buttons: at most three (id, title) pairs."""
    if not 1 <= len(choices) <= limits.BUTTONS_MAX:
        raise ValueError(f"{len(choices)} buttons: WhatsApp allows 1 to {limits.BUTTONS_MAX}")
    return {"type": "button", "action": {"buttons": [
        {"type": "reply", "reply": {"id": key[: limits.BUTTON_ID_MAX], "title": fit(title, limits.BUTTON_TITLE_MAX)}}
        for key, title in choices]}}


def choice_list(button: str, rows: list[tuple[str, str]], section: str = "") -> dict:
    """A list message of at most ten (id, title) rows; a title too long for a
    row is cut there and given whole in the row's description."""
    if not 1 <= len(rows) <= limits.LIST_ROWS_MAX:
        raise ValueError(f"{len(rows)} rows: a WhatsApp list holds 1 to {limits.LIST_ROWS_MAX}")
    items = []
    for key, title in rows:
        row = {"id": key[: limits.ROW_ID_MAX], "title": fit(title, limits.ROW_TITLE_MAX)}
        if row["title"] != title:
            row["description"] = fit(title, limits.ROW_DESCRIPTION_MAX)
        items.append(row)
    section_row = {"rows": items}
    if section:
        section_row["title"] = fit(section, limits.SECTION_TITLE_MAX)
    return {"type": "list", "action": {"button": fit(button, limits.LIST_BUTTON_MAX), "sections": [section_row]}}


def location_request() -> dict:
    return {"type": "location_request_message", "action": {"name": "send_location"}}


def with_body(interactive: dict, text: str) -> dict:
    return {**interactive, "body": {"text": text}}
