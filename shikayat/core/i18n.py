"""Helpers for the three-language names stored on domain rows."""

from django.utils import translation

LANGS = ("en", "ur", "hi")


def current_lang() -> str:
    lang = (translation.get_language() or "en")[:2]
    return lang if lang in LANGS else "en"


class TrilingualNameMixin:
    """Rows with name_en / name_ur / name_hi columns."""

    def in_language(self, field: str, lang: str | None = None) -> str:
        """`field_<lang>`, falling back to English when it is empty."""
        lang = lang or current_lang()
        return getattr(self, f"{field}_{lang}", "") or getattr(self, f"{field}_en")

    def typed_in(self, field: str, lang: str | None = None) -> str:
        """A text typed once (`field`, in whatever language it was written) with optional `field_ur` /
        `field_hi` translations: the reader's when given, else the text as typed."""
        lang = lang or current_lang()
        return (getattr(self, f"{field}_{lang}", "") if lang != "en" else "") or getattr(self, field)

    def name_in(self, lang: str | None = None) -> str:
        return self.in_language("name", lang)

    @property
    def name(self) -> str:
        return self.name_in()
