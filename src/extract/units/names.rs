//! Where a name starts and ends: heads and their bodies, shorthand lists, groups and their
//! qualifiers, local governments and places.

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
        if self.low(j) == "các" {
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
        self.semicolon_item(k)
            .is_some_and(|e| self.punct(e, ";") && self.cap(e + 1) && !self.head_at(e + 1))
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

    /// People's committees, councils, the police of a level.
    pub(super) fn local_gov(&self, j: usize, ctx: usize) -> Option<(Vec<Found>, usize)> {
        let hn = self.local_gov_head(j)?;
        let head = self.slice(j, j + hn).to_string();
        let k = j + hn;
        // "UBND cấp huyện", "UBND cấp huyện, cấp xã"
        if self.low(k) == "cấp" {
            if let Some((ln, rank)) = self.level(k + 1) {
                let mut end = k + 1 + ln;
                while (self.punct(end, ",") || self.low(end) == "và")
                    && self.low(end + 1) == "cấp"
                    && self.level(end + 2).is_some()
                {
                    end += 2 + self.level(end + 2).map_or(0, |(n, _)| n);
                }
                return Some((vec![self.found_slice(j, end, rank > 1, ctx)], end));
            }
        }
        // "UBND các huyện: A, B" / "UBND các tỉnh, thành phố: A, B" / "UBND các huyện, thị
        // xã, thành phố"
        if self.low(k) == "các" {
            if let Some((ln, _)) = self.level(k + 1) {
                let k2 = k + 1 + ln;
                if let Some((first, level_text)) = self.levels_then_list(k + 1) {
                    return Some(self.place_list(first, &head, level_text, ctx));
                }
                let end = self.group_tail(k2);
                return Some((vec![self.found_slice(j, end, true, ctx)], end));
            }
        }
        if let Some((ln, rank)) = self.level(k) {
            let k2 = k + ln;
            let pn = self.proper(k2);
            if pn > 0 {
                let end = k2 + pn;
                if let Some(holder) = self.office_holder(ctx, j, k, k2, end) {
                    return Some((vec![holder], end));
                }
                let mut out = vec![self.found_slice(j, end, false, ctx)];
                let next = self.siblings(end, &head, rank, &mut out);
                return Some((out, next));
            }
            // "UBND huyện, thị xã, thành phố", "UBND thành phố và các huyện"
            let sep = self.punct(k2, ",") || self.low(k2) == "và";
            let more = self.level(k2 + 1).is_some()
                || (self.low(k2 + 1) == "các" && self.level(k2 + 2).is_some());
            if sep && more {
                let end = self.group_tail(k2);
                return Some((vec![self.found_slice(j, end, true, ctx)], end));
            }
            let group = rank > 1 && !self.cap(k);
            return Some((vec![self.found_slice(j, k2, group, ctx)], k2));
        }
        if self.low(j) == "công" {
            return None;
        }
        Some((vec![self.found_slice(j, k, false, ctx)], k))
    }

    /// "Phó Chủ tịch UBND tỉnh Nguyễn Văn A" (title at `ctx`, head at `j`, level "tỉnh" at
    /// `level`, capitalised words `place..end`): when the words after the level name no province
    /// (or go on past one, "UBND tỉnh Gia Lai Trần Văn B"), they name the person who holds the
    /// title, and the person is the unit, title and all. Only after a title and only for "tỉnh":
    /// every province is in the gazetteer, while a "thành phố" may be a district-level city.
    fn office_holder(
        &self,
        ctx: usize,
        j: usize,
        level: usize,
        place: usize,
        end: usize,
    ) -> Option<Found> {
        if ctx >= j || self.low(level) != "tỉnh" || end - place < 2 {
            return None;
        }
        let province = (1..=(end - place).min(4))
            .rev()
            .find(|&n| crate::extract::gazetteer::is_province_name(self.slice(place, place + n)));
        let person = match province {
            Some(n) => end - (place + n),
            None => end - place,
        };
        (person >= 2).then(|| self.found_slice(ctx, end, false, ctx))
    }

    /// Levels at `k` then the places they name: "tỉnh: A, B", "tỉnh, thành phố: A, B", "tỉnh A,
    /// B". Returns the first place's token and the first level as written.
    pub(super) fn levels_then_list(&self, k: usize) -> Option<(usize, String)> {
        let (ln, _) = self.level(k)?;
        let level_text = self.slice(k, k + ln).to_string();
        let mut end = k + ln;
        while self.punct(end, ",") || self.low(end) == "và" {
            match self.level(end + 1) {
                Some((n, _)) => end += 1 + n,
                None => break,
            }
        }
        let first = if self.punct(end, ":") { end + 1 } else { end };
        let pn = self.proper(first);
        // A place is followed by the next one or the end of the list; "UBND các xã: Phối hợp
        // với …" introduces duties, not places.
        let after = first + pn;
        let listed = after >= self.t.len()
            || [",", ";", ".", ")", ":"]
                .iter()
                .any(|p| self.punct(after, p))
            || self.low(after) == "và"
            || crate::extract::gazetteer::find_province(self.slice(first, after)).is_some();
        (pn > 0 && listed).then_some((first, level_text))
    }

    /// "UBND huyện A, huyện B": further units of the same rank after a named one.
    pub(super) fn siblings(
        &self,
        mut end: usize,
        head: &str,
        rank: u8,
        out: &mut Vec<Found>,
    ) -> usize {
        loop {
            if !(self.punct(end, ",") || self.low(end) == "và") {
                return end;
            }
            let Some((ln, r)) = self.level(end + 1) else {
                return end;
            };
            let pn = self.proper(end + 1 + ln);
            if r != rank || pn == 0 {
                return end;
            }
            let a = end + 1;
            let b = a + ln + pn;
            let name = clean_name(&format!("{head} {}", self.slice(a, b)));
            out.push(self.found(name, false, a, b, a));
            end = b;
        }
    }

    /// "A, B và thành phố C" after "UBND các huyện:".
    pub(super) fn place_list(
        &self,
        mut k: usize,
        head: &str,
        mut level_text: String,
        ctx: usize,
    ) -> (Vec<Found>, usize) {
        let mut out: Vec<Found> = Vec::new();
        let mut resume = k;
        loop {
            let (a, item) = match self.level(k) {
                Some((ln, _)) if self.proper(k + ln) > 0 => {
                    level_text = self.slice(k, k + ln).to_string();
                    (k, k + ln)
                }
                _ => (k, k),
            };
            let pn = self.proper(item);
            if pn == 0 {
                break;
            }
            let b = item + pn;
            let place = self.slice(item, b);
            // "các tỉnh, thành phố: Huế, Gia Lai": each place at its own level, when the
            // gazetteer knows it and the list is of provinces and cities.
            let level = match crate::extract::gazetteer::find_province(place) {
                Some(p)
                    if a == item
                        && matches!(fold_name(&level_text).as_str(), "tỉnh" | "thành phố") =>
                {
                    p.kind.level_word().to_string()
                }
                _ => level_text.clone(),
            };
            let name = clean_name(&format!("{head} {level} {place}"));
            let c = if out.is_empty() { ctx } else { a };
            out.push(self.found(name, false, a, b, c));
            resume = b;
            k = b;
            match self.next_list_item(k) {
                Some(next) => k = next,
                None => break,
            }
        }
        (out, resume)
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
                } else if let Some((e, display)) = self.lexicon_end(k) {
                    let e2 = self.dash_continuation(e);
                    if let Some(d) = display {
                        shown = Some(format!("{head} {d} {}", self.slice(e, e2)));
                    }
                    e2
                } else {
                    self.body(k, true, false)?
                };
                match self.locality(e) {
                    Some(n) => {
                        if let Some(s) = shown.as_mut() {
                            s.push(' ');
                            s.push_str(self.slice(e, e + n));
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
