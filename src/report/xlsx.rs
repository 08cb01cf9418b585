//! A sheet as the XLSX an official files and prints: the appendix's header block (issuer and
//! motto side by side, number, place and date), the title, the period, the table under merged
//! headings with borders, numbers as numbers and rates as percentages, the total row, the notes
//! and the signature — in Times New Roman, on landscape A4, one page wide, the headings repeated
//! on every page.
//!
//! Every value is written as a string or a number, never a formula, so a document's text cannot
//! run in a spreadsheet; a text longer than a cell can hold is cut with "…".

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::sheet::{Cell, Sheet};

/// What a cell holds at most (Excel's limit is 32 767 characters).
const MAX_CELL_CHARS: usize = 32_000;
/// A4 in the paper sizes of the format.
const A4: u8 = 9;
const FONT: &str = "Times New Roman";
/// Points per line of 12-point text.
const LINE_HEIGHT: f64 = 15.75;

fn base() -> Format {
    Format::new().set_font_name(FONT).set_font_size(12)
}

fn cut(s: &str) -> String {
    if s.chars().count() <= MAX_CELL_CHARS {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(MAX_CELL_CHARS - 1).collect();
        out.push('…');
        out
    }
}

/// How many lines `text` takes in a cell `width` characters wide.
fn lines(text: &str, width: usize) -> usize {
    text.split('\n')
        .map(|l| l.chars().count().div_ceil(width.max(1)).max(1))
        .sum()
}

/// `cell` at (`row`, `col`): text, a number, or a rate as a percentage, in `formats` (for text,
/// numbers and rates; a missing rate is "—" in the numbers').
fn write(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    [text, number, rate]: [&Format; 3],
) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(s) => ws.write_string_with_format(row, col, cut(s), text)?,
        Cell::Number(n) => ws.write_number_with_format(row, col, *n as f64, number)?,
        Cell::Rate(Some(r)) => ws.write_number_with_format(row, col, *r, rate)?,
        Cell::Rate(None) => ws.write_string_with_format(row, col, "—", number)?,
    };
    Ok(())
}

/// `texts` from `row` on, each across the columns up to `last`, wrapped in a row as high as its
/// lines (`width` characters each); returns the row after them.
fn paragraphs(
    ws: &mut Worksheet,
    mut row: u32,
    last: u16,
    texts: &[String],
    width: usize,
    format: &Format,
) -> Result<u32, XlsxError> {
    for text in texts {
        ws.merge_range(row, 0, row, last, &cut(text), format)?;
        ws.set_row_height(row, LINE_HEIGHT * lines(text, width) as f64)?;
        row += 1;
    }
    Ok(row)
}

/// The sheet as XLSX bytes.
pub fn render(sheet: &Sheet) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(&sheet.name)?;
    lay_out(ws, sheet)?;
    book.save_to_buffer()
}

fn lay_out(ws: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
    let ncols = sheet.columns.len().max(2) as u16;
    let last = ncols - 1;
    let widths: Vec<usize> = sheet.columns.iter().map(|c| c.width).collect();
    let total_width: usize = widths.iter().sum();
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, *w as f64)?;
    }
    ws.set_landscape();
    ws.set_paper_size(A4);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);

    let centre = base().set_align(FormatAlign::Center);
    let bold_centre = centre.clone().set_bold();
    let italic_centre = centre.clone().set_italic();
    let wrapped = base().set_text_wrap().set_align(FormatAlign::Top);
    let bordered = base().set_border(FormatBorder::Thin).set_text_wrap();
    let heading = bordered
        .clone()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let text_cell = bordered.clone().set_align(FormatAlign::Top);
    let number_cell = bordered
        .clone()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::Top);
    let rate_cell = number_cell.clone().set_num_format("0.0%");
    let total_label = heading.clone();
    let total_number = number_cell.clone().set_bold();
    let total_rate = rate_cell.clone().set_bold();

    // The header block: the issuer on the left half, the motto on the right.
    let split = (ncols / 2).max(1);
    let mut row: u32 = 0;
    let left: Vec<&String> = sheet.issuer.iter().chain([&sheet.number]).collect();
    let block = left.len().max(sheet.motto.len());
    for i in 0..block {
        let l = left.get(i).map(|s| s.as_str()).unwrap_or("");
        let r = sheet.motto.get(i).map(|s| s.as_str()).unwrap_or("");
        let is_number = i + 1 == left.len();
        let lf = if is_number { &centre } else { &bold_centre };
        let rf = if i + 1 == sheet.motto.len() {
            &italic_centre
        } else {
            &bold_centre
        };
        ws.merge_range(row, 0, row, split - 1, &cut(l), lf)?;
        ws.merge_range(row, split, row, last, &cut(r), rf)?;
        row += 1;
    }
    row += 1;
    for (i, line) in sheet.title.iter().enumerate() {
        let f = if i == 0 {
            bold_centre.clone().set_font_size(14)
        } else {
            bold_centre.clone()
        };
        ws.merge_range(row, 0, row, last, &cut(line), &f)?;
        row += 1;
    }
    for line in &sheet.period {
        ws.merge_range(row, 0, row, last, &cut(line), &italic_centre)?;
        row += 1;
    }
    row += 1;
    row = paragraphs(ws, row, last, &sheet.intro, total_width, &wrapped)?;

    // The headings: a group's title merged over its columns, a lone column's over both rows.
    let grouped = sheet.columns.iter().any(|c| c.group.is_some());
    let head_rows = if grouped { 2 } else { 1 };
    let first_head = row;
    let mut c = 0;
    while c < sheet.columns.len() {
        let col = &sheet.columns[c];
        match &col.group {
            Some(group) => {
                let mut end = c;
                while end + 1 < sheet.columns.len() && sheet.columns[end + 1].group == col.group {
                    end += 1;
                }
                if end > c {
                    ws.merge_range(row, c as u16, row, end as u16, group, &heading)?;
                } else {
                    ws.write_string_with_format(row, c as u16, group, &heading)?;
                }
                for (k, sub) in sheet.columns[c..=end].iter().enumerate() {
                    ws.write_string_with_format(row + 1, (c + k) as u16, &sub.title, &heading)?;
                }
                c = end + 1;
            }
            None => {
                if head_rows == 2 {
                    ws.merge_range(row, c as u16, row + 1, c as u16, &col.title, &heading)?;
                } else {
                    ws.write_string_with_format(row, c as u16, &col.title, &heading)?;
                }
                c += 1;
            }
        }
    }
    let head_lines = sheet
        .columns
        .iter()
        .map(|c| lines(&c.title, c.width))
        .max()
        .unwrap_or(1);
    ws.set_row_height(row + head_rows - 1, LINE_HEIGHT * head_lines as f64)?;
    ws.set_repeat_rows(first_head, first_head + head_rows - 1)?;
    row += head_rows;

    for cells in &sheet.rows {
        let mut height = 1;
        for (i, cell) in cells.iter().enumerate() {
            let col = i as u16;
            if let Cell::Text(s) = cell {
                height = height.max(lines(s, widths.get(i).copied().unwrap_or(10)));
            }
            // The STT column is centred, as the forms have it.
            let text = if i == 0 { &number_cell } else { &text_cell };
            write(ws, row, col, cell, [text, &number_cell, &rate_cell])?;
        }
        ws.set_row_height(row, LINE_HEIGHT * height.min(40) as f64)?;
        row += 1;
    }
    if sheet.rows.is_empty() {
        ws.merge_range(row, 0, row, last, "(không có số liệu trong kỳ)", &text_cell)?;
        row += 1;
    }
    if let Some(total) = &sheet.total {
        // Its label across the number's and the name's columns.
        ws.merge_range(row, 0, row, 1, &cut(&total.label), &total_label)?;
        for (k, cell) in total.cells.iter().enumerate() {
            let formats = [&total_label, &total_number, &total_rate];
            write(ws, row, k as u16 + 2, cell, formats)?;
        }
        row += 1;
    }
    row += 1;
    row = paragraphs(ws, row, last, &sheet.notes, total_width, &wrapped)?;
    row += 1;
    ws.merge_range(row, split, row, last, &sheet.signer, &bold_centre)?;
    Ok(())
}
