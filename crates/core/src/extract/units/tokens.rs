//! A sentence cut into words and punctuation, and the folding that makes words compare.

use super::*;

pub(super) fn fold_char(c: char, out: &mut Vec<char>) {
    if c == 'đ' || c == 'Đ' {
        out.push('d');
        return;
    }
    for d in std::iter::once(c).nfd() {
        if !is_combining_mark(d) {
            out.extend(d.to_lowercase());
        }
    }
}

pub(super) fn compact(s: &str) -> Vec<char> {
    let mut out = Vec::new();
    for c in s.chars() {
        match c {
            '&' => out.extend(['v', 'a']),
            c if c.is_whitespace() || matches!(c, ',' | '-' | '–') => {}
            c => fold_char(c, &mut out),
        }
    }
    out
}

pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Folds white space, expands department abbreviations, trims punctuation at the ends.
pub(super) fn clean_name(raw: &str) -> String {
    let mut s = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    // a space lost by the source: "Ủyban nhân dân"
    for (typo, fixed) in [
        ("Ủyban ", "Ủy ban "),
        ("Uỷban ", "Uỷ ban "),
        ("ủyban ", "ủy ban "),
    ] {
        s = s.replace(typo, fixed);
    }
    for (re, expansion) in EXPANSIONS.iter() {
        if re.is_match(&s) {
            s = re.replace_all(&s, NoExpand(expansion)).into_owned();
        }
    }
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '.'))
        .to_string()
}

// ---------------------------------------------------------------------------------------------
// Tokens.

pub(super) struct Tok {
    /// Line breaks in the white space before the token.
    pub(super) nl: usize,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) word: bool,
    pub(super) cap: bool,
    pub(super) digit: bool,
    pub(super) low: String,
}

pub(super) fn tokenize(s: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut chunk_start = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        if c.is_whitespace() {
            if let Some(st) = chunk_start.take() {
                split_chunk(s, st, i, &mut out);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
    }
    out
}

pub(super) fn push_tok(s: &str, start: usize, end: usize, word: bool, out: &mut Vec<Tok>) {
    let text = &s[start..end];
    let first = text.chars().next().unwrap_or(' ');
    let nl = s[..start]
        .chars()
        .rev()
        .take_while(|c| c.is_whitespace())
        .filter(|&c| c == '\n')
        .count();
    out.push(Tok {
        nl,
        start,
        end,
        word,
        cap: word && first.is_uppercase(),
        digit: word && first.is_ascii_digit(),
        low: if word {
            fold_name(text)
        } else {
            text.to_string()
        },
    });
}

/// Splits a chunk without white space into words and punctuation. A chunk with a digit or "/"
/// keeps its inner punctuation ("552/BC-HĐND", "Covid-19", "3.1", "V/v"), but for words of two
/// letters or more joined by "/" alone ("huyện/thành phố", "sở/ngành"): those are words.
pub(super) fn split_chunk(s: &str, st: usize, en: usize, out: &mut Vec<Tok>) {
    let chunk = &s[st..en];
    let words_and_slashes = !chunk.chars().any(|c| c.is_ascii_digit())
        && chunk.contains('/')
        && chunk
            .split('/')
            .all(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2);
    if !words_and_slashes && chunk.chars().any(|c| c.is_ascii_digit() || c == '/') {
        let core_start = chunk
            .char_indices()
            .find(|&(_, c)| is_word_char(c))
            .map_or(chunk.len(), |(i, _)| i);
        let core_end = chunk
            .char_indices()
            .rev()
            .find(|&(_, c)| is_word_char(c))
            .map_or(core_start, |(i, c)| i + c.len_utf8());
        for (i, c) in chunk[..core_start].char_indices() {
            push_tok(s, st + i, st + i + c.len_utf8(), false, out);
        }
        if core_end > core_start {
            push_tok(s, st + core_start, st + core_end, true, out);
        }
        for (i, c) in chunk[core_end.max(core_start)..].char_indices() {
            let at = st + core_end.max(core_start) + i;
            push_tok(s, at, at + c.len_utf8(), false, out);
        }
        return;
    }
    let mut word_start = None;
    for (i, c) in chunk.char_indices() {
        if is_word_char(c) {
            if word_start.is_none() {
                word_start = Some(i);
            }
        } else {
            if let Some(ws) = word_start.take() {
                push_tok(s, st + ws, st + i, true, out);
            }
            push_tok(s, st + i, st + i + c.len_utf8(), false, out);
        }
    }
    if let Some(ws) = word_start {
        push_tok(s, st + ws, en, true, out);
    }
}

/// Words of a heading in capitals ("ỦY BAN NHÂN DÂN TỈNH …", "CỘNG HÒA XÃ HỘI …"): three or more
/// upper-case words in a row are read as lower-case, so that they neither start nor continue
/// names as capitalised words do. Abbreviations stand alone or between punctuation ("Sở KH&ĐT").
pub(super) fn unshout(s: &str, toks: &mut [Tok]) {
    let shouted = |t: &Tok| {
        let text = &s[t.start..t.end];
        t.word
            && text.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !text.chars().any(char::is_lowercase)
    };
    let mut i = 0;
    while i < toks.len() {
        let mut j = i;
        while j < toks.len() && shouted(&toks[j]) {
            j += 1;
        }
        if j - i >= 3 {
            for t in &mut toks[i..j] {
                t.cap = false;
            }
        }
        i = j.max(i + 1);
    }
}

// ---------------------------------------------------------------------------------------------
// The parser.

pub(super) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
