//! A sheet as HTML, for the body of the email that carries a report: the same layout as the
//! spreadsheet, with inline styles (mail readers drop style sheets). Every text is escaped: a
//! document's text is shown, never interpreted.

use std::fmt::Write;

use super::sheet::{Cell, Sheet};

pub use crate::domain::text::escape_html as escape;

const CELL: &str = "border:1px solid #444;padding:2px 6px;vertical-align:top";

/// The sheet as an HTML fragment (a `<div>`), to be placed in a message's body.
pub fn render(sheet: &Sheet) -> String {
    let mut out = String::from(
        "<div style=\"font-family:'Times New Roman',serif;font-size:13pt;color:#000\">\n",
    );
    let _ = writeln!(
        out,
        "<table style=\"width:100%;border-collapse:collapse\"><tr>\
         <td style=\"text-align:center;font-weight:bold;vertical-align:top\">{}</td>\
         <td style=\"text-align:center;vertical-align:top\">{}</td></tr></table>",
        lines(sheet.issuer.iter().chain([&sheet.number])),
        lines(sheet.motto.iter()),
    );
    for (i, t) in sheet.title.iter().enumerate() {
        let size = if i == 0 { "font-size:14pt;" } else { "" };
        let _ = writeln!(
            out,
            "<p style=\"text-align:center;font-weight:bold;margin:4px 0;{size}\">{}</p>",
            escape(t)
        );
    }
    for p in &sheet.period {
        let _ = writeln!(
            out,
            "<p style=\"text-align:center;font-style:italic;margin:2px 0\">{}</p>",
            escape(p)
        );
    }
    for p in &sheet.intro {
        let _ = writeln!(out, "<p style=\"margin:4px 0\">{}</p>", escape(p));
    }
    table(&mut out, sheet);
    for n in &sheet.notes {
        let _ = writeln!(out, "<p style=\"margin:4px 0\">{}</p>", escape(n));
    }
    let _ = writeln!(
        out,
        "<p style=\"text-align:right;font-weight:bold;margin-top:16px\">{}</p>\n</div>",
        escape(&sheet.signer)
    );
    out
}

fn lines<'a>(ls: impl Iterator<Item = &'a String>) -> String {
    ls.map(|l| escape(l)).collect::<Vec<_>>().join("<br>")
}

fn table(out: &mut String, sheet: &Sheet) {
    out.push_str("<table style=\"border-collapse:collapse;margin:8px 0\">\n<tr>");
    let grouped = sheet.columns.iter().any(|c| c.group.is_some());
    let mut i = 0;
    let mut second = String::new();
    while i < sheet.columns.len() {
        let col = &sheet.columns[i];
        match &col.group {
            Some(g) => {
                let mut end = i;
                while end + 1 < sheet.columns.len() && sheet.columns[end + 1].group == col.group {
                    end += 1;
                }
                let _ = write!(
                    out,
                    "<th colspan=\"{}\" style=\"{CELL}\">{}</th>",
                    end - i + 1,
                    escape(g)
                );
                for sub in &sheet.columns[i..=end] {
                    let _ = write!(second, "<th style=\"{CELL}\">{}</th>", escape(&sub.title));
                }
                i = end + 1;
            }
            None => {
                let rows = if grouped { 2 } else { 1 };
                let _ = write!(
                    out,
                    "<th rowspan=\"{rows}\" style=\"{CELL}\">{}</th>",
                    escape(&col.title)
                );
                i += 1;
            }
        }
    }
    out.push_str("</tr>\n");
    if grouped {
        let _ = writeln!(out, "<tr>{second}</tr>");
    }
    for row in &sheet.rows {
        out.push_str("<tr>");
        cells_html(out, row, "");
        out.push_str("</tr>\n");
    }
    if let Some(total) = &sheet.total {
        // Its label across the number's and the name's columns.
        let bold = "font-weight:bold;";
        let _ = write!(
            out,
            "<tr><td colspan=\"2\" style=\"{CELL};text-align:center;{bold}\">{}</td>",
            escape(&total.label)
        );
        cells_html(out, &total.cells, bold);
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
}

/// `cells` as `<td>`s, `weight` added to their style.
fn cells_html(out: &mut String, cells: &[Cell], weight: &str) {
    for cell in cells {
        let align = match cell {
            Cell::Text(_) => "left",
            _ => "center",
        };
        let _ = write!(
            out,
            "<td style=\"{CELL};text-align:{align};{weight}\">{}</td>",
            escape(&cell.display())
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_documents_text_is_shown_and_never_interpreted() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\"\u{1b}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;\u{FFFD}"
        );
    }
}
