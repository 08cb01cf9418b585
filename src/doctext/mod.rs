//! Document text: turns a directive's attachment (DOCX, PDF, a zip wrapping one of them, or plain
//! text) into NFC-normalised plain text for task extraction.
//!
//! The format is decided by the file's magic bytes, never by its name: edXML senders often zip a
//! file and announce it as PDF or DOC. What cannot be read automatically (a scanned PDF, an old
//! binary `.doc`, an unknown binary) is not an error but [`Extracted::NeedsManualEntry`], so the
//! caller can ask a person to type the tasks in; errors ([`DocTextError`]) are for files that are
//! unreadable, corrupt or hostile (zip bombs).
//!
//! Nothing here writes to disk: zip entries are inflated in memory, with their sizes counted while
//! inflating, so an entry's own name never reaches the file system.

mod docx;
mod pdf;
mod zipread;

#[cfg(test)]
mod header_corpus;
#[cfg(test)]
mod pdf_builder;
#[cfg(test)]
mod tests;

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

/// What a file is, by its magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `%PDF-` within the first KiB.
    Pdf,
    /// A zip archive holding `word/document.xml` (decided by [`classify`], never by [`sniff`]).
    Docx,
    /// Any other zip archive (`PK\x03\x04`), possibly wrapping the real payload.
    Zip,
    /// An OLE2 compound file (`D0 CF 11 E0 A1 B1 1A E1`): an old binary Word `.doc`, or another
    /// old Office file.
    LegacyDoc,
    /// UTF-8 text (or UTF-16 text with a byte-order mark).
    Text,
    /// Anything else, including RTF and empty files.
    Unknown,
}

/// How much work one attachment may ask for: what a zip archive or a PDF's compressed streams
/// may inflate to, how many pages a PDF may have. Over a limit, a zip is refused as a bomb and a
/// PDF is left for a person ([`Extracted::NeedsManualEntry`], with the limit named).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Limits {
    /// Bytes inflated in total, over every entry read from the archive (and from archives nested
    /// in it), or over every compressed stream of a PDF but its images. Counted while
    /// inflating; the sizes an archive declares are checked too but never trusted alone.
    pub max_inflated_bytes: u64,
    /// Inflated size over compressed size for any one entry, checked once the entry has
    /// inflated past a grace of 100 KiB (tiny entries compress absurdly well and harm no one).
    pub max_ratio: u64,
    /// Entries in one archive.
    pub max_entries: usize,
    /// Pages of a PDF: reading grows faster than the page count, and no directive runs to
    /// thousands of pages.
    pub max_pdf_pages: usize,
    /// Objects with a stream in a PDF (contents, fonts, images …).
    pub max_pdf_streams: usize,
    /// The text of one attachment, and of one document's attachments together: a directive's
    /// is a few hundred KiB; megabytes of it are not read automatically.
    pub max_text_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_inflated_bytes: 200 * 1024 * 1024,
            max_ratio: 200,
            max_entries: 10_000,
            max_pdf_pages: 1_000,
            max_pdf_streams: 50_000,
            max_text_bytes: 32 << 20,
        }
    }
}

/// The outcome of reading an attachment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Extracted {
    /// NFC-normalised text: lines without trailing spaces, at most one blank line in a row,
    /// ending with a newline. Never empty nor whitespace-only.
    Text(String),
    /// The file holds no text a machine can read; a person must enter the tasks.
    NeedsManualEntry { reason: String },
}

/// Why an attachment could not be read. Each variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum DocTextError {
    #[error("cannot read the attachment {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("the attachment {} is corrupt: {what}", path.display())]
    Corrupt { path: PathBuf, what: String },
    #[error("the attachment {} is refused as a zip bomb: {reason}", path.display())]
    ZipBomb { path: PathBuf, reason: String },
    #[error("cannot extract the text of the PDF {}: {reason}", path.display())]
    Pdf { path: PathBuf, reason: String },
}

impl DocTextError {
    /// The attachment the error is about.
    pub fn path(&self) -> &Path {
        match self {
            DocTextError::Io { path, .. }
            | DocTextError::Corrupt { path, .. }
            | DocTextError::ZipBomb { path, .. }
            | DocTextError::Pdf { path, .. } => path,
        }
    }
}

/// A failure before the file's path is attached to it.
#[derive(Debug)]
enum Fail {
    Io(io::Error),
    Corrupt(String),
    ZipBomb(String),
    Pdf(String),
}

impl Fail {
    fn at(self, path: &Path) -> DocTextError {
        let path = path.to_path_buf();
        match self {
            Fail::Io(source) => DocTextError::Io { path, source },
            Fail::Corrupt(what) => DocTextError::Corrupt { path, what },
            Fail::ZipBomb(reason) => DocTextError::ZipBomb { path, reason },
            Fail::Pdf(reason) => DocTextError::Pdf { path, reason },
        }
    }
}

const OLE2_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// How many leading bytes [`extract_file`] and [`classify`] give to [`sniff`].
const SNIFF_LEN: usize = 8192;

/// Zip archives nested deeper than this are refused (a zip in a zip in a zip…).
const MAX_ZIP_DEPTH: u32 = 3;

/// The format of a file from its first bytes (a few KiB are plenty). A DOCX is reported as
/// [`Format::Zip`]: only [`classify`] looks inside the archive.
pub fn sniff(head: &[u8]) -> Format {
    if head.is_empty() {
        return Format::Unknown;
    }
    let first_kib = &head[..head.len().min(1024)];
    if first_kib.windows(5).any(|w| w == b"%PDF-") {
        return Format::Pdf;
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Format::Zip;
    }
    if head.starts_with(&OLE2_MAGIC) {
        return Format::LegacyDoc;
    }
    if head.starts_with(b"{\\rtf") {
        return Format::Unknown;
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Format::Text;
    }
    let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if looks_like_utf8_text(body) {
        Format::Text
    } else {
        Format::Unknown
    }
}

/// Valid UTF-8 (a character cut at the end of the sample is fine) with no NUL and few control
/// characters.
fn looks_like_utf8_text(bytes: &[u8]) -> bool {
    let valid = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        // Cut in the middle of a character at the very end: still text.
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => return false,
    };
    if valid.is_empty() {
        return bytes.is_empty();
    }
    let mut controls = 0usize;
    let mut total = 0usize;
    for c in valid.chars() {
        total += 1;
        if c == '\0' {
            return false;
        }
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') {
            controls += 1;
        }
    }
    controls * 100 <= total
}

/// The format of the file at `path`, looking inside zip archives to tell a DOCX from a zip that
/// wraps another file.
pub fn classify(path: &Path) -> Result<Format, DocTextError> {
    let mut file = File::open(path).map_err(|e| Fail::Io(e).at(path))?;
    let head = read_head(&mut file).map_err(|e| Fail::Io(e).at(path))?;
    let format = sniff(&head);
    if format != Format::Zip {
        return Ok(format);
    }
    file.seek(SeekFrom::Start(0))
        .map_err(|e| Fail::Io(e).at(path))?;
    let archive =
        zipread::open(BufReader::new(file), &Limits::default()).map_err(|f| f.at(path))?;
    Ok(if docx::main_part_name(&archive).is_some() {
        Format::Docx
    } else {
        Format::Zip
    })
}

/// Reads the attachment at `path` and returns its text, or why a person must enter it.
pub fn extract_file(path: &Path, limits: &Limits) -> Result<Extracted, DocTextError> {
    let mut file = File::open(path).map_err(|e| Fail::Io(e).at(path))?;
    let head = read_head(&mut file).map_err(|e| Fail::Io(e).at(path))?;
    let format = sniff(&head);
    file.seek(SeekFrom::Start(0))
        .map_err(|e| Fail::Io(e).at(path))?;
    let mut budget = zipread::Budget::new(limits);
    let outcome = if format == Format::Zip {
        // Read the archive from the file: only the entries needed are inflated.
        zipread::open(BufReader::new(file), limits)
            .and_then(|archive| extract_zip(archive, limits, &mut budget, 0))
    } else {
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)
            .map_err(|e| Fail::Io(e).at(path))?;
        extract_sniffed(&bytes, format, limits, &mut budget, 0)
    };
    outcome
        .map(|e| within_text_limit(e, limits))
        .map_err(|f| f.at(path))
}

/// A text longer than `max_text_bytes` is left for a person.
fn within_text_limit(extracted: Extracted, limits: &Limits) -> Extracted {
    match extracted {
        Extracted::Text(t) if t.len() > limits.max_text_bytes => Extracted::NeedsManualEntry {
            reason: too_much_text(t.len(), limits.max_text_bytes),
        },
        other => other,
    }
}

/// Why a text of `len` bytes is not read automatically.
pub fn too_much_text(len: usize, max: usize) -> String {
    format!(
        "its text is {:.1} MiB, more than the {} MiB read automatically",
        len as f64 / (1 << 20) as f64,
        max >> 20
    )
}

/// Like [`extract_file`], for an attachment already in memory; `name` only labels errors.
pub fn extract_bytes(
    bytes: &[u8],
    name: &Path,
    limits: &Limits,
) -> Result<Extracted, DocTextError> {
    let mut budget = zipread::Budget::new(limits);
    extract_sniffed(bytes, sniff(bytes), limits, &mut budget, 0)
        .map(|e| within_text_limit(e, limits))
        .map_err(|f| f.at(name))
}

fn read_head(file: &mut File) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(SNIFF_LEN);
    file.by_ref()
        .take(SNIFF_LEN as u64)
        .read_to_end(&mut head)?;
    Ok(head)
}

fn extract_sniffed(
    bytes: &[u8],
    format: Format,
    limits: &Limits,
    budget: &mut zipread::Budget,
    depth: u32,
) -> Result<Extracted, Fail> {
    match format {
        Format::Pdf => pdf::extract(bytes, limits),
        Format::Zip | Format::Docx => {
            let archive = zipread::open(io::Cursor::new(bytes), limits)?;
            extract_zip(archive, limits, budget, depth)
        }
        Format::LegacyDoc => Ok(legacy_office(bytes)),
        Format::Text => Ok(finish(
            &decode_text(bytes),
            "no text layer: the text file is blank",
        )),
        Format::Unknown => Ok(unknown(bytes)),
    }
}

fn extract_zip<R: Read + Seek>(
    mut archive: zip::ZipArchive<R>,
    limits: &Limits,
    budget: &mut zipread::Budget,
    depth: u32,
) -> Result<Extracted, Fail> {
    if let Some(main) = docx::main_part_name(&archive) {
        let text = docx::extract(&mut archive, &main, budget)?;
        return Ok(finish(
            &text,
            "no text layer: the DOCX holds no text (only images?)",
        ));
    }
    // A zip wrapping the real payload: take its single (or first) file entry.
    let Some(index) = zipread::payload_index(&archive) else {
        return Ok(Extracted::NeedsManualEntry {
            reason: "the zip archive holds no file".to_owned(),
        });
    };
    if depth >= MAX_ZIP_DEPTH {
        return Err(Fail::ZipBomb(format!(
            "zip archives nested more than {MAX_ZIP_DEPTH} deep"
        )));
    }
    if zipread::is_encrypted(&mut archive, index) {
        return Ok(Extracted::NeedsManualEntry {
            reason: "the zip archive is password-protected".to_owned(),
        });
    }
    let inner = zipread::read_entry(&mut archive, index, budget)?;
    extract_sniffed(&inner, sniff(&inner), limits, budget, depth + 1)
}

/// An OLE2 compound file: say what it most likely is. The stream names are UTF-16LE in the
/// directory sectors.
fn legacy_office(bytes: &[u8]) -> Extracted {
    let has = |name: &str| {
        let needle: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        bytes.windows(needle.len()).any(|w| w == needle.as_slice())
    };
    let reason = if has("EncryptedPackage") {
        "password-protected Office document: remove the password, or convert it to PDF"
    } else if !has("WordDocument") && has("Workbook") {
        "old binary Excel .xls: convert it to XLSX or PDF and enter the tasks by hand"
    } else {
        "old binary Word .doc: convert it to DOCX or PDF"
    };
    Extracted::NeedsManualEntry {
        reason: reason.to_owned(),
    }
}

fn unknown(bytes: &[u8]) -> Extracted {
    let reason = if bytes.is_empty() {
        "the file is empty".to_owned()
    } else if bytes.starts_with(b"{\\rtf") {
        "RTF document: convert it to DOCX or PDF".to_owned()
    } else {
        let shown: Vec<String> = bytes.iter().take(4).map(|b| format!("{b:02X}")).collect();
        format!(
            "unknown file format (starts with {}): convert it to DOCX or PDF",
            shown.join(" ")
        )
    };
    Extracted::NeedsManualEntry { reason }
}

/// Plain text: UTF-16 when it has a byte-order mark, else UTF-8 (invalid sequences replaced).
fn decode_text(bytes: &[u8]) -> String {
    let utf16 = |rest: &[u8], from: fn([u8; 2]) -> u16| {
        let units = rest.chunks_exact(2).map(|c| from([c[0], c[1]]));
        char::decode_utf16(units)
            .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect::<String>()
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    let rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8_lossy(rest).into_owned()
}

/// Tidies extracted text, or says why there is none.
fn finish(raw: &str, empty_reason: &str) -> Extracted {
    let text = tidy(raw);
    if text.trim().is_empty() {
        Extracted::NeedsManualEntry {
            reason: empty_reason.to_owned(),
        }
    } else {
        Extracted::Text(text)
    }
}

/// NFC; `\r\n`, `\r`, form feeds and Unicode line separators become newlines; tabs and
/// no-break spaces become spaces; invisible characters go; lines lose trailing spaces; blank
/// lines at the ends go and runs of them in between become one. The result ends with a newline.
fn tidy(raw: &str) -> String {
    let mut flat = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                flat.push('\n');
            }
            '\n' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => flat.push('\n'),
            '\t' | '\u{a0}' | '\u{2007}' | '\u{202f}' => flat.push(' '),
            '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => {}
            // Ligatures that NFC keeps: spell them out so words match.
            '\u{fb00}' => flat.push_str("ff"),
            '\u{fb01}' => flat.push_str("fi"),
            '\u{fb02}' => flat.push_str("fl"),
            '\u{fb03}' => flat.push_str("ffi"),
            '\u{fb04}' => flat.push_str("ffl"),
            // Symbol/Wingdings glyphs mapped to the private use area: bullets, in practice.
            '\u{f000}'..='\u{f0ff}' => flat.push('-'),
            c if c.is_control() => {}
            c => flat.push(c),
        }
    }
    let nfc: String = flat.nfc().collect();
    let mut out = String::with_capacity(nfc.len() + 1);
    let mut blank_pending = false;
    for line in nfc.split('\n') {
        let line = line.trim_end();
        if line.is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        if blank_pending {
            out.push('\n');
            blank_pending = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}
