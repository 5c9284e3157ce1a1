"""Where intake email comes from: an IMAP folder or a directory of .eml files,
behind one small interface. A mailbox only hands out raw messages and, once
a message's outcome is recorded, marks it done; deciding what a message is
belongs to email_intake.

    with ImapMailbox(...) as mailbox:          # or DirectoryMailbox(path)
        for key in mailbox.pending():
            raw = mailbox.read(key)
            ...                                # process and record
            mailbox.done(key)

A message whose processing fails is simply not marked done: it is offered
again on the next run. Marking done twice, or processing a message again
after a crash between recording and marking, changes nothing, because the
intake records each Message-ID once."""

import imaplib
import shutil
import ssl as ssl_module
from collections.abc import Callable
from pathlib import Path
from typing import Protocol


class MailboxError(Exception):
    """The mail source could not be reached or refused a command."""


class Mailbox(Protocol):
    def pending(self) -> list[str]:
        """Keys of the messages waiting to be processed, oldest first."""

    def read(self, key: str) -> bytes:
        """The raw RFC 5322 bytes of one message."""

    def done(self, key: str) -> None:
        """The message's outcome is recorded: do not offer it again."""

    def close(self) -> None: ...

    def __enter__(self) -> "Mailbox": ...

    def __exit__(self, *exc) -> None: ...


class DirectoryMailbox:
    """A folder of ``*.eml`` files (a mail server's drop directory, or files
    saved by hand). Processed files are moved to ``processed/`` inside it, so
    the folder shows at a glance what is still waiting or failed; a file put
    back, or the same message saved twice, is recognised by its Message-ID
    and changes nothing."""

    def __init__(self, path: str | Path, processed_dir: str = "processed"):
        self.path = Path(path)
        self.processed = self.path / processed_dir
        if not self.path.is_dir():
            raise MailboxError(f"{self.path} is not a directory")

    def pending(self) -> list[str]:
        return sorted(p.name for p in self.path.glob("*.eml") if p.is_file())

    def read(self, key: str) -> bytes:
        return (self.path / key).read_bytes()

    def done(self, key: str) -> None:
        source = self.path / key
        if not source.exists():
            return
        self.processed.mkdir(exist_ok=True)
        target, n = self.processed / key, 1
        while target.exists():
            target, n = self.processed / f"{Path(key).stem}.{n}{Path(key).suffix}", n + 1
        shutil.move(str(source), str(target))

    def close(self) -> None:
        pass

    def __enter__(self) -> "DirectoryMailbox":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


class ImapMailbox:
    """The unread messages of one IMAP folder. Messages are fetched with
    BODY.PEEK (reading does not mark them), and flagged \\Seen only by
    `done`, after their outcome is recorded; a crash in between leaves them
    unread for the next run. Without SSL, STARTTLS is used when the server
    offers it; plain text is for a local test server only."""

    def __init__(self, host: str, port: int, user: str, password: str, folder: str = "INBOX", ssl: bool = True,
                 timeout: float = 60, connect: Callable[[], imaplib.IMAP4] | None = None):
        self.host, self.port, self.user, self.password = host, port, user, password
        self.folder, self.ssl, self.timeout = folder, ssl, timeout
        self._connect = connect or self._open
        self.connection: imaplib.IMAP4 | None = None

    def _open(self) -> imaplib.IMAP4:
        if self.ssl:
            return imaplib.IMAP4_SSL(self.host, self.port, ssl_context=ssl_module.create_default_context(),
                                     timeout=self.timeout)
        connection = imaplib.IMAP4(self.host, self.port, timeout=self.timeout)
        if "STARTTLS" in connection.capabilities:
            connection.starttls(ssl_module.create_default_context())
        return connection

    def _ok(self, response, what: str) -> list:
        status, data = response
        if status != "OK":
            raise MailboxError(f"IMAP {what} failed: {data!r}"[:500])
        return data

    def _session(self) -> imaplib.IMAP4:
        if self.connection is None:
            try:
                connection = self._connect()
                self._ok(connection.login(self.user, self.password), "LOGIN")
                self._ok(connection.select(_quoted(self.folder)), f"SELECT {self.folder}")
            except (imaplib.IMAP4.error, OSError) as error:
                raise MailboxError(f"IMAP {self.host}:{self.port}: {error}") from error
            self.connection = connection
        return self.connection

    def _command(self, what: str, *args) -> list:
        try:
            return self._ok(self._session().uid(*args), what)
        except (imaplib.IMAP4.error, OSError) as error:
            raise MailboxError(f"IMAP {what}: {error}") from error

    def pending(self) -> list[str]:
        data = self._command("SEARCH", "SEARCH", None, "UNSEEN")
        return [uid.decode() for uid in (data[0] or b"").split()] if data else []

    def read(self, key: str) -> bytes:
        for item in self._command(f"FETCH {key}", "FETCH", key, "(BODY.PEEK[])"):
            if isinstance(item, tuple) and len(item) == 2:
                return item[1]
        raise MailboxError(f"IMAP FETCH {key}: no message in the answer")

    def done(self, key: str) -> None:
        self._command(f"STORE {key}", "STORE", key, "+FLAGS", "(\\Seen)")

    def close(self) -> None:
        if self.connection is None:
            return
        connection, self.connection = self.connection, None
        try:
            connection.close()
            connection.logout()
        except (imaplib.IMAP4.error, OSError):
            pass  # the server went away: nothing left to tidy

    def __enter__(self) -> "ImapMailbox":
        self._session()
        return self

    def __exit__(self, *exc) -> None:
        self.close()
