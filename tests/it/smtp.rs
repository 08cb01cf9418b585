//! SMTP test harness for end-to-end mail tests, and the self-tests that pin down what lettre
//! reports for each way a server can misbehave.
//!
//! * [`SmtpSink`]: a real SMTP server (aiosmtpd, `tests/support/smtp_sink.py`) that writes every
//!   message it accepts to a folder, along with what Python's `email` package makes of it — an
//!   independent reader's view of our MIME.
//! * [`ScriptedSmtp`]: an in-process, plain-text SMTP server whose replies follow a [`Script`],
//!   one [`Behaviour`] per connection, for the failures a transport must classify.
//! * [`refused_port`]: a port where nothing listens.
//!
//! What lettre 0.11 returns per behaviour (`smtp::Error`: `is_transient` / `is_permanent` /
//! `status` / `Display`), as checked by the tests at the bottom:
//!
//! | server                           | transient | permanent | status | Display |
//! |----------------------------------|-----------|-----------|--------|---------|
//! | `Greeting421`                    | yes | no  | 421 | `transient error (421): 4.3.2 scripted.test Service not available, closing transmission channel` |
//! | `RcptReply(550)`                 | no  | yes | 550 | `permanent error (550): 5.1.1 Scripted: mailbox unavailable` |
//! | `RcptReply(450)`                 | yes | no  | 450 | `transient error (450): 4.2.1 Scripted: mailbox temporarily unavailable` |
//! | `DataReply(451)`                 | yes | no  | 451 | `transient error (451): 4.3.0 Scripted: local error in processing` |
//! | `DataReply(550)`                 | no  | yes | 550 | `permanent error (550): 5.1.1 Scripted: mailbox unavailable` |
//! | `DropMidData`                    | no  | no  | —   | `response error: incomplete response` (seen every time); `network error: Connection reset by peer (os error 104)` is possible under other timing |
//! | [`refused_port`]                 | no  | no  | —   | `Connection error: Connection refused (os error 111)` |
//! | `Tls::Wrapper` against any plain port | no | no | — | `Connection error: Connection error: received corrupt message of type InvalidContentType` (sic, twice) |
//! | `StartTlsRefused` + `Tls::Required` | no | no | — | `internal client error: STARTTLS is not supported on this server` |
//! | `StartTls454` + `Tls::Required`  | yes | no  | 454 | `transient error (454): 4.7.0 Scripted: TLS not available due to temporary reason` |
//! | sink with auth, wrong password   | no  | yes | 535 | `permanent error (535): 5.7.8 Authentication credentials invalid` |
//! | sink with auth, no credentials   | no  | yes | 530 | `permanent error (530): 5.7.0 Authentication required` |
//!
//! Kinds, for classifying without parsing text: a reply error has `status()` and is transient
//! (4xx) or permanent (5xx); a connection error (refused, TLS handshake) starts `Connection
//! error`; a dropped connection is `response error` (EOF) or `network error` (I/O); a refused
//! precondition is `internal client error` (`is_client()`). `is_tls()` is false even for the
//! failed handshake, and there is no `is_connection()`/`is_network()`. lettre aborts (QUIT + close) the
//! connection on any error, so the pool never reuses it; after a success the connection is
//! parked on a spawned task, so the next send may or may not reuse it. lettre adds `Date` but not
//! `Message-ID` (`MessageBuilder::message_id(None)` generates one).

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The Python that runs the sink: `DONDOC_TEST_PYTHON`, else Debian's, which has aiosmtpd
/// (`apt-get install python3-aiosmtpd`).
pub const PYTHON_ENV: &str = "DONDOC_TEST_PYTHON";
const DEFAULT_PYTHON: &str = "/usr/bin/python3";
const SINK_SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/smtp_sink.py");
const SINK_READY_TIMEOUT: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(20);

// ---------------------------------------------------------------------------------------------
// SmtpSink

/// A real SMTP server on `127.0.0.1:port` that accepts everything (or, with
/// [`SmtpSink::start_with_auth`], everything from one authenticated user) and writes each message
/// to `dir` as `NNNN.eml` + `NNNN.json`. Killed on drop.
pub struct SmtpSink {
    pub port: u16,
    pub dir: PathBuf,
    /// With [`SmtpSink::start_with_tls`]: the self-signed certificate (for 127.0.0.1) the sink
    /// presents, for a client to trust as its CA.
    pub certificate: Option<PathBuf>,
    child: Child,
    stdin: Option<ChildStdin>,
    stderr_path: PathBuf,
    _tmp: tempfile::TempDir,
}

impl SmtpSink {
    pub fn start() -> SmtpSink {
        Self::spawn(None, None)
    }

    /// Requires AUTH (PLAIN or LOGIN, offered without TLS) as `user`/`pass` before MAIL.
    pub fn start_with_auth(user: &str, pass: &str) -> SmtpSink {
        Self::spawn(Some(format!("{user}:{pass}")), None)
    }

    /// Speaks TLS with a fresh self-signed certificate for 127.0.0.1 (made with `openssl`):
    /// `mode` "starttls" (required before MAIL) or "implicit" (from the first byte).
    pub fn start_with_tls(mode: &str) -> SmtpSink {
        Self::spawn(None, Some(mode))
    }

    fn spawn(auth: Option<String>, tls: Option<&str>) -> SmtpSink {
        let tmp = tempfile::tempdir().unwrap();
        let certificate = tls.map(|_| self_signed(tmp.path()));
        let dir = tmp.path().join("mail");
        let stderr_path = tmp.path().join("sink.stderr");
        let python = std::env::var(PYTHON_ENV).unwrap_or_else(|_| DEFAULT_PYTHON.to_string());
        let mut cmd = Command::new(&python);
        cmd.arg(SINK_SCRIPT).arg("--dir").arg(&dir);
        if let Some(auth) = &auth {
            cmd.arg("--auth").arg(auth);
        }
        if let (Some(mode), Some(cert)) = (tls, &certificate) {
            cmd.arg("--tls")
                .arg(mode)
                .arg(cert)
                .arg(tmp.path().join("key.pem"));
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr_path).unwrap())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot run {python} {SINK_SCRIPT}: {e} (set {PYTHON_ENV})")
            });
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().unwrap();

        // The first stdout line, read on a thread so that waiting for it can time out.
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let ready = rx.recv_timeout(SINK_READY_TIMEOUT);
        let port = ready
            .as_deref()
            .ok()
            .and_then(|l| l.trim().strip_prefix("READY "))
            .and_then(|p| p.parse::<u16>().ok());
        let Some(port) = port else {
            let _ = child.kill();
            let status = child.wait();
            panic!(
                "SMTP sink did not start ({python} {SINK_SCRIPT}; first stdout line: {ready:?}; \
                 exit: {status:?}). Is aiosmtpd installed for it (apt-get install \
                 python3-aiosmtpd, or set {PYTHON_ENV})? Its stderr:\n{}",
                std::fs::read_to_string(&stderr_path).unwrap_or_default()
            );
        };
        SmtpSink {
            port,
            dir,
            certificate,
            child,
            stdin,
            stderr_path,
            _tmp: tmp,
        }
    }

    /// What the sink logged: one line per message accepted, AUTH outcomes, errors.
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr_path).unwrap_or_default()
    }

    /// Every message received so far, in order of arrival.
    pub fn received(&self) -> Vec<Received> {
        self.eml_files().iter().map(|p| Received::load(p)).collect()
    }

    /// Waits until at least `n` messages have arrived and returns them all; panics after
    /// `timeout` with what did arrive. Blocks the thread: from a test whose mail is sent by a
    /// task on the same runtime, use [`SmtpSink::wait_for_async`].
    pub fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Received> {
        let deadline = Instant::now() + timeout;
        loop {
            if self.eml_files().len() >= n {
                return self.received();
            }
            if Instant::now() >= deadline {
                self.timed_out(n, timeout);
            }
            std::thread::sleep(POLL);
        }
    }

    /// [`SmtpSink::wait_for`] that yields to the runtime between looks.
    pub async fn wait_for_async(&self, n: usize, timeout: Duration) -> Vec<Received> {
        let deadline = Instant::now() + timeout;
        loop {
            if self.eml_files().len() >= n {
                return self.received();
            }
            if Instant::now() >= deadline {
                self.timed_out(n, timeout);
            }
            tokio::time::sleep(POLL).await;
        }
    }

    fn timed_out(&self, n: usize, timeout: Duration) -> ! {
        let got: Vec<String> = self
            .received()
            .iter()
            .map(|r| {
                format!(
                    "  {:?} from {} to {:?}",
                    r.subject(),
                    r.mail_from,
                    r.rcpt_tos
                )
            })
            .collect();
        panic!(
            "SMTP sink: expected {n} message(s) within {timeout:?}, got {}:\n{}\nsink stderr:\n{}",
            got.len(),
            got.join("\n"),
            self.stderr()
        );
    }

    /// `NNNN.eml` files, sorted; each one's `.json` is complete once it exists (the sink renames
    /// the `.json` into place first).
    fn eml_files(&self) -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|x| x == "eml")
                    && !p.file_name().unwrap().to_string_lossy().starts_with('.')
            })
            .collect();
        files.sort();
        files
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A self-signed certificate for 127.0.0.1 in `dir` (`cert.pem`, `key.pem`): an end-entity
/// certificate (`CA:FALSE`), which a client can still be told to trust as its own anchor.
fn self_signed(dir: &Path) -> PathBuf {
    let cert = dir.join("cert.pem");
    let out = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .arg("-keyout")
        .arg(dir.join("key.pem"))
        .arg("-out")
        .arg(&cert)
        .args([
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-addext",
            "basicConstraints=critical,CA:FALSE",
        ])
        .output()
        .expect("openssl, to make the sink's certificate");
    assert!(
        out.status.success(),
        "openssl req failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    cert
}

/// One message as the sink received it. `parsed` is the sidecar's `parsed` object: `subject`,
/// `from`, `to`, `cc`, `message_id`, `date`, `content_type`, `header_names`, `headers`
/// (`[name, decoded value]` pairs), `text`, `html`, `defects`.
#[derive(Debug, Clone)]
pub struct Received {
    pub raw: Vec<u8>,
    pub mail_from: String,
    pub rcpt_tos: Vec<String>,
    /// The user the session authenticated as, with [`SmtpSink::start_with_auth`].
    pub auth_user: Option<String>,
    pub parsed: serde_json::Value,
}

impl Received {
    fn load(eml: &Path) -> Received {
        let raw = std::fs::read(eml).unwrap();
        let json = std::fs::read(eml.with_extension("json")).unwrap();
        let meta: serde_json::Value = serde_json::from_slice(&json)
            .unwrap_or_else(|e| panic!("{}: {e}", eml.with_extension("json").display()));
        Received {
            raw,
            mail_from: meta["mail_from"].as_str().unwrap_or_default().to_string(),
            rcpt_tos: meta["rcpt_tos"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            auth_user: meta["auth_user"].as_str().map(str::to_string),
            parsed: meta["parsed"].clone(),
        }
    }

    fn field(&self, key: &str) -> Option<&str> {
        self.parsed[key].as_str()
    }

    /// Decoded (RFC 2047) subject.
    pub fn subject(&self) -> Option<&str> {
        self.field("subject")
    }

    pub fn message_id(&self) -> Option<&str> {
        self.field("message_id")
    }

    /// The decoded text/plain body.
    pub fn text(&self) -> Option<&str> {
        self.field("text")
    }

    /// The decoded text/html body.
    pub fn html(&self) -> Option<&str> {
        self.field("html")
    }

    /// The first header called `name` (any case), decoded.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.parsed["headers"]
            .as_array()?
            .iter()
            .find(|h| h[0].as_str().is_some_and(|n| n.eq_ignore_ascii_case(name)))
            .and_then(|h| h[1].as_str())
    }

    /// What Python's `email` package objected to; empty for a well-formed message.
    pub fn defects(&self) -> Vec<String> {
        self.parsed["defects"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| {
                d.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| d.to_string())
            })
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// ScriptedSmtp

/// What the [`ScriptedSmtp`] does on one connection.
///
/// No `NotTls` behaviour is needed: every `ScriptedSmtp` speaks plain SMTP, so a client that
/// expects implicit TLS (`Tls::Wrapper`, port 465 style) fails its handshake against any of them
/// (it reads `220 …` where a TLS record should be) and nothing is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// Accept every message and record it in [`ScriptedSmtp::accepted`].
    Accept,
    /// Greet with `421 … Service not available` and close.
    Greeting421,
    /// Reply this code to every RCPT TO (e.g. 550, 450).
    RcptReply(u16),
    /// Read the whole DATA, then reply this code (e.g. 451, 550) instead of 250.
    DataReply(u16),
    /// After DATA's 354, read the headers (up to the first blank line), then close the socket
    /// without a reply.
    DropMidData,
    /// EHLO without STARTTLS; a STARTTLS sent anyway gets 454. A `Tls::Required` client gives up
    /// before sending it.
    StartTlsRefused,
    /// EHLO advertises STARTTLS; the command gets 454 (a transient refusal).
    StartTls454,
}

/// Per-connection behaviours, applied in order of connection; the last one repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script(Vec<Behaviour>);

impl Script {
    pub fn new(behaviours: impl IntoIterator<Item = Behaviour>) -> Script {
        let v: Vec<Behaviour> = behaviours.into_iter().collect();
        assert!(!v.is_empty(), "a Script needs at least one Behaviour");
        Script(v)
    }

    fn for_connection(&self, n: usize) -> Behaviour {
        self.0[n.min(self.0.len() - 1)]
    }
}

impl From<Behaviour> for Script {
    fn from(b: Behaviour) -> Script {
        Script(vec![b])
    }
}

impl From<Vec<Behaviour>> for Script {
    fn from(v: Vec<Behaviour>) -> Script {
        Script::new(v)
    }
}

impl<const N: usize> From<[Behaviour; N]> for Script {
    fn from(a: [Behaviour; N]) -> Script {
        Script::new(a)
    }
}

#[derive(Default)]
struct Shared {
    stop: AtomicBool,
    connections: AtomicUsize,
    accepted: Mutex<Vec<Vec<u8>>>,
    commands: Mutex<Vec<String>>,
    /// Clones of the open connections, so that drop can unblock their readers. A handler
    /// removes its own before closing, so that its close is a real one.
    open: Mutex<HashMap<usize, TcpStream>>,
    handlers: Mutex<Vec<JoinHandle<()>>>,
}

/// A plain-text SMTP server on `127.0.0.1` (ephemeral port) on std threads — usable from any
/// test, async or not. Speaks EHLO/HELO (8BITMIME, SMTPUTF8, AUTH PLAIN LOGIN; no PIPELINING),
/// AUTH (any credentials pass), MAIL, RCPT, DATA (dot-unstuffed), RSET, NOOP, QUIT. Stops on
/// drop, closing any connection still open.
pub struct ScriptedSmtp {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl ScriptedSmtp {
    pub fn start(script: impl Into<Script>) -> ScriptedSmtp {
        let script = script.into();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Shared::default());
        let acceptor = {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || accept_loop(listener, script, shared))
        };
        ScriptedSmtp {
            addr,
            shared,
            acceptor: Some(acceptor),
        }
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Connections accepted so far (counted before the greeting is sent).
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// Raw messages accepted (dot-unstuffed, without the final `.` line), recorded before the
    /// 250 is sent.
    pub fn accepted(&self) -> Vec<Vec<u8>> {
        self.shared.accepted.lock().unwrap().clone()
    }

    /// Every command line received, as `"<connection index> <line>"` (DATA content excluded).
    pub fn commands(&self) -> Vec<String> {
        self.shared.commands.lock().unwrap().clone()
    }
}

impl Drop for ScriptedSmtp {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Unblocks accept(); the loop sees the flag and ends.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(5));
        if let Some(a) = self.acceptor.take() {
            let _ = a.join();
        }
        for (_, s) in self.shared.open.lock().unwrap().drain() {
            let _ = s.shutdown(Shutdown::Both);
        }
        let handlers: Vec<_> = self.shared.handlers.lock().unwrap().drain(..).collect();
        let mut panicked = 0;
        for h in handlers {
            panicked += usize::from(h.join().is_err());
        }
        if panicked > 0 && !std::thread::panicking() {
            panic!("ScriptedSmtp: {panicked} connection handler(s) panicked");
        }
    }
}

/// A port on 127.0.0.1 where nothing listens (it did a moment ago): connecting is refused.
pub fn refused_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

fn accept_loop(listener: TcpListener, script: Script, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        let n = shared.connections.fetch_add(1, Ordering::SeqCst);
        let behaviour = script.for_connection(n);
        if let Ok(clone) = stream.try_clone() {
            shared.open.lock().unwrap().insert(n, clone);
        }
        let sh = Arc::clone(&shared);
        let h = std::thread::spawn(move || {
            let _ = serve(&stream, behaviour, n, &sh);
            // Drop our clone first, so that dropping `stream` really closes the socket.
            sh.open.lock().unwrap().remove(&n);
            drop(stream);
        });
        shared.handlers.lock().unwrap().push(h);
    }
}

fn reply(w: &mut impl Write, lines: &[&str]) -> io::Result<()> {
    let mut out = Vec::new();
    for l in lines {
        out.extend_from_slice(l.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    w.write_all(&out)?;
    w.flush()
}

/// A plausible reply line for a scripted code.
fn scripted_reply(code: u16) -> String {
    let text = match code {
        421 => "4.3.2 Scripted: service not available",
        450 => "4.2.1 Scripted: mailbox temporarily unavailable",
        451 => "4.3.0 Scripted: local error in processing",
        452 => "4.3.1 Scripted: insufficient system storage",
        550 => "5.1.1 Scripted: mailbox unavailable",
        552 => "5.3.4 Scripted: message size exceeds fixed limit",
        553 => "5.1.3 Scripted: mailbox name not allowed",
        554 => "5.6.0 Scripted: transaction failed",
        c if (400..500).contains(&c) => "4.0.0 Scripted: transient failure",
        c if (500..600).contains(&c) => "5.0.0 Scripted: permanent failure",
        _ => "Scripted",
    };
    format!("{code} {text}")
}

/// Reads one line (with its line ending); `None` at end of stream.
fn read_line(r: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    if r.read_until(b'\n', &mut line)? == 0 {
        return Ok(None);
    }
    Ok(Some(line))
}

fn serve(stream: &TcpStream, behaviour: Behaviour, conn: usize, shared: &Shared) -> io::Result<()> {
    use Behaviour::*;
    // A safety net only: drop unblocks the reader of an idle connection.
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    let mut r = BufReader::new(stream);
    let mut w = stream;
    if behaviour == Greeting421 {
        return reply(
            &mut w,
            &["421 4.3.2 scripted.test Service not available, closing transmission channel"],
        );
    }
    reply(&mut w, &["220 scripted.test ESMTP ScriptedSmtp"])?;
    let (mut mail, mut rcpts) = (false, 0usize);
    loop {
        let Some(line) = read_line(&mut r)? else {
            return Ok(());
        };
        let line = String::from_utf8_lossy(&line)
            .trim_end_matches(['\r', '\n'])
            .to_string();
        shared
            .commands
            .lock()
            .unwrap()
            .push(format!("{conn} {line}"));
        let mut words = line.split_whitespace();
        let verb = words.next().unwrap_or("").to_ascii_uppercase();
        match verb.as_str() {
            "EHLO" => {
                let mut lines = vec!["250-scripted.test", "250-8BITMIME", "250-SMTPUTF8"];
                if behaviour == StartTls454 {
                    lines.push("250-STARTTLS");
                }
                lines.push("250 AUTH PLAIN LOGIN");
                reply(&mut w, &lines)?;
            }
            "HELO" => reply(&mut w, &["250 scripted.test"])?,
            "STARTTLS" => reply(
                &mut w,
                &["454 4.7.0 Scripted: TLS not available due to temporary reason"],
            )?,
            "AUTH" => {
                let mechanism = words.next().unwrap_or("").to_ascii_uppercase();
                let initial = words.next().is_some();
                let challenges: &[&str] = match (mechanism.as_str(), initial) {
                    ("PLAIN", true) => &[],
                    ("PLAIN", false) => &["334 "],
                    ("LOGIN", true) => &["334 UGFzc3dvcmQ6"],
                    ("LOGIN", false) => &["334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6"],
                    _ => {
                        reply(&mut w, &["504 5.5.4 Unrecognized authentication type"])?;
                        continue;
                    }
                };
                for c in challenges {
                    reply(&mut w, &[c])?;
                    if read_line(&mut r)?.is_none() {
                        return Ok(());
                    }
                }
                reply(&mut w, &["235 2.7.0 Authentication successful"])?;
            }
            "MAIL" => {
                (mail, rcpts) = (true, 0);
                reply(&mut w, &["250 2.1.0 OK"])?;
            }
            "RCPT" if !mail => reply(&mut w, &["503 5.5.1 Error: need MAIL command"])?,
            "RCPT" => match behaviour {
                RcptReply(code) => reply(&mut w, &[&scripted_reply(code)])?,
                _ => {
                    rcpts += 1;
                    reply(&mut w, &["250 2.1.5 OK"])?;
                }
            },
            "DATA" if rcpts == 0 => reply(&mut w, &["503 5.5.1 Error: need RCPT command"])?,
            "DATA" => {
                reply(&mut w, &["354 End data with <CR><LF>.<CR><LF>"])?;
                if behaviour == DropMidData {
                    while let Some(l) = read_line(&mut r)? {
                        if l == b"\r\n" || l == b"\n" {
                            break;
                        }
                    }
                    return Ok(()); // the caller closes the socket
                }
                let mut message = Vec::new();
                loop {
                    let Some(l) = read_line(&mut r)? else {
                        return Ok(()); // client went away mid-message: nothing recorded
                    };
                    if l == b".\r\n" || l == b".\n" {
                        break;
                    }
                    message.extend_from_slice(l.strip_prefix(b".").unwrap_or(&l));
                }
                (mail, rcpts) = (false, 0);
                match behaviour {
                    DataReply(code) => reply(&mut w, &[&scripted_reply(code)])?,
                    _ => {
                        shared.accepted.lock().unwrap().push(message);
                        reply(&mut w, &["250 2.0.0 OK: queued"])?;
                    }
                }
            }
            "RSET" => {
                (mail, rcpts) = (false, 0);
                reply(&mut w, &["250 2.0.0 OK"])?;
            }
            "NOOP" => reply(&mut w, &["250 2.0.0 OK"])?,
            "QUIT" => return reply(&mut w, &["221 2.0.0 Bye"]),
            _ => reply(&mut w, &["500 5.5.2 Error: command not recognized"])?,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Self-tests, with lettre as the client.

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::transport::smtp::Error as SmtpError;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

const SUBJECT: &str = "Phiếu báo số 1: nhiệm vụ chưa thực hiện";
const TEXT: &str = "Kính gửi chị Lan,\n\
    Nhiệm vụ \"Báo cáo tình hình thực hiện\n\
    Kế hoạch số 12/KH-UBND\" đã quá hạn 3 ngày.\n\
    .Dòng này bắt đầu bằng dấu chấm.\n\
    Trân trọng.\n";
const HTML: &str = "<p>Kính gửi chị Lan,</p>\
    <p>Nhiệm vụ <b>Báo cáo tình hình thực hiện Kế hoạch số 12/KH-UBND</b> đã quá hạn 3 ngày.</p>";
const SEND_TIMEOUT: Duration = Duration::from_secs(30);

/// Notice number `n`. lettre picks base64 / quoted-printable for Vietnamese bodies, so the
/// message is pure ASCII on the wire; `eight_bit` forces `Content-Transfer-Encoding: 8bit` on the
/// text part instead (raw UTF-8, `BODY=8BITMIME`, and a line starting with a dot to stuff).
fn message(n: usize, eight_bit: bool) -> Message {
    let mut text = SinglePart::builder().header(ContentType::TEXT_PLAIN);
    if eight_bit {
        text = text.header(ContentTransferEncoding::EightBit);
    }
    Message::builder()
        .from("Văn phòng UBND <vanphong@dondoc.test>".parse().unwrap())
        .to("Chị Lan <lan@dondoc.test>".parse().unwrap())
        .cc("Phòng Tổng hợp <tonghop@dondoc.test>"
            .parse::<Mailbox>()
            .unwrap())
        .subject(SUBJECT.replace("số 1", &format!("số {n}")))
        .message_id(Some(format!("<phieu-bao-{n}@dondoc.test>")))
        .multipart(
            MultiPart::alternative()
                // lettre panics on an 8bit body with a bare LF or a line of 76 bytes or more.
                .singlepart(text.body(TEXT.replace('\n', "\r\n")))
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(HTML.to_string()),
                ),
        )
        .unwrap()
}

fn builder(port: u16) -> lettre::transport::smtp::AsyncSmtpTransportBuilder {
    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
        .port(port)
        .timeout(Some(Duration::from_secs(10)))
}

fn transport(port: u16) -> AsyncSmtpTransport<Tokio1Executor> {
    builder(port).build()
}

fn tls_params() -> TlsParameters {
    TlsParameters::builder("127.0.0.1".to_string())
        .dangerous_accept_invalid_certs(true)
        .build()
        .unwrap()
}

async fn send(t: &AsyncSmtpTransport<Tokio1Executor>, m: Message) -> Result<(), SmtpError> {
    tokio::time::timeout(SEND_TIMEOUT, t.send(m))
        .await
        .expect("lettre send hung")
        .map(|_| ())
}

/// Sends one message, which must fail, and returns the error (its classification on stderr).
async fn send_err(t: &AsyncSmtpTransport<Tokio1Executor>) -> SmtpError {
    let e = send(t, message(1, false))
        .await
        .expect_err("send should fail");
    eprintln!(
        "lettre error: transient={} permanent={} status={:?} display={e}",
        e.is_transient(),
        e.is_permanent(),
        status(&e),
    );
    e
}

fn status(e: &SmtpError) -> Option<String> {
    e.status().map(|c| c.to_string())
}

/// Neither a 4xx nor a 5xx: a connection, TLS, protocol or client error.
fn assert_no_smtp_reply(e: &SmtpError) {
    assert!(!e.is_transient() && !e.is_permanent(), "{e}");
    assert_eq!(e.status(), None, "{e}");
}

#[tokio::test]
async fn sink_receives_vietnamese_multipart_as_sent() {
    let sink = SmtpSink::start();
    let t = transport(sink.port);
    send(&t, message(1, false)).await.unwrap();
    send(&t, message(2, true)).await.unwrap();
    let got = sink.wait_for(2, Duration::from_secs(10));
    assert_eq!(got.len(), 2);
    for (i, m) in got.iter().enumerate() {
        let n = i + 1;
        assert_eq!(
            m.subject(),
            Some(SUBJECT.replace("số 1", &format!("số {n}")).as_str())
        );
        assert!(m.defects().is_empty(), "defects: {:?}", m.defects());
        assert_eq!(m.mail_from, "vanphong@dondoc.test");
        assert_eq!(m.rcpt_tos, ["lan@dondoc.test", "tonghop@dondoc.test"]);
        assert_eq!(m.auth_user, None);
        assert_eq!(m.parsed["content_type"], "multipart/alternative");
        assert_eq!(m.parsed["to"][0], "Chị Lan <lan@dondoc.test>");
        assert_eq!(m.parsed["cc"][0], "Phòng Tổng hợp <tonghop@dondoc.test>");
        assert!(m.parsed["date"].is_string(), "lettre adds Date");
        assert_eq!(
            m.header("FROM"),
            Some("Văn phòng UBND <vanphong@dondoc.test>")
        );
        assert_eq!(
            m.message_id(),
            Some(format!("<phieu-bao-{n}@dondoc.test>").as_str())
        );
        let text = m.text().unwrap().replace("\r\n", "\n");
        assert_eq!(text, TEXT);
        let html = m.html().unwrap();
        assert!(html.contains("<b>Báo cáo tình hình thực hiện Kế hoạch số 12/KH-UBND</b>"));
    }
    assert!(
        got[0].raw.is_ascii(),
        "lettre encodes the Vietnamese bodies"
    );
    let raw = String::from_utf8(got[1].raw.clone()).expect("8bit part as raw UTF-8");
    assert!(
        raw.contains("\r\n.Dòng này bắt đầu bằng dấu chấm.\r\n"),
        "{raw}"
    );
}

#[tokio::test]
async fn sink_with_auth_takes_the_right_credentials_only() {
    let sink = SmtpSink::start_with_auth("dondoc", "hunter2");
    for mechanism in [Mechanism::Plain, Mechanism::Login] {
        let t = builder(sink.port)
            .credentials(Credentials::new("dondoc".into(), "hunter2".into()))
            .authentication(vec![mechanism])
            .build();
        send(&t, message(1, false))
            .await
            .unwrap_or_else(|e| panic!("{mechanism}: {e}\n{}", sink.stderr()));
    }

    let wrong = builder(sink.port)
        .credentials(Credentials::new("dondoc".into(), "wrong".into()))
        .build();
    let e = send_err(&wrong).await;
    assert!(e.is_permanent(), "{e}");
    assert_eq!(status(&e).as_deref(), Some("535"), "{e}");

    let e = send_err(&transport(sink.port)).await;
    assert!(e.is_permanent(), "{e}");
    assert_eq!(status(&e).as_deref(), Some("530"), "{e}");

    // The failed sends returned after the server's refusal: nothing more is on its way.
    let got = sink.wait_for(2, Duration::from_secs(10));
    assert_eq!(got.len(), 2, "{}", sink.stderr());
    assert!(got.iter().all(|m| m.auth_user.as_deref() == Some("dondoc")));
}

#[tokio::test]
async fn scripted_accept_records_messages_unstuffed() {
    let server = ScriptedSmtp::start(Behaviour::Accept);
    let t = transport(server.port());
    let first = message(1, true);
    let sent = first.formatted();
    assert!(
        sent.windows(4).any(|w| w == b"\r\n.D"),
        "the message should have a line starting with a dot"
    );
    send(&t, first).await.unwrap();
    send(&t, message(2, false)).await.unwrap();
    let accepted = server.accepted();
    assert_eq!(accepted.len(), 2);
    // lettre appends CRLF . CRLF to a message that already ends with CRLF: one more CRLF.
    assert_eq!(
        String::from_utf8_lossy(&accepted[0]),
        String::from_utf8_lossy(&[sent.as_slice(), b"\r\n"].concat())
    );
    let commands = server.commands();
    let mails: Vec<_> = commands
        .iter()
        .filter(|c| c.contains(" MAIL FROM:"))
        .collect();
    assert!(mails[0].ends_with(" BODY=8BITMIME"), "{mails:?}");
    assert!(!mails[1].contains("BODY="), "{mails:?}");
    // lettre's pool parks a connection on a spawned task: the second send may or may not reuse it.
    assert!((1..=2).contains(&server.connections()));
}

#[tokio::test]
async fn scripted_greeting_421_is_transient() {
    let server = ScriptedSmtp::start(Behaviour::Greeting421);
    let e = send_err(&transport(server.port())).await;
    assert!(e.is_transient() && !e.is_permanent(), "{e}");
    assert_eq!(status(&e).as_deref(), Some("421"));
    assert_eq!(
        e.to_string(),
        "transient error (421): 4.3.2 scripted.test Service not available, \
         closing transmission channel"
    );
    assert_eq!(server.connections(), 1);
    assert!(server.accepted().is_empty());
}

#[tokio::test]
async fn scripted_rcpt_replies() {
    let server = ScriptedSmtp::start(Behaviour::RcptReply(550));
    let e = send_err(&transport(server.port())).await;
    assert!(e.is_permanent() && !e.is_transient(), "{e}");
    assert_eq!(status(&e).as_deref(), Some("550"));
    assert_eq!(
        e.to_string(),
        "permanent error (550): 5.1.1 Scripted: mailbox unavailable"
    );
    assert!(server.accepted().is_empty());

    let server = ScriptedSmtp::start(Behaviour::RcptReply(450));
    let e = send_err(&transport(server.port())).await;
    assert!(e.is_transient() && !e.is_permanent(), "{e}");
    assert_eq!(status(&e).as_deref(), Some("450"));
    assert!(server.accepted().is_empty());
}

#[tokio::test]
async fn scripted_data_451_then_accept() {
    let server = ScriptedSmtp::start([Behaviour::DataReply(451), Behaviour::Accept]);
    let t = transport(server.port());
    let e = send_err(&t).await;
    assert!(e.is_transient() && !e.is_permanent(), "{e}");
    assert_eq!(status(&e).as_deref(), Some("451"));
    assert_eq!(
        e.to_string(),
        "transient error (451): 4.3.0 Scripted: local error in processing"
    );
    assert!(server.accepted().is_empty());
    send(&t, message(2, false)).await.unwrap();
    assert_eq!(server.accepted().len(), 1);
    assert_eq!(server.connections(), 2, "{:?}", server.commands());
}

#[tokio::test]
async fn scripted_data_550_is_permanent() {
    let server = ScriptedSmtp::start(Behaviour::DataReply(550));
    let e = send_err(&transport(server.port())).await;
    assert!(e.is_permanent() && !e.is_transient(), "{e}");
    assert_eq!(status(&e).as_deref(), Some("550"));
    assert!(server.accepted().is_empty());
}

#[tokio::test]
async fn scripted_drop_mid_data_is_an_io_error() {
    let server = ScriptedSmtp::start([Behaviour::DropMidData, Behaviour::Accept]);
    let t = transport(server.port());
    let e = send_err(&t).await;
    assert_no_smtp_reply(&e);
    let shown = e.to_string();
    assert!(
        shown.starts_with("network error: ") || shown == "response error: incomplete response",
        "{shown}"
    );
    assert_eq!(
        e.is_response(),
        shown.starts_with("response error"),
        "{shown}"
    );
    assert!(server.accepted().is_empty());
    // A retry goes through, on a new connection.
    send(&t, message(1, false)).await.unwrap();
    assert_eq!(server.accepted().len(), 1);
    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn refused_port_is_a_connection_error() {
    let e = send_err(&transport(refused_port())).await;
    assert_no_smtp_reply(&e);
    assert_eq!(
        e.to_string(),
        "Connection error: Connection refused (os error 111)"
    );
}

#[tokio::test]
async fn implicit_tls_against_a_plain_server_fails_the_handshake() {
    let server = ScriptedSmtp::start(Behaviour::Accept);
    let t = AsyncSmtpTransport::<Tokio1Executor>::relay("127.0.0.1")
        .unwrap()
        .port(server.port())
        .tls(Tls::Wrapper(tls_params()))
        .timeout(Some(Duration::from_secs(10)))
        .build();
    let e = send_err(&t).await;
    assert_no_smtp_reply(&e);
    assert!(e.to_string().starts_with("Connection error: "), "{e}");
    // A connection error, not lettre's `Kind::Tls`.
    assert!(!e.is_tls() && !e.is_client() && !e.is_response(), "{e}");
    assert_eq!(server.connections(), 1);
    assert!(server.accepted().is_empty());
    assert!(!server.commands().iter().any(|c| c.contains("MAIL")));
}

#[tokio::test]
async fn starttls_refused_or_454() {
    let required = |port| builder(port).tls(Tls::Required(tls_params())).build();

    let server = ScriptedSmtp::start(Behaviour::StartTlsRefused);
    let e = send_err(&required(server.port())).await;
    assert_no_smtp_reply(&e);
    assert_eq!(
        e.to_string(),
        "internal client error: STARTTLS is not supported on this server"
    );
    assert!(e.is_client());
    assert!(server.accepted().is_empty());

    let server = ScriptedSmtp::start(Behaviour::StartTls454);
    let e = send_err(&required(server.port())).await;
    assert!(e.is_transient(), "{e}");
    assert_eq!(status(&e).as_deref(), Some("454"));
    assert!(server.commands().iter().any(|c| c.ends_with(" STARTTLS")));
    assert!(server.accepted().is_empty());
}

#[test]
fn scripted_server_drops_cleanly_with_a_connection_open() {
    let server = ScriptedSmtp::start(Behaviour::Accept);
    let mut client = TcpStream::connect(("127.0.0.1", server.port())).unwrap();
    client
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut greeting = [0u8; 4];
    client.read_exact(&mut greeting).unwrap();
    assert_eq!(&greeting, b"220 ");
    drop(server); // must not hang on the idle connection
    let mut rest = Vec::new();
    client.read_to_end(&mut rest).unwrap();
    assert_eq!(rest, b"scripted.test ESMTP ScriptedSmtp\r\n");
}

#[test]
fn sink_fails_loudly_when_mail_does_not_come() {
    let sink = SmtpSink::start();
    let waited = std::panic::catch_unwind(|| sink.wait_for(1, Duration::from_millis(200)));
    let msg = waited.expect_err("nothing was sent");
    let msg = msg.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(msg.contains("expected 1 message(s)"), "{msg}");
}
