class BackupError(Exception):
    """A backup or restore that cannot go on; the commands print it and exit non-zero."""
