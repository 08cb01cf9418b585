//! The reports as an official receives them: core's `report` gives the numbers, this module lays
//! each appendix out once as a [`Sheet`] — its header block, merged column headings, rows and
//! total — and writes that sheet as text for the terminal, CSV, or the XLSX an official files; `--format
//! json` is the contract's one object per row ([`json`]).

pub mod csv;
pub mod html;
pub mod json;
mod sheet;
pub mod text;
pub mod xlsx;

use chrono::{DateTime, Utc};
use rust_xlsxwriter::XlsxError;

use crate::clock::{end_of_day, local_date};
use crate::domain::text::dmy;
use crate::domain::text::vn_date;
use dondoc_core::report::{EntryReport, Period, ProgrammeReport, Summary, UnitReport};

pub use sheet::{Cell, Column, Sheet, Total};

/// What a report is printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For the terminal.
    Text,
    /// One object per row (a contract).
    Json,
    /// UTF-8 with a byte-order mark, which Excel opens right.
    Csv,
    /// The appendix as a spreadsheet to file and print.
    Xlsx,
    /// For an email's body.
    Html,
}

/// One appendix, computed.
#[derive(Debug, Clone)]
pub enum Report {
    /// Appendix V.
    Summary(Summary),
    /// Appendix IV.
    Unit(UnitReport),
    /// Appendix I.
    Entry(EntryReport),
    /// Appendix VI.
    Programme(ProgrammeReport),
}

/// The header block's names (`[mail] province`, `office`, `place`, as the letters have them).
#[derive(Debug, Clone)]
pub struct Letterhead {
    /// "UBND TỈNH THỪA THIÊN HUẾ".
    pub province: String,
    /// "VĂN PHÒNG".
    pub office: String,
    /// "Huế".
    pub place: String,
    /// The day the report is printed, for the place-and-date line.
    pub dated: chrono::NaiveDate,
}

impl Letterhead {
    /// The letters' own header block (`[mail]`), dated `dated`.
    pub fn new(signature: &crate::config::Signature, dated: chrono::NaiveDate) -> Self {
        Self {
            province: signature.province.clone(),
            office: signature.office.clone(),
            place: signature.place.clone(),
            dated,
        }
    }
}

impl Report {
    /// The appendix laid out, for every format but JSON.
    pub fn sheet(&self, head: &Letterhead) -> Sheet {
        match self {
            Report::Summary(s) => sheet::summary(s, head),
            Report::Unit(u) => sheet::unit(u, head),
            Report::Entry(e) => sheet::entry(e, head),
            Report::Programme(p) => sheet::programme(p, head),
        }
    }

    /// The report written in `format`.
    pub fn render(&self, format: Format, head: &Letterhead) -> Result<Vec<u8>, XlsxError> {
        Ok(match format {
            Format::Json => json::lines(self),
            Format::Text => text::render(&self.sheet(head)).into_bytes(),
            Format::Csv => csv::render(&self.sheet(head)),
            Format::Xlsx => xlsx::render(&self.sheet(head))?,
            Format::Html => html::render(&self.sheet(head)).into_bytes(),
        })
    }
}

/// "đến 23 giờ 59 ngày 30/06/2027" read as "ngày 30/06/2027" when the instant is a day's end,
/// else with its hour: the instant the numbers stand at.
pub fn as_of_vietnamese(as_of: DateTime<Utc>) -> String {
    let day = local_date(as_of);
    if as_of == end_of_day(day) {
        format!("ngày {}", dmy(day))
    } else {
        let local = as_of.with_timezone(&crate::clock::ZONE);
        format!("{} ngày {}", local.format("%H giờ %M"), dmy(day))
    }
}

/// "Kỳ báo cáo: tháng 6 năm 2027 (từ ngày 01/06/2027 đến ngày 30/06/2027)".
fn period_line(p: &Period) -> String {
    let span = format!("từ ngày {} đến ngày {}", dmy(p.from()), dmy(p.to()));
    if p.kind() == dondoc_core::report::PeriodKind::Custom {
        format!("Kỳ báo cáo: {span}")
    } else {
        format!("Kỳ báo cáo: {} ({span})", p.vietnamese())
    }
}

/// "Huế, ngày 10 tháng 7 năm 2027".
fn place_and_date(head: &Letterhead) -> String {
    format!("{}, {}", head.place, vn_date(head.dated))
}
