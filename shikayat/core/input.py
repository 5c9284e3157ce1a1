"""Reading raw input from any channel: every problem collected at once."""


class FieldErrors(dict):
    """field → messages, for InvalidInput(fields=…)."""

    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(message)


def field_text(data: dict, key: str) -> str:
    """The value under `key` as stripped text ("" when missing)."""
    value = data.get(key)
    return "" if value is None else str(value).strip()
