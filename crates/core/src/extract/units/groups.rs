//! Groups and lists: "các" and its qualifiers, shorthand lists ("các Sở: A, B"), items of a
//! list cut by semicolons, and the clauses and modifiers a group may carry.

use super::*;

impl Parser<'_> {
    /// "các" at `j`: a group, or a shorthand list ("các Sở: …").
    pub(super) fn cac(
        &self,
        j: usize,
        name_start: usize,
        ctx: usize,
    ) -> Option<(Vec<Found>, usize)> {
        let k = j + 1;
        // "Các tỉnh A, B chủ động …": provinces named as actors are their committees; "tại các
        // tỉnh A, B" names places, not units.
        const PLACE_WORDS: &[&str] = &[
            "tại", "ở", "của", "thuộc", "bàn", "vực", "đến", "từ", "cho", "với", "trên", "giữa",
        ];
        let before = j.checked_sub(1).map(|b| self.low(b));
        if !before.is_some_and(|b| PLACE_WORDS.contains(&b)) {
            if let Some((first, level)) = self
                .levels_then_list(k)
                .filter(|_| matches!(self.low(k), "tỉnh" | "thành"))
            {
                return Some(self.place_list(first, "Ủy ban nhân dân", level, ctx));
            }
        }
        if self.local_gov_head(k).is_some() {
            // "các UBND huyện …"
            return self.local_gov(k, ctx);
        }
        // "các Sở Tài chính, Tư pháp": a shorthand list without the colon
        if matches!(self.low(k), "sở" | "bộ") && self.lexicon_end(k + 1).is_some() {
            let head = capitalize(self.slice(k, k + 1));
            let (items, next) = self.shorthand(k + 1, &head, true, ctx);
            if !items.is_empty() {
                return Some((items, next));
            }
        }
        let (n, noun) = self.group_noun(k, true)?;
        let mut scan = k + n;
        while self.punct(scan, ",") {
            match self.group_noun(scan + 1, false) {
                Some((m, _)) => scan += 1 + m,
                None => break,
            }
        }
        let head = capitalize(self.slice(k, k + n));
        if self.punct(scan, ":") && LIST_HEADS.contains(&noun) {
            let (items, next) = self.shorthand(scan + 1, &head, matches!(noun, "sở" | "bộ"), ctx);
            if !items.is_empty() {
                return Some((items, next));
            }
        }
        let end = self.group_tail(k + n);
        Some((vec![self.found_slice(name_start, end, true, ctx)], end))
    }

    /// The items of "các Sở: Tài chính, Xây dựng và Y tế"; or of "các Cục: Báo chí; Xuất bản, In
    /// và Phát hành", where semicolons part items whose names hold commas and "và".
    pub(super) fn shorthand(
        &self,
        mut k: usize,
        head: &str,
        dept: bool,
        ctx: usize,
    ) -> (Vec<Found>, usize) {
        let mut out = Vec::new();
        let mut resume = k;
        let semicolons = self.semicolon_list(k);
        loop {
            // "Báo chí" is an item of "các Cục: …; Báo chí;", "Sở Y tế" is a unit of its own
            let other_head = if semicolons {
                self.strong_head(k)
            } else {
                self.head_at(k)
            };
            if !self.cap(k) || self.title_at(k).is_some() || other_head {
                break;
            }
            let lexicon = if dept { self.lexicon_end(k) } else { None };
            let item = if semicolons {
                self.semicolon_item(k).map(|e| (e, None))
            } else {
                None
            };
            let (end, shown) = match item.or(lexicon) {
                Some((e, shown)) => {
                    let e = self.dash_continuation(e);
                    let e2 = self.locality(e).map_or(e, |n| e + n);
                    (e2, shown.map(|d| format!("{d} {}", self.slice(e, e2))))
                }
                None if self.is_doc(k) || self.stop_at(k) => break,
                None => match self.body(k, true, true) {
                    Some(e) => (e, None),
                    None => break,
                },
            };
            if end <= k {
                break;
            }
            let item = shown.unwrap_or_else(|| self.slice(k, end).to_string());
            let name = clean_name(&format!("{head} {item}"));
            let c = if out.is_empty() { ctx } else { k };
            out.push(self.found(name, false, k, end, c));
            resume = end;
            k = end;
            let next = if semicolons {
                self.punct(k, ";").then_some(k + 1)
            } else {
                self.next_list_item(k)
            };
            match next {
                Some(next) => k = next,
                None => break,
            }
        }
        (out, resume)
    }

    /// The item of a semicolon list at `k`: capitalised words, with commas and "và" inside,
    /// up to the next ";" or "." — `None` when a verb or a document comes first.
    pub(super) fn semicolon_item(&self, k: usize) -> Option<usize> {
        let mut i = k;
        while i < self.t.len() && i < k + 14 {
            if i > k && self.para(i) {
                break;
            }
            if self.punct(i, ";") || self.punct(i, ".") || self.punct(i, ":") {
                break;
            }
            if self.word(i) && ((!self.cap(i) && self.stop_at(i)) || self.is_doc(i)) {
                return None;
            }
            i += 1;
        }
        (i > k && (i >= self.t.len() || !self.word(i))).then_some(i)
    }

    /// The list at `k` parts its items with semicolons: its first item ends at a ";" before any
    /// verb, and a capitalised word follows it.
    pub(super) fn semicolon_list(&self, k: usize) -> bool {
        self.semicolon_item(k).is_some_and(|e| {
            // "các Bộ: Quốc phòng, Công an; Bí thư, Chủ tịch UBND …": a title after the
            // semicolon begins another unit, the list's items were the comma's
            self.punct(e, ";")
                && self.cap(e + 1)
                && !self.head_at(e + 1)
                && self.title_at(e + 1).is_none()
        })
    }

    /// After the first noun of a group: more nouns, modifiers.
    pub(super) fn group_tail(&self, k0: usize) -> usize {
        let mut k = k0;
        let mut end = k0;
        let mut free = 0;
        let mut closed = false;
        loop {
            if k > k0 && self.para(k) {
                break;
            }
            if !closed {
                if let Some(e) = self.assigned_clause(k) {
                    return e;
                }
                // "các tỉnh, thành phố từ Hà Tĩnh đến Khánh Hòa": the stretch of places meant
                if self.low(k) == "từ" && self.cap(k + 1) {
                    let first = self.proper(k + 1);
                    let to = k + 1 + first;
                    if first > 0 && matches!(self.low(to), "đến" | "tới") && self.cap(to + 1) {
                        let last = self.proper(to + 1);
                        if last > 0 {
                            k = to + 1 + last;
                            end = k;
                            closed = true;
                            continue;
                        }
                    }
                }
                if let Some((n, _)) = self.longest(k, &CLOSING_MODIFIERS) {
                    // "liên quan", "khác" end a group, but for what it belongs to ("các cơ
                    // quan khác thuộc UBND Thành phố")
                    return k + n + self.linking_modifier(k + n).unwrap_or(0);
                }
                if let Some((n, _)) = self.longest(k, &OPEN_MODIFIERS) {
                    k += n;
                    end = k;
                    continue;
                }
                if let Some(n) = self.linking_modifier(k) {
                    k += n;
                    end = k;
                    closed = true;
                    continue;
                }
                if let Some(n) = self.locality(k) {
                    k += n;
                    end = k;
                    closed = true;
                    continue;
                }
                // "các cơ sở giáo dục và đào tạo"
                let lexicon = self
                    .lexicon_end(k)
                    .filter(|&(e, _)| !self.cap(k) && (k..e).any(|i| self.low(i) == "và"));
                if let Some((e, _)) = lexicon {
                    k = e;
                    end = k;
                    continue;
                }
            }
            // another noun: ", ban", "và địa phương", "và các huyện"
            let sep = if self.punct(k, ",") {
                if self.low(k + 1) == "và" {
                    2
                } else {
                    1
                }
            } else if self.low(k) == "và" {
                1
            } else if (self.punct(k, "/") || self.is_dash(k)) && self.level(k + 1).is_some() {
                // "huyện/thành phố", "quận-huyện": levels joined by a mark
                1
            } else {
                0
            };
            if sep > 0 {
                let mut k2 = k + sep;
                let cac = self.low(k2) == "các";
                if cac {
                    k2 += 1;
                }
                if let Some((n, _)) = self.group_noun(k2, false) {
                    if !cac || self.level(k2).is_some() {
                        k = k2 + n;
                        end = k;
                        free = 0;
                        closed = false;
                        continue;
                    }
                }
            }
            // "các cơ sở KCB BHYT": an abbreviation qualifies the group as a lower-case word does.
            let qualifier = !self.cap(k) || self.acronym(k);
            if !closed
                && self.word(k)
                && qualifier
                && !self.digit(k)
                && !self.stop_at(k)
                && !matches!(self.low(k), "và" | "các" | "xây")
                && self.local_gov_head(k).is_none()
                && free < 8
            {
                k += 1;
                end = k;
                free += 1;
                continue;
            }
            break;
        }
        end
    }

    /// "(các cơ quan) được giao nhiệm vụ", "được phân công chủ trì thực hiện nhiệm vụ theo Kế
    /// hoạch này": which members of a group are meant. The clause names a duty ("nhiệm vụ") and
    /// runs to a comma or to the words that open the group's own work ("có trách nhiệm", "tập
    /// trung" …); the end of the group, or `None` when no such clause starts at `k`.
    pub(super) fn assigned_clause(&self, k: usize) -> Option<usize> {
        const OPENS: &[&str] = &["được giao", "được phân công", "được lấy ý kiến"];
        const WORK: &[&str] = &[
            "có trách nhiệm",
            "chịu trách nhiệm",
            "chủ động",
            "khẩn trương",
            "tập trung",
            "nghiêm túc",
            "tiếp tục",
            "phải",
            "cần",
        ];
        // "được Đảng, Nhà nước giao nhiệm vụ": the giver may stand between
        let n = match self.longest(k, OPENS) {
            Some((n, _)) => n,
            None if self.low(k) == "được" => (k + 2..k + 8)
                .find(|&j| matches!(self.low(j), "giao") || self.phrase(j, "phân công").is_some())
                .filter(|&j| {
                    (k + 1..j).all(|x| self.punct(x, ",") || (self.word(x) && !self.stop_at(x)))
                })
                .map(|j| j + 1 - k)?,
            None => return None,
        };
        let mut i = k + n;
        while i < self.t.len() && i < k + n + 14 {
            if self.para(i) || (!self.word(i) && !self.is_dash(i)) {
                break;
            }
            if self.longest(i, WORK).is_some() {
                break;
            }
            i += 1;
        }
        // "được phân công chủ trì báo cáo": without the duty it names, the clause is the work.
        (k + n..i)
            .any(|j| self.phrase(j, "nhiệm vụ").is_some())
            .then_some(i)
    }

    /// "trên địa bàn tỉnh", "trực thuộc Trung ương", "của Thành phố", "ngang Bộ".
    pub(super) fn linking_modifier(&self, k: usize) -> Option<usize> {
        let (n, _) = self.longest(k, &LINKING_MODIFIERS)?;
        let j = k + n;
        if let Some(m) = self.locality(j) {
            return Some(n + m);
        }
        if let Some((m, _)) = self.longest(j, &["chính phủ", "quốc hội", "trung ương", "nhà nước"])
        {
            return self.cap(j).then_some(n + m);
        }
        if let Some(h) = self.local_gov_head(j) {
            return Some(n + h + self.locality(j + h).unwrap_or(0));
        }
        if self.named_head(j).is_some() {
            if let Some((_, e)) = self.named(j, j) {
                return Some(e - k);
            }
            // "ngang Bộ"
            return Some(n + 1);
        }
        let m = self.proper(j);
        (m > 0).then_some(n + m)
    }
}
