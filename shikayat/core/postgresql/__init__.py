"""Django's PostgreSQL backend, with health checks of reused connections only after a pause (base.py)."""
