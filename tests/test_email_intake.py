"""Complaints by email: real .eml files in, complaints, replies and ignored
mail out; each message decided once, in its own transaction."""

import imaplib
import io
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from shikayat.channels import email_intake
from shikayat.channels.email_intake import intake_from, process_message
from shikayat.channels.mailboxes import DirectoryMailbox, ImapMailbox, MailboxError
from shikayat.channels.models import InboundMessage
from shikayat.complaints import actions
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint, ComplaintEvent
from shikayat.complaints.permissions import SYSTEM
from shikayat.core.errors import InvalidInput
from shikayat.notifications.messages import render_subject
from shikayat.notifications.models import OutboxMessage

from .factories import category, complaint_data
from .journey import citizen_of

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "email"
Outcome = InboundMessage.Outcome
FIXTURE_ETAG = "GG6C76KG"  # the E-tag written in the subjects of 04 and 07
FIRST_MESSAGE_ID = "<20261123091500.4F2A@mail.example.pk>"


def raw(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def process(name: str):
    return process_message(raw(name))


def nothing_written():
    return not (Complaint.objects.exists() or ComplaintEvent.objects.exists() or OutboxMessage.objects.exists())


@pytest.fixture
def intake(force, settings):
    """The test force plus the default email category and our intake address."""
    category("OTHER-GENERAL")
    settings.SHIKAYAT = {**settings.SHIKAYAT, "EMAIL_INTAKE_ADDRESS": "complaints@police.example.pk"}
    return force


@pytest.fixture
def alis_complaint(intake):
    """Ali's complaint, registered from 01 and given the E-tag his reply (07) quotes."""
    complaint = process("01-new-complaint-png-pdf.eml").inbound.complaint
    Complaint.objects.filter(pk=complaint.pk).update(etag=FIXTURE_ETAG)
    complaint.refresh_from_db()
    return complaint


def message(headers: str, body: str = "My bicycle was taken from the market this afternoon.") -> bytes:
    base = "From: Hina Akhtar <hina@example.pk>\r\nTo: complaints@police.example.pk\r\nSubject: Bicycle stolen\r\n"
    return (base + headers + "\r\n" + body + "\r\n").encode()


# New complaints ----------------------------------------------------------------------------------------------------


def test_new_complaint_with_attachments_and_etag_acknowledged(intake):
    result = process("01-new-complaint-png-pdf.eml")

    inbound = result.inbound
    assert not result.duplicate
    assert (inbound.outcome, inbound.external_id, inbound.sender, inbound.detail) == (
        Outcome.COMPLAINT_CREATED, FIRST_MESSAGE_ID, "ali.raza@example.pk", "")
    complaint = inbound.complaint
    assert (complaint.channel, complaint.category.code, complaint.language) == ("email", "OTHER-GENERAL", "en")
    assert (complaint.complainant_name, complaint.complainant_email, complaint.complainant_mobile) == (
        "Ali Raza", "ali.raza@example.pk", "+923001234567")
    assert complaint.description.startswith("Motorcycle stolen near Anarkali\n\nMy black Honda motorcycle")
    files = {(a.original_name, a.content_type) for a in complaint.attachments.all()}
    assert files == {("parking-spot.png", "image/png"), ("registration.pdf", "application/pdf")}
    assert list(complaint.events.values_list("action", "channel")) == [
        ("register", "email"), ("add_attachment", "email"), ("add_attachment", "email")]
    ack = complaint.outbox_messages.get(channel="email")
    assert (ack.recipient, ack.template, ack.context["etag"]) == (
        "ali.raza@example.pk", "complaint_registered", complaint.etag_display)
    assert complaint.etag_display in render_subject(ack.template, ack.language, ack.context)
    assert complaint.outbox_messages.filter(channel="sms", recipient="+923001234567").exists()


def test_urdu_subject_in_base64_encoded_words_is_decoded(intake):
    complaint = process("02-urdu-subject-base64.eml").inbound.complaint
    assert complaint.description.startswith("میری موٹر سائیکل چوری ہو گئی\n\nکل رات انارکلی بازار")
    assert complaint.language == "ur"
    assert complaint.complainant_name == "عائشہ بی بی"
    assert complaint.complainant_mobile == "+923217654321"  # written in Urdu digits
    ack = complaint.outbox_messages.get(channel="email")
    assert ack.language == "ur" and complaint.etag_display in render_subject(ack.template, "ur", ack.context)


def test_hindi_subject_in_quoted_printable_encoded_words_is_decoded(intake):
    complaint = process("03-hindi-subject-qp.eml").inbound.complaint
    assert complaint.description.startswith("मेरा फ़ोन छीन लिया गया\n\nकल शाम बस अड्डे")
    assert complaint.language == "hi"
    assert complaint.complainant_mobile == "+919876543210"


def test_html_only_mail_is_read_as_text_without_scripts(intake):
    complaint = process("13-html-only.eml").inbound.complaint
    assert complaint.description == ("Shop broken into on Mall Road\n\nMy shop on Mall Road was broken into last "
                                     "night & the cash box was taken.\n\nCall me on 0333\u20115551234.")
    assert complaint.complainant_mobile == "+923335551234"


def test_disguised_attachment_is_refused_but_the_complaint_is_kept(intake):
    result = process("10-disguised-png.eml")

    complaint = result.inbound.complaint
    assert result.inbound.outcome == Outcome.COMPLAINT_CREATED
    assert "evidence.png" in result.inbound.detail
    assert not complaint.attachments.exists()
    note = complaint.events.get(action="add_note")
    assert "evidence.png" in note.note and not note.is_public
    # No mobile in the mail: the sender's address is the way back to her.
    assert complaint.complainant_mobile == "" and complaint.complainant_email == "farah.naz@example.org"
    assert list(complaint.outbox_messages.values_list("channel", flat=True)) == ["email"]


def test_email_may_stand_in_for_the_mobile_only_by_email(intake):
    data = complaint_data(mobile="", email="farah.naz@example.org")
    assert register_complaint(actor=SYSTEM, channel="email", data=data).complainant_mobile == ""
    for channel in ("web", "sms", "portal_import"):
        with pytest.raises(InvalidInput) as refused:
            register_complaint(actor=SYSTEM, channel=channel, data=data)
        assert "mobile" in refused.value.fields
    with pytest.raises(InvalidInput) as refused:
        register_complaint(actor=SYSTEM, channel="email", data=complaint_data(mobile="", email=""))
    assert "mobile" in refused.value.fields


@pytest.mark.parametrize("name, reason", [
    ("12-too-short-no-message-id.eml", "at least 10 characters"),
    ("11-broken-no-sender.eml", "no sender address"),
])
def test_invalid_message_is_rejected_with_reasons_and_nothing_else(intake, name, reason):
    inbound = process(name).inbound
    assert inbound.outcome == Outcome.REJECTED and reason in inbound.detail
    assert inbound.complaint is None and nothing_written()


@pytest.mark.parametrize("raw_message, outcome", [
    (b"", Outcome.REJECTED),
    (b"\x00\xff\xfe garbage \x89PNG", Outcome.REJECTED),
    (b"From: <<<@>>>\r\nSubject: hello\r\n\r\nMy bicycle was taken from the market this afternoon.", Outcome.REJECTED),
    (b"From: =?utf-8?B?not base64!?= <x@example.pk>\r\nSubject: =?x-unknown?Q?abc?=\r\n\r\nshort",
     Outcome.COMPLAINT_CREATED),
    (b"From: a@example.pk\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n\r\n" + b"\xe4\xf6\xfc" * 4,
     Outcome.COMPLAINT_CREATED),
])
def test_odd_bytes_are_recorded_never_raised(intake, raw_message, outcome):
    inbound = process_message(raw_message).inbound
    assert inbound.outcome == outcome
    assert (inbound.complaint is None) == (outcome == Outcome.REJECTED)
    assert inbound.detail or outcome != Outcome.REJECTED


def test_legacy_urdu_charset_is_decoded(intake):
    text = "بازار سے موٹر سائکل چور لے گئے"
    raw_message = (b"From: saima@example.pk\r\nSubject: Motorcycle\r\nContent-Type: text/plain; charset=windows-1256"
                   b"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text.encode("cp1256"))
    complaint = process_message(raw_message).inbound.complaint
    assert complaint.description == f"Motorcycle\n\n{text}" and complaint.language == "ur"


def test_message_without_message_id_is_known_by_its_bytes(intake):
    first, again = process("12-too-short-no-message-id.eml"), process("12-too-short-no-message-id.eml")
    assert first.inbound.external_id.startswith("sha256:")
    assert again.duplicate and again.inbound.pk == first.inbound.pk
    assert InboundMessage.objects.count() == 1


# Automatic mail and loops ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, why", [
    ("04-auto-replied.eml", "Auto-Submitted: auto-replied"),
    ("05-out-of-office.eml", "X-Auto-Response-Suppress: All"),
    ("06-bounce-mailer-daemon.eml", "Return-Path: <>"),
])
def test_automatic_mail_is_ignored_and_nothing_written(intake, name, why):
    inbound = process(name).inbound
    assert inbound.outcome == Outcome.IGNORED_AUTO_REPLY and why in inbound.detail
    assert nothing_written()


@pytest.mark.parametrize("headers, outcome", [
    ("Auto-Submitted: auto-generated\r\n", Outcome.IGNORED_AUTO_REPLY),
    ("X-Autoreply: yes\r\n", Outcome.IGNORED_AUTO_REPLY),
    ("X-Autorespond: Away\r\n", Outcome.IGNORED_AUTO_REPLY),
    ("Precedence: bulk\r\n", Outcome.IGNORED_AUTO_REPLY),
    ("Precedence: list\r\n", Outcome.IGNORED_AUTO_REPLY),
    ("Precedence: auto_reply\r\n", Outcome.IGNORED_AUTO_REPLY),
    ("X-Auto-Response-Suppress: DR, OOF, AutoReply\r\n", Outcome.IGNORED_AUTO_REPLY),
    ("Return-Path: <>\r\n", Outcome.IGNORED_AUTO_REPLY),
    ("X-Shikayat-Loop: complaints@police.example.pk\r\n", Outcome.IGNORED_LOOP),
    # Only these headers: a person's mail is not ignored.
    ("Auto-Submitted: no\r\n", Outcome.COMPLAINT_CREATED),
    ("Precedence: first-class\r\n", Outcome.COMPLAINT_CREATED),
    ("X-Auto-Response-Suppress: DR, RN\r\n", Outcome.COMPLAINT_CREATED),
])
def test_each_automatic_marker_is_recognised(intake, headers, outcome):
    assert process_message(message(headers)).inbound.outcome == outcome


@pytest.mark.parametrize("sender, outcome", [
    ("postmaster@example.pk", Outcome.IGNORED_AUTO_REPLY),
    ("no-reply@bank.example", Outcome.IGNORED_AUTO_REPLY),
    ("noreply@bank.example", Outcome.IGNORED_AUTO_REPLY),
    ("Complaints@Police.Example.PK", Outcome.IGNORED_LOOP),  # our own intake address
    ("norah@example.pk", Outcome.COMPLAINT_CREATED),
])
def test_automatic_senders_and_our_own_address(intake, sender, outcome):
    raw_message = message("").replace(b"Hina Akhtar <hina@example.pk>", sender.encode())
    assert process_message(raw_message).inbound.outcome == outcome


# Replies -----------------------------------------------------------------------------------------------------------


def test_reply_with_the_etag_in_the_subject_threads_to_the_complaint(alis_complaint):
    result = process("07-reply-etag-in-subject.eml")

    assert (result.inbound.outcome, result.inbound.complaint) == (Outcome.INFORMATION_ADDED, alis_complaint)
    assert Complaint.objects.count() == 1
    added = alis_complaint.events.get(action="add_information")
    # Only what he wrote, not the quoted acknowledgement; from his address in other letter case.
    assert added.note == "The thief was seen again near the bus stand this morning. Photo attached."
    assert (added.channel, added.actor_label, added.is_public) == ("email", "citizen +923001234567", True)
    assert added.data["credential"] == "email"  # from the complainant's own address
    photo = alis_complaint.attachments.get(original_name="bus-stand.png")
    assert photo.content_type == "image/png" and photo.is_public
    assert alis_complaint.events.filter(action="add_attachment", channel="email").count() == 3


def test_reply_threads_by_in_reply_to_alone(intake):
    complaint = process("01-new-complaint-png-pdf.eml").inbound.complaint

    result = process("08-reply-in-reply-to.eml")

    assert (result.inbound.outcome, result.inbound.complaint) == (Outcome.INFORMATION_ADDED, complaint)
    assert complaint.events.get(action="add_information").note == (
        "I forgot to say: the engine number is HC-70-55821 and it has a red seat cover.")
    assert Complaint.objects.count() == 1


def test_reply_from_another_address_is_refused_and_adds_nothing(intake):
    complaint = process("01-new-complaint-png-pdf.eml").inbound.complaint
    events = complaint.events.count()

    result = process("09-reply-from-stranger.eml")

    assert result.inbound.outcome == Outcome.REJECTED and result.inbound.complaint is None
    assert "kamran.shah@example.net" in result.inbound.detail and "not the complainant" in result.inbound.detail
    assert complaint.events.count() == events and Complaint.objects.count() == 1


def test_stranger_who_knows_the_etag_cannot_add_to_the_complaint(alis_complaint):
    forged = raw("07-reply-etag-in-subject.eml").replace(b"Ali.Raza@Example.PK", b"someone@example.net")
    events, files = alis_complaint.events.count(), alis_complaint.attachments.count()

    assert process_message(forged).inbound.outcome == Outcome.REJECTED
    assert (alis_complaint.events.count(), alis_complaint.attachments.count()) == (events, files)


def test_reply_to_a_complaint_without_mobile_is_added_by_the_system(intake):
    complaint = process("10-disguised-png.eml").inbound.complaint
    reply = message("Message-ID: <farah-2@example.org>\r\n", "He was there again today at 5 pm, near gate 2.")
    reply = reply.replace(b"Hina Akhtar <hina@example.pk>", b"farah.naz@example.org").replace(
        b"Subject: Bicycle stolen", f"Subject: Re: {complaint.etag_display}".encode())

    assert process_message(reply).inbound.outcome == Outcome.INFORMATION_ADDED
    added = complaint.events.get(action="add_information")
    assert added.note == "He was there again today at 5 pm, near gate 2." and added.actor_label == "system"


def test_reply_to_a_withdrawn_complaint_is_refused_with_the_reason(alis_complaint):
    actions.withdraw(alis_complaint, actor=citizen_of(alis_complaint), reason="Found it.")

    inbound = process("07-reply-etag-in-subject.eml").inbound

    assert inbound.outcome == Outcome.REJECTED and "Withdrawn" in inbound.detail
    assert not alis_complaint.events.filter(action="add_information").exists()
    assert not alis_complaint.attachments.filter(original_name="bus-stand.png").exists()


def test_a_failure_half_way_writes_nothing(alis_complaint, monkeypatch):
    def broken_storage(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(email_intake.actions, "add_attachment", broken_storage)
    with pytest.raises(OSError):
        process("07-reply-etag-in-subject.eml")
    assert not alis_complaint.events.filter(action="add_information").exists()
    assert not InboundMessage.objects.filter(external_id="<CAF7reply0007@mail.example.pk>").exists()


def test_the_same_message_twice_changes_nothing(intake):
    first = process("01-new-complaint-png-pdf.eml")
    counts = (Complaint.objects.count(), ComplaintEvent.objects.count(), OutboxMessage.objects.count())

    again = process("01-new-complaint-png-pdf.eml")

    assert again.duplicate and again.inbound.pk == first.inbound.pk
    assert (Complaint.objects.count(), ComplaintEvent.objects.count(), OutboxMessage.objects.count()) == counts


# Mailboxes ---------------------------------------------------------------------------------------------------------

EXPECTED_PASS = {
    Outcome.COMPLAINT_CREATED: 6,  # 01, 02, 03, 07 (its E-tag is unknown here), 10, 13
    Outcome.INFORMATION_ADDED: 1,  # 08
    Outcome.IGNORED_AUTO_REPLY: 3,  # 04, 05, 06
    Outcome.REJECTED: 3,  # 09 stranger, 11 no sender, 12 too short
}


def copy_fixtures(target: Path) -> Path:
    target.mkdir(exist_ok=True)
    for path in FIXTURES.glob("*.eml"):
        shutil.copy(path, target / path.name)
    return target


def test_processing_the_same_directory_twice_creates_nothing_new(intake, tmp_path):
    inbox = copy_fixtures(tmp_path / "inbox")

    assert dict(intake_from(DirectoryMailbox(inbox))) == EXPECTED_PASS
    assert not list(inbox.glob("*.eml")) and len(list((inbox / "processed").glob("*.eml"))) == 13
    counts = (Complaint.objects.count(), ComplaintEvent.objects.count(), OutboxMessage.objects.count())

    copy_fixtures(inbox)  # the same mail delivered again
    assert dict(intake_from(DirectoryMailbox(inbox))) == {"already_seen": 13}
    assert (Complaint.objects.count(), ComplaintEvent.objects.count(), OutboxMessage.objects.count()) == counts
    assert len(list((inbox / "processed").glob("*.eml"))) == 26


class FlakyMailbox(DirectoryMailbox):
    """A directory where one file cannot be read (a disk or network fault)."""

    def read(self, key):
        if key.startswith("02-"):
            raise OSError("read error")
        return super().read(key)


def test_a_message_that_fails_does_not_stop_the_others(intake, tmp_path):
    inbox = copy_fixtures(tmp_path / "inbox")

    counts = intake_from(FlakyMailbox(inbox))

    assert counts["error"] == 1 and counts[Outcome.COMPLAINT_CREATED] == 5
    assert [p.name for p in inbox.glob("*.eml")] == ["02-urdu-subject-base64.eml"]  # left for the next run
    assert dict(intake_from(DirectoryMailbox(inbox))) == {Outcome.COMPLAINT_CREATED: 1}


class FakeImap:
    """The few imaplib.IMAP4 calls ImapMailbox makes, over an in-memory folder."""

    capabilities = ("IMAP4REV1",)

    def __init__(self, messages: list[bytes], password="right-password", unreadable=()):
        self.folder = {str(uid): (raw_message, set()) for uid, raw_message in enumerate(messages, start=101)}
        self.password, self.unreadable, self.logged_out = password, set(unreadable), False

    def login(self, user, password):
        if password != self.password:
            raise imaplib.IMAP4.error("[AUTHENTICATIONFAILED] Authentication failed.")
        return "OK", [b"Logged in"]

    def select(self, mailbox):
        assert mailbox == '"INBOX"'
        return "OK", [str(len(self.folder)).encode()]

    def uid(self, command, *args):
        if command == "SEARCH":
            assert args == (None, "UNSEEN")
            return "OK", [" ".join(uid for uid, (_m, flags) in self.folder.items() if "\\Seen" not in flags).encode()]
        if command == "FETCH":
            uid, what = args
            assert what == "(BODY.PEEK[])"  # reading must not mark the message seen
            if uid in self.unreadable:
                return "NO", [b"[UNAVAILABLE] Internal error"]
            data = self.folder[uid][0]
            return "OK", [(f"1 (UID {uid} BODY[] {{{len(data)}}}".encode(), data), b")"]
        if command == "STORE":
            uid, operation, flags = args
            assert (operation, flags) == ("+FLAGS", "(\\Seen)")
            self.folder[uid][1].add("\\Seen")
            return "OK", [f"1 (UID {uid} FLAGS (\\Seen))".encode()]
        raise AssertionError(command)

    def seen(self) -> set[str]:
        return {uid for uid, (_m, flags) in self.folder.items() if "\\Seen" in flags}

    def close(self):
        return "OK", [b"Closed"]

    def logout(self):
        self.logged_out = True
        return "BYE", [b"Logging out"]


def test_imap_marks_a_message_seen_only_once_it_is_recorded(intake):
    server = FakeImap([raw("01-new-complaint-png-pdf.eml"), raw("04-auto-replied.eml"),
                       raw("02-urdu-subject-base64.eml")], unreadable={"103"})
    mailbox = ImapMailbox("imap.example.pk", 993, "intake", "right-password", connect=lambda: server)

    with mailbox:
        counts = intake_from(mailbox)

    assert dict(counts) == {Outcome.COMPLAINT_CREATED: 1, Outcome.IGNORED_AUTO_REPLY: 1, "error": 1}
    assert server.seen() == {"101", "102"} and server.logged_out
    assert not InboundMessage.objects.filter(external_id="<CAF7urdu0001@mail.gmail.example>").exists()


def test_imap_wrong_password_is_a_clear_mailbox_error(intake):
    mailbox = ImapMailbox("imap.example.pk", 993, "intake", "wrong", connect=lambda: FakeImap([]))
    with pytest.raises(MailboxError, match="AUTHENTICATIONFAILED"), mailbox:
        pass


# Management command ------------------------------------------------------------------------------------------------


def test_command_reads_a_directory_and_prints_a_summary(intake, tmp_path):
    inbox = copy_fixtures(tmp_path / "inbox")
    out = io.StringIO()

    call_command("intake_email", "--dir", str(inbox), "--no-progress", stdout=out)

    line = out.getvalue().strip()
    assert line.startswith("Email intake: 13 message(s)")
    assert "New complaint registered: 6" in line and "Ignored: automatic reply: 3" in line
    assert Complaint.objects.count() == 6


def test_command_loop_polls_until_stopped(intake, tmp_path, monkeypatch):
    inbox = copy_fixtures(tmp_path / "inbox")
    polls = []

    def sleep(seconds):
        polls.append(seconds)
        if len(polls) == 1:
            copy_fixtures(inbox)  # the same mail arrives again before the next poll
        else:
            raise KeyboardInterrupt

    monkeypatch.setattr("shikayat.channels.management.commands.intake_email.time.sleep", sleep)
    out = io.StringIO()
    call_command("intake_email", "--dir", str(inbox), "--loop", "--interval", "5", "--no-progress", stdout=out)

    lines = out.getvalue().strip().splitlines()
    assert polls == [5, 5] and lines[-1] == "Email intake stopped."
    assert lines[1] == "Email intake: 13 message(s) — Already processed before: 13"
    assert Complaint.objects.count() == 6


def test_command_needs_a_source_and_the_imap_settings(intake, settings, tmp_path):
    with pytest.raises(CommandError):
        call_command("intake_email")
    with pytest.raises(CommandError, match="no-such-dir"):
        call_command("intake_email", "--dir", str(tmp_path / "no-such-dir"))
    settings.SHIKAYAT = {**settings.SHIKAYAT, "IMAP": {**settings.SHIKAYAT["IMAP"], "HOST": "", "PASSWORD": ""}}
    with pytest.raises(CommandError, match="SHIKAYAT_IMAP_HOST"):
        call_command("intake_email", "--imap")


# A real IMAP server ------------------------------------------------------------------------------------------------

DOVECOT = shutil.which("dovecot") or ("/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None)

DOVECOT_CONF = """\
base_dir = {root}/run
state_dir = {root}/state
instance_name = shikayat-test-{port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
log_path = {root}/dovecot.log
mail_location = maildir:{root}/home/%u/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def dovecot():
    """A throwaway Dovecot IMAP server on a free port, with its own config in a temp dir."""
    if DOVECOT is None:
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd) for the real IMAP test")
    if os.geteuid() != 0:
        pytest.skip("the Dovecot test starts the server as root (it drops to 'nobody' for the mailbox)")
    root = Path(tempfile.mkdtemp(prefix="shikayat-dovecot-"))
    root.chmod(0o755)
    mail_user = pwd.getpwnam("nobody")
    for folder in ("run", "state", "home"):
        (root / folder).mkdir()
    os.chown(root / "home", mail_user.pw_uid, mail_user.pw_gid)
    (root / "passwd").write_text("intake:{PLAIN}test-password\n")
    port = _free_port()
    (root / "dovecot.conf").write_text(DOVECOT_CONF.format(root=root, port=port, uid=mail_user.pw_uid,
                                                           gid=mail_user.pw_gid))
    server = subprocess.Popen([DOVECOT, "-F", "-c", str(root / "dovecot.conf")], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"dovecot did not start: {server.stdout.read().decode(errors='replace')}")
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)


def test_real_imap_server_messages_are_processed_once_and_marked_seen(intake, dovecot):
    client = imaplib.IMAP4("127.0.0.1", dovecot)
    client.login("intake", "test-password")
    for name in ("01-new-complaint-png-pdf.eml", "04-auto-replied.eml", "08-reply-in-reply-to.eml"):
        assert client.append("INBOX", None, None, raw(name))[0] == "OK"

    with ImapMailbox("127.0.0.1", dovecot, "intake", "test-password", ssl=False) as mailbox:
        assert dict(intake_from(mailbox)) == {Outcome.COMPLAINT_CREATED: 1, Outcome.IGNORED_AUTO_REPLY: 1,
                                              Outcome.INFORMATION_ADDED: 1}
    with ImapMailbox("127.0.0.1", dovecot, "intake", "test-password", ssl=False) as mailbox:
        assert mailbox.pending() == []

    client.select("INBOX")
    assert client.uid("SEARCH", None, "SEEN")[1][0].split() == [b"1", b"2", b"3"]
    client.logout()
    complaint = Complaint.objects.get()
    assert complaint.attachments.count() == 2 and complaint.events.filter(action="add_information").exists()
