//! Each appendix laid out once, as the regulation's forms lay it out: the header block (issuer,
//! motto, number, place and date), the title, the period and instant, an opening sentence, the
//! table under merged headings, a total row, and notes. Text and CSV (and any later format) write
//! this one layout, so that they cannot disagree.

use dondoc_core::report::{
    Counts, EntryReport, EntryRow, ProgrammeCounts, ProgrammeReport, Summary, UnitReport,
};

use super::{as_of_vietnamese, period_line, place_and_date, Letterhead};
use crate::domain::text::dmy;

/// A value in a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(u64),
    /// A share between 0 and 1, shown as a percentage; `None` when there was nothing to share.
    Rate(Option<f64>),
}

impl Cell {
    /// As a person reads it: numbers as they are, a rate as "66,7%" (the Vietnamese decimal
    /// comma), a missing rate as "—".
    pub fn display(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Rate(Some(r)) => percent(*r),
            Cell::Rate(None) => "—".into(),
        }
    }
}

/// "66,7%": one decimal, the comma Vietnamese writes, no ",0".
pub fn percent(r: f64) -> String {
    let s = format!("{:.1}", r * 100.0);
    let s = s.strip_suffix(".0").unwrap_or(&s).replace('.', ",");
    format!("{s}%")
}

/// A column: its heading, the heading it sits under when several share one (merged over them),
/// and its width in characters.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    pub group: Option<String>,
    pub width: usize,
}

fn col(title: &str, width: usize) -> Column {
    Column {
        title: title.into(),
        group: None,
        width,
    }
}

fn under(group: &str, title: &str, width: usize) -> Column {
    Column {
        title: title.into(),
        group: Some(group.into()),
        width,
    }
}

/// A total row: its label across the first two columns (the number's and the name's), then its
/// cells under the others.
#[derive(Debug, Clone, PartialEq)]
pub struct Total {
    pub label: String,
    pub cells: Vec<Cell>,
}

/// An appendix laid out.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The appendix it is ("Phụ lục V"): the spreadsheet's tab.
    pub name: String,
    /// Left of the header block: the issuer and the body under it ("UBND TỈNH …", "VĂN PHÒNG").
    pub issuer: Vec<String>,
    /// Its right: the motto, and the place and date.
    pub motto: Vec<String>,
    /// "Số: /BC-VPUB".
    pub number: String,
    /// "BÁO CÁO" and the subject under it.
    pub title: Vec<String>,
    /// The period and the instant.
    pub period: Vec<String>,
    /// The sentences before the table.
    pub intro: Vec<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// The total row.
    pub total: Option<Total>,
    /// What a reader must know of the numbers: what was not counted, and why.
    pub notes: Vec<String>,
    /// Who signs ("CHÁNH VĂN PHÒNG", "Người lập").
    pub signer: String,
}

impl Sheet {
    fn new(
        name: &str,
        head: &Letterhead,
        number: &str,
        title: &[&str],
        period: Vec<String>,
    ) -> Self {
        Self {
            name: name.into(),
            issuer: vec![head.province.clone(), head.office.clone()],
            motto: vec![
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into(),
                "Độc lập - Tự do - Hạnh phúc".into(),
                place_and_date(head),
            ],
            number: number.into(),
            title: title.iter().map(|s| s.to_string()).collect(),
            period,
            intro: Vec::new(),
            columns: Vec::new(),
            rows: Vec::new(),
            total: None,
            notes: Vec::new(),
            signer: "CHÁNH VĂN PHÒNG".into(),
        }
    }
}

impl Sheet {
    /// The table of an appendix with a row per unit or person: each row numbered ("1.") and
    /// named, then its cells; the total row labelled "Tổng cộng" across the first two columns.
    fn numbered(&mut self, rows: impl Iterator<Item = (String, Vec<Cell>)>, total: Vec<Cell>) {
        for (i, (name, cells)) in rows.enumerate() {
            let mut row = vec![Cell::Text(format!("{}.", i + 1)), Cell::Text(name)];
            row.extend(cells);
            self.rows.push(row);
        }
        self.total = Some(Total {
            label: "Tổng cộng".into(),
            cells: total,
        });
    }
}

/// The six count columns, under "Chưa thực hiện", "Đang thực hiện", "Đã hoàn thành".
fn count_columns() -> Vec<Column> {
    let mut out = Vec::new();
    for group in ["Chưa thực hiện", "Đang thực hiện", "Đã hoàn thành"] {
        out.push(under(group, "Trong hạn", 10));
        out.push(under(group, "Quá hạn", 10));
    }
    out
}

/// The six counts and their sum.
fn count_cells(c: &Counts) -> Vec<Cell> {
    let mut cells: Vec<Cell> = c.columns().into_iter().map(Cell::Number).collect();
    cells.push(Cell::Number(c.total()));
    cells
}

/// Appendix V.
pub fn summary(s: &Summary, head: &Letterhead) -> Sheet {
    let mut sheet = Sheet::new(
        "Phụ lục V",
        head,
        "Số:      /BC-VPUB",
        &[
            "BÁO CÁO",
            "Tổng hợp kết quả thực hiện nhiệm vụ của UBND tỉnh, Chủ tịch UBND tỉnh",
        ],
        vec![
            period_line(&s.period),
            format!("Số liệu tính đến {}", as_of_vietnamese(s.as_of)),
        ],
    );
    sheet.intro.push(format!(
        "Trong kỳ, {} văn bản của UBND tỉnh, Chủ tịch UBND tỉnh giao {} nhiệm vụ đã được cập \
         nhật vào Hệ thống theo dõi; tính đến {}, Văn phòng UBND tỉnh báo cáo tình hình thực \
         hiện như sau:",
        s.documents,
        s.tasks,
        as_of_vietnamese(s.as_of)
    ));
    if s.carried_tasks > 0 {
        sheet.intro.push(format!(
            "Ngoài ra, {} nhiệm vụ của {} văn bản ban hành trước kỳ, chưa hoàn thành khi kỳ bắt \
             đầu, cũng được tính: tổng cộng {} nhiệm vụ.",
            s.carried_tasks,
            s.carried_documents,
            s.total.total()
        ));
    }
    sheet.columns = vec![col("STT", 5), col("Đơn vị", 36)];
    sheet.columns.extend(count_columns());
    sheet.columns.push(col("Tổng số", 8));
    sheet.numbered(
        s.rows
            .iter()
            .map(|r| (r.unit.name.clone(), count_cells(&r.counts))),
        count_cells(&s.total),
    );
    sheet.notes.push(
        "Nhiệm vụ bị thu hồi, hủy không tính; nhiệm vụ đơn vị trả lại tính là chưa thực hiện; \
         nhiệm vụ đơn vị đã báo cáo hoàn thành tính là đã hoàn thành từ ngày báo cáo, trừ khi \
         Văn phòng trả lại."
            .into(),
    );
    if s.drafts > 0 {
        sheet.notes.push(format!(
            "{} nhiệm vụ của các văn bản trong kỳ còn chờ Văn phòng kiểm tra, cập nhật, chưa tính.",
            s.drafts
        ));
    }
    sheet
}

/// Appendix IV.
pub fn unit(u: &UnitReport, head: &Letterhead) -> Sheet {
    let mut sheet = Sheet::new(
        "Phụ lục IV",
        head,
        "Số:      /BC-YKCD",
        &[
            "BÁO CÁO",
            "Kết quả thực hiện nhiệm vụ của UBND tỉnh, Chủ tịch UBND tỉnh",
        ],
        vec![
            format!("Đơn vị: {}", u.unit.name),
            period_line(&u.period),
            format!("Số liệu tính đến {}", as_of_vietnamese(u.as_of)),
        ],
    );
    sheet.issuer = vec![u.unit.name.to_uppercase()];
    let c = &u.counts;
    sheet.intro = vec![
        format!(
            "Đến {}, {} đã nhận được {} nhiệm vụ; qua tổng hợp, tình hình thực hiện như sau:",
            as_of_vietnamese(u.as_of),
            u.unit.name,
            c.total()
        ),
        "I. TỔNG HỢP:".into(),
        format!(
            "1. Chưa thực hiện: {} (trong đó chưa đến hạn: {}; đã quá hạn: {})",
            c.not_started(),
            c.not_started_on_time,
            c.not_started_overdue
        ),
        format!(
            "2. Đang thực hiện: {} (trong đó quá hạn: {})",
            c.in_progress(),
            c.in_progress_overdue
        ),
        format!(
            "3. Đã hoàn thành: {} (trong đó trễ hạn: {})",
            c.done(),
            c.done_late
        ),
        "II. TÌNH HÌNH THỰC HIỆN CỤ THỂ:".into(),
    ];
    sheet.columns = vec![
        col("STT", 5),
        under("Văn bản", "Số hiệu", 16),
        under("Văn bản", "Ngày", 10),
        col("Thời hạn", 12),
        col("Nội dung theo dõi", 50),
        col("Tình hình thực hiện", 30),
        col("Lý do (trường hợp quá hạn)", 30),
    ];
    for (i, l) in u.lines.iter().enumerate() {
        let due = match (l.deadline.date(), l.due) {
            (None, _) => "Không thời hạn".to_string(),
            (Some(written), Some(applies)) if written != applies => {
                format!("{} (tính đến {})", dmy(written), dmy(applies))
            }
            (Some(written), _) => dmy(written),
        };
        // The column is for a late task's reason (Appendix IV: "trường hợp quá hạn").
        let reason = match (&l.reason, l.standing.late) {
            (Some(r), true) => r.clone(),
            (None, true) => "(đơn vị chưa nêu lý do)".into(),
            (_, false) => String::new(),
        };
        sheet.rows.push(vec![
            Cell::Text(format!("{}.", i + 1)),
            Cell::Text(l.document.number.clone()),
            Cell::Text(dmy(l.document.issued)),
            Cell::Text(due),
            Cell::Text(l.content.clone()),
            Cell::Text(l.standing.vietnamese()),
            Cell::Text(reason),
        ]);
    }
    sheet.notes.push("III. KIẾN NGHỊ VÀ ĐỀ XUẤT".into());
    sheet.signer = "THỦ TRƯỞNG CƠ QUAN".into();
    sheet
}

fn entry_cells(r: &EntryRow) -> Vec<Cell> {
    vec![
        Cell::Number(r.documents),
        Cell::Number(r.on_time),
        Cell::Number(r.late),
        Cell::Number(r.not_entered),
        Cell::Rate(r.rate()),
    ]
}

/// Appendix I.
pub fn entry(e: &EntryReport, head: &Letterhead) -> Sheet {
    let mut sheet = Sheet::new(
        "Phụ lục I",
        head,
        "Số:      /YKCD",
        &[
            "BÁO CÁO",
            "Tổng hợp việc cập nhật nhiệm vụ UBND tỉnh, Chủ tịch UBND tỉnh giao",
        ],
        vec![
            period_line(&e.period),
            format!("Số liệu tính đến {}", as_of_vietnamese(e.as_of)),
        ],
    );
    sheet.columns = vec![
        col("STT", 5),
        col("Chuyên viên", 44),
        col("Tổng số VB cập nhật", 10),
        col("Số VB cập nhật đúng hạn", 10),
        col("Số VB cập nhật trễ hạn", 10),
        col("Chưa cập nhật", 10),
        col("Tỷ lệ đúng hạn", 10),
    ];
    sheet.numbered(
        e.rows.iter().map(|r| {
            let who = r
                .specialist
                .clone()
                .unwrap_or_else(|| "Văn phòng (chưa phân công chuyên viên)".into());
            (who, entry_cells(r))
        }),
        entry_cells(&e.total),
    );
    sheet.notes.push(format!(
        "Đúng hạn: cập nhật trong {:02} ngày làm việc kể từ ngày ban hành văn bản; trong ngày ban \
         hành đối với văn bản khẩn, thượng khẩn, hỏa tốc.",
        e.working_days
    ));
    sheet.signer = "Người lập".into();
    sheet
}

fn programme_cells(c: &ProgrammeCounts) -> Vec<Cell> {
    vec![
        Cell::Number(c.registered),
        Cell::Number(c.added),
        Cell::Number(c.withdrawn),
        Cell::Number(c.due()),
        Cell::Number(c.submitted),
        Cell::Number(c.issued),
        Cell::Number(c.not_submitted()),
        Cell::Rate(c.rate()),
    ]
}

/// Appendix VI.
pub fn programme(p: &ProgrammeReport, head: &Letterhead) -> Sheet {
    let mut sheet = Sheet::new(
        "Phụ lục VI",
        head,
        "Số:      /BC-VPUB",
        &[
            "BÁO CÁO",
            "Tổng hợp tình hình thực hiện Chương trình công tác của UBND tỉnh",
        ],
        vec![
            period_line(&p.period),
            format!("Số liệu tính đến {}", as_of_vietnamese(p.as_of)),
        ],
    );
    let group = format!("Số đề án phải trình {}", p.period.vietnamese());
    sheet.columns = vec![
        col("STT", 5),
        col("Đơn vị", 30),
        under(&group, "Số đề án đăng ký đầu năm", 11),
        under(&group, "Số đề án giao thêm", 11),
        under(&group, "Số đề án xin chuyển, rút khỏi CTCT", 12),
        under(&group, "Tổng số đề án phải trình", 11),
        col("Tổng số đề án đã trình", 11),
        col("Số đề án đã ban hành", 11),
        col("Số đề án chưa trình", 11),
        col("Tỷ lệ đề án đã trình", 11),
    ];
    sheet.numbered(
        p.rows
            .iter()
            .map(|r| (r.unit.name.clone(), programme_cells(&r.counts))),
        programme_cells(&p.total),
    );
    sheet.notes.push(
        "Đề án tính theo tháng phải trình trong Chương trình công tác; đề án xin chuyển, rút \
         không tính vào số phải trình."
            .into(),
    );
    sheet
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_is_a_percentage_with_the_vietnamese_decimal_comma() {
        assert_eq!(percent(2.0 / 3.0), "66,7%");
        assert_eq!(percent(0.4), "40%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(Cell::Rate(None).display(), "—");
    }
}
