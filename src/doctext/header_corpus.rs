//! How well the printed header is read on the shared dev corpus, from its plain texts and from the
//! same documents as DOCX and PDF read through [`crate::doctext`]: number, date, issuer and type
//! against the annotations. Measurements, not checks: ignored unless asked for.

use unicode_normalization::UnicodeNormalization;

use crate::domain::text::nfc;
use crate::extract::header::{normalise_number, parse_header};

/// Lower case, no tone marks, "Ủy ban nhân dân" = "UBND", punctuation and spaces folded.
fn fold(s: &str) -> String {
    let no_marks: String = s
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    no_marks
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("uy ban nhan dan", "ubnd")
}

fn corpus_dir(name: &str) -> Option<std::path::PathBuf> {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        here.join("../shared/corpus").join(name),
        std::path::Path::new("/work/shared/corpus").join(name),
    ]
    .into_iter()
    .find(|p| p.is_dir())
}

/// Compares number, issued, issuer and doc_type with every NNN.json of `dir` whose document
/// `read` can read (null in the json = not assessed) and prints per-field accuracy.
fn score_corpus(dir: &std::path::Path, read: impl Fn(&std::path::Path) -> Option<String>) {
    let mut docs: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    docs.sort();
    // field → (assessed, found, correct)
    let fields = ["number", "issued", "issuer", "doc_type"];
    let mut score = [(0usize, 0usize, 0usize); 4];
    let mut misses: Vec<String> = Vec::new();
    let mut read_count = 0;
    for json in &docs {
        let Some(text) = read(json) else { continue };
        read_count += 1;
        let gold: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(json).expect("json"))
                .expect("valid json");
        let h = parse_header(&text);
        let got = [
            h.number.clone(),
            h.issued.map(|d| d.to_string()),
            h.issuer.clone(),
            h.doc_type.clone(),
        ];
        let id = json
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("?")
            .to_string();
        if std::env::var_os("HEADER_DUMP").is_some() {
            let t = nfc(&text);
            let snip = |a: usize| {
                t[a..]
                    .chars()
                    .take(60)
                    .collect::<String>()
                    .replace('\n', "⏎")
            };
            let tail = |b: usize| {
                let s: String = t[..b].chars().rev().take(50).collect();
                s.chars().rev().collect::<String>().replace('\n', "⏎")
            };
            println!(
                "{id}: {:?} | place {:?} | subject {:?}\n    type {:?} urgency {:?} secrecy {:?} | sig {:?} / {:?} / {:?}\n    body [{}..{}] of {}: «{}» … «{}» appendix {:?}",
                h.issuer, h.place, h.subject, h.doc_type, h.urgency, h.secrecy, h.competence,
                h.signer_position, h.signer, h.body_start, h.body_end, t.len(),
                snip(h.body_start), tail(h.body_end), h.appendix_start.map(snip)
            );
        }
        for (k, field) in fields.iter().enumerate() {
            let Some(want) = gold[field].as_str() else {
                continue;
            };
            score[k].0 += 1;
            let Some(have) = &got[k] else {
                misses.push(format!("{id} {field}: none, want {want:?}"));
                continue;
            };
            score[k].1 += 1;
            let ok = match *field {
                "number" => {
                    normalise_number(have).to_uppercase() == normalise_number(want).to_uppercase()
                }
                "issued" => have == want,
                // "Công văn (thông báo ý kiến chỉ đạo)": the annotator's remark is not the type.
                "doc_type" => fold(have) == fold(want.split('(').next().unwrap_or(want)),
                _ => fold(have) == fold(want),
            };
            if ok {
                score[k].2 += 1;
            } else {
                misses.push(format!("{id} {field}: {have:?}, want {want:?}"));
            }
        }
    }
    println!("{}: {read_count} documents", dir.display());
    for (k, field) in fields.iter().enumerate() {
        let (assessed, found, correct) = score[k];
        println!(
            "  {field:<9} {correct:>3}/{assessed:<3} correct ({:.0}%), {found} found, {} wrong",
            100.0 * correct as f64 / assessed.max(1) as f64,
            found - correct
        );
    }
    for m in &misses {
        println!("  - {m}");
    }
}

#[test]
#[ignore = "reads the shared dev corpus"]
fn dev_corpus_headers() {
    let Some(dir) = corpus_dir("dev") else {
        eprintln!("no dev corpus found: skipped");
        return;
    };
    score_corpus(&dir, |json| {
        std::fs::read_to_string(json.with_extension("txt")).ok()
    });
}

/// The same documents rendered as DOCX (tables as `|` rows) or PDF (lines wrapped as a PDF
/// wraps them), read through [`crate::doctext`].
#[test]
#[ignore = "reads the shared dev corpus"]
fn dev_office_corpus_headers() {
    let Some(dir) = corpus_dir("dev_office") else {
        eprintln!("no dev_office corpus found: skipped");
        return;
    };
    let limits = super::Limits::default();
    score_corpus(&dir, |json| {
        let path = ["docx", "pdf"]
            .iter()
            .map(|e| json.with_extension(e))
            .find(|p| p.is_file())?;
        match super::extract_file(&path, &limits).ok()? {
            super::Extracted::Text(t) => Some(t),
            super::Extracted::NeedsManualEntry { .. } => None,
        }
    });
}
