//! The labelled task blocks of a plan, read as records.
//!
//! A plan describes a task as an item — "3. Xây dựng cơ sở dữ liệu …" — followed by labelled
//! fields ([`super::fields`]): who leads, who coordinates, by when, what it yields. Such a block
//! is a record, like a row of a task table: one task per lead unit its lead field names, the
//! coordinating field as support, the time field as the deadline, the content from the item the
//! fields belong to (the paragraph before them) or from a "Nội dung" field.
//!
//! A block without a lead field but with a time field ("- Tuyên truyền … \n Thời gian hoàn
//! thành: Tháng 12/2026.") gives its item a deadline: the item stays prose, read as a sentence
//! under its heading, and carries the time as a hint.

use super::fields::{field, inline_starts, without_marker, FieldKind, BULLETS};
use super::table::Row;
use super::units::{find_units, name_list, Role};

/// A paragraph left to be read as prose, with the time its fields gave it, if any.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Para {
    pub text: String,
    /// The value of the time field that follows the paragraph ("Quý II/2026").
    pub time_hint: Option<String>,
}

/// What the labelled blocks of a body give: their records, and the paragraphs left as prose.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    pub rows: Vec<Row>,
    pub prose: Vec<Para>,
}

/// A paragraph cut at the fields run into it ("… số. Cơ quan chủ trì: Sở A; thời gian: 2026."),
/// when one of them is a lead, support or time field; else the paragraph whole.
fn pieces(paragraph: &str) -> Vec<&str> {
    let starts = inline_starts(paragraph);
    let telling = starts.iter().any(|&s| {
        field(&paragraph[s..]).is_some_and(|f| {
            matches!(
                f.kind,
                FieldKind::Lead | FieldKind::Support | FieldKind::Time
            )
        })
    });
    if !telling {
        return vec![paragraph];
    }
    let mut out = Vec::with_capacity(starts.len() + 1);
    let mut at = 0;
    for s in starts {
        let piece = paragraph[at..s].trim();
        if !piece.is_empty() {
            out.push(piece);
        }
        at = s;
    }
    out.push(paragraph[at..].trim());
    out
}

/// Whether a lead field names units and little else: "Sở Tài chính, Sở Nội vụ", or names the
/// lexicon does not know ("Viettel Quảng Ngãi"). A field that goes on with work of its own
/// ("Bộ X rà soát …; các bộ … gửi kết quả …") is prose.
fn names_units(value: &str) -> bool {
    if name_list(value).is_some() {
        return true;
    }
    let units: Vec<_> = find_units(value)
        .into_iter()
        .filter(|m| m.role == Role::Named)
        .collect();
    let covered: usize = units.iter().map(|m| m.end - m.start).sum();
    let words = value.split_whitespace().count();
    !units.is_empty() && (covered * 10 >= value.trim().len() * 6 || words <= 12)
}

/// The marker a numbered item opens with ("2.", "II.", "2.1."), kept in the prose so that the
/// headings before the record close there.
fn number_marker(text: &str) -> Option<&str> {
    let t = text.trim_start();
    let end = t
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '.' || "IVXL".contains(*c))
        .last()
        .map(|(i, c)| i + c.len_utf8())?;
    let m = &t[..end];
    (m.ends_with('.') && m.len() > 1).then_some(m)
}

/// Reads the labelled blocks of `paragraphs` (the body cut as [`super::tasks`] cuts it).
pub fn read(paragraphs: &[String]) -> Reading {
    let pieces: Vec<&str> = paragraphs.iter().flat_map(|p| pieces(p)).collect();
    let kinds: Vec<Option<(FieldKind, &str)>> = pieces
        .iter()
        .map(|p| field(p).map(|f| (f.kind, f.value)))
        .collect();
    let mut out = Reading::default();
    // What each piece becomes in the prose: kept, dropped, replaced, or given a time.
    let mut keep: Vec<Option<Para>> = pieces
        .iter()
        .map(|p| {
            Some(Para {
                text: (*p).to_string(),
                time_hint: None,
            })
        })
        .collect();
    let mut i = 0;
    while i < pieces.len() {
        if kinds[i].is_none() {
            i += 1;
            continue;
        }
        // One record's fields: they run on until a field of a kind already given ("- Nội dung:
        // …" or "Cơ quan chủ trì: …" again), which opens the next record.
        // A content field marked as the item before it is marked ("- Nâng cấp …" then "- Nội
        // dung: …") is the next item's, not a field of this one.
        let start = i;
        let item_bullet = start
            .checked_sub(1)
            .and_then(|o| bullet(pieces[o]))
            .filter(|_| kinds[start - 1].is_none());
        let mut seen: Vec<FieldKind> = Vec::new();
        while let Some(Some((kind, _))) = kinds.get(i) {
            let opens_next = match kind {
                FieldKind::Content => {
                    item_bullet.is_some() && bullet(pieces[i]) == item_bullet || seen.contains(kind)
                }
                FieldKind::Lead | FieldKind::Support | FieldKind::Time => seen.contains(kind),
                FieldKind::Product | FieldKind::Other => false,
            };
            if opens_next && i > start {
                break;
            }
            seen.push(*kind);
            i += 1;
        }
        let run = start..i;
        let of = |k: FieldKind| -> Vec<&str> {
            run.clone()
                .filter_map(|j| kinds[j].filter(|(kind, _)| *kind == k).map(|(_, v)| v))
                .filter(|v| !v.is_empty())
                .collect()
        };
        let leads = of(FieldKind::Lead);
        let times = of(FieldKind::Time);
        // The item the fields belong to is the piece before them, unless that is a field of
        // the record before.
        let owner = start.checked_sub(1).filter(|o| kinds[*o].is_none());
        if !leads.is_empty() && leads.iter().all(|l| names_units(l)) {
            let mut work: Vec<&str> = owner.map(|o| pieces[o]).into_iter().collect();
            work.extend(of(FieldKind::Content));
            let mut text: Vec<&str> = owner.map(|o| pieces[o]).into_iter().collect();
            text.extend(run.clone().map(|j| pieces[j]));
            out.rows.push(Row {
                work: strip_marker(&work.join(". ")).to_string(),
                lead: leads.join("; "),
                support: of(FieldKind::Support).join("; "),
                time: times.join("; "),
                text: text.join("\n"),
            });
            for j in run.clone() {
                keep[j] = None;
            }
            if let Some(o) = owner {
                keep[o] = number_marker(pieces[o]).map(|m| Para {
                    text: m.to_string(),
                    time_hint: None,
                });
                // "1. Hoàn thiện thể chế" over "a) Rà soát …" and its fields: the title of a
                // group of records is no task of its own; its number stays.
                if let Some(t) = o
                    .checked_sub(1)
                    .filter(|t| is_title(pieces[*t], &kinds[*t]))
                {
                    keep[t] = number_marker(pieces[t]).map(|m| Para {
                        text: m.to_string(),
                        time_hint: None,
                    });
                }
            }
        } else if leads.is_empty() && !times.is_empty() {
            // The item before gets the time; the fields are read no further.
            if let Some(p) = owner.and_then(|o| keep[o].as_mut()) {
                p.time_hint = Some(times.join("; "));
            }
            for j in run.clone() {
                keep[j] = None;
            }
        }
    }
    out.prose = keep.into_iter().flatten().collect();
    out
}

/// The bullet a piece opens with ("-", "+", "•"), if any.
fn bullet(piece: &str) -> Option<char> {
    piece
        .trim_start()
        .chars()
        .next()
        .filter(|c| BULLETS.contains(c))
}

/// A numbered line that only names a group of items: no field, no closing punctuation, a
/// few words ("2. Phát triển hạ tầng số").
fn is_title(piece: &str, kind: &Option<(FieldKind, &str)>) -> bool {
    kind.is_none()
        && number_marker(piece).is_some()
        && !piece.trim_end().ends_with(['.', ';', ':', ','])
        && piece.split_whitespace().count() <= 16
}

/// The text of an item without its list marker ("-", "a)", "2.1.").
fn strip_marker(s: &str) -> &str {
    let t = without_marker(s);
    match number_marker(t) {
        Some(m) => t.trim_start()[m.len()..].trim_start(),
        None => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(text: &str) -> Vec<String> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn a_block_of_fields_is_one_record_of_its_item() {
        let r = read(&paras(
            "1. Xây dựng cơ sở dữ liệu đất đai\n- Cơ quan chủ trì: Sở Nông nghiệp và Môi trường.\n- Cơ quan phối hợp: Sở Tài chính, UBND các huyện.\n- Thời gian hoàn thành: Quý III/2026.\n2. Tập huấn cán bộ",
        ));
        assert_eq!(r.rows.len(), 1);
        let row = &r.rows[0];
        assert_eq!(row.work, "Xây dựng cơ sở dữ liệu đất đai");
        assert_eq!(row.lead, "Sở Nông nghiệp và Môi trường");
        assert_eq!(row.support, "Sở Tài chính, UBND các huyện");
        assert_eq!(row.time, "Quý III/2026");
        // The item's number stays, so that the headings before it close; the next item is prose.
        let prose: Vec<&str> = r.prose.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(prose, ["1.", "2. Tập huấn cán bộ"]);
    }

    #[test]
    fn fields_come_in_any_order_and_a_content_field_joins_the_item() {
        let r = read(&paras(
            "a) Đề án chuyển đổi số\n+ Thời gian: năm 2026\n+ Đơn vị chủ trì thực hiện: Sở Khoa học và Công nghệ\n+ Nội dung: xây dựng và trình ban hành đề án",
        ));
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.rows[0].lead, "Sở Khoa học và Công nghệ");
        assert_eq!(r.rows[0].time, "năm 2026");
        assert!(r.rows[0].work.starts_with("Đề án chuyển đổi số. xây dựng"));
        assert!(r.prose.is_empty(), "{:?}", r.prose);
    }

    #[test]
    fn fields_run_into_the_item_are_read_too() {
        let r = read(&paras(
            "- Lập quy hoạch vùng. Cơ quan chủ trì: Sở Xây dựng; cơ quan phối hợp: các sở, ngành; thời gian: tháng 6/2026.",
        ));
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.rows[0].work, "Lập quy hoạch vùng.");
        assert_eq!(r.rows[0].lead, "Sở Xây dựng");
        assert_eq!(r.rows[0].support, "các sở, ngành");
        assert_eq!(r.rows[0].time, "tháng 6/2026");
    }

    #[test]
    fn a_time_field_without_a_lead_dates_the_item_before_it() {
        let r = read(&paras(
            "2. Sở Tài chính\n- Hướng dẫn các đơn vị lập báo cáo.\nThời gian hoàn thành: Trước ngày 15/11/2026.\n- Tổng hợp kết quả.",
        ));
        assert!(r.rows.is_empty());
        assert_eq!(r.prose.len(), 3);
        assert_eq!(
            r.prose[1].time_hint.as_deref(),
            Some("Trước ngày 15/11/2026")
        );
        assert_eq!(r.prose[2].time_hint, None);
    }

    #[test]
    fn a_lead_field_that_goes_on_with_work_stays_prose() {
        let text = "4. Rà soát văn bản\n- Cơ quan thực hiện: Sở Tư pháp tiến hành rà soát toàn bộ các văn bản quy phạm pháp luật do tỉnh ban hành có liên quan, đồng thời tổng hợp các kiến nghị sửa đổi, bổ sung và báo cáo kết quả.";
        let r = read(&paras(text));
        assert!(r.rows.is_empty());
        assert_eq!(r.prose.len(), 2);
    }

    #[test]
    fn a_field_of_a_kind_already_given_opens_the_next_record() {
        let r = read(&paras(
            "- Nâng cấp trung tâm dữ liệu. Cơ quan chủ trì: Sở Khoa học và Công nghệ. Thời gian: Tháng 12/2025.\n- Nội dung: Phổ cập điện thoại thông minh.\n+ Đơn vị chủ trì: UBND các xã, phường.\n+ Thời gian thực hiện: Thường xuyên.",
        ));
        assert_eq!(r.rows.len(), 2, "{:?}", r.rows);
        assert_eq!(r.rows[0].lead, "Sở Khoa học và Công nghệ");
        assert_eq!(r.rows[0].time, "Tháng 12/2025");
        assert_eq!(r.rows[1].lead, "UBND các xã, phường");
        assert_eq!(r.rows[1].work, "Phổ cập điện thoại thông minh");
        assert_eq!(r.rows[1].time, "Thường xuyên");
    }

    #[test]
    fn the_title_over_a_group_of_records_keeps_only_its_number() {
        let r = read(&paras(
            "1. Hoàn thiện thể chế\na) Rà soát các quy định.\n- Cơ quan chủ trì: Sở Tư pháp.\n2. Tổ chức sơ kết việc thực hiện.",
        ));
        assert_eq!(r.rows.len(), 1);
        let prose: Vec<&str> = r.prose.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(prose, ["1.", "2. Tổ chức sơ kết việc thực hiện."]);
    }

    #[test]
    fn paragraphs_without_fields_pass_through() {
        let text = "1. Mục đích: nâng cao chất lượng.\nGiao Sở Y tế kiểm tra.";
        let r = read(&paras(text));
        assert!(r.rows.is_empty());
        let prose: Vec<&str> = r.prose.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            prose,
            [
                "1. Mục đích: nâng cao chất lượng.",
                "Giao Sở Y tế kiểm tra."
            ]
        );
    }
}
