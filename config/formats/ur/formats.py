"""The same formats as English (config/formats/en/formats.py)."""

from config.formats.en.formats import *  # noqa: F401,F403
