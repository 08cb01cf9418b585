//! Where a name starts and ends: the unit at a token, named heads and their bodies. Groups and
//! lists are read in `groups`, local governments and places in `places`.

use super::*;

impl Parser<'_> {
    // --- phrases ---

    pub(super) fn unit_at(&self, i: usize) -> Option<(Vec<Found>, usize)> {
        let (j, titled) = match self.title_at(i) {
            Some(n) => (i + n, true),
            None => (i, false),
        };
        if titled && self.punct(j, ":") {
            return Some((Vec::new(), j + 1));
        }
        if self.phrase(j, "hệ thống").is_some() && self.low(j + 2) == "các" {
            return self.cac(j + 2, j, i);
        }
        // "11 Bộ, cơ quan", "03 địa phương": a count before a group noun says "các" too.
        let count = self.digit(j)
            && self.low(j).len() <= 3
            && self.low(j).bytes().all(|b| b.is_ascii_digit());
        // ("chính quyền 02 cấp" counts levels, not units)
        let counted = count && self.low(j + 1) != "cấp" && self.group_noun(j + 1, true).is_some();
        if self.low(j) == "các" || counted {
            if let Some(r) = self.cac(j, j, i) {
                return Some(r);
            }
        }
        if let Some(r) = self.local_gov(j, i) {
            return Some(r);
        }
        if let Some(r) = self.named(j, i) {
            // "Sở Xây dựng các tỉnh, thành phố: A, B": the department of each place.
            if let ([one], next) = (r.0.as_slice(), r.1) {
                if !one.m.group && self.low(next) == "các" {
                    if let Some((first, level)) = self.levels_then_list(next + 1) {
                        let head = one.m.name.clone();
                        return Some(self.place_list(first, &head, level, i));
                    }
                    // "Sở Xây dựng các tỉnh, thành phố trực thuộc Trung ương": the department
                    // of every province, one group.
                    if let Some((ln, _)) = self.level(next + 1) {
                        let end = self.group_tail(next + 1 + ln);
                        let start = self.tok_at_byte(one.m.start);
                        return Some((vec![self.found_slice(start, end, true, i)], end));
                    }
                }
            }
            return Some(r);
        }
        // "Chủ đầu tư các dự án đẩy nhanh …", "giao nhà thầu …": a role named bare where a
        // clause's subject or the handed work's owner stands.
        if let Some((n, _)) = self.longest(j, &ROLE_NOUNS) {
            let opens = self.cap(j)
                || j.checked_sub(1)
                    .is_some_and(|b| matches!(self.low(b), "giao" | "nghị" | "cầu"));
            if opens {
                // "Chủ đầu tư các dự án …": the works it owns qualify it.
                let k = j + n + usize::from(self.low(j + n) == "các" && !self.cap(j + n + 1));
                let end = self.group_tail(k);
                return Some((vec![self.found_slice(j, end, true, i)], end));
            }
        }
        if titled {
            // "Thủ trưởng cơ quan ngang Bộ", not "trưởng phòng"
            if let Some((n, _)) = self.group_noun(j, false).filter(|&(n, _)| n > 1) {
                let end = self.group_tail(j + n);
                return Some((vec![self.found_slice(j, end, true, i)], end));
            }
        }
        None
    }

    /// A unit with a named head at `j`.
    pub(super) fn named(&self, j: usize, ctx: usize) -> Option<(Vec<Found>, usize)> {
        let (hn, kind) = self.named_head(j)?;
        let k = j + hn;
        let head = self.slice(j, k);
        let mut shown: Option<String> = None;
        let end = match kind {
            Head::Dept => {
                let e = if let Some(e) = self.abbr_end(k) {
                    e
                } else if let Some((e, display, same_words)) = self.lexicon_match(k) {
                    let e2 = self.dash_continuation(e);
                    // "SỞ TÀI CHÍNH" in a heading in capitals is named as the list writes it.
                    let in_capitals = !head.chars().any(char::is_lowercase);
                    if in_capitals {
                        let head = capitalize(&head.to_lowercase());
                        let rest = self.slice(e, e2);
                        shown = Some(format!("{head} {display} {rest}").trim_end().to_string());
                    } else if !same_words {
                        shown = Some(format!("{head} {display} {}", self.slice(e, e2)));
                    }
                    e2
                } else {
                    self.body(k, true, false)?
                };
                match self.locality(e) {
                    Some(n) => {
                        if let Some(s) = shown.as_mut() {
                            s.push(' ');
                            let place = self.slice(e, e + n);
                            if place.chars().any(char::is_lowercase) {
                                s.push_str(place);
                            } else {
                                let level = self.level(e).map_or(0, |(ln, _)| ln);
                                s.push_str(&in_name_case(
                                    self.slice(e, e + level),
                                    self.slice(e + level, e + n),
                                ));
                            }
                        }
                        e + n
                    }
                    None => e,
                }
            }
            Head::Generic => {
                // "Ban chỉ đạo kiểm kê": the lower-case words of the name are the name, not a
                // verb ("chỉ đạo") that ends it.
                match self.longest(k, &BAN_LOWER).filter(|_| self.low(j) == "ban") {
                    Some((n, _)) => self.body(k + n, false, false)?,
                    // "Liên hiệp các Hội Khoa học và Kỹ thuật": a federation of named bodies
                    None if self.low(k) == "các" && self.named_head(k + 1).is_some() => {
                        self.body(k + 1, true, false)?
                    }
                    None => self.body(k, true, false)?,
                }
            }
            Head::Any => self.body(k, false, false).filter(|&e| e > k)?,
            Head::Group => {
                // "Cơ quan phối hợp", "Cơ quan chủ trì": roles named by a regulation
                let role = self
                    .longest(k, &["phối hợp", "chủ trì"])
                    .map_or(0, |(n, _)| n);
                let e = self.body(k + role, false, false).unwrap_or(k + role);
                return Some((vec![self.found_slice(j, e, true, ctx)], e));
            }
            Head::Fixed => {
                let e = k + self.proper(k);
                e + self.locality(e).unwrap_or(0)
            }
            Head::NeedsPlace => {
                if let Some(n) = self.locality(k) {
                    k + n
                } else if self.cap(k) && !self.is_doc(k) {
                    k + self.proper(k).max(1)
                } else {
                    return None;
                }
            }
            Head::Person => {
                let mut e = k;
                if let Some(n) = self.phrase(e, "thường trực") {
                    e += n;
                }
                if let Some(n) = self.phrase(e, "chính phủ") {
                    e += n;
                }
                e + self.proper(e)
            }
        };
        if end <= j {
            return None;
        }
        let f = match shown {
            Some(name) => self.found(clean_name(&name), false, j, end, ctx),
            None => self.found_slice(j, end, false, ctx),
        };
        // "Sở Tài chính, Xây dựng, Tư pháp": department names after a department's, without a
        // head of their own, share its head.
        if kind == Head::Dept
            && (self.punct(end, ",") || self.low(end) == "và")
            && self.cap(end + 1)
            && !self.head_at(end + 1)
            && self.lexicon_end(end + 1).is_some()
        {
            let head = capitalize(head);
            let (mut more, next) = self.shorthand(end + 1, &head, true, end + 1);
            if !more.is_empty() {
                more.insert(0, f);
                return Some((more, next));
            }
        }
        Some((vec![f], end))
    }

    /// The words of a name after its head: see the module's rules. `in_list`: an item of a
    /// shorthand list, which "và" and "," always end.
    pub(super) fn body(&self, k0: usize, needs_cap: bool, in_list: bool) -> Option<usize> {
        if needs_cap && !(self.cap(k0) || self.digit(k0)) {
            return None;
        }
        let mut k = k0;
        let mut end = k0;
        let mut lower_run = 0;
        while k < self.t.len() {
            if k > k0 && self.para(k) {
                break;
            }
            if !self.word(k) {
                if self.is_dash(k)
                    && self.cap(k + 1)
                    && !self.strong_head(k + 1)
                    && self.title_at(k + 1).is_none()
                {
                    k += 1;
                    continue;
                }
                // "Trung tâm Chuyển đổi số Văn hóa, Thể thao và Du lịch": a department's name
                // written with a comma goes on past it.
                if self.punct(k, ",") {
                    let across = (k0..k)
                        .rev()
                        .take(4)
                        .filter(|&j| self.cap(j))
                        .find_map(|j| self.lexicon_end(j).map(|(e, _)| e))
                        .filter(|e| *e > k + 1);
                    if let Some(e) = across {
                        end = e;
                        break;
                    }
                }
                if self.punct(k, ",")
                    && k > 0
                    && self.low(k - 1) == "phòng"
                    && self.low(k + 1) == "chống"
                {
                    k += 2;
                    end = k;
                    continue;
                }
                break;
            }
            if k > k0 && self.cap(k) && matches!(self.low(k), "thành" | "tỉnh") {
                // "… Thành phố", "… Tỉnh" end a name as "tỉnh" does
                if let Some(n) = self.locality(k) {
                    end = k + n;
                    break;
                }
            }
            if self.cap(k) || self.digit(k) {
                // "Vụ Kế hoạch, Tài chính": a document's word right after the head names the
                // unit unless a number follows ("Kế hoạch số 12")
                // unit, as it does after a dash inside the name ("Phòng Tài chính - Kế hoạch"),
                let names_unit = (k == k0 || (k > k0 && self.is_dash(k - 1)))
                    && self.is_doc(k)
                    && !(self.low(k + 2) == "số" || self.digit(k + 2) || self.digit(k + 1));
                if (self.is_doc(k) && !names_unit) || (k > k0 && self.breaks_body(k)) {
                    break;
                }
                if k > k0 && self.title_at(k).is_some() {
                    break;
                }
                if self.phrase(k, "việt nam").is_some() && self.cap(k + 1) {
                    // "… Việt Nam" ends a national name, unless a level follows
                    k += 2;
                    end = k + self.locality(k).unwrap_or(0);
                    break;
                }
                k += 1;
                // "Văn phòng Ban chỉ đạo …"
                if self.low(k - 1) == "ban" {
                    if let Some((n, _)) = self.longest(k, &BAN_LOWER) {
                        k += n;
                    }
                }
                end = k;
                lower_run = 0;
                continue;
            }
            let l = self.low(k);
            if l == "của" {
                if let Some((n, _)) = self.longest(k + 1, &["quốc hội", "chính phủ"]) {
                    if self.cap(k + 1) {
                        k += 1 + n;
                        end = k;
                        continue;
                    }
                }
                break;
            }
            if let Some(n) = self.locality(k) {
                end = k + n;
                break;
            }
            if l == "các" {
                if let Some((n, _)) = self.group_noun(k + 1, false) {
                    end = self.group_tail(k + 1 + n);
                    break;
                }
                k += 1;
                continue;
            }
            if l == "và" {
                if !in_list
                    && self.cap(k + 1)
                    && !self.head_at(k + 1)
                    && !self.is_doc(k + 1)
                    && self.title_at(k + 1).is_none()
                {
                    k += 1;
                    continue;
                }
                // "Cục Quản lý nhà và thị trường bất động sản": a name already in its
                // lower-case words goes on past "và" with more of them; a group ("và các đơn
                // vị", "và địa phương") or a verb after it is another matter.
                if !in_list
                    && lower_run > 0
                    && self.word(k + 1)
                    && !self.cap(k + 1)
                    && !matches!(self.low(k + 1), "các" | "những" | "mọi")
                    && !self.stop_at(k + 1)
                    && self.group_noun(k + 1, false).is_none()
                    && self.local_gov_head(k + 1).is_none()
                    && self.level(k + 1).is_none()
                {
                    k += 1;
                    continue;
                }
                // "Văn phòng HĐND và UBND huyện", "Văn phòng Đoàn ĐBQH và HĐND tỉnh": an office
                // that serves two bodies names both.
                let office = k0 >= 2 && self.low(k0 - 2) == "văn" && self.low(k0 - 1) == "phòng";
                if let (true, false, Some(n)) = (office, in_list, self.local_gov_head(k + 1)) {
                    k += 1 + n;
                    end = k + self.locality(k).unwrap_or(0);
                    break;
                }
                break;
            }
            if self.stop_at(k) || self.local_gov_head(k).is_some() {
                break;
            }
            lower_run += 1;
            if lower_run > 11 {
                break;
            }
            k += 1;
            end = k;
        }
        (end > k0 || !needs_cap).then_some(end)
    }
}

/// A place written in capitals ("TỈNH", "BÌNH AN") as a name writes it ("tỉnh Bình An"): the
/// level in lower case, each word of the place's name capitalised.
fn in_name_case(level: &str, place: &str) -> String {
    let mut out = level.to_lowercase();
    for w in place.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&capitalize(&w.to_lowercase()));
    }
    out
}
