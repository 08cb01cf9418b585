//! The header zone: motto, issuer, number, place and date, wherever the layout puts them.

use super::*;

pub(super) fn header_limit(t: &str, lines: &[Line]) -> usize {
    let cap = floor_boundary(t, 8000);
    for (i, l) in lines.iter().enumerate() {
        if l.start >= cap || i >= 80 {
            return l.start.min(cap);
        }
        let s = &t[l.start..l.end];
        let c = strip_deco(s);
        if c.is_empty() {
            continue;
        }
        if type_of(c).is_some() || is_kinh_gui(c) || dien_line_rest(c).is_some() || is_prose(s) {
            return l.start;
        }
    }
    cap
}

/// Preceded only by spaces back to a line start or a `|`.
pub(super) fn at_cell_start(t: &str, i: usize) -> bool {
    let before = t[..i].trim_end_matches([' ', '\t']);
    before.is_empty() || before.ends_with('\n') || before.ends_with('|')
}

pub(super) struct Found {
    pub(super) start: usize,
    pub(super) end: usize,
}

/// The place before ", ngày": the trailing capitalised words of `cand`, across wrapped lines
/// ("Sơn\nLa"); returns the offset of its first word in `cand` and the place.
pub(super) fn place_of(cand: &str) -> Option<(usize, String)> {
    let is_place_word = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            || matches!(w, "phố" | "xã" | "thị" | "trấn" | "-" | "–")
    };
    let mut taken: Vec<&str> = Vec::new();
    for line in cand.split('\n').rev() {
        let ws: Vec<&str> = line.split_whitespace().collect();
        if ws.is_empty() {
            if taken.is_empty() {
                continue;
            }
            break;
        }
        if !taken.is_empty() {
            // An earlier line is borrowed whole ("Sơn⏎La, ngày …") or not at all.
            let whole = ws.iter().all(|w| is_place_word(w))
                && taken.len() + ws.len() <= 6
                && !line.trim_end().ends_with(['.', ',', ';', ':']);
            if !whole {
                break;
            }
            taken.splice(0..0, ws);
            continue;
        }
        for w in ws.iter().rev() {
            if !is_place_word(w) || taken.len() >= 6 {
                break;
            }
            taken.insert(0, w);
        }
        if taken.len() < ws.len() {
            break;
        }
    }
    while taken.first().is_some_and(|w| matches!(*w, "-" | "–")) {
        taken.remove(0);
    }
    let first = *taken.first()?;
    let place = taken.join(" ");
    let place = place.trim_matches(|c: char| matches!(c, ' ' | ',' | '.'));
    let place = if is_upper_dominant(place) {
        place
            .split(' ')
            .map(title_word)
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        place.to_string()
    };
    Some((offset_in(cand, first), place))
}

#[derive(Default)]
pub(super) struct Top {
    pub(super) detected: bool,
    pub(super) cursor: usize,
}

pub(super) fn parse_zone(t: &str, lines: &[Line], h: &mut PrintedHeader) -> Top {
    let limit = header_limit(t, lines);
    let r = &t[..limit];
    let mottos: Vec<Found> = MOTTO_RE
        .find_iter(r)
        .map(|m| Found {
            start: m.start(),
            end: m.end(),
        })
        .collect();

    let number = NUMBER_RE.captures_iter(r).find_map(|c| {
        let m = c.get(0)?;
        let ok = at_cell_start(r, m.start())
            || (c.name("colon").is_some()
                && r[..m.start()].ends_with(|ch: char| ch.is_whitespace()));
        ok.then(|| {
            (
                Found {
                    start: m.start(),
                    end: m.end(),
                },
                normalise_number(&c["n"]),
            )
        })
    });

    let has_anchor = !mottos.is_empty() || number.is_some();
    // (place start, date span, place, date)
    let date = DATE_RE.captures_iter(r).find_map(|c| {
        let m = c.get(0)?;
        let date = date_of(&c)?;
        let before = r[..m.start()].trim_end();
        if let Some(cand_end) = before.strip_suffix(',').map(str::len) {
            let mut lo = 0;
            for b in [
                r[..cand_end].rfind('|').map(|i| i + 1),
                BLANK_LINE_RE
                    .find_iter(&r[..cand_end])
                    .last()
                    .map(|b| b.end()),
                r[..cand_end].rfind("--").map(|i| i + 2),
                number
                    .as_ref()
                    .map(|(f, _)| f.end)
                    .filter(|&e| e <= cand_end),
                mottos
                    .iter()
                    .map(|f| f.end)
                    .filter(|&e| e <= cand_end)
                    .max(),
            ]
            .into_iter()
            .flatten()
            {
                lo = lo.max(b);
            }
            let (pstart, place) = match place_of(&r[lo..cand_end]) {
                Some((o, p)) => (lo + o, Some(p)),
                None => (lo, None),
            };
            return Some((
                pstart,
                Found {
                    start: m.start(),
                    end: m.end(),
                },
                place,
                date,
            ));
        }
        (has_anchor && at_cell_start(r, m.start())).then(|| {
            (
                m.start(),
                Found {
                    start: m.start(),
                    end: m.end(),
                },
                None,
                date,
            )
        })
    });

    let detected = has_anchor || date.as_ref().is_some_and(|d| d.2.is_some());
    if !detected {
        return Top::default();
    }
    if let Some((_, n)) = &number {
        h.number = Some(n.clone());
    }
    if let Some((_, _, place, d)) = &date {
        h.place.clone_from(place);
        h.issued = Some(*d);
    }
    let mut cursor = mottos.iter().map(|f| f.end).max().unwrap_or(0);
    cursor = cursor.max(number.as_ref().map_or(0, |(f, _)| f.end));
    cursor = cursor.max(date.as_ref().map_or(0, |d| d.1.end));

    // Stamps on cells of their own.
    let mut stamp_spans: Vec<(usize, usize)> = Vec::new();
    for l in lines.iter().take_while(|l| l.start < limit) {
        for (s, e) in cells(t, l.start, l.end.min(limit)) {
            if let Some(stamp) = stamp_of(&t[s..e]) {
                apply_stamp(h, stamp);
                stamp_spans.push((s, e));
            }
        }
    }

    // The subject "V/v …" at a cell start or right after the number.
    let subject = SUBJECT_RE.find_iter(r).find_map(|m| {
        let s = m.start();
        let after_number = number
            .as_ref()
            .is_some_and(|(f, _)| f.end <= s && r[f.end..s].trim().is_empty());
        if !(at_cell_start(r, s) || after_number)
            || mottos.iter().any(|f| f.start <= s && s < f.end)
        {
            return None;
        }
        let line_end = r[s..].find('\n').map_or(r.len(), |i| s + i);
        if !starts_subject(strip_pipes(&r[s..line_end])) {
            return None;
        }
        let mut e = limit;
        if let Some(p) = r[s..].find('|') {
            e = e.min(s + p);
        }
        if let Some(b) = BLANK_LINE_RE.find(&r[s..]) {
            e = e.min(s + b.start());
        }
        if let Some((pstart, ..)) = &date {
            if *pstart > s {
                e = e.min(*pstart);
            }
        }
        Some((s, e))
    });
    if let Some((s, e)) = subject {
        let text = collapse(&r[s..e]);
        let text = text.trim_end_matches(|c: char| c == '|' || c.is_whitespace());
        if !text.is_empty() {
            h.subject = Some(text.to_string());
        }
        cursor = cursor.max(e);
    }

    // The issuer block: before the number, the date and the subject.
    let mut issuer_end = limit;
    for e in [
        number.as_ref().map(|(f, _)| f.start),
        date.as_ref().map(|d| d.0),
        subject.map(|(s, _)| s),
    ]
    .into_iter()
    .flatten()
    {
        issuer_end = issuer_end.min(e);
    }
    let mut cuts: Vec<(usize, usize)> = mottos.iter().map(|f| (f.start, f.end)).collect();
    cuts.extend(stamp_spans.iter().copied());
    cuts.sort();
    let mut pieces: Vec<&str> = Vec::new();
    let mut from = 0;
    let mut segments: Vec<(usize, usize)> = Vec::new();
    for (s, e) in cuts.iter().copied().chain([(issuer_end, issuer_end)]) {
        let s = s.min(issuer_end);
        if s > from {
            segments.push((from, s));
        }
        from = from.max(e);
        if from >= issuer_end {
            break;
        }
    }
    let mut issuer_last = 0;
    for (s, e) in segments {
        for piece in t[s..e].split(['\n', '|']) {
            let p = strip_deco(piece);
            if !p.is_empty() && word_count(p) < 12 && stamp_of(p).is_none() {
                issuer_last = issuer_last.max(offset_in(t, p) + p.len());
                pieces.push(p);
            }
        }
    }
    h.issuer = issuer_from(&pieces);
    cursor = cursor.max(issuer_last);
    for (_, e) in stamp_spans {
        cursor = cursor.max(e);
    }
    Top {
        detected: true,
        cursor,
    }
}
