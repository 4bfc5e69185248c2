//! The test SMTP server (tests/support/smtp_sink.rs) itself: lettre's SMTP client delivers to it,
//! it parses what arrived, it refuses connections while stopped and takes mail again on the same
//! port after a restart, keeping what it had.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use lettre::message::{Mailbox, MultiPart};
use lettre::{Message, SmtpTransport, Transport};

use crate::smtp_sink::{Mail, SmtpSink};

const WAIT: Duration = Duration::from_secs(10);

fn mailer(sink: &SmtpSink) -> SmtpTransport {
    SmtpTransport::builder_dangerous("127.0.0.1")
        .port(sink.port())
        .timeout(Some(Duration::from_secs(5)))
        .build()
}

fn mailbox(s: &str) -> Mailbox {
    s.parse().expect("a mailbox")
}

fn message(to: &str, subject: &str, text: &str, html: &str) -> Message {
    Message::builder()
        .from(mailbox("Virksomhedscenter <noreply@vc.test>"))
        .to(mailbox(to))
        .subject(subject)
        // lettre makes up a Message-ID only when asked to.
        .message_id(None)
        .multipart(MultiPart::alternative_plain_html(
            text.to_string(),
            html.to_string(),
        ))
        .expect("a message")
}

#[test]
fn a_mail_sent_with_lettre_arrives_with_its_envelope_subject_and_both_bodies() {
    let sink = SmtpSink::start();
    assert_eq!(sink.url(), format!("smtp://127.0.0.1:{}", sink.port()));
    let subject = "Kontrakt til gennemsyn: Værkstedsmedhjælper på Østergårds Æblemost";
    let text =
        "Kære Åse Ødegård\n\nKontrakten venter på din gennemgang: https://vc.test/kontrakter/1\n";
    let html =
        "<p>Kære Åse Ødegård</p><p><a href=\"https://vc.test/kontrakter/1\">Åbn kontrakten</a></p>";
    let mail = Message::builder()
        .from(mailbox("Virksomhedscenter <noreply@vc.test>"))
        .to(mailbox("Åse Ødegård <aase@virksomhed-x.dk>"))
        .bcc(mailbox("arkiv@vc.test"))
        .subject(subject)
        .message_id(Some("<outbox-42@vc.test>".to_string()))
        .multipart(MultiPart::alternative_plain_html(
            text.to_string(),
            html.to_string(),
        ))
        .expect("a message");
    // The subject is not sent as raw UTF-8: lettre encodes it (RFC 2047), the sink decodes it.
    let raw = String::from_utf8(mail.formatted()).expect("ascii");
    assert!(raw.is_ascii(), "lettre sends 7-bit: {raw}");
    mailer(&sink).send(&mail).expect("delivered");

    let received = sink.wait_for(1, WAIT);
    assert_eq!(received.len(), 1);
    let got = &received[0];
    assert_eq!(got.mail_from, "noreply@vc.test");
    // Bcc is in the envelope only.
    assert_eq!(got.rcpt_to, ["aase@virksomhed-x.dk", "arkiv@vc.test"]);
    assert!(
        got.data.contains("=?utf-8?") || got.data.contains("=?UTF-8?"),
        "the raw subject is an encoded-word: {}",
        got.data
    );
    assert!(!got.data.contains("Bcc:"), "{}", got.data);

    let parsed = got.parsed();
    assert_eq!(parsed.subject.as_deref(), Some(subject));
    assert_eq!(parsed.message_id.as_deref(), Some("outbox-42@vc.test"));
    assert_eq!(parsed.to, ["aase@virksomhed-x.dk"]);
    assert_eq!(parsed.from, ["noreply@vc.test"]);
    assert_eq!(
        parsed.header("to"),
        Some("Åse Ødegård <aase@virksomhed-x.dk>")
    );
    assert_eq!(parsed.header("Subject"), Some(subject));
    assert_eq!(parsed.text.as_deref().map(normalise), Some(normalise(text)));
    assert_eq!(parsed.html.as_deref().map(normalise), Some(normalise(html)));
}

/// Line ends as the sink hands them back (CRLF) compared with the text as written.
fn normalise(s: &str) -> String {
    s.replace("\r\n", "\n").trim_end().to_string()
}

#[test]
fn a_stopped_sink_refuses_connections_and_a_restarted_one_keeps_its_mail() {
    let mut sink = SmtpSink::start();
    let port = sink.port();
    let mailer = mailer(&sink);
    mailer
        .send(&message("a@x.dk", "Før stop", "en", "<p>en</p>"))
        .expect("delivered before the stop");
    sink.wait_for(1, WAIT);

    sink.stop();
    assert!(!sink.is_running());
    let refused = TcpStream::connect(("127.0.0.1", port)).expect_err("nobody listens");
    assert_eq!(refused.kind(), std::io::ErrorKind::ConnectionRefused);
    let failed = mailer
        .send(&message("b@x.dk", "Under stop", "to", "<p>to</p>"))
        .expect_err("no server");
    assert!(failed.to_string().contains("onnection"), "{failed}");
    assert_eq!(sink.messages().len(), 1);

    sink.restart();
    assert_eq!(sink.port(), port);
    mailer
        .send(&message("c@x.dk", "Efter genstart", "tre", "<p>tre</p>"))
        .expect("delivered after the restart");
    let received = sink.wait_for(2, WAIT);
    let subjects: Vec<_> = received
        .iter()
        .map(|m| m.parsed().subject.unwrap_or_default())
        .collect();
    assert_eq!(subjects, ["Før stop", "Efter genstart"]);
}

#[test]
fn stop_cuts_a_connection_that_is_open() {
    let mut sink = SmtpSink::start();
    let stream = TcpStream::connect(("127.0.0.1", sink.port())).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let mut reader = BufReader::new(stream);
    let mut greeting = String::new();
    reader.read_line(&mut greeting).expect("greeting");
    assert!(greeting.starts_with("220 "), "{greeting}");

    let stopping = Instant::now();
    sink.stop();
    // Not after the sink's idle timeout: the connection is cut, not waited for.
    assert!(
        stopping.elapsed() < Duration::from_secs(5),
        "{:?}",
        stopping.elapsed()
    );
    let mut rest = Vec::new();
    // EOF (or a reset), not a read timeout: the server side is closed.
    match reader.read_to_end(&mut rest) {
        Ok(_) => assert!(rest.is_empty(), "{rest:?}"),
        Err(e) => assert_ne!(e.kind(), std::io::ErrorKind::WouldBlock, "{e}"),
    }
}

#[test]
fn two_threads_both_deliver() {
    let sink = SmtpSink::start();
    let threads: Vec<_> = (1..=2)
        .map(|i| {
            let mailer = mailer(&sink);
            std::thread::spawn(move || {
                mailer
                    .send(&message(
                        &format!("mentor{i}@x.dk"),
                        &format!("Uge {i} afvist"),
                        "tekst",
                        "<p>html</p>",
                    ))
                    .expect("delivered")
            })
        })
        .collect();
    for t in threads {
        t.join().expect("the sending thread");
    }
    let mut to: Vec<_> = sink
        .wait_for(2, WAIT)
        .iter()
        .map(|m| m.rcpt_to.join(","))
        .collect();
    to.sort();
    assert_eq!(to, ["mentor1@x.dk", "mentor2@x.dk"]);
    let ids = sink.message_ids();
    assert_eq!(ids.len(), 2);
    assert!(ids.iter().all(|id| id.contains('@')), "{ids:?}");
    assert_ne!(ids[0], ids[1]);
}

#[test]
fn a_refusing_sink_answers_mail_from_with_the_code_and_stores_nothing() {
    let sink = SmtpSink::start();
    sink.refuse(451, "Try again later");
    let failed = mailer(&sink)
        .send(&message("a@x.dk", "Afvist", "en", "<p>en</p>"))
        .expect_err("refused");
    assert!(
        failed.is_transient(),
        "451 is a temporary failure: {failed}"
    );
    assert!(sink.messages().is_empty());

    sink.refuse(550, "No such user");
    let failed = mailer(&sink)
        .send(&message("a@x.dk", "Afvist", "en", "<p>en</p>"))
        .expect_err("refused");
    assert!(
        failed.is_permanent(),
        "550 is a permanent failure: {failed}"
    );

    sink.accept();
    mailer(&sink)
        .send(&message("a@x.dk", "Modtaget", "en", "<p>en</p>"))
        .expect("accepted again");
    assert_eq!(sink.wait_for(1, WAIT).len(), 1);
}

/// The protocol by hand, as any client speaks it: replies, several recipients, a message in two
/// transactions on one connection, and dot-stuffing undone.
#[test]
fn it_speaks_smtp_to_a_plain_tcp_client() {
    let sink = SmtpSink::start();
    let stream = TcpStream::connect(("127.0.0.1", sink.port())).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut writer = stream;
    // Reads one (possibly multi-line) reply and returns its code.
    let mut reply = || -> u16 {
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("a reply");
            if line.as_bytes().get(3) != Some(&b'-') {
                return line[..3].parse().unwrap_or_else(|_| panic!("{line:?}"));
            }
        }
    };
    let mut send = |line: &str| writer.write_all(line.as_bytes()).expect("write");

    assert_eq!(reply(), 220);
    send("EHLO client.test\r\n");
    assert_eq!(reply(), 250);
    send("RCPT TO:<early@x.dk>\r\n");
    assert_eq!(reply(), 503, "RCPT before MAIL is a bad sequence");
    for (n, subject) in ["Første", "Anden"].iter().enumerate() {
        send("MAIL FROM:<noreply@vc.test>\r\n");
        assert_eq!(reply(), 250);
        send("RCPT TO:<a@x.dk>\r\n");
        assert_eq!(reply(), 250);
        send("RCPT TO:<b@x.dk>\r\n");
        assert_eq!(reply(), 250);
        send("DATA\r\n");
        assert_eq!(reply(), 354);
        send(&format!(
            "Subject: =?utf-8?q?{}?=\r\nMessage-ID: <m{n}@vc.test>\r\n\r\nline\r\n..starts with a dot\r\n.\r\n",
            if n == 0 { "F=C3=B8rste" } else { "Anden" }
        ));
        assert_eq!(reply(), 250);
        let m = sink.wait_for(n + 1, WAIT).pop().expect("the message");
        assert_eq!(m.rcpt_to, ["a@x.dk", "b@x.dk"]);
        assert!(
            m.data.ends_with("\r\nline\r\n.starts with a dot\r\n"),
            "{:?}",
            m.data
        );
        let parsed: Mail = m.parsed();
        assert_eq!(parsed.subject.as_deref(), Some(*subject));
        assert_eq!(
            parsed.text.as_deref(),
            Some("line\r\n.starts with a dot\r\n")
        );
        assert_eq!(parsed.html, None, "no HTML part is made up");
    }
    send("QUIT\r\n");
    assert_eq!(reply(), 221);
    assert_eq!(sink.message_ids(), ["m0@vc.test", "m1@vc.test"]);
}

/// `wait_for_async` lets the test's runtime go on: the mail is only sent by a task on that same
/// single-threaded runtime, which never runs if the wait blocks the thread.
#[actix_web::test]
async fn waiting_in_an_async_test_lets_the_runtime_run() {
    let sink = SmtpSink::start();
    let mailer = mailer(&sink);
    actix_web::rt::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        std::thread::spawn(move || {
            mailer
                .send(&message("a@x.dk", "Fra en opgave", "en", "<p>en</p>"))
                .expect("delivered")
        });
    });
    let received = sink.wait_for_async(1, WAIT).await;
    assert_eq!(
        received[0].parsed().subject.as_deref(),
        Some("Fra en opgave")
    );
}
