use std::collections::HashSet;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::pdf_builder::{assemble_pdf, pdf_of, stream};
use super::*;

const MIB: u64 = 1024 * 1024;

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn text(outcome: Result<Extracted, DocTextError>) -> String {
    match outcome {
        Ok(Extracted::Text(text)) => text,
        other => panic!("expected text, got {other:?}"),
    }
}

fn manual(outcome: Result<Extracted, DocTextError>) -> String {
    match outcome {
        Ok(Extracted::NeedsManualEntry { reason }) => reason,
        other => panic!("expected a manual entry, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// A small DOCX: paragraphs, a numbered list with a sub-level and a bullet, a 2x3 table, tracked
// changes, tab stops, a line break, hidden text, a text box with its fallback, decomposed text.

const NUMBERING_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="&#xF0B7;"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="2">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/><w:isLgl/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
  <w:num w:numId="4"><w:abstractNumId w:val="0"/>
    <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>
  </w:num>
</w:numbering>"#;

const STYLES_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Muc"><w:name w:val="Muc"/><w:basedOn w:val="Normal"/>
    <w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="MucCon"><w:name w:val="Muc con"/><w:basedOn w:val="Muc"/>
    <w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
</w:styles>"#;

fn para(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

fn listed(num_id: u32, ilvl: u32, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

fn styled(style: &str, text: &str) -> String {
    format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
}

fn cell(paragraphs: &[&str]) -> String {
    let inner: String = paragraphs.iter().map(|p| para(p)).collect();
    format!("<w:tc><w:tcPr><w:tcW w:w=\"3000\" w:type=\"dxa\"/></w:tcPr>{inner}</w:tc>")
}

fn document_xml() -> String {
    let decomposed: String = "Đôn đốc thực hiện nghiêm túc.".nfd().collect();
    let body = [
        para("ỦY BAN NHÂN DÂN TỈNH HẬU GIANG"),
        // A tab stop definition in the paragraph properties is no text; the run's tab is.
        r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>Số: 12/CT-UBND</w:t></w:r><w:r><w:tab/><w:t>Vị Thanh, ngày 5 tháng 3 năm 2025</w:t></w:r></w:p>"#.to_owned(),
        "<w:p/>".to_owned(),
        "<w:p/>".to_owned(),
        r#"<w:p><w:r><w:t xml:space="preserve">Chủ tịch UBND tỉnh </w:t></w:r><w:del w:id="1" w:author="A"><w:r><w:delText xml:space="preserve">không </w:delText></w:r></w:del><w:ins w:id="2" w:author="A"><w:r><w:t>yêu cầu</w:t></w:r></w:ins><w:r><w:t>:</w:t></w:r></w:p>"#.to_owned(),
        listed(1, 0, "Sở Nội vụ chủ trì, hoàn thành trước ngày 30/6/2025."),
        listed(1, 1, "Rà soát biên chế;"),
        listed(1, 1, "Báo cáo kết quả."),
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Sở Tài chính bố trí kinh phí.</w:t></w:r><w:r><w:br/><w:t>Thời hạn: hằng quý.</w:t></w:r></w:p>"#.to_owned(),
        listed(2, 0, "Các đơn vị báo cáo định kỳ."),
        // Another instance of the first list that restarts it.
        listed(4, 0, "Danh sách mới, mục đầu."),
        // Numbering through styles, with isLgl on the second level.
        styled("Muc", "Mục lớn"),
        styled("MucCon", "Mục nhỏ"),
        format!(
            "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w=\"3000\"/><w:gridCol w:w=\"3000\"/><w:gridCol w:w=\"3000\"/></w:tblGrid><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr></w:tbl>",
            cell(&["STT"]),
            cell(&["Nhiệm vụ"]),
            cell(&["Đơn vị chủ trì"]),
            cell(&["1"]),
            cell(&["Kiểm tra", "an toàn thực phẩm"]),
            cell(&["Sở Y tế"]),
        ),
        r#"<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>chữ ẩn </w:t></w:r><w:r><w:t>Nơi nhận:</w:t></w:r></w:p>"#.to_owned(),
        r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>Hộp văn bản</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>Hộp văn bản</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#.to_owned(),
        para(&decomposed),
        para("A &amp; B   "),
    ]
    .concat();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

fn sample_docx() -> Vec<u8> {
    let document = document_xml();
    zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/numbering.xml", NUMBERING_XML.as_bytes()),
        ("word/styles.xml", STYLES_XML.as_bytes()),
    ])
}

const EXPECTED_DOCX_TEXT: &str = "\
ỦY BAN NHÂN DÂN TỈNH HẬU GIANG
Số: 12/CT-UBND Vị Thanh, ngày 5 tháng 3 năm 2025

Chủ tịch UBND tỉnh yêu cầu:
1. Sở Nội vụ chủ trì, hoàn thành trước ngày 30/6/2025.
a) Rà soát biên chế;
b) Báo cáo kết quả.
2. Sở Tài chính bố trí kinh phí.
Thời hạn: hằng quý.
- Các đơn vị báo cáo định kỳ.
1. Danh sách mới, mục đầu.
I. Mục lớn
1.1. Mục nhỏ
STT | Nhiệm vụ | Đơn vị chủ trì
1 | Kiểm tra an toàn thực phẩm | Sở Y tế
Nơi nhận:
Hộp văn bản

Đôn đốc thực hiện nghiêm túc.
A & B
";

#[test]
fn docx_paragraphs_lists_tables_and_revisions() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "chi-thi.docx", &sample_docx());
    assert_eq!(classify(&path).unwrap(), Format::Docx);
    let got = text(extract_file(&path, &Limits::default()));
    assert_eq!(got, EXPECTED_DOCX_TEXT);
    // NFC throughout: the decomposed paragraph came out composed.
    assert!(got.nfc().eq(got.chars()));
}

#[test]
fn docx_without_text_needs_manual_entry() {
    let document = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p/><w:p><w:r><w:t>   </w:t></w:r></w:p></w:body></w:document>"#;
    let bytes = zip_of(&[("word/document.xml", document.as_bytes())]);
    let reason = manual(extract_bytes(
        &bytes,
        Path::new("anh.docx"),
        &Limits::default(),
    ));
    assert!(reason.starts_with("no text layer"), "{reason}");
}

#[test]
fn docx_with_broken_xml_is_corrupt() {
    let bytes = zip_of(&[("word/document.xml", b"<w:document><w:body><w:p></w:body>")]);
    let err = extract_bytes(&bytes, Path::new("hong.docx"), &Limits::default()).unwrap_err();
    assert!(matches!(err, DocTextError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("hong.docx"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// A hand-written PDF: Helvetica, WinAnsi text.

/// One page that draws an image (and, optionally, text over it) through `Do`.
fn scanned_pdf(text_over: &str) -> Vec<u8> {
    let pixels: Vec<u8> = (0u32..256)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let content = format!("q 400 0 0 600 72 72 cm /Im1 Do Q {text_over}");
    assemble_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /Resources << /XObject << /Im1 4 0 R >> /Font << /F1 6 0 R >> >> /Contents 5 0 R >>".to_vec(),
        stream(
            "/Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray /BitsPerComponent 8",
            &pixels,
        ),
        stream("", content.as_bytes()),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
    ])
}

/// Three lines of a paragraph, a paragraph gap, a last line; \341 and \351 are WinAnsi á and é.
const PDF_PAGE: &str = "BT /F1 12 Tf 72 750 Td (Giao So Noi vu chu tri,) Tj 0 -16 Td \
(phoi hop voi c\\341c so nganh) Tj 0 -16 Td (bao cao truoc ngay 30/6/2025.) Tj \
0 -40 Td (Caf\\351 Saigon) Tj 80 0 Td (noi nhan) Tj ET";

fn sample_pdf() -> Vec<u8> {
    pdf_of(&[PDF_PAGE], true)
}

#[test]
fn pdf_text_layer() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "cong-van.pdf", &sample_pdf());
    assert_eq!(classify(&path).unwrap(), Format::Pdf);
    let got = text(extract_file(&path, &Limits::default()));
    assert_eq!(
        got,
        "Giao So Noi vu chu tri,\nphoi hop voi các so nganh\nbao cao truoc ngay 30/6/2025.\n\nCafé Saigon noi nhan\n"
    );
}

#[test]
fn pdf_without_text_is_scanned() {
    let bytes = pdf_of(&["0 0 0 rg 72 72 400 600 re f"], true);
    let reason = manual(extract_bytes(
        &bytes,
        Path::new("scan.pdf"),
        &Limits::default(),
    ));
    assert_eq!(reason, "the PDF has no text layer (scanned?)");
}

#[test]
fn pdf_of_a_scan_is_scanned() {
    let reason = manual(extract_bytes(
        &scanned_pdf(""),
        Path::new("scan.pdf"),
        &Limits::default(),
    ));
    assert_eq!(reason, "the PDF has no text layer (scanned?)");
    // A digital signature's stamp over a scan is not the document's text.
    let stamp = "BT /F1 7 Tf 380 120 Td (Signed by: Van phong Uy ban nhan dan tinh) Tj \
                 0 -9 Td (Email: vanphong@example.gov.vn) Tj ET";
    let reason = manual(extract_bytes(
        &scanned_pdf(stamp),
        Path::new("scan.pdf"),
        &Limits::default(),
    ));
    assert!(reason.contains("almost no text layer"), "{reason}");
}

#[test]
fn pdf_forms_drawing_each_other_are_refused_before_the_stack_overflows() {
    let bytes = assemble_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /Resources << /XObject << /Fm1 4 0 R >> >> /Contents 5 0 R >>".to_vec(),
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /Fm1 4 0 R >> >>",
            b"/Fm1 Do",
        ),
        stream("", b"/Fm1 Do"),
    ]);
    let err = extract_bytes(&bytes, Path::new("vong.pdf"), &Limits::default()).unwrap_err();
    assert!(err.to_string().contains("loop"), "{err}");
}

#[test]
fn pdf_page_tree_loop_is_refused_before_the_stack_overflows() {
    let bytes = assemble_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 5 0 R /Contents 4 0 R >>".to_vec(),
        stream("", b"BT /F1 12 Tf 72 750 Td (x) Tj ET"),
        b"<< /Type /Pages /Parent 5 0 R >>".to_vec(),
    ]);
    let err = extract_bytes(&bytes, Path::new("vong.pdf"), &Limits::default()).unwrap_err();
    assert!(err.to_string().contains("loop"), "{err}");
}

#[test]
fn pdf_reader_panic_is_an_error_not_a_crash() {
    let bytes = pdf_of(&[PDF_PAGE], false);
    let err = extract_bytes(&bytes, Path::new("hong.pdf"), &Limits::default()).unwrap_err();
    assert!(matches!(err, DocTextError::Pdf { .. }), "{err}");
    assert!(err.to_string().contains("hong.pdf"), "{err}");
}

#[test]
fn pdf_garbage_is_an_error() {
    let err = extract_bytes(
        b"%PDF-1.4\nnot a pdf at all",
        Path::new("x.pdf"),
        &Limits::default(),
    )
    .unwrap_err();
    assert!(matches!(err, DocTextError::Pdf { .. }), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Zip-wrapped payloads and zip bombs

#[test]
fn zip_wrapped_pdf_is_read_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = sample_pdf();
    // A hostile entry name: nothing may be written under it.
    let bytes = zip_of(&[("thu-muc/", b""), ("../../evil.pdf", &pdf)]);
    let path = write(&dir, "cong-van.pdf", &bytes);
    assert_eq!(classify(&path).unwrap(), Format::Zip);
    let got = text(extract_file(&path, &Limits::default()));
    assert!(got.starts_with("Giao So Noi vu chu tri,\n"), "{got}");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "only the attachment itself");
    assert!(!dir.path().join("../../evil.pdf").exists());
}

#[test]
fn zip_wrapped_docx_and_nested_zip() {
    let docx = sample_docx();
    let once = zip_of(&[("van-ban.doc", &docx)]);
    assert_eq!(
        text(extract_bytes(&once, Path::new("a.zip"), &Limits::default())),
        EXPECTED_DOCX_TEXT
    );
    let twice = zip_of(&[("trong.zip", &once)]);
    assert_eq!(
        text(extract_bytes(
            &twice,
            Path::new("b.zip"),
            &Limits::default()
        )),
        EXPECTED_DOCX_TEXT
    );
}

#[test]
fn zip_nested_too_deep_is_refused() {
    let mut bytes = zip_of(&[("a.txt", "Giao Sở Y tế".as_bytes())]);
    for _ in 0..MAX_ZIP_DEPTH + 1 {
        bytes = zip_of(&[("inner.zip", &bytes)]);
    }
    let err = extract_bytes(&bytes, Path::new("deep.zip"), &Limits::default()).unwrap_err();
    assert!(matches!(err, DocTextError::ZipBomb { .. }), "{err}");
}

/// 300 MiB of zeros, deflated into a small zip (built once).
fn bomb() -> &'static [u8] {
    static BOMB: OnceLock<Vec<u8>> = OnceLock::new();
    BOMB.get_or_init(|| {
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(6));
        writer.start_file("bao-cao.pdf", options).unwrap();
        let chunk = vec![0u8; MIB as usize];
        for _ in 0..300 {
            writer.write_all(&chunk).unwrap();
        }
        writer.finish().unwrap().into_inner()
    })
}

#[test]
fn zip_bomb_over_size_is_refused() {
    let bomb = bomb();
    assert!(
        bomb.len() < 2 * MIB as usize,
        "the bomb is small: {}",
        bomb.len()
    );
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "bom.pdf", bomb);
    let limits = Limits {
        max_inflated_bytes: MIB,
        ..Limits::default()
    };
    let err = extract_file(&path, &limits).unwrap_err();
    assert!(matches!(err, DocTextError::ZipBomb { .. }), "{err}");
    assert!(err.to_string().contains("bom.pdf"), "{err}");
}

#[test]
fn zip_bomb_lying_about_its_size_is_refused_while_inflating() {
    // Claim 4 KiB in both the local header and the central directory.
    let mut bomb = bomb().to_vec();
    let local = 0;
    assert_eq!(&bomb[local..local + 4], b"PK\x03\x04");
    bomb[local + 22..local + 26].copy_from_slice(&4096u32.to_le_bytes());
    let central = bomb
        .windows(4)
        .rposition(|w| w == b"PK\x01\x02")
        .expect("a central directory");
    bomb[central + 24..central + 28].copy_from_slice(&4096u32.to_le_bytes());
    let limits = Limits {
        max_inflated_bytes: MIB,
        ..Limits::default()
    };
    let err = extract_bytes(&bomb, Path::new("bom.pdf"), &limits).unwrap_err();
    assert!(matches!(err, DocTextError::ZipBomb { .. }), "{err}");
}

#[test]
fn zip_bomb_over_ratio_is_refused() {
    let limits = Limits {
        max_inflated_bytes: 1024 * MIB,
        max_ratio: 200,
        ..Limits::default()
    };
    let err = extract_bytes(bomb(), Path::new("bom.pdf"), &limits).unwrap_err();
    match &err {
        DocTextError::ZipBomb { reason, .. } => assert!(reason.contains("times"), "{reason}"),
        other => panic!("expected a zip bomb, got {other}"),
    }
}

#[test]
fn zip_with_too_many_entries_is_refused() {
    let names: Vec<String> = (0..12).map(|i| format!("f{i}.txt")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
    let bytes = zip_of(&entries);
    let limits = Limits {
        max_entries: 10,
        ..Limits::default()
    };
    let err = extract_bytes(&bytes, Path::new("nhieu.zip"), &limits).unwrap_err();
    assert!(matches!(err, DocTextError::ZipBomb { .. }), "{err}");
}

#[test]
fn corrupt_zip_is_an_error() {
    let mut bytes = sample_docx();
    bytes.truncate(bytes.len() / 2);
    let err = extract_bytes(&bytes, Path::new("cut.docx"), &Limits::default()).unwrap_err();
    assert!(matches!(err, DocTextError::Corrupt { .. }), "{err}");
}

#[test]
fn password_protected_zip_needs_manual_entry() {
    let mut bytes = zip_of(&[("cong-van.pdf", &sample_pdf())]);
    // Set the "encrypted" flag in the local header and the central directory.
    bytes[6] |= 1;
    let central = bytes.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
    bytes[central + 8] |= 1;
    let reason = manual(extract_bytes(
        &bytes,
        Path::new("mk.zip"),
        &Limits::default(),
    ));
    assert!(reason.contains("password"), "{reason}");
}

#[test]
fn empty_zip_needs_manual_entry() {
    let bytes = zip_of(&[("trong/", b"")]);
    let reason = manual(extract_bytes(
        &bytes,
        Path::new("empty.zip"),
        &Limits::default(),
    ));
    assert!(reason.contains("no file"), "{reason}");
}

// ---------------------------------------------------------------------------------------------
// Other formats

#[test]
fn ole2_legacy_doc_needs_manual_entry() {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(1536, 0);
    let stream_name: Vec<u8> = "WordDocument"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.extend_from_slice(&stream_name);
    assert_eq!(sniff(&bytes), Format::LegacyDoc);
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "cu.pdf", &bytes);
    assert_eq!(classify(&path).unwrap(), Format::LegacyDoc);
    assert_eq!(
        manual(extract_file(&path, &Limits::default())),
        "old binary Word .doc: convert it to DOCX or PDF"
    );
}

#[test]
fn utf8_text_is_tidied() {
    let raw = format!(
        "\u{feff}  Giao {} chủ trì.   \r\n\r\n\r\n\t\nHạn:\u{a0}30/6/2025\t\n\n",
        "Sở Nội vụ".nfd().collect::<String>()
    );
    assert_eq!(sniff(raw.as_bytes()), Format::Text);
    let got = text(extract_bytes(
        raw.as_bytes(),
        Path::new("a.txt"),
        &Limits::default(),
    ));
    assert_eq!(got, "  Giao Sở Nội vụ chủ trì.\n\nHạn: 30/6/2025\n");
}

#[test]
fn utf16_text_with_bom() {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend("Giao Sở Y tế".encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(sniff(&bytes), Format::Text);
    assert_eq!(
        text(extract_bytes(
            &bytes,
            Path::new("a.txt"),
            &Limits::default()
        )),
        "Giao Sở Y tế\n"
    );
}

#[test]
fn blank_text_needs_manual_entry() {
    let reason = manual(extract_bytes(
        b" \n\t\r\n ",
        Path::new("a.txt"),
        &Limits::default(),
    ));
    assert!(reason.starts_with("no text layer"), "{reason}");
}

#[test]
fn unknown_binary_and_rtf_and_empty_need_manual_entry() {
    let binary = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    assert_eq!(sniff(&binary), Format::Unknown);
    let reason = manual(extract_bytes(
        &binary,
        Path::new("a.doc"),
        &Limits::default(),
    ));
    assert!(reason.contains("unknown file format"), "{reason}");

    let rtf = b"{\\rtf1\\ansi Giao So Y te}";
    assert_eq!(sniff(rtf), Format::Unknown);
    assert!(manual(extract_bytes(rtf, Path::new("a.doc"), &Limits::default())).contains("RTF"));

    assert_eq!(sniff(b""), Format::Unknown);
    assert_eq!(
        manual(extract_bytes(b"", Path::new("a.pdf"), &Limits::default())),
        "the file is empty"
    );
}

#[test]
fn sniff_by_magic_bytes() {
    assert_eq!(sniff(b"%PDF-1.7\n..."), Format::Pdf);
    assert_eq!(sniff(b"\r\n%PDF-1.4"), Format::Pdf);
    assert_eq!(sniff(b"PK\x03\x04\x14\x00"), Format::Zip);
    // A UTF-8 character cut at the end of the sample is still text.
    let cut = "Giao Sở".as_bytes();
    assert_eq!(sniff(&cut[..cut.len() - 1]), Format::Text);
}

#[test]
fn missing_file_is_an_io_error_naming_it() {
    let err = extract_file(Path::new("/nonexistent/dondoc/x.pdf"), &Limits::default()).unwrap_err();
    assert!(matches!(err, DocTextError::Io { .. }), "{err}");
    assert_eq!(err.path(), Path::new("/nonexistent/dondoc/x.pdf"));
}

// ---------------------------------------------------------------------------------------------
// The development corpus (read-only, outside the repository):
// `cargo test --lib doctext -- --ignored --nocapture`, with DOCTEXT_DUMP=/some/folder to keep
// the extracted texts for a look.

fn words(text: &str) -> Vec<String> {
    text.nfc()
        .collect::<String>()
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
#[ignore = "reads the development corpus in /work/shared/corpus"]
fn dev_office_corpus_reads() {
    // DOCTEXT_OFFICE points at another rendering of the same documents (say, PDFs printed by
    // an office suite), named NNN.docx / NNN.pdf like the corpus.
    let office = std::env::var_os("DOCTEXT_OFFICE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/corpus/dev_office"));
    let office = office.as_path();
    let plain = Path::new("/work/shared/corpus/dev");
    let mut files: Vec<PathBuf> = std::fs::read_dir(office)
        .expect("the corpus folder /work/shared/corpus/dev_office")
        .map(|e| e.unwrap().path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("docx" | "pdf")))
        .collect();
    files.sort();
    let mut recalls: std::collections::BTreeMap<String, Vec<f64>> = Default::default();
    for path in &files {
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let kind = path.extension().unwrap().to_str().unwrap().to_owned();
        let reference = std::fs::read_to_string(plain.join(format!("{stem}.txt"))).unwrap();
        let started = std::time::Instant::now();
        let got = match extract_file(path, &Limits::default()) {
            Ok(Extracted::Text(t)) => t,
            other => {
                println!("{stem}.{kind}: {other:?}");
                String::new()
            }
        };
        if let Some(dump) = std::env::var_os("DOCTEXT_DUMP") {
            // Set to a folder outside the repository to look at the text itself.
            std::fs::write(Path::new(&dump).join(format!("{stem}.{kind}.txt")), &got).unwrap();
        }
        let found: HashSet<String> = words(&got).into_iter().collect();
        let expected = words(&reference);
        let hits = expected.iter().filter(|w| found.contains(*w)).count();
        let recall = hits as f64 / expected.len().max(1) as f64;
        println!(
            "{stem}.{kind}: word recall {recall:.3} ({hits}/{} words, {} lines, {:?})",
            expected.len(),
            got.lines().count(),
            started.elapsed()
        );
        recalls.entry(kind).or_default().push(recall);
    }
    for (kind, values) in &recalls {
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        println!(
            "{kind}: {} files, mean word recall {mean:.3}, min {min:.3}",
            values.len()
        );
        let aim = if kind == "pdf" { 0.85 } else { 0.9 };
        assert!(
            mean > aim,
            "{kind}: mean word recall {mean:.3} is below {aim}"
        );
    }
    assert!(
        !recalls.is_empty(),
        "no DOCX or PDF in {}",
        office.display()
    );
}

// ---------------------------------------------------------------------------------------------
// A PDF's budgets: pages, and what its compressed streams inflate to

#[test]
fn a_pdf_with_more_pages_than_the_limit_is_left_for_a_person() {
    let limits = Limits {
        max_pdf_pages: 20,
        ..Limits::default()
    };
    let reason = manual(extract_bytes(
        &pdf_builder::pages(21),
        Path::new("dai.pdf"),
        &limits,
    ));
    assert!(reason.contains("21 pages"), "{reason}");
    assert!(reason.contains("20"), "{reason}");
    // At the limit, it is read.
    assert!(text(extract_bytes(
        &pdf_builder::pages(20),
        Path::new("x.pdf"),
        &limits
    ))
    .contains("Giao So"));
}

#[test]
fn a_pdf_stream_inflating_past_the_limit_is_stopped_at_the_limit() {
    let limits = Limits {
        max_inflated_bytes: 2 * MIB,
        ..Limits::default()
    };
    let reason = manual(extract_bytes(
        &pdf_builder::inflating(3),
        Path::new("bom.pdf"),
        &limits,
    ));
    assert!(reason.contains("inflate to more than 2 MiB"), "{reason}");
    // Within the limit, the same kind of file is read.
    assert!(text(extract_bytes(
        &pdf_builder::inflating(1),
        Path::new("x.pdf"),
        &limits
    ))
    .contains("Giao So"));
    // A page's content calling itself an image is counted all the same.
    let disguised = pdf_builder::inflating_labelled(3, "/Subtype /Image");
    let reason = manual(extract_bytes(&disguised, Path::new("bom.pdf"), &limits));
    assert!(reason.contains("inflate to more than 2 MiB"), "{reason}");
}

#[test]
fn a_pdf_with_a_vietnamese_font_map_reads_as_vietnamese() {
    let bytes = pdf_builder::with_text(&[
        "TỐI MẬT",
        "Giao Sở Nội vụ chủ trì, phối hợp với các sở, ngành liên quan rà soát.",
    ]);
    let t = text(extract_bytes(
        &bytes,
        Path::new("vi.pdf"),
        &Limits::default(),
    ));
    assert!(t.starts_with("TỐI MẬT\n"), "{t}");
    assert!(t.contains("Sở Nội vụ chủ trì"), "{t}");
}

#[test]
fn a_text_longer_than_the_limit_is_left_for_a_person() {
    let limits = Limits {
        max_text_bytes: 1 << 20,
        ..Limits::default()
    };
    let long = "Giao Sở Xây dựng chủ trì.\n".repeat(50_000);
    let reason = manual(extract_bytes(
        long.as_bytes(),
        Path::new("dai.txt"),
        &limits,
    ));
    assert!(reason.contains("more than the 1 MiB"), "{reason}");
    let short = "Giao Sở Xây dựng chủ trì.\n".repeat(1_000);
    assert!(text(extract_bytes(short.as_bytes(), Path::new("x.txt"), &limits)).contains("Sở"));
}
