//! The task table of a plan (kế hoạch): one row per task, with columns for the work, the lead
//! unit (cơ quan chủ trì), the coordinating units (cơ quan phối hợp) and the time (thời gian
//! thực hiện).
//!
//! Tables reach us in two layouts: a DOCX table, rendered one row per line with cells separated
//! by " | " ([`crate::doctext`]), and text where each cell is a line of its own (copied from a
//! web page or a DOCX whose table was flattened), rows sometimes separated by blank lines. The
//! header row tells which column is which; the rows follow until the text stops looking like
//! rows.

use std::ops::Range;

/// What a column of a task table holds, read from its header cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Number,
    Work,
    Lead,
    Support,
    Time,
    Other,
}

fn column_of(header: &str) -> Option<Column> {
    let h = header.trim().to_lowercase();
    if h.is_empty() || h.chars().count() > 40 || h.ends_with(':') {
        return None;
    }
    let c = if h == "tt" || h == "stt" || h == "số tt" {
        Column::Number
    } else if h.contains("chủ trì") {
        Column::Lead
    } else if h.contains("phối hợp") {
        Column::Support
    } else if [
        "thời gian",
        "thời hạn",
        "tiến độ",
        "hoàn thành",
        "thời điểm",
    ]
    .iter()
    .any(|w| h.contains(w))
    {
        Column::Time
    } else if ["nội dung", "nhiệm vụ", "công việc", "tên"]
        .iter()
        .any(|w| h.contains(w))
    {
        Column::Work
    } else if [
        "ghi chú",
        "sản phẩm",
        "kết quả",
        "kinh phí",
        "hình thức",
        // "Người đứng đầu chịu trách nhiệm", "Lãnh đạo phụ trách": a person, not the lead unit.
        "người đứng đầu",
        "lãnh đạo",
    ]
    .iter()
    .any(|w| h.contains(w))
    {
        Column::Other
    } else {
        return None;
    };
    Some(c)
}

/// One row of a task table, its cells by role (empty when the table has no such column).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    pub work: String,
    pub lead: String,
    pub support: String,
    pub time: String,
    /// The row as the text gives it, cells joined by " | ".
    pub text: String,
}

/// A task table and the lines of the body it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub rows: Vec<Row>,
    /// Line numbers (0-based, in `body.lines()`) the table covers, header included.
    pub lines: Range<usize>,
}

/// The task tables of `body`.
pub fn find_tables(body: &str) -> Vec<Table> {
    let lines: Vec<&str> = body.lines().map(str::trim).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(t) = piped_table(&lines, i).or_else(|| stacked_table(&lines, i)) {
            i = t.lines.end.max(i + 1);
            if !t.rows.is_empty() {
                out.push(t);
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Whether the header's columns make a task table: the work and who leads it, each once.
fn is_task_header(columns: &[Column]) -> bool {
    let once = |c: Column| columns.iter().filter(|x| **x == c).count() == 1;
    once(Column::Work)
        && once(Column::Lead)
        && [Column::Number, Column::Support, Column::Time]
            .iter()
            .all(|c| columns.iter().filter(|x| *x == c).count() <= 1)
}

/// A DOCX table: a header line "TT | Nội dung | Cơ quan chủ trì | …" and rows of as many cells.
fn piped_table(lines: &[&str], at: usize) -> Option<Table> {
    let cells = |l: &str| -> Vec<String> { l.split(" | ").map(|c| c.trim().to_string()).collect() };
    let header = cells(lines[at]);
    if header.len() < 3 {
        return None;
    }
    let columns: Vec<Column> = header.iter().map(|h| column_of(h)).collect::<Option<_>>()?;
    if !is_task_header(&columns) {
        return None;
    }
    let mut rows = Vec::new();
    let mut end = at + 1;
    while end < lines.len() {
        let l = lines[end];
        if l.is_empty() {
            end += 1;
            continue;
        }
        let c = cells(l);
        if c.len() != columns.len() {
            break;
        }
        if let Some(row) = row_of(&columns, &c) {
            rows.push(row);
        }
        end += 1;
    }
    Some(Table {
        rows,
        lines: at..end,
    })
}

/// A table whose cells are lines: a run of header lines, then rows opened by their number (or,
/// without a number column, blocks of as many lines as there are columns).
fn stacked_table(lines: &[&str], at: usize) -> Option<Table> {
    let mut columns = Vec::new();
    let mut j = at;
    while j < lines.len() && columns.len() < 8 {
        match column_of(lines[j]) {
            Some(c) if !lines[j].contains(" | ") => columns.push(c),
            _ => break,
        }
        j += 1;
    }
    if columns.len() < 3 || !is_task_header(&columns) {
        return None;
    }
    let numbered = columns.first() == Some(&Column::Number);
    let mut rows = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut end = j;
    let width = columns.len() - usize::from(numbered);
    while end < lines.len() {
        let l = lines[end];
        if l.is_empty() {
            end += 1;
            continue;
        }
        // A PDF wraps a long cell over several lines: a line that opens in lower case, or
        // follows one cut after a comma, goes on with the cell before it.
        if let Some(last) = cells.last_mut().filter(|last| continues_cell(last, l)) {
            last.push(' ');
            last.push_str(l.trim());
            end += 1;
            continue;
        }
        if numbered {
            if is_row_number(l) {
                // A group heading ("I", "II") or the next row: the row before is complete.
                if let Some(row) = stacked_row(&columns[1..], &cells) {
                    rows.push(row);
                }
                cells.clear();
                end += 1;
                continue;
            }
            // A full row and no number soon after it: the table has ended. (A row a PDF wrapped
            // has more lines than cells; its next number follows within a few lines.)
            // The last row's time, after a wrapped line, still belongs to it.
            let its_time = columns.last() == Some(&Column::Time)
                && looks_like_time(l)
                && !cells.last().is_some_and(|c| looks_like_time(c));
            if cells.len() >= width
                && !its_time
                && !lines[end..].iter().take(8).any(|l| is_row_number(l))
            {
                break;
            }
            cells.push(l.to_string());
        } else {
            cells.push(l.to_string());
            if cells.len() == width {
                if let Some(row) = stacked_row(&columns, &cells) {
                    rows.push(row);
                }
                cells.clear();
            }
        }
        end += 1;
    }
    if let Some(row) = stacked_row(&columns[usize::from(numbered)..], &cells) {
        rows.push(row);
    }
    Some(Table {
        rows,
        lines: at..end,
    })
}

/// Whether `line` goes on with the cell `before` it, as a PDF wraps a long cell: it opens in
/// lower case or with a bracket, or `before` was cut short ([`cut_short`]).
fn continues_cell(before: &str, line: &str) -> bool {
    // "(PPP, FDI) hỗ trợ …" goes on; "(1) Giám đốc …" numbers a cell of its own.
    let mut chars = line.trim_start().chars();
    let first = chars.next();
    let opens_lower = first.is_some_and(char::is_lowercase)
        || (first == Some('(') && chars.next().is_some_and(|c| !c.is_ascii_digit()));
    (opens_lower || cut_short(before)) && !is_row_number(line)
}

/// Whether a cell's line stops where no cell ends: after a comma, a semicolon of a list, a slash
/// or a dash, a word that needs what follows ("Sở Nông nghiệp và" / "Môi trường", "Trước
/// ngày" / "30/6/2026"), or the head of a unit's name ("…, Sở" / "Công Thương").
fn cut_short(line: &str) -> bool {
    const NEEDS_MORE: &[&str] = &[
        "và", "của", "các", "với", "cho", "trong", "tại", "theo", "về", "ngày", "trước", "đến",
        "từ",
    ];
    let t = line.trim_end();
    let last = t.rsplit(' ').next().unwrap_or("");
    t.ends_with([',', ';', '/', '-', '–', '&'])
        || NEEDS_MORE.contains(&last.to_lowercase().as_str())
        // the head of a unit's name, capitalised: "…, Sở" / "Công Thương"
        || (t.contains(' ')
            && last.starts_with(char::is_uppercase)
            && crate::extract::units::opens_a_head(last))
}

/// "1", "12.", "II": the number cell that opens a row (or a group of rows).
fn is_row_number(line: &str) -> bool {
    let t = line.trim().trim_end_matches('.');
    (!t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit()))
        || (!t.is_empty() && t.len() <= 5 && t.chars().all(|c| "IVXL".contains(c)))
}

/// The cells of a stacked row put in their columns. Fewer cells than columns means empty cells:
/// the work comes first and the lead after it; a last cell that reads as a time is the time.
fn stacked_row(columns: &[Column], cells: &[String]) -> Option<Row> {
    if cells.len() < 2 {
        return None;
    }
    if cells.len() >= columns.len() {
        return row_of(columns, &rejoined(columns, cells));
    }
    row_of(columns, &placed(columns, cells))
}

/// A row with fewer lines than columns: some cells are empty. Of the ways to lay the lines in
/// the columns in their order, the one whose cells read as their columns say wins ([`fit`]);
/// among equals, the one that fills the earlier columns (the work, then who leads it).
fn placed(columns: &[Column], cells: &[String]) -> Vec<String> {
    let lay = |at: &[usize]| -> Vec<String> {
        let mut row = vec![String::new(); columns.len()];
        for (cell, &k) in cells.iter().zip(at) {
            row[k].clone_from(cell);
        }
        row
    };
    let units = UnitCells::default();
    lay(&best_choice(cells.len(), 0..columns.len(), |at| {
        fit(columns, &lay(at), &units)
    }))
}

/// How well a row's cells read as their columns say: a lead cell that opens with a unit, a
/// coordinating cell that does too (or is empty), a time cell that reads as a time, a work cell
/// that does not open with a unit.
fn fit(columns: &[Column], row: &[String], units: &UnitCells) -> usize {
    columns
        .iter()
        .zip(row)
        .map(|(c, cell)| match c {
            Column::Lead => 2 * usize::from(units.open(cell)),
            Column::Support => usize::from(cell.is_empty() || units.open(cell)),
            Column::Time => 2 * usize::from(looks_like_time(cell)),
            Column::Work => usize::from(!cell.is_empty() && !units.open(cell)),
            _ => 0,
        })
        .sum()
}

/// A row with more lines than columns: some cell wrapped onto a line that opens in upper case
/// ("… đóng giao diện Cổng" / "DVC cấp bộ."). Of the ways to join lines to the one before (as
/// many as there are extra lines), the one whose cells read as their columns say wins: a lead
/// cell that opens with a unit, a coordinating cell that does too, a time cell that reads as a
/// time; among equals, the one that joins after the longest lines (a line a PDF wrapped ran to
/// its cell's edge). Too many extra lines to weigh: they go on with the work.
fn rejoined(columns: &[Column], cells: &[String]) -> Vec<String> {
    let extra = cells.len() - columns.len();
    let joined = |joins: &[usize]| -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(columns.len());
        for (k, cell) in cells.iter().enumerate() {
            match out.last_mut().filter(|_| joins.contains(&k)) {
                Some(last) => {
                    last.push(' ');
                    last.push_str(cell);
                }
                None => out.push(cell.clone()),
            }
        }
        out
    };
    let work_at = columns.iter().position(|c| *c == Column::Work).unwrap_or(0);
    if extra > 3 || cells.len() > 14 {
        return joined(&(work_at + 1..=work_at + extra).collect::<Vec<_>>());
    }
    let units = UnitCells::default();
    let score = |joins: &[usize]| -> (usize, usize) {
        let fits = fit(columns, &joined(joins), &units);
        let wrapped: usize = joins.iter().map(|&k| cells[k - 1].chars().count()).sum();
        (fits, wrapped)
    };
    joined(&best_choice(extra, 1..cells.len(), score))
}

/// Of the ways to pick `k` of `among` in their order, the first that scores highest.
fn best_choice<S: Ord>(
    k: usize,
    among: std::ops::Range<usize>,
    score: impl Fn(&[usize]) -> S,
) -> Vec<usize> {
    let (first, end) = (among.start, among.end);
    if k > end.saturating_sub(first) {
        return Vec::new();
    }
    let mut pick: Vec<usize> = (first..first + k).collect();
    let mut best: Option<(S, Vec<usize>)> = None;
    loop {
        let s = score(&pick);
        if best.as_ref().is_none_or(|(b, _)| s > *b) {
            best = Some((s, pick.clone()));
        }
        // The next pick, in the order of combinations.
        let Some(i) = (0..k).rev().find(|&i| pick[i] < end - k + i) else {
            break;
        };
        pick[i] += 1;
        for j in i + 1..k {
            pick[j] = pick[j - 1] + 1;
        }
    }
    best.map(|(_, p)| p).unwrap_or_default()
}

/// Whether each cell opens with a unit ([`opens_with_unit`]), read once however many of a row's
/// layouts weigh the same cell.
#[derive(Default)]
struct UnitCells(std::cell::RefCell<std::collections::HashMap<String, bool>>);

impl UnitCells {
    fn open(&self, cell: &str) -> bool {
        if let Some(&known) = self.0.borrow().get(cell) {
            return known;
        }
        let opens = opens_with_unit(cell);
        self.0.borrow_mut().insert(cell.to_string(), opens);
        opens
    }
}

/// Whether a cell opens with the name of a unit, a title before it aside ("Giám đốc Sở …").
fn opens_with_unit(cell: &str) -> bool {
    crate::extract::units::find_units(cell)
        .first()
        .is_some_and(|m| {
            let before = cell[..m.start].trim();
            // "Các Cục: Di sản văn hóa, …": a shorthand list's items start after its head.
            let head = before.strip_suffix(':').map(str::trim).is_some_and(|h| {
                let h = h.to_lowercase();
                h.starts_with("các ") && h.split_whitespace().count() <= 3
            });
            before.is_empty() || head || crate::extract::units::is_title(before)
        })
}

fn looks_like_time(cell: &str) -> bool {
    let l = cell.to_lowercase();
    l.chars().any(|c| c.is_ascii_digit())
        || [
            "quý",
            "tháng",
            "năm",
            "thường xuyên",
            "hằng",
            "hàng",
            "ngay",
            "khẩn trương",
        ]
        .iter()
        .any(|w| l.contains(w))
}

fn row_of(columns: &[Column], cells: &[String]) -> Option<Row> {
    let mut row = Row {
        text: cells
            .iter()
            .filter(|c| !c.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" | "),
        ..Row::default()
    };
    for (c, cell) in columns.iter().zip(cells) {
        match c {
            Column::Work => row.work = cell.clone(),
            Column::Lead => row.lead = cell.clone(),
            Column::Support => row.support = cell.clone(),
            Column::Time => row.time = cell.clone(),
            Column::Number | Column::Other => {}
        }
    }
    (!row.work.is_empty() && !row.lead.is_empty()).then_some(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stacked_plan_table_gives_one_row_per_numbered_task() {
        let body = "Các nhiệm vụ cụ thể:\nTT\nNội dung công việc\nĐơn vị chủ trì\nĐơn vị phối hợp\nThời gian hoàn thành\n1\nLập danh mục cầu yếu\nSở Xây dựng\nSở Tài chính\nQuý II/2027\n\n2\nTập huấn cán bộ cấp xã\nSở Nội vụ\nThường xuyên\n";
        let t = find_tables(body);
        assert_eq!(t.len(), 1, "{t:?}");
        let rows = &t[0].rows;
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!(rows[0].lead, "Sở Xây dựng");
        assert_eq!(rows[0].support, "Sở Tài chính");
        assert_eq!(rows[0].time, "Quý II/2027");
        // The second row has no coordinating unit: its time is still its time.
        assert_eq!(rows[1].lead, "Sở Nội vụ");
        assert_eq!(rows[1].support, "");
        assert_eq!(rows[1].time, "Thường xuyên");
        assert_eq!(t[0].lines.start, 1);
    }

    #[test]
    fn a_row_a_pdf_wrapped_over_several_lines_is_still_one_row() {
        let body = "STT\nNhiệm vụ\nChủ trì\nPhối hợp\nThời gian\n1\nRà soát các cơ chế, chính sách thu hút đầu tư\n(PPP, FDI) hỗ trợ đổi mới công nghệ của\ntỉnh.\nSở Tài chính\nSở Công Thương,\nSở Xây dựng\nThường xuyên\n2\nXây dựng kho dữ liệu\nSở Khoa học và Công nghệ\n(1) Văn phòng UBND tỉnh; (2) Sở Nội vụ\n2026\n";
        let t = find_tables(body);
        assert_eq!(t.len(), 1, "{t:?}");
        let rows = &t[0].rows;
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!(
            rows[0].work,
            "Rà soát các cơ chế, chính sách thu hút đầu tư (PPP, FDI) hỗ trợ đổi mới công nghệ của tỉnh."
        );
        assert_eq!(rows[0].lead, "Sở Tài chính");
        assert_eq!(rows[0].support, "Sở Công Thương, Sở Xây dựng");
        assert_eq!(rows[0].time, "Thường xuyên");
        // A cell that opens with its own number is a cell, not the rest of the one before.
        assert_eq!(rows[1].support, "(1) Văn phòng UBND tỉnh; (2) Sở Nội vụ");
        assert_eq!(rows[1].time, "2026");
    }

    #[test]
    fn a_wrapped_line_in_upper_case_joins_the_cell_that_keeps_the_columns_right() {
        // The result cell wrapped onto "HTTT cấp bộ.": the lead stays the lead and the time the
        // time, whichever cell the extra line is in.
        let body = "STT\nTên nhiệm vụ\nCơ quan chủ trì\nCơ quan phối hợp\nKết quả\nThời hạn\n1\nNâng cấp cổng thông tin\nSở Khoa học và Công nghệ\nVăn phòng UBND tỉnh\nHoàn thành việc nâng cấp để kết nối với\nHTTT cấp bộ.\n30/6/2027\n2\nLập kho dữ liệu dùng chung của\nTỉnh\nSở Nông nghiệp và\nMôi trường\nSở Tài chính\nKho dữ liệu\nTrước ngày\n31/12/2027\n";
        let t = find_tables(body);
        assert_eq!(t.len(), 1, "{t:?}");
        let rows = &t[0].rows;
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!(rows[0].work, "Nâng cấp cổng thông tin");
        assert_eq!(rows[0].lead, "Sở Khoa học và Công nghệ");
        assert_eq!(rows[0].support, "Văn phòng UBND tỉnh");
        assert_eq!(rows[0].time, "30/6/2027");
        // Lines cut after a word that needs more ("của", "và", "Trước ngày") go on.
        assert_eq!(rows[1].work, "Lập kho dữ liệu dùng chung của Tỉnh");
        assert_eq!(rows[1].lead, "Sở Nông nghiệp và Môi trường");
        assert_eq!(rows[1].time, "Trước ngày 31/12/2027");
    }

    #[test]
    fn a_row_with_an_empty_cell_lays_its_lines_where_they_read_right() {
        // No coordinating unit: the product is not read as one, the time is the time.
        let body = "STT\nNội dung\nCơ quan chủ trì\nCơ quan phối hợp\nSản phẩm\nThời gian\n1\nTổ chức tập huấn\nSở Nội vụ\nBáo cáo kết quả\nQuý III/2027\n";
        let rows = &find_tables(body)[0].rows;
        assert_eq!(rows[0].lead, "Sở Nội vụ", "{rows:?}");
        assert_eq!(rows[0].support, "", "{rows:?}");
        assert_eq!(rows[0].time, "Quý III/2027", "{rows:?}");
    }

    #[test]
    fn a_shorthand_list_in_a_lead_cell_opens_with_units() {
        // "CSDL" / "Hiện vật …": the result cell wrapped onto a capital; the lead is the list.
        let body = "STT\nTên nhiệm vụ\nCơ quan chủ trì\nCơ quan phối hợp\nKết quả\nThời hạn\n1\nSố hóa di sản\nCác Cục: Di sản văn hóa, Bản quyền tác giả\nTrung tâm Chuyển đổi số\nĐưa vào vận hành, khai thác hiệu quả các cơ sở dữ liệu: CSDL\nHiện vật số hóa\nTháng 12/2027\n";
        let rows = &find_tables(body)[0].rows;
        assert_eq!(
            rows[0].lead, "Các Cục: Di sản văn hóa, Bản quyền tác giả",
            "{rows:?}"
        );
        assert_eq!(rows[0].support, "Trung tâm Chuyển đổi số", "{rows:?}");
        assert_eq!(rows[0].time, "Tháng 12/2027", "{rows:?}");
    }

    #[test]
    fn a_docx_table_row_is_a_line_of_cells() {
        let body = "STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn\n1 | Rà soát quy hoạch | Sở Xây dựng | UBND các xã | 30/6/2027\nNơi nhận:";
        let t = find_tables(body);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].rows[0].work, "Rà soát quy hoạch");
        assert_eq!(t[0].rows[0].time, "30/6/2027");
        assert_eq!(t[0].lines, 0..2);
    }

    #[test]
    fn a_column_naming_the_person_responsible_does_not_hide_the_table() {
        let body = "STT | Tên nhiệm vụ | Người đứng đầu chịu trách nhiệm | Cơ quan chủ trì | Cơ quan phối hợp | Kết quả | Thời hạn\n1 | Số hóa hồ sơ | Giám đốc Sở Nội vụ | Sở Nội vụ | Sở Tài chính | Kho dữ liệu | Tháng 9/2027";
        let t = find_tables(body);
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t[0].rows[0].lead, "Sở Nội vụ");
        assert_eq!(t[0].rows[0].time, "Tháng 9/2027");
    }

    #[test]
    fn a_table_without_a_lead_column_is_not_a_task_table() {
        let body = "TT\nNội dung\nKinh phí\n1\nMua máy\n10 triệu";
        assert!(find_tables(body).is_empty());
    }
}
