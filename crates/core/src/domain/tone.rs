//! The two ways of placing a tone mark, read as one.
//!
//! In an open syllable ending in "oa", "oe" or "uy", Vietnamese puts the tone mark on either
//! vowel: the older style writes "hoà", "khoẻ", "Uỷ ban", the newer (and the official
//! orthography of 2018) "hòa", "khỏe", "Ủy ban". Documents of one province use both, often in one
//! page ("UỶ BAN NHÂN DÂN" in the header, "Ủy ban nhân dân" in the body). Names are compared
//! (and the extractor's vocabularies written) in the newer style, so a directive is read in it
//! too: otherwise "tỉnh uỷ" is not a party committee and "Uỷ ban nhân dân" not a committee.
//!
//! Only the mark moves: the letters stay the same, though not always their bytes ("tuỳ" is one
//! byte longer than "tùy"), so offsets found in the result hold in the result only. "qu" is an
//! onset, not a vowel pair: "quý" and "quà" stay as they are.

use std::borrow::Cow;

/// `text` with the tone of every open "oa", "oe" and "uy" on the first vowel.
#[must_use]
pub fn newer_style(text: &str) -> Cow<'_, str> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Option<Vec<char>> = None;
    for i in 1..chars.len() {
        let (first, second) = (chars[i - 1], chars[i]);
        let Some((bare, tone)) = toned(second) else {
            continue;
        };
        let onset = i.checked_sub(2).map(|j| chars[j]);
        let open = chars.get(i + 1).is_none_or(|c| !c.is_alphabetic());
        let pair = matches!(
            (first.to_ascii_lowercase(), bare.to_ascii_lowercase()),
            ('o', 'a' | 'e') | ('u', 'y')
        );
        let qu =
            first.eq_ignore_ascii_case(&'u') && onset.is_some_and(|c| c.eq_ignore_ascii_case(&'q'));
        if !open || !pair || qu {
            continue;
        }
        let Some(marked) = with_tone(first, tone) else {
            continue;
        };
        let out = out.get_or_insert_with(|| chars.clone());
        out[i - 1] = marked;
        out[i] = bare;
    }
    match out {
        Some(chars) => Cow::Owned(chars.into_iter().collect()),
        None => Cow::Borrowed(text),
    }
}

/// The five tone marks, in the order of the rows below.
const TONES: usize = 5;

/// Each plain vowel this module moves a mark to or from, with its five toned forms (huyền, sắc,
/// hỏi, ngã, nặng).
const ROWS: [(char, [char; TONES]); 10] = [
    ('a', ['à', 'á', 'ả', 'ã', 'ạ']),
    ('e', ['è', 'é', 'ẻ', 'ẽ', 'ẹ']),
    ('y', ['ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ']),
    ('o', ['ò', 'ó', 'ỏ', 'õ', 'ọ']),
    ('u', ['ù', 'ú', 'ủ', 'ũ', 'ụ']),
    ('A', ['À', 'Á', 'Ả', 'Ã', 'Ạ']),
    ('E', ['È', 'É', 'Ẻ', 'Ẽ', 'Ẹ']),
    ('Y', ['Ỳ', 'Ý', 'Ỷ', 'Ỹ', 'Ỵ']),
    ('O', ['Ò', 'Ó', 'Ỏ', 'Õ', 'Ọ']),
    ('U', ['Ù', 'Ú', 'Ủ', 'Ũ', 'Ụ']),
];

/// A toned vowel as its plain letter and which tone it bears.
fn toned(c: char) -> Option<(char, usize)> {
    ROWS.iter()
        .find_map(|(bare, forms)| forms.iter().position(|&f| f == c).map(|tone| (*bare, tone)))
}

/// The plain vowel `c` bearing `tone`.
fn with_tone(c: char, tone: usize) -> Option<char> {
    ROWS.iter()
        .find(|(bare, _)| *bare == c)
        .map(|(_, forms)| forms[tone])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_mark_moves_to_the_first_vowel() {
        assert_eq!(
            newer_style("Uỷ ban nhân dân tỉnh Khánh Hoà"),
            "Ủy ban nhân dân tỉnh Khánh Hòa"
        );
        assert_eq!(newer_style("UỶ BAN NHÂN DÂN"), "ỦY BAN NHÂN DÂN");
        assert_eq!(
            newer_style("sức khoẻ, hoà giải, tuỳ theo"),
            "sức khỏe, hòa giải, tùy theo"
        );
        assert_eq!(newer_style("Bí thư Tỉnh uỷ"), "Bí thư Tỉnh ủy");
    }

    #[test]
    fn the_newer_style_and_closed_syllables_stay() {
        for s in [
            "Ủy ban nhân dân tỉnh Khánh Hòa",
            "kế hoạch, thuận lợi, hoàn thành",
            "ngoài, khoái, xoáy",
            "quý, quà, quỹ, quyết",
            "không dấu: hoa, khoe, tuy",
        ] {
            assert_eq!(newer_style(s), s);
        }
    }

    #[test]
    fn a_mark_that_changes_its_bytes_moves_too() {
        // "ỳ" takes three bytes, "ù" two: the text gets shorter, the words stay.
        assert_eq!(newer_style("tuỳ theo, thuỷ lợi"), "tùy theo, thủy lợi");
        assert_eq!(newer_style("TUỲ THEO"), "TÙY THEO");
    }
}
