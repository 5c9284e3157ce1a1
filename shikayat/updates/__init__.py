"""Who hears what, and when: the messages a complaint's events send to its
complainant (citizen.py, in citizen wording) and to its officers
(officers.py), as listeners of the complaint core (complaints/hooks.py),
and the addresses that asked to stop updates (stops.py)."""
