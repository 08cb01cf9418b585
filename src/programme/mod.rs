//! The committee's work programme as the Office keeps it (Appendix VI): the schemes registered at
//! the start of the year, read from the spreadsheet or CSV the programme was typed into
//! ([`read_rows`]), and the schemes given, withdrawn, submitted and issued during it (`dondoc
//! programme …`, SQL in the store's `programme.rs`).
//!
//! A file is read whole before anything is stored: a row that does not read is named with its
//! file, row, column and reason, every such row is listed, and nothing of the file is kept until
//! it reads clean — the register is the basis of a grade, and half a programme is worse than none.

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::domain::text::{fold_name, nfc};

/// A file larger than this is refused unread: a programme is a few hundred rows.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// One row of a programme file, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Its row number in the file (the heading is row 1).
    pub line: usize,
    /// The unit as written: a key, an OrganId, a name or an abbreviation.
    pub unit: String,
    pub title: String,
    /// The first day of the month it is due in.
    pub month: NaiveDate,
    pub code: Option<String>,
}

/// Why a file, or a row of it, does not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// The row (1 is the heading), when the problem is a row's.
    pub row: Option<usize>,
    pub column: Option<&'static str>,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some(column) = self.column {
            write!(f, ", column {column}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// The columns a file names, by the words their headings may use (compared folded: case, tone
/// placement and spacing aside).
const COLUMNS: [(&str, &[&str]); 4] = [
    (
        "unit",
        &[
            "unit",
            "đơn vị",
            "đơn vị trình",
            "cơ quan chủ trì",
            "cơ quan trình",
        ],
    ),
    (
        "title",
        &["title", "tên đề án", "đề án", "nội dung", "tên văn bản"],
    ),
    (
        "month",
        &["month", "tháng", "thời gian trình", "tháng trình"],
    ),
    ("code", &["code", "số", "mã", "ký hiệu"]),
];

/// A cell as a file gives it.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Empty,
}

impl Value {
    fn text(&self) -> String {
        match self {
            Value::Text(s) => nfc(s.trim()),
            Value::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
            Value::Number(n) => n.to_string(),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::Empty => String::new(),
        }
    }
}

/// The rows of `path` (`.csv`, UTF-8 with or without a byte-order mark, or `.xlsx`, its first
/// sheet), its heading naming the columns `unit`, `title` and `month` (and `code`, optional) in
/// English or Vietnamese. A month is `YYYY-MM`, `MM/YYYY`, a date, or a month number with
/// `year`.
pub fn read_rows(path: &Path, year: Option<i32>) -> Result<Vec<Row>, Vec<Problem>> {
    let file = path.display().to_string();
    let whole = |reason: String| {
        vec![Problem {
            file: file.clone(),
            row: None,
            column: None,
            reason,
        }]
    };
    let size = std::fs::metadata(path)
        .map_err(|e| whole(format!("cannot be read: {e}")))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(whole(format!(
            "{size} bytes, more than a programme's {MAX_FILE_BYTES}"
        )));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let cells = match ext.as_deref() {
        Some("csv") => csv_cells(path).map_err(whole)?,
        Some("xlsx") => xlsx_cells(path).map_err(whole)?,
        _ => return Err(whole("is neither .csv nor .xlsx".into())),
    };
    rows_of(&file, cells, year)
}

/// A file's rows, each with its row number as a spreadsheet or an editor shows it.
type Lines = Vec<(usize, Vec<Value>)>;

/// How far down a title block may push the heading.
const HEADING_WITHIN: usize = 10;

fn csv_cells(path: &Path) -> Result<Lines, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot be read: {e}"))?;
    let bytes = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(&bytes);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("row {}: not CSV: {e}", i + 1))?;
        // The line it starts on: a quoted field may span lines.
        let line = record
            .position()
            .map_or(i + 1, |p| usize::try_from(p.line()).unwrap_or(i + 1));
        out.push((
            line,
            record
                .iter()
                .map(|c| {
                    if c.trim().is_empty() {
                        Value::Empty
                    } else {
                        Value::Text(c.to_string())
                    }
                })
                .collect(),
        ));
    }
    Ok(out)
}

fn xlsx_cells(path: &Path) -> Result<Lines, String> {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(path).map_err(|e| format!("not a readable XLSX: {e}"))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or("has no sheet")?
        .map_err(|e| format!("its first sheet does not read: {e}"))?;
    // The range starts at the first cell used; rows are numbered from the sheet's first.
    let first = range.start().map_or(0, |(row, _)| row as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let cells = row
                .iter()
                .map(|c| match c {
                    Data::String(s) => Value::Text(s.clone()),
                    Data::Float(f) => Value::Number(*f),
                    Data::Int(i) => Value::Number(*i as f64),
                    Data::DateTime(d) => d
                        .as_datetime()
                        .map(|t| Value::Date(t.date()))
                        .unwrap_or(Value::Empty),
                    Data::DateTimeIso(s) => Value::Text(s.clone()),
                    Data::Bool(b) => Value::Text(b.to_string()),
                    Data::Empty | Data::Error(_) | Data::DurationIso(_) => Value::Empty,
                })
                .collect();
            (first + i + 1, cells)
        })
        .collect())
}

/// The columns a heading row names, by slot of [`COLUMNS`].
fn heading_of(row: &[Value]) -> [Option<usize>; 4] {
    let mut at: [Option<usize>; 4] = [None; 4];
    for (i, cell) in row.iter().enumerate() {
        let key = fold_name(&cell.text());
        for (slot, (_, words)) in COLUMNS.iter().enumerate() {
            if at[slot].is_none() && words.iter().any(|w| fold_name(w) == key) {
                at[slot] = Some(i);
            }
        }
    }
    at
}

/// The rows under the heading (the first of the first rows to name the columns `unit`, `title`
/// and `month`: a title block may stand above it), each read or named in a problem.
fn rows_of(file: &str, lines: Lines, year: Option<i32>) -> Result<Vec<Row>, Vec<Problem>> {
    let problem = |row: Option<usize>, column: Option<&'static str>, reason: String| Problem {
        file: file.to_string(),
        row,
        column,
        reason,
    };
    if lines.is_empty() {
        return Err(vec![problem(None, None, "is empty".into())]);
    }
    let found = lines
        .iter()
        .take(HEADING_WITHIN)
        .position(|(_, row)| heading_of(row)[..3].iter().all(Option::is_some));
    let Some(heading) = found else {
        return Err(vec![problem(
            None,
            None,
            format!(
                "none of its first {HEADING_WITHIN} rows names the columns unit, title and month \
                 (headings: unit/đơn vị, title/tên đề án, month/tháng, code/số)"
            ),
        )]);
    };
    let at = heading_of(&lines[heading].1);
    let [unit, title, month, code] = at;
    let cell = |row: &[Value], i: Option<usize>| {
        i.and_then(|i| row.get(i).cloned()).unwrap_or(Value::Empty)
    };
    let (mut rows, mut problems) = (Vec::new(), Vec::new());
    for (line, row) in lines.into_iter().skip(heading + 1) {
        if row.iter().all(|c| *c == Value::Empty) {
            continue;
        }
        let unit = cell(&row, unit).text();
        let title = cell(&row, title).text();
        let code = Some(cell(&row, code).text()).filter(|c| !c.is_empty());
        let mut ok = true;
        if unit.is_empty() {
            problems.push(problem(Some(line), Some("unit"), "is empty".into()));
            ok = false;
        }
        if title.is_empty() {
            problems.push(problem(Some(line), Some("title"), "is empty".into()));
            ok = false;
        }
        let month = match read_month(&cell(&row, month), year) {
            Ok(m) => Some(m),
            Err(reason) => {
                problems.push(problem(Some(line), Some("month"), reason));
                None
            }
        };
        if let (true, Some(month)) = (ok, month) {
            rows.push(Row {
                line,
                unit,
                title,
                month,
                code,
            });
        }
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

/// The first day of the month a cell names.
fn read_month(value: &Value, year: Option<i32>) -> Result<NaiveDate, String> {
    let first = |y: i32, m: u32| {
        NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(|| format!("{m}/{y} is not a month"))
    };
    let number = |m: u32| match year {
        Some(y) => first(y, m),
        None => Err(format!("month {m} without a year: give --year")),
    };
    match value {
        Value::Date(d) => first(d.year(), d.month()),
        Value::Number(n) if n.fract() == 0.0 && (1.0..=12.0).contains(n) => number(*n as u32),
        Value::Empty => Err("is empty".into()),
        other => {
            let s = other.text();
            let s = s
                .trim_start_matches("Tháng")
                .trim_start_matches("tháng")
                .trim();
            if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                return first(d.year(), d.month());
            }
            if let Ok(d) = NaiveDate::parse_from_str(s, "%d/%m/%Y") {
                return first(d.year(), d.month());
            }
            if let Some((a, b)) = s.split_once(['-', '/']) {
                let (a, b) = (a.trim(), b.trim());
                if let (Ok(y), Ok(m)) = (a.parse::<i32>(), b.parse::<u32>()) {
                    if a.len() == 4 {
                        return first(y, m);
                    }
                }
                if let (Ok(m), Ok(y)) = (a.parse::<u32>(), b.parse::<i32>()) {
                    if b.len() == 4 {
                        return first(y, m);
                    }
                }
            }
            if let Ok(m) = s.parse::<u32>() {
                if (1..=12).contains(&m) {
                    return number(m);
                }
            }
            Err(format!(
                "{s:?} is not a month (YYYY-MM, MM/YYYY, a date, or 1–12 with --year)"
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    #[test]
    fn a_month_reads_as_officials_write_it() {
        for (written, year) in [
            (text("2027-06"), None),
            (text("06/2027"), None),
            (text("Tháng 6/2027"), None),
            (text("15/06/2027"), None),
            (text("6"), Some(2027)),
            (Value::Number(6.0), Some(2027)),
            (Value::Date(d("2027-06-20")), None),
        ] {
            assert_eq!(
                read_month(&written, year),
                Ok(d("2027-06-01")),
                "{written:?}"
            );
        }
        assert!(read_month(&text("6"), None).unwrap_err().contains("--year"));
        assert!(read_month(&text("13/2027"), None).is_err());
        assert!(read_month(&text("quý II"), None).is_err());
    }

    #[test]
    fn every_row_that_does_not_read_is_named_and_nothing_is_kept() {
        let cells = numbered(vec![
            vec![text("Đơn vị"), text("Tên đề án"), text("Tháng")],
            vec![text("Sở Xây dựng"), text("Đề án A"), text("2027-06")],
            vec![Value::Empty, text("Đề án B"), text("2027-07")],
            vec![Value::Empty, Value::Empty, Value::Empty],
            vec![text("Sở Tài chính"), text("Đề án C"), text("giữa năm")],
        ]);
        let problems = rows_of("ctct.csv", cells, None).unwrap_err();
        let said: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(said.len(), 2, "{said:?}");
        assert_eq!(said[0], "ctct.csv, row 3, column unit: is empty");
        assert!(
            said[1].starts_with("ctct.csv, row 5, column month: \"giữa năm\""),
            "{}",
            said[1]
        );
    }

    fn numbered(rows: Vec<Vec<Value>>) -> Lines {
        rows.into_iter()
            .enumerate()
            .map(|(i, r)| (i + 1, r))
            .collect()
    }

    #[test]
    fn the_heading_may_be_english_or_vietnamese_in_any_order_under_a_title() {
        let cells = numbered(vec![
            vec![text("CHƯƠNG TRÌNH CÔNG TÁC NĂM 2027")],
            vec![],
            vec![
                text("STT"),
                text("Tháng trình"),
                text("ĐƠN VỊ"),
                text("Tên đề án"),
                text("Số"),
            ],
            vec![
                text("1"),
                text("6/2027"),
                text("so-xay-dung"),
                text("Đề án A"),
                text("12"),
            ],
        ]);
        let rows = rows_of("ctct.xlsx", cells, None).unwrap();
        assert_eq!(
            rows,
            [Row {
                line: 4,
                unit: "so-xay-dung".into(),
                title: "Đề án A".into(),
                month: d("2027-06-01"),
                code: Some("12".into()),
            }]
        );
        let none = rows_of("x.csv", numbered(vec![vec![text("a"), text("b")]]), None).unwrap_err();
        assert!(
            none[0].reason.contains("unit, title and month"),
            "{}",
            none[0]
        );
    }
}
