//! A real SMTP server for tests: it speaks SMTP over TCP on 127.0.0.1 (EHLO, MAIL FROM, RCPT TO,
//! DATA, RSET, NOOP, QUIT, through the `mailin` state machine) and keeps every message it
//! accepted in memory. The application under test can be in the same process or a child process
//! (`CARGO_BIN_EXE_virksomhedscenter` with `VC_SMTP_URL` set to [`SmtpSink::url`]).
//!
//! [`SmtpSink::stop`] closes the listening socket and cuts every open connection, so the port
//! refuses connections like a mail relay that is down; [`SmtpSink::restart`] listens on the same
//! port again and keeps the messages received before. [`SmtpSink::refuse`] makes it answer
//! `MAIL FROM` with an error code (a relay that is up but refuses, e.g. 451 or 550).
//!
//! A message is stored when its final "." arrives, before the 250 reply is written: a stop at
//! that moment leaves a stored message whose sender saw an error, as with a real relay. Tests of
//! "no mail twice" should therefore count distinct Message-IDs ([`SmtpSink::message_ids`]) or
//! stop the sink only at moments where no delivery is in flight.
//!
//! Plain threads and std sockets, so it works from synchronous tests and from actix/tokio tests;
//! in a test whose application runs on the test's own runtime, wait with
//! [`SmtpSink::wait_for_async`], which yields to the runtime instead of blocking it.
//!
//! Included by several test binaries (`#[path = "../support/smtp_sink.rs"] mod smtp_sink;`),
//! each of which uses only some of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{IpAddr, Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use mail_parser::{Address, HeaderValue, MessageParser, MimeHeaders, PartType};
use mailin::{Action, Handler, Response, SessionBuilder};

/// The name the sink gives in its greeting and EHLO answer.
const SERVER_NAME: &str = "smtp-sink.test";

/// A connection that sends nothing for this long is dropped (a stuck client must not keep a
/// thread forever; a stop cuts connections at once anyway).
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// One message as the sink accepted it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// The envelope sender (`MAIL FROM`), without angle brackets.
    pub mail_from: String,
    /// The envelope recipients (`RCPT TO`), without angle brackets, in the order given.
    pub rcpt_to: Vec<String>,
    /// The raw RFC 5322 message (headers and body) as sent after DATA, dot-unstuffed, with
    /// CRLF line ends and without the final ".".
    pub data: String,
}

impl Received {
    /// The message parsed: decoded headers and bodies. Panics when it is no RFC 5322 message.
    pub fn parsed(&self) -> Mail {
        Mail::parse(&self.data)
    }
}

/// A parsed view of a message: headers decoded from RFC 2047 encoded-words, bodies decoded from
/// quoted-printable or base64 into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// Subject, decoded.
    pub subject: Option<String>,
    /// Message-ID without the angle brackets.
    pub message_id: Option<String>,
    /// The addresses in From (no display names; those are in `header("From")`).
    pub from: Vec<String>,
    /// The addresses in To (no display names; those are in `header("To")`).
    pub to: Vec<String>,
    /// The first inline text/plain part, decoded. None when the message has none (an HTML-only
    /// message is not converted).
    pub text: Option<String>,
    /// The first inline text/html part, decoded.
    pub html: Option<String>,
    /// Every header of the top-level part in order: name as written, value decoded.
    pub headers: Vec<(String, String)>,
}

impl Mail {
    /// Parses a raw RFC 5322 message. Panics when it cannot be parsed.
    pub fn parse(raw: &str) -> Mail {
        let message = MessageParser::default()
            .parse(raw.as_bytes())
            .unwrap_or_else(|| panic!("not an RFC 5322 message:\n{raw}"));
        let addresses = |address: Option<&Address<'_>>| -> Vec<String> {
            address
                .map(|a| {
                    a.iter()
                        .filter_map(|addr| addr.address().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        let text = message.text_part(0).and_then(|part| match &part.body {
            PartType::Text(text) if is_subtype(part, "plain") => Some(text.to_string()),
            _ => None,
        });
        let html = message.html_part(0).and_then(|part| match &part.body {
            PartType::Html(html) => Some(html.to_string()),
            _ => None,
        });
        let headers = message
            .headers()
            .iter()
            .map(|header| {
                let raw_value = raw
                    .get(header.offset_start as usize..header.offset_end as usize)
                    .unwrap_or("");
                (
                    header.name.as_str().to_string(),
                    decoded(&header.value, raw_value),
                )
            })
            .collect();
        Mail {
            subject: message.subject().map(str::to_string),
            message_id: message.message_id().map(str::to_string),
            from: addresses(message.from()),
            to: addresses(message.to()),
            text,
            html,
            headers,
        }
    }

    /// The first header of that name (case-insensitive), decoded.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every header of that name (case-insensitive), decoded, in order.
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// A text part without a Content-Type is text/plain (RFC 2045).
fn is_subtype(part: &mail_parser::MessagePart<'_>, subtype: &str) -> bool {
    part.content_type().is_none_or(|ct| {
        ct.ctype().eq_ignore_ascii_case("text")
            && ct.subtype().is_none_or(|s| s.eq_ignore_ascii_case(subtype))
    })
}

/// A header value as text: decoded words for unstructured headers, "Name <address>" lists for
/// address headers, the unfolded raw value for the rest (dates, content types, ...).
fn decoded(value: &HeaderValue<'_>, raw_value: &str) -> String {
    match value {
        HeaderValue::Text(text) => text.to_string(),
        HeaderValue::TextList(list) => list.join(", "),
        HeaderValue::Address(address) => address
            .iter()
            .map(|addr| match (&addr.name, &addr.address) {
                (Some(name), Some(address)) => format!("{name} <{address}>"),
                (None, Some(address)) => address.to_string(),
                (Some(name), None) => name.to_string(),
                (None, None) => String::new(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        _ => raw_value
            .split(['\r', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// What the connections share with the sink: the mailbox, and how to answer MAIL FROM.
#[derive(Default)]
struct Shared {
    messages: Mutex<Vec<Received>>,
    arrived: Condvar,
    /// `Some((code, text))`: MAIL FROM is answered with this instead of 250.
    refusal: Mutex<Option<(u16, String)>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking connection thread must not take the mailbox down with it.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The threads of a listening sink.
struct Running {
    stopping: Arc<AtomicBool>,
    accept: JoinHandle<()>,
    /// A second handle on each open connection, to cut it on stop.
    open: Arc<Mutex<Vec<(u64, TcpStream)>>>,
    connections: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

/// An SMTP server on 127.0.0.1 that keeps what it receives. Stops when dropped.
pub struct SmtpSink {
    port: u16,
    shared: Arc<Shared>,
    running: Option<Running>,
}

impl SmtpSink {
    /// Starts on a free port.
    pub fn start() -> SmtpSink {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind the SMTP sink");
        Self::with_listener(listener)
    }

    /// Starts on the given port (panics when it cannot be bound within a few seconds).
    pub fn start_on(port: u16) -> SmtpSink {
        Self::with_listener(bind_retrying(port))
    }

    fn with_listener(listener: TcpListener) -> SmtpSink {
        let port = listener.local_addr().expect("the sink's address").port();
        let mut sink = SmtpSink {
            port,
            shared: Arc::new(Shared::default()),
            running: None,
        };
        sink.listen(listener);
        sink
    }

    /// The port it listens on (the same across stop and restart).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `smtp://127.0.0.1:PORT`: plain SMTP, no TLS, no authentication.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Whether it is listening (started and not stopped).
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Stops accepting and cuts every open connection (a message in the middle of DATA is lost,
    /// as the client sees). Afterwards the port refuses connections. Does nothing when stopped.
    pub fn stop(&mut self) {
        let Some(running) = self.running.take() else {
            return;
        };
        running.stopping.store(true, Ordering::SeqCst);
        // Wake the accept loop, which then sees `stopping` and drops the listener. A failure
        // means the loop is no longer accepting anyway.
        let _ = TcpStream::connect_timeout(
            &SocketAddr::from((Ipv4Addr::LOCALHOST, self.port)),
            Duration::from_secs(2),
        );
        running
            .accept
            .join()
            .expect("the accept thread ended cleanly");
        // No connection is registered any more: cut them all and wait for their threads.
        for (_, stream) in lock(&running.open).drain(..) {
            let _ = stream.shutdown(Shutdown::Both);
        }
        let threads: Vec<_> = lock(&running.connections).drain(..).collect();
        for thread in threads {
            let _ = thread.join();
        }
    }

    /// Listens again on the same port, keeping the messages received so far (stops first when
    /// running).
    pub fn restart(&mut self) {
        self.stop();
        let listener = bind_retrying(self.port);
        self.listen(listener);
    }

    /// Answers every MAIL FROM with `code` and `text` (e.g. 451 for a temporary failure, 550 for
    /// a permanent one) until [`SmtpSink::accept`]; the connection stays open.
    pub fn refuse(&self, code: u16, text: &str) {
        assert!(
            (400..600).contains(&code),
            "a refusal is a 4xx or 5xx code, not {code}"
        );
        *lock(&self.shared.refusal) = Some((code, text.to_string()));
    }

    /// Accepts mail again after [`SmtpSink::refuse`].
    pub fn accept(&self) {
        *lock(&self.shared.refusal) = None;
    }

    /// Every message accepted so far, in the order they arrived.
    pub fn messages(&self) -> Vec<Received> {
        lock(&self.shared.messages).clone()
    }

    /// Forgets the messages received so far.
    pub fn clear(&self) {
        lock(&self.shared.messages).clear();
    }

    /// The Message-IDs of all messages (without angle brackets), in arrival order; a message
    /// without one counts as "".
    pub fn message_ids(&self) -> Vec<String> {
        self.messages()
            .iter()
            .map(|m| m.parsed().message_id.unwrap_or_default())
            .collect()
    }

    /// Blocks until at least `n` messages arrived and returns all of them; panics with what did
    /// arrive after `timeout`. Blocks the thread: in a test whose application runs on the test's
    /// own async runtime use [`SmtpSink::wait_for_async`].
    pub fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Received> {
        let deadline = Instant::now() + timeout;
        let mut messages = lock(&self.shared.messages);
        while messages.len() < n {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                panic!("{}", not_arrived(n, timeout, &messages));
            }
            messages = self
                .shared
                .arrived
                .wait_timeout(messages, left)
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .0;
        }
        messages.clone()
    }

    /// [`SmtpSink::wait_for`] for async tests: polls and sleeps on the tokio timer, so the
    /// application on the same runtime keeps running.
    pub async fn wait_for_async(&self, n: usize, timeout: Duration) -> Vec<Received> {
        let deadline = Instant::now() + timeout;
        loop {
            {
                let messages = lock(&self.shared.messages);
                if messages.len() >= n {
                    return messages.clone();
                }
                if Instant::now() >= deadline {
                    panic!("{}", not_arrived(n, timeout, &messages));
                }
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    fn listen(&mut self, listener: TcpListener) {
        let stopping = Arc::new(AtomicBool::new(false));
        let open = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(Mutex::new(Vec::new()));
        let accept = {
            let stopping = stopping.clone();
            let open = open.clone();
            let connections = connections.clone();
            let shared = self.shared.clone();
            std::thread::Builder::new()
                .name(format!("smtp-sink-{}", self.port))
                .spawn(move || accept_loop(listener, &stopping, &open, &connections, &shared))
                .expect("spawn the SMTP sink")
        };
        self.running = Some(Running {
            stopping,
            accept,
            open,
            connections,
        });
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

fn not_arrived(n: usize, timeout: Duration, messages: &[Received]) -> String {
    let mut text = format!(
        "expected at least {n} mail(s) within {timeout:?}, {} arrived",
        messages.len()
    );
    for m in messages {
        let mail = m.parsed();
        text.push_str(&format!(
            "\n- to {:?}, subject {:?}, Message-ID {:?}",
            m.rcpt_to, mail.subject, mail.message_id
        ));
    }
    text
}

/// Binds 127.0.0.1:port, retrying for a while: the port may still be held by a process that is
/// shutting down.
fn bind_retrying(port: u16) -> TcpListener {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match TcpListener::bind((Ipv4Addr::LOCALHOST, port)) {
            Ok(listener) => return listener,
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => panic!("the SMTP sink cannot listen on port {port}: {e}"),
        }
    }
}

fn accept_loop(
    listener: TcpListener,
    stopping: &AtomicBool,
    open: &Arc<Mutex<Vec<(u64, TcpStream)>>>,
    connections: &Mutex<Vec<JoinHandle<()>>>,
    shared: &Arc<Shared>,
) {
    static NEXT_ID: AtomicU64 = AtomicU64::new(0);
    for stream in listener.incoming() {
        if stopping.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else {
            continue;
        };
        let Ok(handle) = stream.try_clone() else {
            continue;
        };
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        lock(open).push((id, handle));
        let open = open.clone();
        let shared = shared.clone();
        let thread = std::thread::spawn(move || {
            serve(stream, &shared);
            lock(&open).retain(|(i, _)| *i != id);
        });
        let mut threads = lock(connections);
        threads.retain(|t| !t.is_finished());
        threads.push(thread);
    }
    // The listener is dropped here: the port refuses connections from now on.
}

/// One SMTP session: `mailin` parses the commands and keeps the protocol state, this loop reads
/// lines and writes the answers.
fn serve(stream: TcpStream, shared: &Arc<Shared>) {
    let peer = stream
        .peer_addr()
        .map(|a| a.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let _ = stream.set_read_timeout(Some(IDLE_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IDLE_TIMEOUT));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut writer = stream;
    let handler = Collector {
        shared: shared.clone(),
        mail_from: String::new(),
        rcpt_to: Vec::new(),
        data: Vec::new(),
    };
    let mut session = SessionBuilder::new(SERVER_NAME).build(peer, handler);
    if reply(&mut writer, &session.greeting()).is_err() {
        return;
    }
    let mut line = Vec::with_capacity(256);
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let response = session.process(&line);
        match response.action {
            Action::NoReply => {}
            Action::Reply => {
                if reply(&mut writer, &response).is_err() {
                    return;
                }
            }
            // QUIT, or an error that ends the session. No STARTTLS is offered, so an upgrade
            // never comes; should it, the session ends too.
            Action::Close | Action::UpgradeTls => {
                let _ = reply(&mut writer, &response);
                return;
            }
        }
    }
}

fn reply(writer: &mut TcpStream, response: &Response) -> std::io::Result<()> {
    response.write_to(writer)?;
    writer.flush()
}

/// The `mailin` handler of one connection: collects the envelope and the data of the current
/// transaction and stores the message at the final ".".
struct Collector {
    shared: Arc<Shared>,
    mail_from: String,
    rcpt_to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Collector {
    fn mail(&mut self, _ip: IpAddr, _domain: &str, _from: &str) -> Response {
        self.data.clear();
        match lock(&self.shared.refusal).as_ref() {
            Some((code, text)) => Response::custom(*code, text.clone()),
            None => mailin::response::OK,
        }
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.mail_from = from.to_string();
        self.rcpt_to = to.to_vec();
        self.data.clear();
        mailin::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let received = Received {
            mail_from: std::mem::take(&mut self.mail_from),
            rcpt_to: std::mem::take(&mut self.rcpt_to),
            data: String::from_utf8_lossy(&std::mem::take(&mut self.data)).into_owned(),
        };
        lock(&self.shared.messages).push(received);
        self.shared.arrived.notify_all();
        mailin::response::OK
    }
}
