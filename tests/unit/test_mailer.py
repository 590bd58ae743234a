from __future__ import annotations

import logging
import mailbox
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from jinja2 import UndefinedError

from practicerunner.adapters.mailer import (
    DEFAULT_FROM_ADDRESS,
    MailDeliveryError,
    MaildirMailer,
    OutgoingEmail,
    SmtpMailer,
    parse_smtp_url,
)
from practicerunner.adapters.templating import render_email
from tests.support.smtp_server import LocalSmtpServer, _free_port

LINK = "https://app.example.org/invitations/accept?token=Zm9v&practice=42"


def invitation_context(**overrides: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "practice_name": "Praxis Müller",
        "inviter_name": "Dr. Anna Weber",
        "role": "therapist",
        "invitation_url": LINK,
        "expires_at": datetime(2025, 12, 5, 13, 30, tzinfo=UTC),
        "practice_timezone": "Europe/Berlin",
    }
    return context | overrides


def make_email(**overrides: Any) -> OutgoingEmail:
    fields: dict[str, Any] = {
        "to": "client@example.com",
        "subject": "Your appointment",
        "text": "plain body",
        "html": "<p>html body</p>",
        "dedupe_key": "reminder.appt-123.24h",
    }
    return OutgoingEmail(**(fields | overrides))


@pytest.fixture
def smtp_server() -> Iterator[LocalSmtpServer]:
    with LocalSmtpServer() as server:
        yield server


# -- templates ---------------------------------------------------------------------------


def test_invitation_contains_practice_name_link_and_local_expiry() -> None:
    rendered = render_email("staff_invitation", **invitation_context())

    assert rendered.subject == "Dr. Anna Weber invited you to join Praxis Müller on PracticeRunner"
    for body in (rendered.text, rendered.html):
        assert "Praxis Müller" in body
        assert "Dr. Anna Weber" in body
        assert "therapist" in body
        # 13:30 UTC is 14:30 in Berlin in December.
        assert "Friday, 5 December 2025, 14:30 (Europe/Berlin)" in body
    assert LINK in rendered.text
    assert f'href="{LINK.replace("&", "&amp;")}"' in rendered.html


def test_html_is_escaped_but_text_is_not() -> None:
    name = "Evil <script>alert(1)</script> & Co"
    rendered = render_email("staff_invitation", **invitation_context(practice_name=name))

    assert "<script>" not in rendered.html
    assert "Evil &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in rendered.html
    assert name in rendered.text


def test_subject_is_a_single_line() -> None:
    rendered = render_email("staff_invitation", **invitation_context(inviter_name="A\nB"))
    assert "\n" not in rendered.subject
    assert rendered.subject.startswith("A B invited you")


def test_missing_template_variable_is_an_error() -> None:
    context = invitation_context()
    del context["invitation_url"]
    with pytest.raises(UndefinedError):
        render_email("staff_invitation", **context)


def test_naive_expiry_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        render_email("staff_invitation", **invitation_context(expires_at=datetime(2025, 12, 5)))


@pytest.mark.parametrize("name", ["../base", "email/base", "Staff"])
def test_template_names_are_validated(name: str) -> None:
    with pytest.raises(ValueError, match="template name"):
        render_email(name)


# -- OutgoingEmail -----------------------------------------------------------------------


def test_message_id_is_derived_from_the_dedupe_key() -> None:
    assert make_email().message_id == "<reminder.appt-123.24h@practicerunner>"
    assert make_email().message_id == make_email(text="other").message_id


@pytest.mark.parametrize(
    "to",
    [
        "a@example.com, b@example.com",
        "a@example.com;b@example.com",
        "a@example.com b@example.com",
        "a@example.com@example.org",
        "Jane Doe <jane@example.com>",
        "a@example.com\r\nBcc: evil@example.com",
        "no-at-sign",
        "",
    ],
)
def test_recipient_must_be_exactly_one_address(to: str) -> None:
    with pytest.raises(ValueError, match="recipient"):
        make_email(to=to)


@pytest.mark.parametrize("header", ["Bcc", "cc", "To", "Message-ID", "From"])
def test_reserved_headers_cannot_be_set(header: str) -> None:
    with pytest.raises(ValueError, match="set by the mailer"):
        make_email(headers={header: "x@example.com"})


def test_header_injection_is_refused() -> None:
    with pytest.raises(ValueError, match="single line"):
        make_email(subject="Hi\r\nBcc: evil@example.com")
    with pytest.raises(ValueError, match="single line"):
        make_email(headers={"Reply-To": "a@example.com\r\nBcc: evil@example.com"})


@pytest.mark.parametrize("key", ["", "has space", "has:colon", "a@b", "trailing.", "x" * 201])
def test_dedupe_key_is_validated(key: str) -> None:
    with pytest.raises(ValueError, match="dedupe key"):
        make_email(dedupe_key=key)


def test_headers_are_read_only() -> None:
    headers = {"Reply-To": "practice@example.com"}
    email = make_email(headers=headers)
    headers["Reply-To"] = "changed@example.com"
    assert email.headers["Reply-To"] == "practice@example.com"
    with pytest.raises(TypeError):
        email.headers["X-New"] = "1"  # type: ignore[index]


# -- SMTP URLs ---------------------------------------------------------------------------


def test_parse_plain_url_with_defaults() -> None:
    settings = parse_smtp_url("smtp://mail.internal:2525")
    assert (settings.host, settings.port, settings.security) == ("mail.internal", 2525, "none")
    assert settings.username is None and settings.password is None
    assert settings.from_address == DEFAULT_FROM_ADDRESS
    assert settings.envelope_from == "no-reply@localhost"


def test_parse_starttls_url_with_credentials_and_from() -> None:
    settings = parse_smtp_url(
        "smtp://user%40example.com:p%3Ass%2Fw@smtp.example.com:587"
        "?starttls=true&from=Praxis%20M%C3%BCller%20%3Cpraxis@example.com%3E&timeout=3"
    )
    assert settings.security == "starttls"
    assert (settings.username, settings.password) == ("user@example.com", "p:ss/w")
    assert settings.envelope_from == "praxis@example.com"
    assert "Müller" in settings.from_address
    assert settings.timeout == 3.0
    assert "p:ss/w" not in repr(settings)


def test_parse_smtps_url_defaults_to_port_465() -> None:
    settings = parse_smtp_url("smtps://smtp.example.com")
    assert (settings.port, settings.security) == (465, "tls")


@pytest.mark.parametrize(
    "url",
    [
        "http://smtp.example.com:25",
        "smtp://:25",
        "smtp://smtp.example.com:0",
        "smtp://smtp.example.com:99999",
        "smtp://smtp.example.com:25/path",
        "smtps://smtp.example.com:465?starttls=true",
        "smtp://smtp.example.com:25?starttls=maybe",
        "smtp://smtp.example.com:25?startls=true",
        "smtp://smtp.example.com:25?from=not-an-address",
        "smtp://smtp.example.com:25?timeout=-1",
        "smtp://:secret@smtp.example.com:25",
    ],
)
def test_invalid_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError):
        parse_smtp_url(url)


# -- delivery through a real SMTP server -------------------------------------------------


def test_send_delivers_one_message_to_exactly_one_recipient(
    smtp_server: LocalSmtpServer,
) -> None:
    rendered = render_email("staff_invitation", **invitation_context())
    email = OutgoingEmail(
        to="new.colleague@example.com",
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        dedupe_key="invitation.7f3c2a",
        headers={"Reply-To": "praxis@example.com"},
    )

    SmtpMailer.from_url(smtp_server.url).send(email)

    (received,) = smtp_server.wait_for(1)
    assert received.mail_from == "no-reply@localhost"
    assert received.rcpt_tos == ("new.colleague@example.com",)
    message = received.message
    assert message["To"] == "new.colleague@example.com"
    assert message["Cc"] is None and message["Bcc"] is None
    assert message["Message-ID"] == "<invitation.7f3c2a@practicerunner>"
    assert message["Subject"] == rendered.subject
    assert message["Reply-To"] == "praxis@example.com"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Date"] is not None
    assert message.get_content_type() == "multipart/alternative"
    text_part = message.get_body(preferencelist=("plain",))
    html_part = message.get_body(preferencelist=("html",))
    assert text_part is not None and html_part is not None
    assert LINK in text_part.get_content()
    assert "Praxis Müller" in html_part.get_content()


def test_text_only_email_is_not_multipart(smtp_server: LocalSmtpServer) -> None:
    SmtpMailer.from_url(smtp_server.url).send(make_email(html=None))

    (received,) = smtp_server.wait_for(1)
    assert received.message.get_content_type() == "text/plain"
    assert received.message.get_content().strip() == "plain body"


def test_same_dedupe_key_gives_same_message_id(smtp_server: LocalSmtpServer) -> None:
    mailer = SmtpMailer.from_url(smtp_server.url)
    mailer.send(make_email())
    mailer.send(make_email())

    first, second = smtp_server.wait_for(2)
    assert first.message["Message-ID"] == second.message["Message-ID"]
    smtp_server.clear()
    assert smtp_server.messages == []


def test_from_address_comes_from_the_url(smtp_server: LocalSmtpServer) -> None:
    url = f"{smtp_server.url}?from=Praxis%20Weber%20%3Cpraxis@example.com%3E"
    SmtpMailer.from_url(url).send(make_email())

    (received,) = smtp_server.wait_for(1)
    assert received.mail_from == "praxis@example.com"
    assert received.message["From"] == "Praxis Weber <praxis@example.com>"


def test_login_uses_url_credentials() -> None:
    with LocalSmtpServer(credentials=("mailer", "s3cret:/")) as server:
        url = server.url.replace("smtp://", "smtp://mailer:s3cret%3A%2F@")
        SmtpMailer.from_url(url).send(make_email())
        (received,) = server.wait_for(1)
        assert received.login == "mailer"

        bad = server.url.replace("smtp://", "smtp://mailer:wrong@")
        with pytest.raises(MailDeliveryError) as excinfo:
            SmtpMailer.from_url(bad).send(make_email())
        assert excinfo.value.permanent


def test_refused_recipient_raises_permanent_error() -> None:
    with LocalSmtpServer(refused_recipients={"gone@example.com"}) as server:
        with pytest.raises(MailDeliveryError) as excinfo:
            SmtpMailer.from_url(server.url).send(make_email(to="gone@example.com"))
        assert excinfo.value.permanent
        assert server.messages == []


def test_unreachable_server_raises_transient_error() -> None:
    mailer = SmtpMailer.from_url(f"smtp://127.0.0.1:{_free_port()}?timeout=2")
    with pytest.raises(MailDeliveryError) as excinfo:
        mailer.send(make_email())
    assert not excinfo.value.permanent
    assert "<reminder.appt-123.24h@practicerunner>" in str(excinfo.value)


def test_nothing_about_the_body_is_logged(
    smtp_server: LocalSmtpServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="practicerunner")
    secret = "SESSION-NOTE-7731"
    email = make_email(subject=f"S {secret}", text=f"T {secret}", html=f"<p>H {secret}</p>")

    SmtpMailer.from_url(smtp_server.url).send(email)
    with pytest.raises(MailDeliveryError) as excinfo:
        SmtpMailer.from_url(f"smtp://127.0.0.1:{_free_port()}?timeout=2").send(email)

    records = [r for r in caplog.records if r.name.startswith("practicerunner")]
    assert records, "expected delivery to be logged"
    assert all(secret not in r.getMessage() for r in records)
    assert secret not in str(excinfo.value)


def test_the_offline_mailbox_delivers_when_another_thread_has_only_made_its_folder(
    tmp_path: Path,
) -> None:
    """Two worker threads start the embedded default's mailbox at once: one has made the
    folder but not yet tmp/, new/ and cur/ when the other delivers."""
    folder = tmp_path / "mail"
    folder.mkdir()
    MaildirMailer(str(folder)).send(make_email(subject="Waiting for you"))
    (delivered,) = mailbox.Maildir(str(folder), create=False)
    assert delivered["Subject"] == "Waiting for you"
