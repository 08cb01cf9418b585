//! The parser over a sentence's words: what each word is (a head, a level, a title, a stop),
//! and the role each unit found plays.

use super::*;

pub(super) struct Found {
    pub(super) m: UnitMention,
    /// First token of the phrase (title and "các" included): where the look-back for a
    /// recipient starts.
    pub(super) ctx: usize,
    /// Token after the mention.
    pub(super) after: usize,
}

pub(super) struct Parser<'a> {
    pub(super) s: &'a str,
    pub(super) t: Vec<Tok>,
}

impl Parser<'_> {
    pub(super) fn low(&self, i: usize) -> &str {
        match self.t.get(i) {
            Some(t) if t.word => &t.low,
            _ => "",
        }
    }

    pub(super) fn word(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.word)
    }

    pub(super) fn cap(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.cap)
    }

    /// An abbreviation written in capitals ("KCB", "BHYT") that heads no unit of its own.
    pub(super) fn acronym(&self, i: usize) -> bool {
        let Some(t) = self.t.get(i) else { return false };
        let text = &self.s[t.start..t.end];
        text.chars().count() >= 2
            && text.chars().all(|c| c.is_uppercase() || c == '&')
            && !self.head_at(i)
    }

    pub(super) fn digit(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.digit)
    }

    pub(super) fn punct(&self, i: usize, p: &str) -> bool {
        self.t
            .get(i)
            .is_some_and(|t| !t.word && &self.s[t.start..t.end] == p)
    }

    /// A dash or "&" inside a name; a dash at the start of a line is a bullet.
    pub(super) fn is_dash(&self, i: usize) -> bool {
        (self.punct(i, "-") || self.punct(i, "–") || self.punct(i, "&")) && self.t[i].nl == 0
    }

    /// Token `i` starts a new paragraph (a blank line before it): no name runs across.
    pub(super) fn para(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.nl >= 2)
    }

    /// The number of words of `ph` found at `i`.
    pub(super) fn phrase(&self, i: usize, ph: &str) -> Option<usize> {
        let mut n = 0;
        for w in ph.split(' ') {
            // "tổ chức chính trị - xã hội": a dash in a phrase is the dash token of the text, a
            // comma the comma.
            let same = if w == "-" {
                self.is_dash(i + n)
            } else if w == "," {
                self.punct(i + n, ",")
            } else {
                self.low(i + n) == w
            };
            if !same {
                return None;
            }
            n += 1;
        }
        Some(n)
    }

    pub(super) fn longest<'l>(&self, i: usize, list: &[&'l str]) -> Option<(usize, &'l str)> {
        list.iter()
            .filter_map(|ph| self.phrase(i, ph).map(|n| (n, *ph)))
            .max_by_key(|(n, _)| *n)
    }

    /// The phrase `ph` ending at token `i` (inclusive).
    pub(super) fn phrase_ending(&self, i: usize, ph: &str) -> bool {
        let n = ph.split(' ').count();
        i + 1 >= n && self.phrase(i + 1 - n, ph).is_some()
    }

    pub(super) fn slice(&self, a: usize, b: usize) -> &str {
        if b <= a {
            return "";
        }
        &self.s[self.t[a].start..self.t[b - 1].end]
    }

    pub(super) fn tok_at_byte(&self, byte: usize) -> usize {
        self.t
            .iter()
            .position(|t| t.start >= byte)
            .unwrap_or(self.t.len())
    }

    pub(super) fn found(&self, name: String, group: bool, a: usize, b: usize, ctx: usize) -> Found {
        // A department the text writes in lower case ("sở Y tế") is named as it is elsewhere.
        let name = match name.strip_prefix("sở ") {
            Some(rest) if !group => format!("Sở {rest}"),
            _ => name,
        };
        Found {
            m: UnitMention {
                name,
                group,
                role: Role::Named,
                start: self.t[a].start,
                end: self.t[b - 1].end,
            },
            ctx,
            after: b,
        }
    }

    pub(super) fn found_slice(&self, a: usize, b: usize, group: bool, ctx: usize) -> Found {
        self.found(clean_name(self.slice(a, b)), group, a, b, ctx)
    }

    /// Where the next item of a list starts after token `k`: past ", ", ", và" or "và"; none
    /// when the list ends there.
    pub(super) fn next_list_item(&self, k: usize) -> Option<usize> {
        if self.punct(k, ",") {
            Some(if self.low(k + 1) == "và" {
                k + 2
            } else {
                k + 1
            })
        } else if self.low(k) == "và" {
            Some(k + 1)
        } else {
            None
        }
    }

    // --- word classes ---

    pub(super) fn stop_at(&self, i: usize) -> bool {
        let l = self.low(i);
        // "Phát triển", "công trình": the second syllable of a compound, not a verb; "giao
        // thông": a noun, not "giao"
        if self.is_compound_tail(i) || self.phrase(i, "giao thông").is_some() {
            return false;
        }
        if STOP_WORDS.contains(&l) || STOP_PHRASES.iter().any(|p| self.phrase(i, p).is_some()) {
            return true;
        }
        // "số 12/QĐ-UBND", not "Chuyển đổi số"
        l == "số" && self.digit(i + 1)
    }

    /// Token `i` is a later syllable of a compound of [`COMPOUNDS`] the text spells out.
    pub(super) fn is_compound_tail(&self, i: usize) -> bool {
        let l = self.low(i);
        COMPOUNDS.iter().any(|c| {
            c.split(' ')
                .enumerate()
                .skip(1)
                .any(|(p, w)| w == l && i >= p && self.phrase(i - p, c).is_some())
        })
    }

    pub(super) fn is_doc(&self, i: usize) -> bool {
        self.cap(i) && self.longest(i, &DOCUMENTS).is_some()
    }

    pub(super) fn title_at(&self, i: usize) -> Option<usize> {
        if !self.word(i) {
            return None;
        }
        let (n, _) = self.longest(i, &TITLES)?;
        let j = i + n;
        let follows = self.punct(j, ":")
            || self.low(j) == "các"
            || self.local_gov_head(j).is_some()
            || self.named_head(j).is_some()
            || self.group_noun(j, true).is_some()
            // "Bí thư, Chủ tịch UBND các tỉnh": titles of one unit, listed.
            || ((self.punct(j, ",") || self.low(j) == "và") && self.title_at(j + 1).is_some());
        follows.then_some(n)
    }

    pub(super) fn named_head(&self, i: usize) -> Option<(usize, Head)> {
        // a head is capitalised; "công ty" may be written in lower case before its name
        let lower_company = self.phrase(i, "công ty").is_some() && self.cap(i + 2);
        // "giao sở Tài chính": a department written in lower case, which the capitalised name
        // of a known department after it tells from "cơ sở", "trụ sở".
        let lower_department = self.low(i) == "sở"
            && !(i > 0 && matches!(self.low(i - 1), "cơ" | "trụ"))
            && self.cap(i + 1)
            && self.lexicon_end(i + 1).is_some();
        if !(self.cap(i) || lower_company || lower_department) {
            return None;
        }
        longest_kv(self, i, &HEADS)
    }

    pub(super) fn local_gov_head(&self, i: usize) -> Option<usize> {
        let (n, ph) = self.longest(i, &LOCAL_GOV)?;
        if ph == "công an" {
            let j = i + n;
            let level_follows = self.level(j).is_some()
                || (matches!(self.low(j), "các" | "cấp") && self.level(j + 1).is_some());
            return (self.cap(i) && level_follows).then_some(n);
        }
        Some(n)
    }

    /// A head that ends a name met inside another one: "Sở", "Bộ", "UBND" …
    pub(super) fn strong_head(&self, i: usize) -> bool {
        if self.local_gov_head(i).is_some() {
            return true;
        }
        match self.named_head(i) {
            Some((_, Head::Dept | Head::Fixed | Head::Person)) => true,
            Some(_) => matches!(self.low(i), "ban" | "văn" | "đài"),
            None => false,
        }
    }

    /// A head that ends a name even without a comma before it ("Sở A Sở B" in a table cell).
    pub(super) fn breaks_body(&self, i: usize) -> bool {
        self.local_gov_head(i).is_some()
            || (self.low(i) == "sở" && self.named_head(i).is_some_and(|(_, k)| k == Head::Dept))
    }

    pub(super) fn head_at(&self, i: usize) -> bool {
        self.local_gov_head(i).is_some() || self.named_head(i).is_some()
    }

    pub(super) fn level(&self, i: usize) -> Option<(usize, u8)> {
        let (n, rank) = longest_kv(self, i, &LEVELS)?;
        if self.low(i) == "xã" && self.low(i + 1) == "hội" {
            return None;
        }
        // "TP. Huế"
        let n = if self.low(i) == "tp" && self.punct(i + n, ".") {
            n + 1
        } else {
            n
        };
        Some((n, rank))
    }

    /// A place name: capitalised words and numbers ("Hồ Chí Minh", "Bà Rịa - Vũng Tàu", "5").
    pub(super) fn proper(&self, i: usize) -> usize {
        let mut k = i;
        let mut end = i;
        while k < self.t.len() && !(k > i && self.para(k)) {
            if self.word(k) && (self.cap(k) || self.digit(k)) {
                if self.is_doc(k) || self.longest(k, &TITLES).is_some() || self.strong_head(k) {
                    break;
                }
                // "Trung ương"
                k += if self.phrase(k, "trung ương").is_some() {
                    2
                } else {
                    1
                };
                end = k;
            } else if k > i && self.is_dash(k) && self.cap(k + 1) {
                k += 1;
            } else {
                break;
            }
        }
        end - i
    }

    /// A level and its place name, as the end of a name: "tỉnh", "tỉnh Bình An", "Thành phố",
    /// "tỉnh ủy".
    pub(super) fn locality(&self, i: usize) -> Option<usize> {
        if matches!(self.low(i), "tỉnh" | "thành" | "huyện") && self.low(i + 1) == "ủy" {
            return Some(2);
        }
        // "Kho bạc Nhà nước khu vực XII", "Chi cục Thuế khu vực Tây Nguyên": a regional branch.
        if self.low(i) == "khu" && self.low(i + 1) == "vực" {
            let j = i + 2;
            let roman = self.t.get(j).is_some_and(|t| {
                t.word && self.s[t.start..t.end].chars().all(|c| "IVXL".contains(c))
            });
            if self.digit(j) || roman {
                return Some(3);
            }
            if self.cap(j) {
                return Some(2 + self.proper(j).max(1));
            }
        }
        let (n, _) = self.level(i)?;
        Some(n + self.proper(i + n))
    }

    /// A generic group noun at `i`. Right after "các", a one-syllable noun must not open a
    /// compound ("các bộ phận", "các trường hợp").
    pub(super) fn group_noun(&self, i: usize, first: bool) -> Option<(usize, &'static str)> {
        let (n, ph) = self.longest(i, &GROUP_NOUNS)?;
        // "Ủy ban nhân dân …", "Sở Tài chính", "Hội đồng Thẩm định": a unit, not a generic noun
        if self.local_gov_head(i).is_some()
            || self.named_head(i).is_some_and(|(hn, _)| self.cap(i + hn))
        {
            return None;
        }
        if (first && n == 1) || ph == "tổ chức" {
            let j = i + n;
            let ok = !self.word(j)
                || self.cap(j)
                || matches!(self.low(j), "và" | "cùng" | "các")
                || self.stop_at(j)
                || self.level(j).is_some()
                || self.longest(j, &CLOSING_MODIFIERS).is_some()
                || self.longest(j, &OPEN_MODIFIERS).is_some()
                || self.longest(j, &LINKING_MODIFIERS).is_some()
                || self.local_gov_head(j).is_some()
                // "các đoàn thể, tổ chức xã hội": further in a list, a noun with its qualifier
                || (!first && ph == "tổ chức" && self.word(j) && !self.cap(j) && !self.stop_at(j));
            if !ok {
                return None;
            }
        }
        Some((n, ph))
    }

    /// A department name after "Sở"/"Bộ" or in a shorthand list: the token after it, and the name
    /// to show when the text's words differ from the list's.
    pub(super) fn lexicon_end(&self, k: usize) -> Option<(usize, Option<&'static str>)> {
        self.lexicon_match(k)
            .map(|(end, display, same_words)| (end, (!same_words).then_some(display)))
    }

    /// The department name the list knows at token `k`: where it ends, how it is written, and
    /// whether the text writes it in as many words.
    pub(super) fn lexicon_match(&self, k: usize) -> Option<(usize, &'static str, bool)> {
        if !self.word(k) {
            return None;
        }
        let start = self.t[k].start;
        let mut comp: Vec<char> = Vec::new();
        let mut ends: Vec<usize> = Vec::new();
        for (bi, c) in self.s[start..].char_indices() {
            let b_end = start + bi + c.len_utf8();
            if c.is_whitespace() || matches!(c, ',' | '-' | '–') {
                continue;
            }
            if c == '&' {
                comp.extend(['v', 'a']);
                ends.extend([b_end, b_end]);
            } else if is_combining_mark(c) {
                if let Some(last) = ends.last_mut() {
                    *last = b_end;
                }
            } else if c.is_alphanumeric() {
                let before = comp.len();
                fold_char(c, &mut comp);
                ends.extend(std::iter::repeat_n(b_end, comp.len() - before));
            } else {
                break;
            }
            if comp.len() > 60 {
                break;
            }
        }
        for (lc, display, words) in LEXICON.iter() {
            if !comp.starts_with(lc) {
                continue;
            }
            let end_b = ends[lc.len() - 1];
            if self.s[end_b..].chars().next().is_some_and(is_word_char) {
                continue;
            }
            let end = self.tok_at_byte(end_b);
            let text_words = (k..end).filter(|&i| self.word(i)).count();
            return Some((end, *display, text_words == *words));
        }
        None
    }

    /// "Công nghiệp - Năng lượng Quốc gia Việt Nam": a name from the list may go on after a dash.
    pub(super) fn dash_continuation(&self, e: usize) -> usize {
        if self.is_dash(e)
            && self.cap(e + 1)
            && !self.head_at(e + 1)
            && self.title_at(e + 1).is_none()
        {
            self.body(e + 1, true, true).unwrap_or(e)
        } else {
            e
        }
    }

    pub(super) fn abbr_end(&self, k: usize) -> Option<usize> {
        let t = self.t.get(k)?;
        if !t.word || !t.cap {
            return None;
        }
        let rest = &self.s[t.start..];
        DEPT_ABBR
            .iter()
            .find_map(|re| re.find(rest))
            .map(|m| self.tok_at_byte(t.start + m.end()))
    }
}

impl Parser<'_> {
    // --- roles ---

    pub(super) fn assign_roles(&self, found: &mut [Found]) {
        for n in 0..found.len() {
            let floor = if n > 0 { found[n - 1].after } else { 0 };
            let ctx = found[n].ctx;
            let role = if n > 0
                && floor <= ctx
                && (floor..ctx).all(|i| self.punct(i, ",") || self.low(i) == "và")
            {
                found[n - 1].m.role
            } else {
                self.look_back(ctx, floor)
            };
            found[n].m.role = role;
        }
    }

    pub(super) fn look_back(&self, ctx: usize, floor: usize) -> Role {
        let mut k = ctx;
        let mut steps = 0;
        while k > floor && steps < 6 {
            k -= 1;
            if !self.word(k) {
                break;
            }
            for marker in RECIPIENT_MARKERS.iter() {
                if !self.phrase_ending(k, marker) {
                    continue;
                }
                let ok = match *marker {
                    // "(qua Sở Tài chính)", not "thời gian qua"
                    "qua" => steps == 0 && k > 0 && self.punct(k - 1, "("),
                    "trước" | "thông qua" => steps == 0,
                    "trình" => k == 0 || !self.is_compound_tail(k),
                    _ => true,
                };
                if ok {
                    return Role::Recipient;
                }
            }
            if ROLE_BLOCKERS.iter().any(|b| self.phrase_ending(k, b)) {
                return Role::Named;
            }
            steps += 1;
        }
        Role::Named
    }
}

/// The longest phrase of `list` at `i`, with its value.
pub(super) fn longest_kv<T: Copy>(
    p: &Parser<'_>,
    i: usize,
    list: &[(&str, T)],
) -> Option<(usize, T)> {
    list.iter()
        .filter_map(|(ph, v)| p.phrase(i, ph).map(|n| (n, *v)))
        .max_by_key(|(n, _)| *n)
}
