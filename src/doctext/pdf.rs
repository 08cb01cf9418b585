//! PDF: the text layer, through `pdf-extract` (fonts, encodings, ToUnicode maps) with our own
//! layout of the glyphs it reports: a new line where the baseline moves, a space where a gap
//! opens, a blank line where the gap between two lines is clearly wider than the page's usual
//! line spacing (a paragraph break, in practice).
//!
//! `pdf-extract` panics on some malformed files; every call into it runs under
//! [`std::panic::catch_unwind`], and a panic becomes an error naming the page. It also recurses
//! without limit through form XObjects and `/Parent` chains, and a stack overflow aborts the
//! whole process: [`check_structure`] refuses such loops before it runs.

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};

use pdf_extract::content::Content;
use pdf_extract::{
    Dictionary, Document, MediaBox, Object, ObjectId, OutputDev, OutputError, Transform,
};
use unicode_normalization::UnicodeNormalization;

use super::{Extracted, Fail};

/// Below this many letters and digits per page on average, the text layer is taken for a
/// scanned document's stray stamp or signature, not its content.
const MIN_CHARS_PER_PAGE: usize = 20;

pub(super) fn extract(bytes: &[u8], limits: &super::Limits) -> Result<Extracted, Fail> {
    let loaded = catch_unwind(AssertUnwindSafe(|| Document::load_mem(bytes))).map_err(|panic| {
        Fail::Pdf(format!(
            "the PDF reader crashed: {}",
            crate::domain::text::panic_message(panic.as_ref())
        ))
    })?;
    let mut doc = loaded.map_err(|e| Fail::Pdf(format!("unreadable PDF: {e}")))?;
    if doc.is_encrypted() {
        // Many official PDFs are encrypted with an empty user password (permissions only).
        let decrypted = catch_unwind(AssertUnwindSafe(|| doc.decrypt("")));
        if !matches!(decrypted, Ok(Ok(()))) {
            return Ok(Extracted::NeedsManualEntry {
                reason: "the PDF is password-protected".to_owned(),
            });
        }
    }
    let page_ids = doc.get_pages();
    if let Err(reason) = within_limits(&doc, &page_ids, limits) {
        return Ok(Extracted::NeedsManualEntry { reason });
    }
    // A loop in the file would make the reader recurse until the stack overflows, which no
    // `catch_unwind` survives: look for one first.
    catch_unwind(AssertUnwindSafe(|| check_structure(&doc, &page_ids)))
        .unwrap_or_else(|panic| {
            Err(format!(
                "the PDF reader crashed: {}",
                crate::domain::text::panic_message(panic.as_ref())
            ))
        })
        .map_err(Fail::Pdf)?;
    let pages: Vec<u32> = page_ids.keys().copied().collect();
    let mut layout = Layout::default();
    for &page in &pages {
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::output_doc_page(&doc, &mut layout, page)
        }));
        layout.finish_page();
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(Fail::Pdf(format!("page {page}: {e:?}"))),
            Err(panic) => {
                return Err(Fail::Pdf(format!(
                    "the PDF reader crashed on page {page}: {}",
                    crate::domain::text::panic_message(panic.as_ref())
                )))
            }
        }
    }
    if !layout.out.chars().any(char::is_alphanumeric) {
        return Ok(Extracted::NeedsManualEntry {
            reason: "the PDF has no text layer (scanned?)".to_owned(),
        });
    }
    let letters = content_letters(&layout.out);
    if letters < MIN_CHARS_PER_PAGE * pages.len().max(1) {
        return Ok(Extracted::NeedsManualEntry {
            reason: format!(
                "the PDF has almost no text layer (scanned?): {letters} letters on {} \
                 besides any signature stamp",
                match pages.len() {
                    1 => "1 page".to_owned(),
                    n => format!("{n} pages"),
                }
            ),
        });
    }
    Ok(super::finish(
        &layout.out,
        "the PDF has no text layer (scanned?)",
    ))
}

/// Whether reading the PDF stays within `limits`, before anything inflates a stream for good:
/// its pages, its streams, and what its FlateDecode streams (but images no page draws as its
/// content, which are never read) inflate to, counted while inflating into nothing, so that a
/// small file declaring a stream of gigabytes is stopped at the limit, not after. What this
/// does not count (a chain of filters, LZW, the object streams the loader inflates) is bounded
/// by the sandbox worker's memory.
fn within_limits(
    doc: &Document,
    page_ids: &BTreeMap<u32, ObjectId>,
    limits: &super::Limits,
) -> Result<(), String> {
    let pages = page_ids.len();
    if pages > limits.max_pdf_pages {
        return Err(format!(
            "the PDF has {pages} pages, more than the {} read automatically",
            limits.max_pdf_pages
        ));
    }
    // A page's content is read whatever its dictionary calls itself: only what no page draws
    // as its content may be passed over as an image.
    let contents: HashSet<ObjectId> = page_ids
        .values()
        .flat_map(|&id| doc.get_page_contents(id))
        .collect();
    let streams = doc
        .objects
        .iter()
        .filter_map(|(id, o)| match o {
            Object::Stream(s) => Some((id, s)),
            _ => None,
        })
        .filter(|(id, s)| {
            contents.contains(id)
                || s.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Image")
        })
        .map(|(_, s)| s);
    let mut count = 0usize;
    let mut left = limits.max_inflated_bytes;
    for stream in streams {
        count += 1;
        if count > limits.max_pdf_streams {
            return Err(format!(
                "the PDF has more than {} streams",
                limits.max_pdf_streams
            ));
        }
        if !is_flate(&stream.dict) {
            continue;
        }
        let mut inflated = flate2::read::ZlibDecoder::new(stream.content.as_slice()).take(left + 1);
        // A corrupt stream counts what inflated before the fault; the reader will say the rest.
        let n = std::io::copy(&mut inflated, &mut std::io::sink()).unwrap_or(0);
        if n > left {
            return Err(format!(
                "the PDF's compressed streams inflate to more than {} MiB",
                limits.max_inflated_bytes >> 20
            ));
        }
        left -= n;
    }
    Ok(())
}

/// Whether a stream's filters include FlateDecode (alone or in a chain).
fn is_flate(dict: &Dictionary) -> bool {
    match dict.get(b"Filter") {
        Ok(Object::Name(n)) => n == b"FlateDecode",
        Ok(Object::Array(filters)) => filters
            .iter()
            .any(|f| f.as_name().ok() == Some(b"FlateDecode".as_slice())),
        _ => false,
    }
}

/// How deep pages may sit in the page tree, and forms in forms: far beyond real files.
const MAX_PARENTS: usize = 64;
const MAX_FORM_DEPTH: usize = 32;

/// Refuses the structures the reader would follow forever: a page whose `/Parent` chain loops
/// (it looks up inherited attributes recursively) and form XObjects that draw each other (it
/// draws forms recursively, with no check of its own).
fn check_structure(doc: &Document, pages: &BTreeMap<u32, ObjectId>) -> Result<(), String> {
    let mut explored = HashSet::new();
    for (&number, &id) in pages {
        let mut node = doc
            .get_dictionary(id)
            .map_err(|e| format!("page {number}: {e}"))?;
        let mut seen = HashSet::from([id]);
        let mut resources = None;
        loop {
            if resources.is_none() {
                resources = node.get(b"Resources").ok().and_then(|o| dict(doc, o));
            }
            let Ok(parent) = node.get(b"Parent").and_then(Object::as_reference) else {
                break;
            };
            if !seen.insert(parent) || seen.len() > MAX_PARENTS {
                return Err(format!("page {number}: the page tree loops"));
            }
            node = match doc.get_dictionary(parent) {
                Ok(parent) => parent,
                Err(_) => break,
            };
        }
        let content = doc.get_page_content(id).unwrap_or_default();
        let mut stack = Vec::new();
        for name in drawn_xobjects(&content) {
            visit_form(doc, resources, &name, &mut stack, &mut explored)
                .map_err(|e| format!("page {number}: {e}"))?;
        }
    }
    Ok(())
}

/// Follows the form XObject `name` of `resources` (where the reader would find it) and the
/// forms it draws, depth first.
fn visit_form(
    doc: &Document,
    resources: Option<&Dictionary>,
    name: &[u8],
    stack: &mut Vec<ObjectId>,
    explored: &mut HashSet<(ObjectId, usize)>,
) -> Result<(), String> {
    let Some(xobjects) = resources
        .and_then(|r| r.get(b"XObject").ok())
        .and_then(|o| dict(doc, o))
    else {
        return Ok(());
    };
    let Ok(id) = xobjects.get(name).and_then(Object::as_reference) else {
        return Ok(());
    };
    let Ok(Object::Stream(form)) = doc.get_object(id) else {
        return Ok(());
    };
    if form.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form".as_slice()) {
        return Ok(());
    }
    if stack.contains(&id) {
        return Err("form XObjects draw each other in a loop".to_owned());
    }
    if stack.len() >= MAX_FORM_DEPTH {
        return Err(format!(
            "form XObjects nest more than {MAX_FORM_DEPTH} deep"
        ));
    }
    // A form without resources of its own uses those of whatever draws it.
    let own = form.dict.get(b"Resources").ok().and_then(|o| dict(doc, o));
    let effective = own.or(resources);
    let key = (id, effective.map_or(0, |d| d as *const Dictionary as usize));
    if explored.contains(&key) {
        return Ok(());
    }
    let content = form
        .decompressed_content()
        .unwrap_or_else(|_| form.content.clone());
    stack.push(id);
    for child in drawn_xobjects(&content) {
        visit_form(doc, effective, &child, stack, explored)?;
    }
    stack.pop();
    explored.insert(key);
    Ok(())
}

/// The names a content stream draws with `Do`.
fn drawn_xobjects(content: &[u8]) -> Vec<Vec<u8>> {
    let Ok(content) = Content::decode(content) else {
        return Vec::new();
    };
    let mut names: Vec<Vec<u8>> = content
        .operations
        .iter()
        .filter(|op| op.operator == "Do")
        .filter_map(|op| op.operands.first()?.as_name().ok().map(<[u8]>::to_vec))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// A dictionary, directly or through a reference.
fn dict<'d>(doc: &'d Document, object: &'d Object) -> Option<&'d Dictionary> {
    match object {
        Object::Dictionary(d) => Some(d),
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        _ => None,
    }
}

/// Letters and digits, not counting the lines a digital signature stamps on the page (signed
/// scans carry those and nothing else).
fn content_letters(text: &str) -> usize {
    const STAMP: [&str; 8] = [
        "ký bởi",
        "người ký",
        "thời gian ký",
        "ngày ký",
        "cơ quan:",
        "email:",
        "signed by",
        "signature",
    ];
    text.lines()
        .filter(|line| {
            let line: String = line.nfc().collect::<String>().to_lowercase();
            !STAMP.iter().any(|marker| line.contains(marker))
        })
        .map(|line| line.chars().filter(|c| c.is_alphanumeric()).count())
        .sum()
}

/// One line of a page as drawn: where its baseline lies across the writing direction, and its
/// text.
#[derive(Debug)]
struct Line {
    direction: (f64, f64),
    across: f64,
    size: f64,
    text: String,
}

/// Lays glyphs out into lines. Positions are in the page's default user space: `along` runs
/// with the text's writing direction, `across` perpendicular to it, growing down the page.
#[derive(Debug, Default)]
struct Layout {
    out: String,
    lines: Vec<Line>,
    /// Where the last glyph ended, along the writing direction.
    last_end: f64,
    /// The next glyph starts a new text-showing operator.
    word_start: bool,
}

impl Layout {
    /// Writes the page's lines, with a blank line before a line whose distance from the one
    /// above is clearly wider than the page's usual line spacing.
    fn finish_page(&mut self) {
        let lines = std::mem::take(&mut self.lines);
        let step = |pair: &[Line]| {
            let same = pair[0].direction == pair[1].direction;
            let d = pair[1].across - pair[0].across;
            (same && d > 0.0).then_some(d)
        };
        let mut steps: Vec<f64> = lines.windows(2).filter_map(step).collect();
        steps.sort_by(f64::total_cmp);
        // The lower median: with few lines, a paragraph gap must not pass for the usual step.
        let usual = steps.get(steps.len().saturating_sub(1) / 2).copied();
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                let wide = match (usual, step(&lines[i - 1..=i])) {
                    (Some(usual), Some(d)) => d > usual * 1.4 && d > line.size * 1.2,
                    _ => false,
                };
                if wide {
                    self.out.push('\n');
                }
            }
            self.out.push_str(line.text.trim());
            self.out.push('\n');
        }
        self.word_start = false;
    }
}

impl OutputDev for Layout {
    fn begin_page(
        &mut self,
        _page_num: u32,
        _media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.lines.clear();
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        // The text rendering matrix maps text space (before the font size) to user space.
        let (a, b, c, d) = (trm.m11, trm.m12, trm.m21, trm.m22);
        let scale = a.hypot(b);
        let direction = if scale > 0.0 && scale.is_finite() {
            (a / scale, b / scale)
        } else {
            (1.0, 0.0)
        };
        let mut size = font_size.abs() * (a * d - b * c).abs().sqrt();
        if !size.is_finite() || size <= 0.0 {
            size = font_size.abs().max(1.0);
        }
        let (x, y) = (trm.m31, trm.m32);
        let along = x * direction.0 + y * direction.1;
        let across = x * direction.1 - y * direction.0;
        let advance = (width * font_size + spacing) * scale;

        let new_line = match self.lines.last() {
            None => true,
            Some(line) => {
                let turned = line.direction.0 * direction.0 + line.direction.1 * direction.1 < 0.99;
                turned || (across - line.across).abs() > 0.5 * line.size.max(size)
            }
        };
        if new_line {
            self.lines.push(Line {
                direction,
                across,
                size,
                text: String::new(),
            });
        } else if let Some(line) = self.lines.last_mut() {
            let gap = along - self.last_end;
            let threshold = if self.word_start { 0.12 } else { 0.25 } * size;
            let jumped_back = gap < -2.0 * size;
            let spaced =
                line.text.ends_with(char::is_whitespace) || char.starts_with(char::is_whitespace);
            if (gap > threshold || jumped_back) && !spaced {
                line.text.push(' ');
            }
        }
        if let Some(line) = self.lines.last_mut() {
            line.text.push_str(char);
        }
        self.last_end = along + advance;
        self.word_start = false;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.word_start = true;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}
