//! A sheet for the terminal: the header block, a table of fixed-width columns under their merged
//! headings, the notes. Document text is clipped to its column and shown without control
//! characters (`domain::text::clip`), so a stored text never drives the terminal.

use std::fmt::Write;

use super::sheet::{Cell, Sheet};
use crate::domain::text::clip;

/// The sheet as lines of text.
pub fn render(sheet: &Sheet) -> String {
    let mut out = String::new();
    let left = sheet.issuer.iter().chain(std::iter::once(&sheet.number));
    let left: Vec<&String> = left.collect();
    let lines = left.len().max(sheet.motto.len());
    for i in 0..lines {
        let l = left.get(i).map(|s| s.as_str()).unwrap_or("");
        let r = sheet.motto.get(i).map(|s| s.as_str()).unwrap_or("");
        let _ = writeln!(out, "{:<40}{}", clip(l, 38), r);
    }
    out.push('\n');
    for line in sheet.title.iter().chain(&sheet.period) {
        let _ = writeln!(out, "{}", printable(line));
    }
    out.push('\n');
    for line in &sheet.intro {
        let _ = writeln!(out, "{}", printable(line));
    }
    if !sheet.intro.is_empty() {
        out.push('\n');
    }
    table(&mut out, sheet);
    for note in &sheet.notes {
        let _ = writeln!(out, "{}", printable(note));
    }
    let _ = writeln!(out, "\n{:>60}", printable(&sheet.signer));
    out
}

/// A line as it may reach a terminal: every control character shown as `�` (a unit's name comes
/// from a document).
fn printable(s: &str) -> String {
    clip(s, usize::MAX)
}

fn table(out: &mut String, sheet: &Sheet) {
    let widths: Vec<usize> = sheet
        .columns
        .iter()
        .map(|c| c.width.max(c.title.chars().count()))
        .collect();
    // The line of merged headings, each centred over its columns.
    if sheet.columns.iter().any(|c| c.group.is_some()) {
        let mut line = String::new();
        let mut i = 0;
        while i < sheet.columns.len() {
            let group = &sheet.columns[i].group;
            let mut span = widths[i];
            let mut j = i + 1;
            while j < sheet.columns.len() && group.is_some() && sheet.columns[j].group == *group {
                span += 2 + widths[j];
                j += 1;
            }
            let label = group.as_deref().unwrap_or("");
            let _ = write!(line, "{:^span$}  ", clip(label, span));
            i = j;
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let mut line = String::new();
    for (c, w) in sheet.columns.iter().zip(&widths) {
        let _ = write!(line, "{:<w$}  ", clip(&c.title, *w));
    }
    let _ = writeln!(out, "{}", line.trim_end());
    let rule: usize = widths.iter().map(|w| w + 2).sum();
    let _ = writeln!(out, "{}", "-".repeat(rule.saturating_sub(2)));
    if sheet.rows.is_empty() {
        let _ = writeln!(out, "(không có số liệu trong kỳ)");
    }
    for row in &sheet.rows {
        row_line(out, row.iter().zip(widths.iter().copied()));
    }
    if let (Some(total), [number, name, rest @ ..]) = (&sheet.total, widths.as_slice()) {
        let _ = writeln!(out, "{}", "-".repeat(rule.saturating_sub(2)));
        // Its label spans the number's and the name's columns.
        let label = Cell::Text(total.label.clone());
        let cells = std::iter::once((&label, number + 2 + name))
            .chain(total.cells.iter().zip(rest.iter().copied()));
        row_line(out, cells);
    }
    out.push('\n');
}

fn row_line<'a>(out: &mut String, cells: impl Iterator<Item = (&'a Cell, usize)>) {
    let mut line = String::new();
    for (cell, w) in cells {
        let shown = clip(&cell.display(), w);
        match cell {
            Cell::Text(_) => {
                let _ = write!(line, "{shown:<w$}  ");
            }
            _ => {
                let _ = write!(line, "{shown:>w$}  ");
            }
        }
    }
    let _ = writeln!(out, "{}", line.trim_end());
}
