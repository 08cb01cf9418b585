//! The letters, written from templates: what a template is given ([`Letter`]), the templates
//! themselves ([`Templates`]), and the Vietnamese dates of official correspondence.
//!
//! The templates live in `config/templates/`: one plain-text and one HTML template per kind of
//! letter (`<kind>.txt.j2`, `<kind>.html.j2`), the layout they extend (`_letter.*.j2`) and the
//! task list they include (`_tasks.*.j2`). They are built into the binary, so dondoc writes
//! letters without that directory; an administrator who wants other wording puts files of the
//! same names in a directory of their own, and each file found there replaces the built-in one. Every template is compiled, and every kind rendered against
//! specimen letters, when the templates are loaded: a broken override stops the start instead of
//! the first notice of the day.
//!
//! **Invariant:** the output is NFC, whatever the input, since units' names and tasks' contents
//! arrive from systems that do not all normalise Vietnamese.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveTime};
use minijinja::{context, AutoEscape, Environment, ErrorKind, UndefinedBehavior, Value};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

pub use crate::config::Signature;
use crate::domain::TaskState;

/// The kinds of letter, as [`Letter::kind`] spells them: the urging policy's notice kinds and the
/// Office's report of an undeliverable message.
pub const KINDS: [&str; 9] = [
    "heads_up",
    "notice",
    "escalation",
    "entry_overdue",
    "update_request",
    "digest",
    "delivery_failure",
    "report",
    "unit_report",
];

/// Everything a template is given, as `letter`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Letter {
    /// One of [`KINDS`]; it picks the templates.
    pub kind: String,
    /// The email's subject, which the HTML part repeats as its title.
    pub subject: String,
    /// The unit the letter is about: the addressee of a heads-up, a Phiếu báo, an update request
    /// and a unit's digest; the late unit of an escalation; the unit that returned tasks, or whose
    /// tasks were not entered in time; the Office itself for the Office's digest and a delivery
    /// failure.
    pub unit: String,
    /// A Phiếu báo's number (1, 2, 3 … for one unit and document).
    pub sequence: Option<u32>,
    /// The directive the letter is about, when it is about one.
    pub document: Option<LetterDocument>,
    pub items: Vec<LetterItem>,
    /// The day the letter is written, for its place and date line.
    pub dated: NaiveDate,
    /// The month of a digest or an update request ("2026-10").
    pub period: Option<String>,
    /// A notice flagged returned: the Office's own note that the unit returned the listed tasks.
    pub returned: bool,
    /// Whether some listed case has already gone to the Chairman.
    pub escalated: bool,
    /// For an escalation: how many Phiếu báo went unanswered, counted in the outbox
    /// (`cited.len()`); none when the store holds none to cite.
    pub notices_sent: Option<u32>,
    /// For an escalation: the Phiếu báo of its case, each with its number and the day it was
    /// queued, as the outbox holds them.
    pub cited: Vec<LetterNotice>,
    /// For a Phiếu báo or an escalation: the unit's round on the document (2 when its case
    /// opened again after closing).
    pub round: Option<u32>,
    pub signature: Signature,
    /// For a delivery failure: the message that could not be delivered.
    pub failure: Option<DeliveryFailure>,
    /// For a report (Appendix V) or a unit's report (Appendix IV): the report itself.
    pub report: Option<LetterReport>,
}

/// A report a letter carries: laid out as text and as HTML (every text in it escaped already by
/// `report::html`, so a template shows it with `| safe`), its spreadsheet attached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LetterReport {
    /// "tháng 6 năm 2027".
    pub period: String,
    /// "ngày 21/06/2027", "09 giờ 00 ngày 21/06/2027": the instant its numbers stand at.
    pub as_of: String,
    pub text: String,
    pub html: String,
    /// The attached spreadsheet's file name.
    pub attachment: String,
}

/// A Phiếu báo an escalation cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LetterNotice {
    pub sequence: u32,
    pub dated: NaiveDate,
}

/// The source document as a letter cites it (Appendix II: number, date, trích yếu).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LetterDocument {
    /// Number and notation, "1502/UBND-KT".
    pub number: String,
    pub issued: NaiveDate,
    /// Trích yếu, often "V/v …"; may be empty.
    pub summary: String,
}

/// One task in a letter's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LetterItem {
    pub content: String,
    /// Its lead unit's name (a letter to the Office lists several units).
    pub unit: String,
    /// Its document's number and notation.
    pub document: String,
    pub due: Option<NaiveDate>,
    /// The hour on the due day, when the deadline names one.
    pub due_time: Option<NaiveTime>,
    /// The `tasks list --json` spelling of its state ("not_started", "in_progress", …).
    pub state: String,
    pub overdue: bool,
    /// For an overdue task: how many working days late it was when the letter was decided.
    pub late_days: Option<u32>,
    /// Whether its case went to the Chairman.
    pub escalated: bool,
}

impl From<&crate::urging::NoticeItem> for LetterItem {
    fn from(i: &crate::urging::NoticeItem) -> Self {
        LetterItem {
            content: i.content.clone(),
            unit: i.unit.clone(),
            document: i.document.clone(),
            due: i.due,
            due_time: i.due_time,
            state: i.state.as_str().to_owned(),
            overdue: i.overdue,
            late_days: i.late_days,
            escalated: i.escalated,
        }
    }
}

/// A message the outbox gave up on, reported to the Office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveryFailure {
    /// The undelivered notice's id in the outbox.
    pub notice_id: i64,
    pub subject: String,
    pub recipients: Vec<String>,
    /// The last error, as the mail server or the transport gave it.
    pub reason: String,
    pub attempts: u32,
}

/// A letter written out: the two parts of one email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub text: String,
    pub html: String,
}

/// Why the templates could not be loaded, or a letter written.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("failed to read templates from {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// The reason carries minijinja's line number and is written out rather than chained, so a
    /// one-line log of this error is enough to fix the file.
    #[error("template {name} ({origin}) does not compile: {reason}")]
    Compile {
        name: String,
        /// The override file's path, or "built in".
        origin: String,
        reason: minijinja::Error,
    },
    #[error("no templates for a letter of kind {0:?}")]
    UnknownKind(String),
    #[error("template {name} failed to render a {kind} letter: {reason}")]
    Render {
        name: String,
        kind: String,
        reason: minijinja::Error,
    },
}

/// The compiled templates, ready for any number of letters.
#[derive(Debug)]
pub struct Templates {
    env: Environment<'static>,
}

macro_rules! built_in {
    ($($name:literal),* $(,)?) => {
        [$(($name, include_str!(concat!("../../config/templates/", $name)))),*]
    };
}

/// The templates shipped with dondoc.
const BUILT_IN: [(&str, &str); 22] = built_in![
    "_letter.txt.j2",
    "_letter.html.j2",
    "_tasks.txt.j2",
    "_tasks.html.j2",
    "heads_up.txt.j2",
    "heads_up.html.j2",
    "notice.txt.j2",
    "notice.html.j2",
    "escalation.txt.j2",
    "escalation.html.j2",
    "entry_overdue.txt.j2",
    "entry_overdue.html.j2",
    "update_request.txt.j2",
    "update_request.html.j2",
    "digest.txt.j2",
    "digest.html.j2",
    "delivery_failure.txt.j2",
    "delivery_failure.html.j2",
    "report.txt.j2",
    "report.html.j2",
    "unit_report.txt.j2",
    "unit_report.html.j2",
];

impl Templates {
    /// The built-in templates, each replaced by the file of the same name in `dir` when there is
    /// one. Other `*.j2` files in `dir` are added too, as pieces the overrides may
    /// extend or include.
    pub fn load(dir: Option<&Path>) -> Result<Self, TemplateError> {
        let mut sources: BTreeMap<String, (String, String)> = BUILT_IN
            .iter()
            .map(|(name, text)| (name.to_string(), (text.to_string(), "built in".into())))
            .collect();
        if let Some(dir) = dir {
            for (name, path, text) in read_overrides(dir)? {
                sources.insert(name, (text, path.display().to_string()));
            }
        }
        let mut env = environment();
        for (name, (text, origin)) in sources {
            env.add_template_owned(name.clone(), text)
                .map_err(|reason| TemplateError::Compile {
                    name,
                    origin,
                    reason,
                })?;
        }
        let templates = Self { env };
        for letter in specimens() {
            templates.render(&letter)?;
        }
        Ok(templates)
    }

    /// The letter's text and HTML parts, NFC.
    pub fn render(&self, letter: &Letter) -> Result<Rendered, TemplateError> {
        if !KINDS.contains(&letter.kind.as_str()) {
            return Err(TemplateError::UnknownKind(letter.kind.clone()));
        }
        let ctx = context! { letter => Value::from_serialize(letter) };
        Ok(Rendered {
            text: self.part(&letter.kind, "txt", &ctx)?,
            html: self.part(&letter.kind, "html", &ctx)?,
        })
    }

    fn part(&self, kind: &str, ext: &str, ctx: &Value) -> Result<String, TemplateError> {
        let name = format!("{kind}.{ext}.j2");
        let out = self
            .env
            .get_template(&name)
            .and_then(|t| t.render(ctx))
            .map_err(|reason| TemplateError::Render {
                name,
                kind: kind.to_string(),
                reason,
            })?;
        Ok(out.nfc().collect())
    }
}

/// The `*.j2` files directly in `dir`: (template name, path, text).
fn read_overrides(dir: &Path) -> Result<Vec<(String, PathBuf, String)>, TemplateError> {
    let read_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| TemplateError::Read { path, source }
    };
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).map_err(read_error(dir))? {
        let path = entry.map_err(read_error(dir))?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !name.ends_with(".j2") || !path.is_file() {
            continue;
        }
        let text = fs::read_to_string(&path).map_err(read_error(&path))?;
        out.push((name.to_string(), path, text));
    }
    Ok(out)
}

/// An environment with the filters the templates use. HTML templates escape what they print,
/// text ones print it as is. Printing an undefined name is an error, so that a misspelt field
/// fails the load rather than leaving a blank in an official letter; testing one (`{% if x %}`)
/// is not, so that templates can ask whether an optional part is there.
pub(crate) fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html.j2") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    // minijinja's HTML escaping also writes "/" as "&#x2f;": harmless to a mail client, but a
    // document number "1502/UBND-KT" should read as itself in the source a specialist may open.
    // Only the five characters that matter are escaped.
    env.set_formatter(|out, state, value| {
        if state.auto_escape() == AutoEscape::Html && !value.is_safe() && value.as_str().is_some() {
            out.write_str(&escape_html(value.as_str().unwrap_or_default()))
                .map_err(|_| minijinja::Error::from(ErrorKind::WriteFailure))
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    env.add_filter("ngay", |d: Option<&str>| opt(d, |d| Ok(vn_date(date(d)?))));
    env.add_filter("dmy", |d: Option<&str>| opt(d, |d| Ok(dmy(date(d)?))));
    env.add_filter("gio", |t: Option<&str>| opt(t, |t| Ok(vn_time(time(t)?))));
    env.add_filter("han", han);
    env.add_filter("trang_thai", trang_thai);
    env.add_filter("ve_viec", ve_viec);
    env.add_filter("hoa_dau", hoa_dau);
    env.add_filter("thang", thang);
    env.add_filter("dem", |n: u64| format!("{n:02}"));
    env
}

pub use crate::domain::text::{dmy, escape_html, vn_date};

/// "10 giờ 00", "14 giờ 30".
fn vn_time(t: NaiveTime) -> String {
    t.format("%-H giờ %M").to_string()
}

/// A filter of an optional value: none (a task without a deadline) prints nothing.
fn opt(
    value: Option<&str>,
    f: impl Fn(&str) -> Result<String, minijinja::Error>,
) -> Result<String, minijinja::Error> {
    value.map_or(Ok(String::new()), f)
}

fn date(s: &str) -> Result<NaiveDate, minijinja::Error> {
    s.parse()
        .map_err(|_| invalid(format!("{s:?} is not a date (YYYY-MM-DD)")))
}

fn time(s: &str) -> Result<NaiveTime, minijinja::Error> {
    s.parse()
        .map_err(|_| invalid(format!("{s:?} is not a time (HH:MM:SS)")))
}

fn invalid(detail: String) -> minijinja::Error {
    minijinja::Error::new(ErrorKind::InvalidOperation, detail)
}

/// `{{ item.due | han(item.due_time) }}`: "13/11/2026", "10 giờ 00 ngày 13/11/2026", or
/// "không có thời hạn" for a task without a deadline.
fn han(due: Option<&str>, due_time: Option<&str>) -> Result<String, minijinja::Error> {
    let Some(due) = due else {
        return Ok("không có thời hạn".into());
    };
    let day = dmy(date(due)?);
    match due_time {
        Some(t) => Ok(format!("{} ngày {day}", vn_time(time(t)?))),
        None => Ok(day),
    }
}

/// A state's Vietnamese label; a spelling outside the contract is a caller's bug, not a word to
/// print in a letter.
fn trang_thai(state: &str) -> Result<String, minijinja::Error> {
    TaskState::parse(state)
        .map(|s| s.vietnamese().to_string())
        .ok_or_else(|| invalid(format!("{state:?} is not a task state")))
}

/// A trích yếu as a sentence cites it: "V/v đẩy nhanh …" becomes "về việc đẩy nhanh …", a
/// title ("Kế hoạch …") becomes "về kế hoạch …"; an acronym ("UBND") keeps its case.
fn ve_viec(summary: &str) -> String {
    let summary: String = summary.nfc().collect();
    let summary = summary.trim().trim_end_matches('.');
    for prefix in ["V/v", "v/v", "V/V", "Về việc", "về việc", "VỀ VIỆC"] {
        if let Some(rest) = summary.strip_prefix(prefix) {
            return format!("về việc {}", rest.trim_start_matches([' ', ':']));
        }
    }
    // "Công điện về việc tập trung …": the type of document is already said by its number.
    if let Some(at) = summary.find(" về việc ") {
        if summary[..at].split_whitespace().count() <= 3 {
            return summary[at + 1..].to_string();
        }
    }
    let mut chars = summary.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            format!(
                "về {}{}",
                first.to_lowercase(),
                &summary[first.len_utf8()..]
            )
        }
        _ => format!("về {summary}"),
    }
}

/// A task as a list item starts with a capital, however the directive's sentence put it
/// ("kiểm tra an toàn hồ chứa" → "Kiểm tra an toàn hồ chứa").
fn hoa_dau(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "2026-10" → "10/2026"; any other period is printed as it is.
fn thang(period: &str) -> String {
    match period.split_once('-') {
        Some((y, m))
            if y.len() == 4
                && m.len() == 2
                && y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) =>
        {
            format!("{m}/{y}")
        }
        _ => period.to_string(),
    }
}

/// The letters [`Templates::load`] renders to prove the templates: each kind once with every
/// field filled and once as bare as a letter can be, so that a template that misspells a field
/// or forgets that one may be missing fails at start.
fn specimens() -> Vec<Letter> {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let item = |content: &str, state: &str, overdue, escalated| LetterItem {
        content: content.into(),
        unit: "Sở Xây dựng".into(),
        document: "1502/UBND-KT".into(),
        due: Some(day(2026, 11, 13)),
        due_time: NaiveTime::from_hms_opt(10, 0, 0),
        state: state.into(),
        overdue,
        late_days: overdue.then_some(5),
        escalated,
    };
    let full = |kind: &str| Letter {
        kind: kind.into(),
        subject: "Phiếu báo số 1".into(),
        unit: "Sở Xây dựng".into(),
        sequence: Some(1),
        document: Some(LetterDocument {
            number: "1502/UBND-KT".into(),
            issued: day(2026, 11, 2),
            summary: "V/v đẩy nhanh tiến độ".into(),
        }),
        items: vec![
            item("Rà soát kế hoạch vốn", "not_started", true, true),
            LetterItem {
                unit: "Sở Tài chính".into(),
                due: None,
                due_time: None,
                ..item("Tổng hợp tình hình thanh toán", "returned", false, false)
            },
        ],
        dated: day(2026, 11, 20),
        period: Some("2026-11".into()),
        returned: false,
        escalated: true,
        notices_sent: Some(3),
        cited: (1..=3)
            .map(|n| LetterNotice {
                sequence: n,
                dated: day(2026, 11, 13 + n),
            })
            .collect(),
        round: Some(2),
        signature: Signature {
            province: "UBND TỈNH".into(),
            office: "VĂN PHÒNG".into(),
            place: "Huế".into(),
            signer_title: "CHÁNH VĂN PHÒNG".into(),
            signer_name: Some("Nguyễn Văn A".into()),
        },
        failure: Some(DeliveryFailure {
            notice_id: 1,
            subject: "Phiếu báo số 1".into(),
            recipients: vec!["vanthu@sxd.example".into()],
            reason: "550 mailbox unavailable".into(),
            attempts: 5,
        }),
        report: Some(LetterReport {
            period: "tháng 11 năm 2026".into(),
            as_of: "09 giờ 00 ngày 20/11/2026".into(),
            text: "STT  Đơn vị".into(),
            html: "<table><tr><td>Sở Xây dựng</td></tr></table>".into(),
            attachment: "bao-cao-2026-11.xlsx".into(),
        }),
    };
    let bare = |kind: &str| Letter {
        sequence: None,
        document: None,
        items: Vec::new(),
        period: None,
        escalated: false,
        notices_sent: None,
        cited: Vec::new(),
        round: None,
        failure: None,
        report: None,
        signature: Signature {
            signer_name: None,
            ..full(kind).signature
        },
        ..full(kind)
    };
    let returned = Letter {
        returned: true,
        sequence: None,
        ..full("notice")
    };
    KINDS
        .iter()
        .flat_map(|kind| [full(kind), bare(kind)])
        .chain([returned])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn task(content: &str, due: &str, due_time: Option<&str>, state: &str) -> LetterItem {
        LetterItem {
            content: content.into(),
            unit: "Sở Xây dựng".into(),
            document: "1502/UBND-KT".into(),
            due: Some(day(due)),
            due_time: due_time.map(|t| t.parse().unwrap()),
            state: state.into(),
            overdue: true,
            late_days: Some(8),
            escalated: false,
        }
    }

    /// The second Phiếu báo to Sở Xây dựng about document 1502/UBND-KT, written on 5 February.
    fn phieu_bao() -> Letter {
        Letter {
            kind: "notice".into(),
            subject: "Phiếu báo số 2: nhiệm vụ chưa thực hiện theo Văn bản số 1502/UBND-KT".into(),
            unit: "Sở Xây dựng".into(),
            sequence: Some(2),
            document: Some(LetterDocument {
                number: "1502/UBND-KT".into(),
                issued: day("2025-01-10"),
                summary: "V/v đẩy nhanh tiến độ giải ngân vốn đầu tư công năm 2025".into(),
            }),
            items: vec![
                task(
                    "Rà soát kế hoạch vốn đầu tư công",
                    "2025-01-24",
                    None,
                    "not_started",
                ),
                task(
                    "Báo cáo tình hình giải ngân",
                    "2025-01-31",
                    Some("10:00:00"),
                    "in_progress",
                ),
            ],
            dated: day("2025-02-05"),
            period: None,
            returned: false,
            escalated: false,
            notices_sent: None,
            cited: Vec::new(),
            round: Some(1),
            signature: Signature {
                province: "UBND TỈNH THỪA THIÊN HUẾ".into(),
                office: "VĂN PHÒNG".into(),
                place: "Huế".into(),
                signer_title: "CHÁNH VĂN PHÒNG".into(),
                signer_name: None,
            },
            failure: None,
            report: None,
        }
    }

    fn render(letter: &Letter) -> Rendered {
        Templates::load(None).unwrap().render(letter).unwrap()
    }

    fn in_order(text: &str, parts: &[&str]) {
        let mut from = 0;
        for part in parts {
            let at = text[from..]
                .find(part)
                .unwrap_or_else(|| panic!("{part:?} missing after byte {from} of:\n{text}"));
            from += at + part.len();
        }
    }

    #[test]
    fn dates_take_a_leading_zero_below_day_10_and_month_3_only() {
        assert_eq!(vn_date(day("2025-02-05")), "ngày 05 tháng 02 năm 2025");
        assert_eq!(vn_date(day("2025-01-01")), "ngày 01 tháng 01 năm 2025");
        assert_eq!(vn_date(day("2025-03-07")), "ngày 07 tháng 3 năm 2025");
        assert_eq!(vn_date(day("2016-10-10")), "ngày 10 tháng 10 năm 2016");
        assert_eq!(vn_date(day("2025-12-31")), "ngày 31 tháng 12 năm 2025");
    }

    #[test]
    fn tables_write_dd_mm_yyyy_with_the_hour_first() {
        assert_eq!(dmy(day("2025-03-07")), "07/03/2025");
        assert_eq!(dmy(day("2025-12-31")), "31/12/2025");
        assert_eq!(
            han(Some("2026-11-13"), Some("10:00:00")).unwrap(),
            "10 giờ 00 ngày 13/11/2026"
        );
        assert_eq!(
            han(Some("2026-11-13"), Some("14:30:00")).unwrap(),
            "14 giờ 30 ngày 13/11/2026"
        );
        assert_eq!(han(Some("2026-11-13"), None).unwrap(), "13/11/2026");
        assert_eq!(han(None, None).unwrap(), "không có thời hạn");
        assert!(han(Some("13/11/2026"), None).is_err());
    }

    #[test]
    fn a_summary_reads_as_part_of_the_sentence() {
        assert_eq!(
            ve_viec("V/v đẩy nhanh tiến độ."),
            "về việc đẩy nhanh tiến độ"
        );
        assert_eq!(ve_viec("Về việc giải ngân"), "về việc giải ngân");
        assert_eq!(
            ve_viec("Kế hoạch phòng, chống lụt bão"),
            "về kế hoạch phòng, chống lụt bão"
        );
        assert_eq!(
            ve_viec("UBND tỉnh giao nhiệm vụ"),
            "về UBND tỉnh giao nhiệm vụ"
        );
        assert_eq!(
            ve_viec("Công điện về việc tập trung ứng phó mưa lũ"),
            "về việc tập trung ứng phó mưa lũ"
        );
        assert_eq!(thang("2026-10"), "10/2026");
        assert_eq!(
            hoa_dau("kiểm tra an toàn hồ chứa"),
            "Kiểm tra an toàn hồ chứa"
        );
        assert_eq!(hoa_dau(""), "");
    }

    #[test]
    fn every_kind_renders_both_parts_full_or_bare() {
        let templates = Templates::load(None).unwrap();
        for letter in specimens() {
            let out = templates.render(&letter).unwrap();
            for part in [&out.text, &out.html] {
                assert!(part.contains("được gửi tự động"), "{}: {part}", letter.kind);
                assert!(part.contains("Kính gửi:"), "{}: {part}", letter.kind);
            }
            assert!(out.html.starts_with("<!DOCTYPE html>"), "{}", letter.kind);
        }
    }

    #[test]
    fn a_phieu_bao_follows_appendix_ii() {
        let out = render(&phieu_bao());
        in_order(
            &out.text,
            &[
                "UBND TỈNH THỪA THIÊN HUẾ\nVĂN PHÒNG\n",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n",
                "Huế, ngày 05 tháng 02 năm 2025\n",
                "PHIẾU BÁO\nSố: 2\n",
                "Kính gửi: Sở Xây dựng\n",
                "Ngày 10/01/2025, UBND tỉnh đã ban hành văn bản số 1502/UBND-KT về việc đẩy nhanh \
                 tiến độ giải ngân vốn đầu tư công năm 2025, trong đó giao nhiệm vụ cho Sở Xây dựng",
                "Văn phòng UBND tỉnh xin thông báo đến Sở Xây dựng 02 nhiệm vụ chưa thực hiện",
                "1. Rà soát kế hoạch vốn đầu tư công / thời hạn: 24/01/2025 / tình trạng: chưa \
                 thực hiện (quá hạn);\n",
                "2. Báo cáo tình hình giải ngân / thời hạn: 10 giờ 00 ngày 31/01/2025 / tình \
                 trạng: đang thực hiện (quá hạn).\n",
                "Đề nghị Sở Xây dựng nghiêm túc, khẩn trương thực hiện",
                "CHÁNH VĂN PHÒNG\n",
            ],
        );
        in_order(
            &out.html,
            &[
                "UBND TỈNH THỪA THIÊN HUẾ",
                "Độc lập - Tự do - Hạnh phúc",
                "Huế, ngày 05 tháng 02 năm 2025",
                "PHIẾU BÁO</strong><br>Số: 2",
                "Kính gửi: Sở Xây dựng",
                "1502/UBND-KT",
                ">1</td>",
                "Rà soát kế hoạch vốn đầu tư công",
                "24/01/2025",
                "Chưa thực hiện",
                ">2</td>",
                "10 giờ 00 ngày 31/01/2025",
                "Đang thực hiện",
                "CHÁNH VĂN PHÒNG",
            ],
        );
    }

    #[test]
    fn a_returned_notice_is_the_offices_own_note_without_a_number() {
        let letter = Letter {
            returned: true,
            sequence: None,
            ..phieu_bao()
        };
        let out = render(&letter);
        assert!(!out.text.contains("PHIẾU BÁO"));
        assert!(!out.text.contains("Số:"));
        in_order(
            &out.text,
            &[
                "Kính gửi: Văn phòng UBND tỉnh",
                "Sở Xây dựng đã trả lại 02 nhiệm vụ",
                "điều chỉnh nội dung nhiệm vụ hoặc chuyển đến đơn vị khác",
            ],
        );
    }

    #[test]
    fn an_escalation_reports_to_the_chairman_the_notices_that_went_unanswered() {
        let cited: Vec<LetterNotice> = [("2025-02-05", 1), ("2025-02-10", 2), ("2025-02-13", 3)]
            .iter()
            .map(|(d, n)| LetterNotice {
                sequence: *n,
                dated: day(d),
            })
            .collect();
        let letter = Letter {
            kind: "escalation".into(),
            sequence: None,
            notices_sent: Some(3),
            cited,
            ..phieu_bao()
        };
        let out = render(&letter);
        in_order(
            &out.text,
            &[
                "Kính gửi: Chủ tịch UBND tỉnh",
                "đã gửi 03 phiếu báo đôn đốc (số 1 ngày 05/02/2025, số 2 ngày 10/02/2025, số 3 ngày 13/02/2025), Sở Xây dựng vẫn chưa thực hiện 02 nhiệm vụ",
                "Chỉ đạo Sở Xây dựng khẩn trương thực hiện",
                "CHÁNH VĂN PHÒNG",
            ],
        );
        assert!(out.html.contains("số 3 ngày 13/02/2025"), "{}", out.html);
        // With no notice to cite, the letter claims none.
        let bare = Letter {
            notices_sent: None,
            cited: Vec::new(),
            ..letter
        };
        let out = render(&bare);
        assert!(!out.text.contains("phiếu báo"), "{}", out.text);
        assert!(!out.html.contains("phiếu báo"), "{}", out.html);
        assert!(out
            .text
            .contains("Đến nay, Sở Xây dựng vẫn chưa thực hiện 02 nhiệm vụ"));
    }

    #[test]
    fn a_case_opened_again_says_which_round_it_is() {
        let letter = Letter {
            round: Some(2),
            sequence: Some(1),
            ..phieu_bao()
        };
        let out = render(&letter);
        assert!(out.text.contains("Số: 1 (lần 2)"), "{}", out.text);
        assert!(out.html.contains("Số: 1 (lần 2)"), "{}", out.html);
        let first = render(&phieu_bao());
        assert!(!first.text.contains("lần"), "{}", first.text);
    }

    #[test]
    fn a_digest_to_the_office_names_each_tasks_unit_and_one_to_a_unit_does_not() {
        let mut other = task("Tổng hợp thanh toán", "2025-02-20", None, "in_progress");
        other.unit = "Sở Tài chính".into();
        other.overdue = false;
        let to_unit = Letter {
            kind: "digest".into(),
            sequence: None,
            document: None,
            period: Some("2025-02".into()),
            ..phieu_bao()
        };
        let to_office = Letter {
            unit: "Văn phòng UBND tỉnh".into(),
            items: [to_unit.items.clone(), vec![other]].concat(),
            ..to_unit.clone()
        };
        let unit_text = render(&to_unit).text;
        assert!(unit_text.contains("Tháng 02/2025"));
        assert!(unit_text.contains("giao cho Sở Xây dựng"));
        assert!(!unit_text.contains("[Sở Xây dựng]"));
        let office_text = render(&to_office).text;
        assert!(office_text.contains("tổng số 03 nhiệm vụ, trong đó 02 nhiệm vụ quá hạn"));
        assert!(office_text.contains("[Sở Xây dựng]"));
        assert!(office_text.contains("[Sở Tài chính]"));
    }

    #[test]
    fn a_delivery_failure_tells_the_office_what_did_not_go_where_and_why() {
        let letter = Letter {
            kind: "delivery_failure".into(),
            unit: "Văn phòng UBND tỉnh".into(),
            failure: Some(DeliveryFailure {
                notice_id: 42,
                subject: "Phiếu báo số 2".into(),
                recipients: vec!["vanthu@sxd.example".into(), "gd@sxd.example".into()],
                reason: "550 5.1.1 mailbox unavailable".into(),
                attempts: 5,
            }),
            ..phieu_bao()
        };
        let text = render(&letter).text;
        in_order(
            &text,
            &[
                "Kính gửi: Văn phòng UBND tỉnh",
                "thư mã số 42 \"Phiếu báo số 2\" đến địa chỉ vanthu@sxd.example, \
                 gd@sxd.example sau 05 lần thử",
                "Lý do: 550 5.1.1 mailbox unavailable",
                "Thư liên quan đến văn bản số 1502/UBND-KT ngày 10/01/2025",
                "bằng hình thức khác",
                "danh mục đơn vị",
            ],
        );
    }

    #[test]
    fn html_escapes_what_a_task_says_and_text_keeps_it() {
        let mut letter = phieu_bao();
        letter.items[0].content = "<script>alert(1)</script> Vốn & đất đai".into();
        let out = render(&letter);
        assert!(out
            .html
            .contains("&lt;script&gt;alert(1)&lt;/script&gt; Vốn &amp; đất đai"));
        assert!(!out.html.contains("<script>"));
        assert!(out.text.contains("<script>alert(1)</script> Vốn & đất đai"));
    }

    #[test]
    fn output_is_nfc_even_when_input_is_not() {
        let decomposed: String = "Sở Xây dựng".nfd().collect();
        assert_ne!(decomposed, "Sở Xây dựng");
        let letter = Letter {
            unit: decomposed.clone(),
            ..phieu_bao()
        };
        let out = render(&letter);
        for part in [&out.text, &out.html] {
            assert!(part.contains("Kính gửi: Sở Xây dựng"));
            assert!(!part.contains(&decomposed));
            assert_eq!(part.nfc().collect::<String>(), *part);
        }
    }

    #[test]
    fn an_override_replaces_its_template_and_leaves_the_others() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("notice.txt.j2"),
            "Phiếu báo riêng: {{ letter.unit }}, {{ letter.dated | ngay }}",
        )
        .unwrap();
        let templates = Templates::load(Some(dir.path())).unwrap();
        let notice = templates.render(&phieu_bao()).unwrap();
        assert_eq!(
            notice.text,
            "Phiếu báo riêng: Sở Xây dựng, ngày 05 tháng 02 năm 2025"
        );
        assert!(notice.html.contains("PHIẾU BÁO"));
        let heads_up = Letter {
            kind: "heads_up".into(),
            ..phieu_bao()
        };
        let text = templates.render(&heads_up).unwrap().text;
        assert!(text.contains("Về việc nhắc hạn thực hiện nhiệm vụ"));
    }

    #[test]
    fn a_broken_override_stops_the_load_naming_its_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notice.html.j2");
        fs::write(&path, "<p>Phiếu báo</p>\n{% if %}\n").unwrap();
        let err = Templates::load(Some(dir.path())).unwrap_err();
        assert!(matches!(err, TemplateError::Compile { ref name, .. } if name == "notice.html.j2"));
        let message = err.to_string();
        assert!(message.contains(&path.display().to_string()), "{message}");
        assert!(message.contains("syntax error"), "{message}");
        assert!(message.contains("notice.html.j2:2"), "{message}");
    }

    #[test]
    fn an_override_that_misspells_a_field_stops_the_load() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("heads_up.txt.j2"), "{{ letter.untit }}").unwrap();
        let err = Templates::load(Some(dir.path())).unwrap_err();
        assert!(matches!(err, TemplateError::Render { ref name, .. } if name == "heads_up.txt.j2"));
    }

    #[test]
    fn an_unknown_kind_or_state_is_an_error_not_a_letter() {
        let templates = Templates::load(None).unwrap();
        let memo = Letter {
            kind: "memo".into(),
            ..phieu_bao()
        };
        assert!(
            matches!(templates.render(&memo), Err(TemplateError::UnknownKind(k)) if k == "memo")
        );
        let mut odd = phieu_bao();
        odd.items[0].state = "finished".into();
        assert!(matches!(
            templates.render(&odd),
            Err(TemplateError::Render { .. })
        ));
    }
}
