//! PDFs built byte by byte for the tests: ordinary ones, and the hostile ones a sender could
//! send (a font map spanning every code, a stream inflating to gigabytes, thousands of pages).
//! Shared by the library's tests and the integration tests, which include this file by path.

#![allow(dead_code)]

use std::io::Write;

/// A PDF of the given objects, numbered from 1 (the first is the catalog).
pub fn assemble_pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

pub fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// A PDF whose pages have the given content streams, in Helvetica; `media_box: false` leaves
/// the pages with no MediaBox at all, which makes the PDF reader panic.
pub fn pdf_of(pages: &[&str], media_box: bool) -> Vec<u8> {
    let n = pages.len();
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {n}{} >>",
            kids.join(" "),
            if media_box {
                " /MediaBox [0 0 595 842]"
            } else {
                ""
            }
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    ];
    for (i, content) in pages.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                5 + 2 * i
            )
            .into_bytes(),
        );
        objects.push(stream("", content.as_bytes()));
    }
    assemble_pdf(&objects)
}

/// One page of text whose font's ToUnicode map claims every 4-byte code, `<00000000>` to
/// `<FFFFFFFF>`: under 1 KiB, and a reader that builds the map in full allocates gigabytes.
pub fn cmap_bomb() -> Vec<u8> {
    let cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap \
/CMapName /Bomb def 1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange \
1 beginbfrange <00000000> <FFFFFFFF> <00000000> endbfrange endcmap end end";
    assemble_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>".to_vec(),
        stream("", b"BT /F1 12 Tf 72 750 Td (Giao So Noi vu chu tri) Tj ET"),
        stream("", cmap.as_bytes()),
    ])
}

/// One page whose content stream is compressed (FlateDecode) and inflates to `mib` MiB of
/// spaces after a line of text.
pub fn inflating(mib: usize) -> Vec<u8> {
    inflating_labelled(mib, "")
}

/// [`inflating`] with `label` added to the content stream's dictionary (`/Subtype /Image`,
/// which no content stream is, to hide it from a check that passes images over).
pub fn inflating_labelled(mib: usize, label: &str) -> Vec<u8> {
    let mut deflate = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    deflate
        .write_all(b"BT /F1 12 Tf 72 750 Td (Giao So Noi vu chu tri bao cao) Tj ET\n")
        .unwrap();
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..mib {
        deflate.write_all(&spaces).unwrap();
    }
    let compressed = deflate.finish().unwrap();
    assemble_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
        stream(&format!("/Filter /FlateDecode {label}"), &compressed),
    ])
}

/// `n` pages, each with one line of text.
pub fn pages(n: usize) -> Vec<u8> {
    let page = "BT /F1 12 Tf 72 750 Td (Giao So Noi vu chu tri, phoi hop bao cao) Tj ET";
    pdf_of(&vec![page; n], true)
}

/// One page with `lines` of any Unicode text, one line under another: a simple font whose
/// ToUnicode map gives each character outside ASCII a one-byte code of its own (as a PDF
/// writer embedding a Vietnamese font does). Up to 95 distinct such characters.
pub fn with_text(lines: &[&str]) -> Vec<u8> {
    let mut codes: Vec<char> = Vec::new();
    let mut content = String::from("BT /F1 12 Tf 72 750 Td 16 TL\n");
    for line in lines {
        let mut shown = String::new();
        for c in line.chars() {
            let code = if (' '..='~').contains(&c) && !"()\\".contains(c) {
                c as u32
            } else {
                let i = codes.iter().position(|&k| k == c).unwrap_or_else(|| {
                    codes.push(c);
                    codes.len() - 1
                });
                0x80 + i as u32
            };
            shown.push_str(&format!("\\{code:03o}"));
        }
        content.push_str(&format!("({shown}) Tj T*\n"));
    }
    content.push_str("ET");
    assert!(codes.len() <= 0x7f, "too many distinct characters");
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap \
         1 begincodespacerange <00> <FF> endcodespacerange \
         1 beginbfrange <20> <7E> <0020> endbfrange\n",
    );
    if !codes.is_empty() {
        cmap.push_str(&format!("{} beginbfchar\n", codes.len()));
        for (i, c) in codes.iter().enumerate() {
            let mut units = [0u16; 2];
            let hex: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            cmap.push_str(&format!("<{:02X}> <{hex}>\n", 0x80 + i));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap end end");
    assemble_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 255 /ToUnicode 6 0 R >>"
            .to_vec(),
        stream("", content.as_bytes()),
        stream("", cmap.as_bytes()),
    ])
}
