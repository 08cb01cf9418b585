//! Local governments and places: people's committees and councils of a level, the person who
//! holds a title, and the lists of places a level names ("tỉnh: A, B", "các tỉnh A, B").

use super::*;

impl Parser<'_> {
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
        // "UBND các cấp": the committees of every level.
        if self.low(k) == "các" && self.low(k + 1) == "cấp" {
            let end = self.group_tail(k + 2);
            return Some((vec![self.found_slice(j, end, true, ctx)], end));
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
                let level = self.slice(k, k2).to_string();
                let next = self.siblings(end, &head, rank, &level, &mut out);
                return Some((out, next));
            }
            // "UBND huyện, thị xã, thành phố", "UBND thành phố và các huyện"
            let sep = self.punct(k2, ",")
                || self.low(k2) == "và"
                || ((self.punct(k2, "/") || self.is_dash(k2)) && self.level(k2 + 1).is_some());
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
        level: &str,
        out: &mut Vec<Found>,
    ) -> usize {
        loop {
            if !(self.punct(end, ",") || self.low(end) == "và") {
                return end;
            }
            let a = end + 1;
            // The sibling's level as written, and where its place name starts.
            let (level_text, p) = match self.level(a) {
                Some((ln, r)) => {
                    let pn = self.proper(a + ln);
                    // "UBND thành phố Huế, Đà Nẵng và tỉnh Quảng Ngãi": a centrally-run city and
                    // a province are of one level, whatever "thành phố" says elsewhere.
                    let provinces = r.min(rank) == 1
                        && r.max(rank) == 2
                        && crate::extract::gazetteer::is_province_name(
                            self.slice(a + ln, a + ln + pn),
                        );
                    if pn == 0 || (r != rank && !provinces) {
                        return end;
                    }
                    (self.slice(a, a + ln), a + ln)
                }
                // "UBND huyện Ba Tơ, Sơn Hà, Minh Long": places of the same level, the level
                // said once.
                None => {
                    let pn = self.proper(a);
                    let place = pn > 0
                        && !self.head_at(a)
                        && self.title_at(a).is_none()
                        && !self.is_doc(a)
                        && !self.cap(a + pn);
                    if !place || level.is_empty() {
                        return end;
                    }
                    (level, a)
                }
            };
            let b = p + self.proper(p);
            let name = clean_name(&format!("{head} {level_text} {}", self.slice(p, b)));
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
}
