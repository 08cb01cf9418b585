//! The gazetteer's index: a text cut into words and marks, and each entry's spellings keyed
//! by their first word, so that a look-up reads only as far as a spelling goes.

use std::borrow::Cow;
use std::collections::HashMap;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc, UnicodeNormalization};

use crate::domain::text::fold_name;

// ───────────────────────── Tokens ─────────────────────────

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Punct(char),
}

/// A word or punctuation mark of a text, by byte range.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    kind: Kind,
    /// A blank line separates it from the token before.
    after_blank_line: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Dashes of every width compare as "-".
fn normal_punct(c: char) -> char {
    match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        c => c,
    }
}

/// The token that starts at or after byte `from` of `text` (a char boundary).
fn next_token(text: &str, from: usize) -> Option<Token> {
    let rest = text.get(from..)?;
    let mut chars = rest.char_indices();
    let mut newlines = 0;
    let (at, first) = loop {
        let (i, c) = chars.next()?;
        if !c.is_whitespace() {
            break (i, c);
        }
        if c == '\n' {
            newlines += 1;
        }
    };
    let start = from + at;
    let mut end = start + first.len_utf8();
    let kind = if is_word_char(first) {
        for (i, c) in chars {
            if !is_word_char(c) {
                break;
            }
            end = from + i + c.len_utf8();
        }
        Kind::Word
    } else {
        Kind::Punct(normal_punct(first))
    };
    Some(Token {
        start,
        end,
        kind,
        after_blank_line: newlines >= 2,
    })
}

/// `raw` in NFC, borrowed when it already is.
fn nfc_of(raw: &str) -> Cow<'_, str> {
    if is_nfc(raw) {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(raw.nfc().collect())
    }
}

// ───────────────────────── Index ─────────────────────────

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum KeyToken {
    /// A word, folded (or, in an exact key, in NFC as written).
    Word(String),
    /// A punctuation mark the text may leave out.
    Punct(char),
}

/// One spelling of one entry.
#[derive(Debug)]
pub(super) struct Key {
    pub(super) tokens: Vec<KeyToken>,
    /// Compared as written (abbreviations) rather than folded.
    exact: bool,
    pub(super) entry: usize,
}

/// The spellings of a table's entries, by their first word.
pub(super) struct Index {
    pub(super) keys: Vec<Key>,
    by_folded_first: HashMap<String, Vec<usize>>,
    by_exact_first: HashMap<String, Vec<usize>>,
}

impl Index {
    /// Indexes, for each entry in order, its folded spellings and its exact ones.
    pub(super) fn build<'a>(entries: impl Iterator<Item = (Vec<&'a str>, Vec<&'a str>)>) -> Index {
        let mut index = Index {
            keys: Vec::new(),
            by_folded_first: HashMap::new(),
            by_exact_first: HashMap::new(),
        };
        for (entry, (folded, exact)) in entries.enumerate() {
            let spellings = folded
                .into_iter()
                .map(|s| (s, false))
                .chain(exact.into_iter().map(|s| (s, true)));
            for (spelling, exact) in spellings {
                let tokens = key_tokens(spelling, exact);
                let Some(KeyToken::Word(first)) = tokens.first() else {
                    continue;
                };
                let duplicate = index
                    .keys
                    .iter()
                    .any(|k| k.entry == entry && k.exact == exact && k.tokens == tokens);
                if duplicate {
                    continue;
                }
                let map = if exact {
                    &mut index.by_exact_first
                } else {
                    &mut index.by_folded_first
                };
                map.entry(first.clone()).or_default().push(index.keys.len());
                index.keys.push(Key {
                    tokens,
                    exact,
                    entry,
                });
            }
        }
        index
    }

    /// The entry whose spelling `text` starts with (the longest), and the match's byte length.
    pub(super) fn lookup(&self, text: &str) -> Option<(usize, usize)> {
        let first = next_token(text, 0)?;
        if first.start != 0 || first.kind != Kind::Word {
            return None;
        }
        let raw = &text[first.start..first.end];
        let folded = fold_name(raw);
        let exact = nfc_of(raw);
        let candidates = self
            .by_folded_first
            .get(&folded)
            .into_iter()
            .chain(self.by_exact_first.get(exact.as_ref()))
            .flatten();
        let mut stream = Stream {
            text,
            tokens: vec![(first, Some(folded))],
            exhausted: false,
        };
        let mut best: Option<(usize, usize)> = None;
        for &k in candidates {
            let key = &self.keys[k];
            if let Some(end) = stream.matches(key) {
                if best.is_none_or(|(_, e)| end > e) {
                    best = Some((key.entry, end));
                }
            }
        }
        best
    }

    /// The entry the whole of `name` spells.
    pub(super) fn lookup_whole(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        let (entry, len) = self.lookup(name)?;
        (len == name.len()).then_some(entry)
    }
}

/// The tokens of a spelling: words folded (or in NFC when `exact`), dashes normalised,
/// punctuation at the ends dropped.
fn key_tokens(spelling: &str, exact: bool) -> Vec<KeyToken> {
    let mut tokens = Vec::new();
    let mut at = 0;
    while let Some(t) = next_token(spelling, at) {
        let raw = &spelling[t.start..t.end];
        tokens.push(match t.kind {
            Kind::Word if exact => KeyToken::Word(nfc_of(raw).into_owned()),
            Kind::Word => KeyToken::Word(fold_name(raw)),
            Kind::Punct(c) => KeyToken::Punct(c),
        });
        at = t.end;
    }
    while matches!(tokens.last(), Some(KeyToken::Punct(_))) {
        tokens.pop();
    }
    let lead = tokens
        .iter()
        .take_while(|t| matches!(t, KeyToken::Punct(_)))
        .count();
    tokens.drain(..lead);
    tokens
}

/// The tokens of a text, cut on demand (a key reads only as far as it is long), each word with
/// its folded form.
struct Stream<'a> {
    text: &'a str,
    tokens: Vec<(Token, Option<String>)>,
    exhausted: bool,
}

impl Stream<'_> {
    fn get(&mut self, i: usize) -> Option<&(Token, Option<String>)> {
        while self.tokens.len() <= i && !self.exhausted {
            let from = self.tokens.last().map_or(0, |(t, _)| t.end);
            match next_token(self.text, from) {
                Some(t) => {
                    let folded =
                        (t.kind == Kind::Word).then(|| fold_name(&self.text[t.start..t.end]));
                    self.tokens.push((t, folded));
                }
                None => self.exhausted = true,
            }
        }
        self.tokens.get(i)
    }

    /// The end of the match of `key` at the start of the text, if it matches.
    fn matches(&mut self, key: &Key) -> Option<usize> {
        let text = self.text;
        let mut i = 0;
        let mut end = None;
        for kt in &key.tokens {
            match kt {
                KeyToken::Punct(p) => {
                    // Optional: consumed when the text has it here.
                    if let Some((t, _)) = self.get(i) {
                        if t.kind == Kind::Punct(*p) && !t.after_blank_line {
                            i += 1;
                        }
                    }
                }
                KeyToken::Word(w) => {
                    let (t, folded) = self.get(i)?;
                    if i > 0 && t.after_blank_line {
                        return None;
                    }
                    let same = match folded {
                        None => false,
                        Some(_) if key.exact => nfc_of(&text[t.start..t.end]) == w.as_str(),
                        Some(f) => f == w,
                    };
                    if !same {
                        return None;
                    }
                    end = Some(t.end);
                    i += 1;
                }
            }
        }
        end
    }
}
