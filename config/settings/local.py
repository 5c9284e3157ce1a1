"""Development on a laptop: SQLite under var/, DEBUG on, console messages."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-change-me"  # noqa: F405
VAR_DIR.mkdir(parents=True, exist_ok=True)
