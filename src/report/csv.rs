//! A sheet as CSV: UTF-8 with a byte-order mark (without it Excel reads Vietnamese as Latin-1),
//! one heading row (a merged heading joined to its column's: "Chưa thực hiện - Trong hạn"), the
//! rows, the total. No header block: a CSV is for working the numbers, the XLSX for filing.
//!
//! A cell a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, a tab or a carriage return
//! first) gets a leading apostrophe: a document's text must never run as a formula on an
//! official's machine.

use super::sheet::{Cell, Sheet};

/// The sheet's table as CSV bytes.
pub fn render(sheet: &Sheet) -> Vec<u8> {
    let mut out = Vec::from("\u{FEFF}".as_bytes());
    {
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut out);
        let headings: Vec<String> = sheet
            .columns
            .iter()
            .map(|c| match &c.group {
                Some(g) => format!("{g} - {}", c.title),
                None => c.title.clone(),
            })
            .collect();
        // Writing to a Vec cannot fail but for a bug in the writer; a row lost would show.
        let _ = w.write_record(&headings);
        for row in &sheet.rows {
            let _ = w.write_record(row.iter().map(field));
        }
        if let Some(total) = &sheet.total {
            // The label under the number's column, the name's left empty.
            let label = [defuse(&total.label), String::new()];
            let _ = w.write_record(label.into_iter().chain(total.cells.iter().map(field)));
        }
        let _ = w.flush();
    }
    out
}

fn field(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => defuse(s),
        // A rate as a plain decimal fraction, for a spreadsheet to format.
        Cell::Rate(Some(r)) => format!("{r:.4}"),
        Cell::Rate(None) => String::new(),
        Cell::Number(n) => n.to_string(),
    }
}

/// `s`, with an apostrophe first when a spreadsheet would read it as a formula.
pub fn defuse(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Column, Sheet};

    fn sheet(rows: Vec<Vec<Cell>>) -> Sheet {
        Sheet {
            name: "Phụ lục".into(),
            issuer: vec![],
            motto: vec![],
            number: String::new(),
            title: vec![],
            period: vec![],
            intro: vec![],
            columns: vec![
                Column {
                    title: "Nội dung".into(),
                    group: None,
                    width: 10,
                },
                Column {
                    title: "Trong hạn".into(),
                    group: Some("Chưa thực hiện".into()),
                    width: 10,
                },
                Column {
                    title: "Tỷ lệ".into(),
                    group: None,
                    width: 10,
                },
            ],
            rows,
            total: None,
            notes: vec![],
            signer: String::new(),
        }
    }

    #[test]
    fn excel_reads_it_as_utf8_and_a_documents_text_never_runs_as_a_formula() {
        let bytes = render(&sheet(vec![vec![
            Cell::Text("=HYPERLINK(\"http://x\")".into()),
            Cell::Number(3),
            Cell::Rate(Some(2.0 / 3.0)),
        ]]));
        assert!(
            bytes.starts_with("\u{FEFF}".as_bytes()),
            "a byte-order mark first"
        );
        let text = String::from_utf8(bytes).unwrap();
        let lines: Vec<&str> = text.trim_start_matches('\u{FEFF}').split("\r\n").collect();
        assert_eq!(lines[0], "Nội dung,Chưa thực hiện - Trong hạn,Tỷ lệ");
        assert_eq!(lines[1], "\"'=HYPERLINK(\"\"http://x\"\")\",3,0.6667");
        assert_eq!(defuse("- Sở Tài chính"), "'- Sở Tài chính");
        assert_eq!(defuse("Sở Tài chính"), "Sở Tài chính");
    }
}
