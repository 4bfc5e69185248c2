//! A real browser for the journeys: Debian's chromedriver on a free port driving headless
//! Chromium, and a small vocabulary on top of fantoccini that finds fields the way a user does,
//! by their visible label, so a field without a label cannot be filled.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Map, Value};

/// Where chromedriver and Chromium are; `CHROMEDRIVER` and `CHROMIUM` override.
fn chromedriver_path() -> PathBuf {
    std::env::var_os("CHROMEDRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver"))
}

fn chromium_path() -> PathBuf {
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// The browser tests run when chromedriver is installed. `.ci/run` installs it and sets
/// `VC_BROWSER_TESTS=required`, so there a missing browser fails the run instead of passing it.
pub fn browser_available() -> bool {
    let present = chromedriver_path().exists() && chromium_path().exists();
    let required = std::env::var("VC_BROWSER_TESTS").is_ok_and(|v| v == "required");
    assert!(
        present || !required,
        "VC_BROWSER_TESTS=required but {} or {} is missing (apt-get install chromium chromium-driver)",
        chromedriver_path().display(),
        chromium_path().display()
    );
    if !present {
        eprintln!(
            "browser tests not run: {} is not installed (apt-get install chromium chromium-driver)",
            chromedriver_path().display()
        );
    }
    present
}

/// A chromedriver process, killed when dropped.
pub struct Driver {
    child: Child,
    pub url: String,
}

impl Driver {
    /// Starts chromedriver on a free port, in its own process group so that dropping the
    /// driver also ends the browsers it started, even when a test fails half-way. A port taken
    /// between choosing and binding it (tests run in parallel) means another try.
    pub async fn start() -> Driver {
        use std::os::unix::process::CommandExt;
        for _ in 0..5 {
            let port = TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("free port")
                .port();
            let mut child = Command::new(chromedriver_path())
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .process_group(0)
                .spawn()
                .expect("start chromedriver");
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return Driver {
                        child,
                        url: format!("http://127.0.0.1:{port}"),
                    };
                }
                if child.try_wait().ok().flatten().is_some() {
                    break; // it could not listen there: another port
                }
                assert!(Instant::now() < deadline, "chromedriver did not start");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        panic!("chromedriver did not start on any of five ports");
    }

    /// A new browser window (its own profile and cookies) of 1280×720, a small laptop.
    pub async fn browser(&self, base: &str, shots: &Shots, who: &str) -> Browser {
        self.browser_with(base, shots, who, true).await
    }

    /// The same, with JavaScript switched off when `javascript` is false.
    pub async fn browser_with(
        &self,
        base: &str,
        shots: &Shots,
        who: &str,
        javascript: bool,
    ) -> Browser {
        let mut caps = Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium_path(),
                "prefs": {
                    "profile.managed_default_content_settings.javascript": if javascript { 1 } else { 2 },
                },
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-dev-shm-usage",
                    "--disable-gpu",
                    "--window-size=1280,720",
                    "--lang=da-DK",
                    "--force-device-scale-factor=1",
                ],
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&self.url)
            .await
            .expect("a chromium session");
        let b = Browser {
            client,
            base: base.to_string(),
            shots: shots.clone(),
            who: who.to_string(),
            javascript,
        };
        b.viewport(1280, 720).await;
        b
    }
}

impl Driver {
    /// The process group of chromedriver and the browsers it started.
    pub fn process_group(&self) -> i32 {
        i32::try_from(self.child.id()).expect("a pid fits in i32")
    }
}

/// The processes of a group still running (zombies, which have ended but wait for their parent
/// to read their status, are not counted), from `/proc/<pid>/stat`.
pub fn running_in_group(pgid: i32) -> usize {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().parse::<u32>().is_ok())
        .filter_map(|e| std::fs::read_to_string(e.path().join("stat")).ok())
        .filter(|stat| {
            // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
            let Some((_, rest)) = stat.rsplit_once(") ") else {
                return false;
            };
            let fields: Vec<&str> = rest.split_whitespace().collect();
            fields.len() > 2 && fields[0] != "Z" && fields[2].parse() == Ok(pgid)
        })
        .count()
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The whole process group: chromedriver and every Chromium it started. A system call,
        // not the `kill` program: procps-ng 4.0.2 reads `kill -KILL -12345` as signal options and
        // sends kill(-1), which ends every process on the machine (and did, in CI).
        if let Ok(pgid) = i32::try_from(self.child.id()) {
            let _ = nix::sys::signal::killpg(
                nix::unistd::Pid::from_raw(pgid),
                nix::sys::signal::Signal::SIGKILL,
            );
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where the screenshots go: `VC_SCREENSHOTS` (e.g. `docs/screenshots` to refresh the README's
/// set), else `target/tmp/browser-screenshots/<backend>/`, kept as the run's artifacts. `set`
/// names a subfolder ("" for the journeys).
#[derive(Clone)]
pub struct Shots {
    dir: PathBuf,
    counter: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Shots {
    pub fn new(backend: &str, set: &str) -> Shots {
        let dir = match std::env::var_os("VC_SCREENSHOTS") {
            Some(d) => PathBuf::from(d),
            None => Path::new(env!("CARGO_TARGET_TMPDIR"))
                .join("browser-screenshots")
                .join(backend),
        }
        .join(set);
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        Shots {
            dir,
            counter: Default::default(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn next_path(&self, name: &str) -> PathBuf {
        let n = self
            .counter
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            + 1;
        self.dir.join(format!("{n:02}-{name}.png"))
    }
}

/// XPath string literal for any text (quotes included).
fn xpath_literal(s: &str) -> String {
    if !s.contains('\'') {
        format!("'{s}'")
    } else if !s.contains('"') {
        format!("\"{s}\"")
    } else {
        let parts: Vec<String> = s.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

/// One person's browser window.
pub struct Browser {
    pub client: Client,
    base: String,
    shots: Shots,
    who: String,
    /// Scripts run (axe-core needs them; the no-JavaScript journey is checked without it).
    javascript: bool,
}

impl Browser {
    /// Logs in on the login page by its labels, and waits for the greeting.
    pub async fn log_in(&self, email: &str, password: &str) {
        use virksomhedscenter::texts as t;
        self.goto("/login").await;
        self.fill(t::LOGIN_EMAIL, email).await;
        self.fill(t::LOGIN_PASSWORD, password).await;
        self.press(t::LOGIN_SUBMIT).await;
        self.sees(t::flash("logged_in").expect("text")).await;
    }

    pub async fn goto(&self, path: &str) {
        self.client
            .goto(&format!("{}{}", self.base, path))
            .await
            .unwrap_or_else(|e| panic!("{}: open {path}: {e}", self.who));
    }

    /// The path (and query) of the page shown.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("url");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        }
    }

    /// The visible text of the page.
    pub async fn text(&self) -> String {
        for _ in 0..100 {
            if let Ok(body) = self.client.find(Locator::Css("body")).await {
                if let Ok(text) = body.text().await {
                    return text;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{}: the page has no body", self.who);
    }

    /// Fails with the page text when `needle` is not on the page.
    pub async fn sees(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let text = self.text().await;
            if text.contains(needle) {
                return;
            }
            if Instant::now() > deadline {
                panic!(
                    "{} expected to see {needle:?} on {}; the page says:\n{text}",
                    self.who,
                    self.path().await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn does_not_see(&self, needle: &str) {
        let text = self.text().await;
        assert!(
            !text.contains(needle),
            "{} did not expect {needle:?} on {}:\n{text}",
            self.who,
            self.path().await
        );
    }

    /// The form control a visible `<label>` names (exact text, trimmed).
    pub async fn field(&self, label: &str) -> Element {
        let labels = self
            .client
            .find_all(Locator::XPath(&format!(
                "//label[normalize-space(.)={}]",
                xpath_literal(label)
            )))
            .await
            .expect("labels");
        for l in labels {
            if !l.is_displayed().await.unwrap_or(false) {
                continue;
            }
            if let Some(id) = l.attr("for").await.expect("for") {
                return self
                    .client
                    .find(Locator::Id(&id))
                    .await
                    .unwrap_or_else(|_| panic!("label {label:?} points at a missing #{id}"));
            }
        }
        panic!(
            "{}: no visible field labelled {label:?} on {}",
            self.who,
            self.path().await
        );
    }

    /// Types into the field with this label, replacing what was there.
    pub async fn fill(&self, label: &str, value: &str) {
        let f = self.field(label).await;
        f.clear().await.expect("clear");
        f.send_keys(value).await.expect("type");
    }

    /// Types a date ("31-03-2011") into the date input (day, month, year) with this legend.
    pub async fn fill_date(&self, legend: &str, date: &str) {
        let xp = format!(
            "//fieldset[legend[normalize-space(.)={}]]//input",
            xpath_literal(legend)
        );
        let inputs = self
            .client
            .find_all(Locator::XPath(&xp))
            .await
            .expect("inputs");
        let parts: Vec<&str> = date.split('-').collect();
        assert!(
            inputs.len() == 3 && parts.len() == 3,
            "{}: no date input {legend:?} on {}",
            self.who,
            self.path().await
        );
        for (input, part) in inputs.iter().zip(parts) {
            input.clear().await.expect("clear");
            input.send_keys(part).await.expect("type");
        }
    }

    /// Picks the option with this visible text in the select with this label.
    pub async fn choose(&self, label: &str, option: &str) {
        let f = self.field(label).await;
        f.select_by_label(option)
            .await
            .unwrap_or_else(|e| panic!("{label:?} has no option {option:?}: {e}"));
    }

    /// Picks the first option whose text starts with `prefix`; returns its whole text.
    pub async fn choose_starting(&self, label: &str, prefix: &str) -> String {
        let f = self.field(label).await;
        let xp = format!(
            ".//option[starts-with(normalize-space(.), {})]",
            xpath_literal(prefix)
        );
        let option = f
            .find(Locator::XPath(&xp))
            .await
            .unwrap_or_else(|_| panic!("{label:?} has no option starting {prefix:?}"));
        let text = option.text().await.expect("text");
        f.select_by(Locator::XPath(&xp)).await.expect("select");
        text
    }

    /// Ticks the checkbox with this text inside the fieldset with this legend.
    pub async fn tick(&self, legend: &str, option: &str) {
        let xp = format!(
            "//fieldset[legend[normalize-space(.)={}]]//label[normalize-space(.)={}]/input",
            xpath_literal(legend),
            xpath_literal(option)
        );
        let b = self
            .client
            .find(Locator::XPath(&xp))
            .await
            .unwrap_or_else(|_| panic!("no checkbox {option:?} under {legend:?}"));
        if !b.is_selected().await.expect("selected") {
            b.click().await.expect("tick");
        }
    }

    /// The radio button with this label inside the fieldset with this legend (DFDS draws the
    /// button on its label, which is what a user clicks).
    async fn radio(&self, legend: &str, option: &str) -> (Element, Element) {
        let xp = format!(
            "//fieldset[legend[normalize-space(.)={}]]//label[normalize-space(.)={}]",
            xpath_literal(legend),
            xpath_literal(option)
        );
        let label = self
            .client
            .find(Locator::XPath(&xp))
            .await
            .unwrap_or_else(|_| panic!("{}: no choice {option:?} under {legend:?}", self.who));
        let id = label
            .attr("for")
            .await
            .expect("for")
            .unwrap_or_else(|| panic!("the label {option:?} names no control"));
        let input = self
            .client
            .find(Locator::Id(&id))
            .await
            .unwrap_or_else(|_| panic!("label {option:?} points at a missing #{id}"));
        (label, input)
    }

    /// Picks the radio button with this label in the group with this legend, by its label.
    pub async fn pick(&self, legend: &str, option: &str) {
        let (label, input) = self.radio(legend, option).await;
        label.click().await.expect("click the label");
        assert!(
            input.is_selected().await.expect("selected"),
            "{}: clicking {option:?} under {legend:?} did not pick it",
            self.who
        );
    }

    /// Whether the radio button with this label in the group with this legend is picked.
    pub async fn is_picked(&self, legend: &str, option: &str) -> bool {
        let (_, input) = self.radio(legend, option).await;
        input.is_selected().await.expect("selected")
    }

    /// The controls with this accessible name (`aria-label`), in document order.
    pub async fn labelled(&self, aria_label: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(&format!("[aria-label=\"{aria_label}\"]")))
            .await
            .expect("find")
    }

    /// Clicks the button with this text (waiting for the page it leads to).
    pub async fn press(&self, text: &str) {
        let xp = format!(
            "//button[normalize-space(.)={}] | //input[@type='submit' and @value={}]",
            xpath_literal(text),
            xpath_literal(text)
        );
        let buttons = self
            .client
            .find_all(Locator::XPath(&xp))
            .await
            .expect("buttons");
        for b in buttons {
            if b.is_displayed().await.unwrap_or(false) {
                self.navigate_by(&b).await;
                return;
            }
        }
        panic!(
            "{}: no visible button {text:?} on {}",
            self.who,
            self.path().await
        );
    }

    /// Clicks the button whose accessible name (`aria-label`) is this (one of several buttons
    /// with the same visible text, such as a table's "Send igen").
    pub async fn press_labelled(&self, aria_label: &str) {
        let b = self
            .labelled(aria_label)
            .await
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("{}: no button named {aria_label:?}", self.who));
        self.navigate_by(&b).await;
    }

    /// Clicks the button with this text, which must ask a question first; answers it (OK or
    /// Cancel) and returns the question.
    // No journey presses one now (withdrawing asks on a page of its own); kept for the questions
    // the script still asks (ending a placement, logging out everywhere).
    #[allow(dead_code)]
    pub async fn press_and_answer(&self, text: &str, ok: bool) -> String {
        let xp = format!("//button[normalize-space(.)={}]", xpath_literal(text));
        let b = self
            .client
            .find(Locator::XPath(&xp))
            .await
            .unwrap_or_else(|_| panic!("{}: no button {text:?}", self.who));
        let old = self.client.find(Locator::Css("html")).await.expect("html");
        b.click().await.expect("click");
        let question = self
            .client
            .get_alert_text()
            .await
            .unwrap_or_else(|e| panic!("{}: {text:?} asked nothing: {e}", self.who));
        if ok {
            self.client.accept_alert().await.expect("accept");
            // The form is sent: wait for the page it leads to.
            let deadline = Instant::now() + Duration::from_secs(15);
            while old.tag_name().await.is_ok() {
                assert!(
                    Instant::now() < deadline,
                    "{}: {text:?} led nowhere",
                    self.who
                );
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        } else {
            self.client.dismiss_alert().await.expect("dismiss");
        }
        self.settle().await;
        question
    }

    /// Follows the link with this text.
    pub async fn follow(&self, text: &str) {
        let xp = format!("//a[normalize-space(.)={}]", xpath_literal(text));
        let links = self
            .client
            .find_all(Locator::XPath(&xp))
            .await
            .expect("links");
        for l in links {
            if l.is_displayed().await.unwrap_or(false) {
                self.navigate_by(&l).await;
                return;
            }
        }
        panic!(
            "{}: no visible link {text:?} on {}",
            self.who,
            self.path().await
        );
    }

    /// Opens the first task of the home page's inbox that carries this badge.
    pub async fn follow_task(&self, badge: &str) {
        let xp = format!(
            "//ul[contains(@class, 'tasks')]/li[.//*[normalize-space(.)={}]]//a",
            xpath_literal(badge)
        );
        let l = self
            .client
            .find(Locator::XPath(&xp))
            .await
            .unwrap_or_else(|_| panic!("{}: no task {badge:?} in the inbox", self.who));
        self.navigate_by(&l).await;
    }

    /// Follows the first link whose text contains `text`.
    pub async fn follow_containing(&self, text: &str) {
        let xp = format!("//a[contains(normalize-space(.), {})]", xpath_literal(text));
        let l = self
            .client
            .find(Locator::XPath(&xp))
            .await
            .unwrap_or_else(|_| panic!("{}: no link containing {text:?}", self.who));
        self.navigate_by(&l).await;
    }

    /// Clicks a link or button and waits for the next page to replace this one.
    async fn navigate_by(&self, e: &Element) {
        let old = self.client.find(Locator::Css("html")).await.expect("html");
        e.click().await.expect("click");
        let deadline = Instant::now() + Duration::from_secs(15);
        // The old document's root goes stale once the new page is there.
        while old.tag_name().await.is_ok() {
            assert!(
                Instant::now() < deadline,
                "{}: the click led nowhere on {}",
                self.who,
                self.path().await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.settle().await;
    }

    /// Waits until the document has loaded.
    pub async fn settle(&self) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let state = self
                .client
                .execute("return document.readyState", vec![])
                .await
                .unwrap_or(Value::Null);
            if state == "complete" {
                return;
            }
            assert!(Instant::now() < deadline, "the page did not load");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Puts the focus on a control, as tabbing to it would (no click, no opened list).
    pub async fn focus(&self, e: &Element) {
        self.client
            .execute(
                "arguments[0].focus()",
                vec![serde_json::to_value(e).expect("element")],
            )
            .await
            .expect("focus");
    }

    /// Sends keys to whatever has the focus, as a keyboard does.
    pub async fn keys(&self, keys: &str) {
        self.client
            .active_element()
            .await
            .expect("focus")
            .send_keys(keys)
            .await
            .expect("keys");
    }

    /// Tab to the next control.
    pub async fn tab(&self) {
        self.keys(&char::from(Key::Tab).to_string()).await;
    }

    /// Enter on the focused control.
    pub async fn enter(&self) {
        let focused = self.client.active_element().await.expect("focus");
        let old = self.client.find(Locator::Css("html")).await.expect("html");
        focused
            .send_keys(&char::from(Key::Enter).to_string())
            .await
            .expect("enter");
        let deadline = Instant::now() + Duration::from_secs(15);
        while old.tag_name().await.is_ok() {
            assert!(Instant::now() < deadline, "{}: Enter led nowhere", self.who);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.settle().await;
    }

    /// An attribute of the focused control.
    pub async fn focused_attr(&self, name: &str) -> String {
        self.client
            .active_element()
            .await
            .expect("focus")
            .attr(name)
            .await
            .expect("attr")
            .unwrap_or_default()
    }

    /// Fails when the page is wider than the window (a horizontal scrollbar).
    pub async fn fits_width(&self, name: &str) {
        let widths = self
            .client
            .execute(
                "return [document.documentElement.scrollWidth, window.innerWidth]",
                vec![],
            )
            .await
            .expect("widths");
        let (page, window) = (widths[0].as_u64(), widths[1].as_u64());
        assert!(
            page <= window,
            "{}: {name} ({}) is {page:?} px wide in a {window:?} px window",
            self.who,
            self.path().await
        );
    }

    /// Sizes the window so that the page itself (the viewport) is `width`×`height`.
    pub async fn viewport(&self, width: u32, height: u32) {
        let chrome = self
            .client
            .execute(
                "return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight]",
                vec![],
            )
            .await
            .expect("window chrome");
        let dw = chrome[0].as_u64().unwrap_or(0) as u32;
        let dh = chrome[1].as_u64().unwrap_or(0) as u32;
        self.client
            .set_window_size(width + dw, height + dh)
            .await
            .expect("resize");
    }

    /// Fails when an element has a `style` attribute: the Content-Security-Policy
    /// (`style-src 'self'`) makes the browser ignore it, so the page would not look as written.
    pub async fn no_inline_styles(&self, name: &str) {
        let styled = self
            .client
            .execute(
                "return Array.from(document.querySelectorAll('[style]')).map(e => e.outerHTML.slice(0, 120))",
                vec![],
            )
            .await
            .expect("styled elements");
        assert_eq!(
            styled,
            serde_json::json!([]),
            "{}: {name} has inline styles the CSP blocks",
            self.who
        );
    }

    /// Runs axe-core (vendored for the tests: tests/browser/vendor/axe-core, see its VERSION) over
    /// the page at `width`×`height` with the WCAG 2.1 A and AA rules. Fails on a violation of
    /// impact serious or critical, naming the rule and the elements; prints the others' count.
    pub async fn axe(&self, name: &str, width: u32, height: u32) {
        const AXE: &str = include_str!("vendor/axe-core/axe.min.js");
        self.viewport(width, height).await;
        let loaded = self
            .client
            .execute("return typeof window.axe !== 'undefined'", vec![])
            .await
            .expect("axe loaded?");
        if loaded != serde_json::json!(true) {
            self.client
                .execute(&format!("{AXE}\n;return true;"), vec![])
                .await
                .expect("inject axe");
        }
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                   .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,
                     nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))))
                   .catch(e => done([{id: 'axe-error', impact: 'critical', nodes: [String(e)]}]));",
                vec![],
            )
            .await
            .expect("axe.run");
        let found = found.as_array().cloned().unwrap_or_default();
        let serious: Vec<&serde_json::Value> = found
            .iter()
            .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
            .collect();
        assert!(
            serious.is_empty(),
            "{}: {name} at {width}×{height}: axe found {serious:#?}",
            self.who
        );
        let rest: Vec<&str> = found
            .iter()
            .filter(|v| !matches!(v["impact"].as_str(), Some("serious" | "critical")))
            .filter_map(|v| v["id"].as_str())
            .collect();
        eprintln!(
            "axe: {name} at {width}×{height}: 0 serious or critical, {} minor or moderate {rest:?}",
            rest.len()
        );
    }

    async fn capture(&self, name: &str, width: u32, height: u32, full_page: bool) {
        self.no_inline_styles(name).await;
        self.capture_styled(name, width, height, full_page).await;
    }

    /// `capture` of a page that may carry `style` attributes: an HTML mail (mail programs drop
    /// style sheets, so its styles are inline), shown from a file without the app's CSP.
    async fn capture_styled(&self, name: &str, width: u32, height: u32, full_page: bool) {
        // A picture must not change the page: a field hidden at another size (the week grid
        // below 720 px) loses the focus, so the focused element is put back afterwards.
        if self.javascript {
            let _ = self
                .client
                .execute("window.__vcFocus = document.activeElement;", vec![])
                .await;
        }
        // Every page a journey shows is checked at a laptop's size and a phone's (390×844).
        if self.javascript {
            self.axe(name, 1280, 720).await;
            self.axe(name, 390, 844).await;
        }
        self.viewport(width, height).await;
        self.fits_width(name).await;
        if full_page {
            let page_height = self
                .client
                .execute(
                    "window.scrollTo(0, 0); return Math.ceil(Math.max(document.documentElement.scrollHeight, document.body.scrollHeight))",
                    vec![],
                )
                .await
                .ok()
                .and_then(|v| v.as_u64())
                .unwrap_or(u64::from(height))
                .clamp(u64::from(height), 5000) as u32;
            self.viewport(width, page_height).await;
        }
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(self.shots.next_path(name), png).expect("write screenshot");
        self.viewport(1280, 720).await;
        if self.javascript {
            let _ = self
                .client
                .execute(
                    "var f = window.__vcFocus; if (f && f !== document.body && f.focus) f.focus();",
                    vec![],
                )
                .await;
        }
    }

    /// Shows an HTML document that is not one of the app's pages (a mail's HTML part) from a
    /// file, checks it with axe-core like a page, and takes its screenshot at 1280 wide.
    pub async fn document_shot(&self, name: &str, html: &str) {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-documents");
        std::fs::create_dir_all(&dir).expect("document folder");
        let file = dir.join(format!(
            "{}-{name}.html",
            self.shots.dir().display().to_string().replace('/', "_")
        ));
        std::fs::write(&file, html).expect("write the document");
        self.client
            .goto(&format!("file://{}", file.display()))
            .await
            .unwrap_or_else(|e| panic!("{}: open {}: {e}", self.who, file.display()));
        self.settle().await;
        self.capture_styled(name, 1280, 720, true).await;
    }

    /// A screenshot of the whole page as on a phone (390 wide); the page must fit its width.
    pub async fn phone_shot(&self, name: &str) {
        self.capture(name, 390, 844, true).await;
    }

    /// A screenshot as on a tablet held upright (820×1180); the page must fit its width.
    pub async fn tablet_shot(&self, name: &str) {
        self.capture(name, 820, 1180, false).await;
    }

    /// A screenshot of the whole page at 1280 wide, numbered in the order taken. The page must
    /// fit a 1280×720 laptop's width.
    pub async fn shot(&self, name: &str) {
        self.capture(name, 1280, 720, true).await;
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}
