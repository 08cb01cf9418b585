//! DOCX: the text of `word/document.xml` as Word shows it, one line per paragraph.
//!
//! - List numbers from `word/numbering.xml` (directly on the paragraph or through its style) are
//!   rendered as Word renders them ("1.", "a)", "1.2."), bullets as "-". Counters run per
//!   abstract list, or per list instance once it restarts its numbering, as in Word.
//! - A table row is one line, its cells separated by " | ", a cell's paragraphs joined by a
//!   space; a table nested in a cell lands in that cell.
//! - Tabs become spaces, `w:br`/`w:cr` newlines (spaces inside a table cell).
//! - Deleted revisions (`w:del`, `w:moveFrom`, deleted table rows) and hidden text are skipped,
//!   inserted revisions kept; of an `mc:AlternateContent` only the first choice is read, so a
//!   text box is not read twice.
//!
//! Footnotes, comments, headers and footers are not read.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Read, Seek};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use zip::ZipArchive;

use super::zipread::{self, Budget};
use super::Fail;

/// The main document part of a DOCX, if the archive is one: `word/document.xml`, or the
/// `word/document2.xml` some editors write.
pub(super) fn main_part_name<R: Read + Seek>(archive: &ZipArchive<R>) -> Option<String> {
    const MAIN: &str = "word/document.xml";
    if archive.index_for_name(MAIN).is_some() {
        return Some(MAIN.to_owned());
    }
    archive
        .file_names()
        .find(|name| {
            let lower = name.to_ascii_lowercase();
            lower.starts_with("word/document")
                && lower.ends_with(".xml")
                && !lower.contains("/_rels/")
        })
        .map(str::to_owned)
}

/// The text of the DOCX whose main part is `main`, before tidying.
pub(super) fn extract<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
    main: &str,
    budget: &mut Budget,
) -> Result<String, Fail> {
    let document = zipread::read_named(archive, main, budget)?
        .ok_or_else(|| Fail::Corrupt(format!("the DOCX has no {main}")))?;
    let folder = main.rsplit_once('/').map_or("", |(dir, _)| dir);
    let sibling = |file: &str| {
        if folder.is_empty() {
            file.to_owned()
        } else {
            format!("{folder}/{file}")
        }
    };
    // Numbering and styles only add list numbers: a broken one costs the numbers, not the text.
    let numbering = zipread::read_named(archive, &sibling("numbering.xml"), budget)?
        .map(|xml| parse_numbering(&xml))
        .unwrap_or_default();
    let styles = zipread::read_named(archive, &sibling("styles.xml"), budget)?
        .map(|xml| parse_styles(&xml))
        .unwrap_or_default();
    document_text(&document, &numbering, &styles)
        .map_err(|e| Fail::Corrupt(format!("{main} is not well-formed XML: {e}")))
}

/// One event of a streamed XML part: an element opening (also for an empty element, which is
/// then closed at once), an element closing (by local name), or text.
enum Ev<'x> {
    Open(&'x BytesStart<'x>),
    Close(&'x [u8]),
    Text(&'x str),
}

fn walk(xml: &[u8], mut on: impl FnMut(Ev<'_>)) -> Result<(), String> {
    let mut reader = Reader::from_reader(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => on(Ev::Open(&e)),
            Ok(Event::Empty(e)) => {
                on(Ev::Open(&e));
                on(Ev::Close(e.local_name().as_ref()));
            }
            Ok(Event::End(e)) => on(Ev::Close(e.local_name().as_ref())),
            Ok(Event::Text(t)) => {
                let text = t
                    .unescape()
                    .unwrap_or_else(|_| Cow::Owned(String::from_utf8_lossy(&t).into_owned()));
                on(Ev::Text(&text));
            }
            Ok(Event::CData(c)) => on(Ev::Text(&String::from_utf8_lossy(&c))),
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(format!("{e} (at byte {})", reader.error_position())),
        }
    }
}

/// The value of the attribute whose local name is `key` (`w:val` → `val`).
fn attr(e: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .map(|a| match a.unescape_value() {
            Ok(v) => v.into_owned(),
            Err(_) => String::from_utf8_lossy(&a.value).into_owned(),
        })
}

fn attr_num<T: std::str::FromStr>(e: &BytesStart<'_>, key: &[u8]) -> Option<T> {
    attr(e, key).and_then(|v| v.trim().parse().ok())
}

/// An on/off property (`<w:vanish/>`, `<w:vanish w:val="false"/>`).
fn on_off(e: &BytesStart<'_>) -> bool {
    !matches!(attr(e, b"val").as_deref(), Some("0" | "false" | "off"))
}

// ---------------------------------------------------------------------------------------------
// numbering.xml and styles.xml

const LEVELS: usize = 9;

#[derive(Debug, Default, Clone)]
struct Level {
    start: Option<u32>,
    format: Option<String>,
    text: Option<String>,
    legal: bool,
}

#[derive(Debug, Default)]
struct Num {
    abstract_id: Option<String>,
    /// Per level: a `w:startOverride`, and a whole `w:lvl` redefinition.
    start_override: HashMap<usize, u32>,
    level_override: HashMap<usize, Level>,
}

#[derive(Debug, Default)]
pub(super) struct Numbering {
    abstracts: HashMap<String, HashMap<usize, Level>>,
    nums: HashMap<String, Num>,
}

fn parse_numbering(xml: &[u8]) -> Numbering {
    let mut numbering = Numbering::default();
    let mut abstract_id: Option<String> = None;
    let mut num_id: Option<String> = None;
    let mut override_level: Option<usize> = None;
    let mut level: Option<(usize, Level)> = None;
    // A broken part keeps what was read before the break.
    let _ = walk(xml, |ev| match ev {
        Ev::Open(e) => match e.local_name().as_ref() {
            b"abstractNum" => abstract_id = attr(e, b"abstractNumId"),
            b"num" => num_id = attr(e, b"numId"),
            b"abstractNumId" => {
                if let Some(id) = &num_id {
                    numbering.nums.entry(id.clone()).or_default().abstract_id = attr(e, b"val");
                }
            }
            b"lvlOverride" => override_level = attr_num(e, b"ilvl"),
            b"startOverride" => {
                if let (Some(id), Some(ilvl), Some(start)) =
                    (&num_id, override_level, attr_num(e, b"val"))
                {
                    let num = numbering.nums.entry(id.clone()).or_default();
                    num.start_override.insert(ilvl, start);
                }
            }
            b"lvl" => {
                level = attr_num::<usize>(e, b"ilvl")
                    .filter(|&l| l < LEVELS)
                    .map(|l| (l, Level::default()))
            }
            b"start" => {
                if let Some((_, l)) = &mut level {
                    l.start = attr_num(e, b"val");
                }
            }
            b"numFmt" => {
                if let Some((_, l)) = &mut level {
                    l.format = attr(e, b"val");
                }
            }
            b"lvlText" => {
                if let Some((_, l)) = &mut level {
                    l.text = attr(e, b"val");
                }
            }
            b"isLgl" => {
                if let Some((_, l)) = &mut level {
                    l.legal = on_off(e);
                }
            }
            _ => {}
        },
        Ev::Close(name) => match name {
            b"abstractNum" => abstract_id = None,
            b"num" => num_id = None,
            b"lvlOverride" => override_level = None,
            b"lvl" => {
                let Some((ilvl, def)) = level.take() else {
                    return;
                };
                if let (Some(id), Some(_)) = (&num_id, override_level) {
                    let num = numbering.nums.entry(id.clone()).or_default();
                    num.level_override.insert(ilvl, def);
                } else if let Some(id) = &abstract_id {
                    numbering
                        .abstracts
                        .entry(id.clone())
                        .or_default()
                        .insert(ilvl, def);
                }
            }
            _ => {}
        },
        Ev::Text(_) => {}
    });
    numbering
}

#[derive(Debug, Default)]
struct Style {
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
}

#[derive(Debug, Default)]
pub(super) struct Styles(HashMap<String, Style>);

impl Styles {
    /// The list a paragraph style puts its paragraphs in, following `w:basedOn`.
    fn numbering(&self, style_id: &str) -> (Option<String>, Option<usize>) {
        let (mut num_id, mut ilvl) = (None, None);
        let mut id = Some(style_id);
        for _ in 0..16 {
            let Some(style) = id.and_then(|i| self.0.get(i)) else {
                break;
            };
            num_id = num_id.or_else(|| style.num_id.clone());
            ilvl = ilvl.or(style.ilvl);
            id = style.based_on.as_deref();
        }
        (num_id, ilvl)
    }
}

fn parse_styles(xml: &[u8]) -> Styles {
    let mut styles = HashMap::new();
    let mut current: Option<(String, Style)> = None;
    let _ = walk(xml, |ev| match ev {
        Ev::Open(e) => match e.local_name().as_ref() {
            b"style" => {
                current = match (attr(e, b"type").as_deref(), attr(e, b"styleId")) {
                    (Some("paragraph") | None, Some(id)) => Some((id, Style::default())),
                    _ => None,
                }
            }
            b"basedOn" => {
                if let Some((_, s)) = &mut current {
                    s.based_on = attr(e, b"val");
                }
            }
            b"numId" => {
                if let Some((_, s)) = &mut current {
                    s.num_id = attr(e, b"val");
                }
            }
            b"ilvl" => {
                if let Some((_, s)) = &mut current {
                    s.ilvl = attr_num(e, b"val");
                }
            }
            _ => {}
        },
        Ev::Close(b"style") => {
            if let Some((id, style)) = current.take() {
                styles.insert(id, style);
            }
        }
        _ => {}
    });
    Styles(styles)
}

// ---------------------------------------------------------------------------------------------
// Number formats

fn format_number(n: u32, format: &str) -> String {
    match format {
        "decimalZero" => format!("{n:02}"),
        "lowerLetter" => letters(n).to_lowercase(),
        "upperLetter" => letters(n),
        "lowerRoman" => roman(n).map_or_else(|| n.to_string(), |r| r.to_lowercase()),
        "upperRoman" => roman(n).unwrap_or_else(|| n.to_string()),
        "none" => String::new(),
        // decimal, and the exotic ones (ordinal, cardinalText, …) fall back to the counter.
        _ => n.to_string(),
    }
}

/// Word's letters: a…z, then aa…zz, aaa…
fn letters(n: u32) -> String {
    if n == 0 {
        return "0".to_owned();
    }
    let letter = char::from(b'A' + ((n - 1) % 26) as u8);
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1) as usize).collect()
}

fn roman(mut n: u32) -> Option<String> {
    if n == 0 || n > 3999 {
        return None;
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// document.xml

#[derive(Debug, Default)]
struct Para {
    text: String,
    in_props: bool,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
}

#[derive(Debug, Default)]
struct Row {
    cells: Vec<String>,
    deleted: bool,
}

#[derive(Debug, Default)]
struct Table {
    row: Option<Row>,
}

struct Walker<'n> {
    numbering: &'n Numbering,
    styles: &'n Styles,
    /// Per list (abstract list, or list instance that restarts): the current value per level.
    counters: HashMap<String, [Option<u32>; LEVELS]>,
    /// Where finished paragraphs go: the body's lines, then one list per open table cell.
    sinks: Vec<Vec<String>>,
    tables: Vec<Table>,
    /// Open paragraphs: more than one inside a text box.
    paras: Vec<Para>,
    /// Depth inside skipped content (deleted revisions, alternate content fallbacks, revision
    /// property records); 0 outside.
    skip: u32,
    in_text: bool,
    run_hidden: bool,
    in_row_props: bool,
}

/// Elements whose content Word does not show in the final view (or shows elsewhere).
fn skipped(name: &[u8]) -> bool {
    matches!(
        name,
        b"del"
            | b"moveFrom"
            | b"Fallback"
            | b"pPrChange"
            | b"rPrChange"
            | b"tblPrChange"
            | b"trPrChange"
            | b"tcPrChange"
            | b"sectPrChange"
            | b"numberingChange"
            | b"instrText"
            | b"delText"
            | b"delInstrText"
    )
}

impl Walker<'_> {
    fn in_props(&self) -> bool {
        self.paras.last().is_some_and(|p| p.in_props)
    }

    fn push_text(&mut self, s: &str) {
        if let Some(p) = self.paras.last_mut() {
            if !p.in_props {
                p.text.push_str(s);
            }
        }
    }

    fn open(&mut self, e: &BytesStart<'_>) {
        if self.skip > 0 {
            self.skip += 1;
            return;
        }
        let name = e.local_name();
        let name = name.as_ref();
        if skipped(name) {
            if name == b"del" && self.in_row_props {
                if let Some(row) = self.tables.last_mut().and_then(|t| t.row.as_mut()) {
                    row.deleted = true;
                }
            }
            self.skip = 1;
            return;
        }
        match name {
            b"p" => self.paras.push(Para::default()),
            b"pPr" => {
                if let Some(p) = self.paras.last_mut() {
                    p.in_props = true;
                }
            }
            b"pStyle" | b"numId" | b"ilvl" if self.in_props() => {
                let p = self.paras.last_mut().expect("in_props implies a paragraph");
                match name {
                    b"pStyle" => p.style = attr(e, b"val"),
                    b"numId" => p.num_id = attr(e, b"val"),
                    _ => p.ilvl = attr_num(e, b"val"),
                }
            }
            b"r" => self.run_hidden = false,
            b"vanish" if !self.in_props() => self.run_hidden = on_off(e),
            b"t" => self.in_text = true,
            b"tab" | b"ptab" if !self.run_hidden => self.push_text("\t"),
            b"br" | b"cr" if !self.run_hidden => self.push_text("\n"),
            b"noBreakHyphen" if !self.run_hidden => self.push_text("-"),
            b"tbl" => self.tables.push(Table::default()),
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row = Some(Row::default());
                }
            }
            b"trPr" => self.in_row_props = true,
            b"tc" => self.sinks.push(Vec::new()),
            _ => {}
        }
    }

    fn close(&mut self, name: &[u8]) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        match name {
            b"p" => {
                if let Some(p) = self.paras.pop() {
                    let line = self.render(p);
                    self.emit(line);
                }
            }
            b"pPr" => {
                if let Some(p) = self.paras.last_mut() {
                    p.in_props = false;
                }
            }
            b"t" => self.in_text = false,
            b"r" => self.run_hidden = false,
            b"trPr" => self.in_row_props = false,
            b"tc" if self.sinks.len() > 1 => {
                let paragraphs = self.sinks.pop().unwrap_or_default();
                let cell = paragraphs
                    .iter()
                    .map(|p| p.replace('\n', " ").trim().to_owned())
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                match self.tables.last_mut().and_then(|t| t.row.as_mut()) {
                    Some(row) => row.cells.push(cell),
                    None => self.emit(cell),
                }
            }
            b"tr" => {
                let row = self.tables.last_mut().and_then(|t| t.row.take());
                if let Some(row) = row {
                    if !row.deleted && row.cells.iter().any(|c| !c.is_empty()) {
                        self.emit(row.cells.join(" | "));
                    }
                }
            }
            b"tbl" => {
                self.tables.pop();
            }
            _ => {}
        }
    }

    fn text(&mut self, s: &str) {
        if self.skip == 0 && self.in_text && !self.run_hidden {
            self.push_text(s);
        }
    }

    fn emit(&mut self, line: String) {
        if let Some(sink) = self.sinks.last_mut() {
            sink.push(line);
        }
    }

    /// A paragraph's line: its list number (if any), a space, its text.
    fn render(&mut self, p: Para) -> String {
        match self.list_number(&p) {
            Some(number) if !number.is_empty() => format!("{number} {}", p.text.trim_start()),
            _ => p.text,
        }
    }

    fn list_number(&mut self, p: &Para) -> Option<String> {
        let (style_num, style_ilvl) = match &p.style {
            Some(style) => self.styles.numbering(style),
            None => (None, None),
        };
        let num_id = p.num_id.clone().or(style_num)?;
        if num_id == "0" {
            return None;
        }
        let ilvl = p.ilvl.or(style_ilvl).unwrap_or(0).min(LEVELS - 1);
        let num = self.numbering.nums.get(&num_id)?;
        let empty = HashMap::new();
        let abstract_levels = num
            .abstract_id
            .as_ref()
            .and_then(|id| self.numbering.abstracts.get(id))
            .unwrap_or(&empty);
        let level = |l: usize| -> Level {
            num.level_override
                .get(&l)
                .or_else(|| abstract_levels.get(&l))
                .cloned()
                .unwrap_or_default()
        };
        let start = |l: usize| -> u32 {
            num.start_override
                .get(&l)
                .copied()
                .or(level(l).start)
                .unwrap_or(1)
        };
        // Lists sharing an abstract list continue each other, unless one restarts.
        let key = if num.start_override.is_empty() && num.level_override.is_empty() {
            format!("abstract:{}", num.abstract_id.as_deref().unwrap_or(&num_id))
        } else {
            format!("num:{num_id}")
        };
        let counters = self.counters.entry(key).or_insert([None; LEVELS]);
        counters[ilvl] = Some(match counters[ilvl] {
            Some(n) => n.saturating_add(1),
            None => start(ilvl),
        });
        for deeper in counters.iter_mut().skip(ilvl + 1) {
            *deeper = None;
        }
        let values: Vec<u32> = (0..LEVELS)
            .map(|l| counters[l].unwrap_or_else(|| start(l)))
            .collect();

        let this = level(ilvl);
        let format = this.format.as_deref().unwrap_or("decimal");
        if format == "bullet" {
            return Some("-".to_owned());
        }
        let template = this
            .text
            .clone()
            .unwrap_or_else(|| format!("%{}.", ilvl + 1));
        let mut out = String::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            let digit = chars.peek().and_then(|d| d.to_digit(10));
            match digit {
                Some(d @ 1..=9) if c == '%' => {
                    chars.next();
                    let l = d as usize - 1;
                    let level_format = if this.legal {
                        "decimal".to_owned()
                    } else {
                        level(l).format.unwrap_or_else(|| "decimal".to_owned())
                    };
                    out.push_str(&format_number(values[l], &level_format));
                }
                _ => out.push(c),
            }
        }
        Some(out.trim().to_owned())
    }
}

fn document_text(xml: &[u8], numbering: &Numbering, styles: &Styles) -> Result<String, String> {
    let mut walker = Walker {
        numbering,
        styles,
        counters: HashMap::new(),
        sinks: vec![Vec::new()],
        tables: Vec::new(),
        paras: Vec::new(),
        skip: 0,
        in_text: false,
        run_hidden: false,
        in_row_props: false,
    };
    walk(xml, |ev| match ev {
        Ev::Open(e) => walker.open(e),
        Ev::Close(name) => walker.close(name),
        Ev::Text(s) => walker.text(s),
    })?;
    // Whatever a truncated document left open still counts.
    while let Some(p) = walker.paras.pop() {
        let line = walker.render(p);
        walker.emit(line);
    }
    let mut lines = walker.sinks.swap_remove(0);
    for cell in walker.sinks.drain(..) {
        lines.extend(cell);
    }
    Ok(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(format_number(3, "decimal"), "3");
        assert_eq!(format_number(3, "decimalZero"), "03");
        assert_eq!(format_number(1, "lowerLetter"), "a");
        assert_eq!(format_number(26, "upperLetter"), "Z");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(1994, "lowerRoman"), "mcmxciv");
        assert_eq!(format_number(7, "vietnameseCounting"), "7");
        assert_eq!(format_number(7, "none"), "");
    }
}
