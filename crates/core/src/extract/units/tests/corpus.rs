use super::*;

// ---- the dev corpus -----------------------------------------------------------------------

/// `score_extraction.py`'s `canon()`, ported.
fn canon(name: &str) -> String {
    static ABBR: LazyLock<Vec<(Regex, &str)>> = LazyLock::new(|| {
        [
            (r"\bubnd\b", "ủy ban nhân dân"),
            (r"\bhđnd\b", "hội đồng nhân dân"),
            (
                r"\bkh ?& ?đt\b|\bkh ?và ?đt\b|\bkhđt\b",
                "kế hoạch và đầu tư",
            ),
            (r"\btn ?& ?mt\b|\btnmt\b", "tài nguyên và môi trường"),
            (r"\bgd ?& ?đt\b|\bgdđt\b", "giáo dục và đào tạo"),
            (
                r"\blđ-?tb ?& ?xh\b|\blđtbxh\b|\blđ,? ?tb ?và ?xh\b",
                "lao động thương binh và xã hội",
            ),
            (
                r"\bvh,? ?tt ?& ?dl\b|\bvhttdl\b|\bvh,? ?tt ?và ?dl\b",
                "văn hóa thể thao và du lịch",
            ),
            (
                r"\bnn ?& ?ptnt\b|\bnnptnt\b|\bnn ?và ?ptnt\b",
                "nông nghiệp và phát triển nông thôn",
            ),
            (r"\btt ?& ?tt\b|\btttt\b", "thông tin và truyền thông"),
            (r"\bkh ?& ?cn\b|\bkhcn\b", "khoa học và công nghệ"),
            (r"\bgtvt\b", "giao thông vận tải"),
            (r"\bptnt\b", "phát triển nông thôn"),
            (r"\bnn ?& ?mt\b", "nông nghiệp và môi trường"),
            (r"\bub\b", "ủy ban"),
            (r"\bvp\b|\bvpub\b", "văn phòng"),
            (r"\btp\b", "thành phố"),
        ]
        .into_iter()
        .map(|(p, e)| (Regex::new(p).unwrap(), e))
        .collect()
    });
    static PUNCT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"[\-,;:.()"'“”/]+"#).unwrap());
    static TINH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r" tỉnh( [^ ]+){0,3}$").unwrap());
    const PREFIXES: &[&str] = &[
        "giao ",
        "đề nghị ",
        "yêu cầu ",
        "các đồng chí ",
        "đồng chí ",
        "giám đốc ",
        "thủ trưởng ",
        "chủ tịch ",
        "bộ trưởng ",
    ];
    let mut s: String = name.nfc().collect::<String>().to_lowercase();
    s = s.replace(['–', '—'], "-");
    for (re, new) in ABBR.iter() {
        s = re.replace_all(&s, NoExpand(new)).into_owned();
    }
    s = PUNCT.replace_all(&s, " ").into_owned();
    s = s.replace('&', " và ");
    // Lower case, new-style tone marks ("hoà" → "hòa") and one space between words, as the
    // scorer's canon() leaves them.
    s = crate::domain::text::fold_name(&s);
    let mut changed = true;
    while changed {
        changed = false;
        for p in PREFIXES {
            if let Some(rest) = s.strip_prefix(p) {
                s = rest.to_string();
                changed = true;
            }
        }
    }
    if s.starts_with("sở ") {
        s = TINH.replace(&s, "").into_owned();
    }
    s
}

fn same_unit(a: &str, b: &str) -> bool {
    let (ca, cb) = (canon(a), canon(b));
    if ca.is_empty() || cb.is_empty() {
        return false;
    }
    if ca == cb {
        return true;
    }
    let wa: std::collections::HashSet<&str> = ca.split(' ').collect();
    let wb: std::collections::HashSet<&str> = cb.split(' ').collect();
    let inter = wa.intersection(&wb).count() as f64;
    let union = wa.union(&wb).count() as f64;
    inter / union >= 0.8
}

/// The mentions' names, and the names of groups named one after another joined as the
/// annotators join them ("các Sở, ban, ngành, UBND cấp xã").
fn candidates(quote: &str, ms: &[UnitMention]) -> Vec<String> {
    let mut out: Vec<String> = ms.iter().map(|m| m.name.clone()).collect();
    for i in 0..ms.len() {
        if !ms[i].group {
            continue;
        }
        let mut joined = ms[i].name.clone();
        for j in i + 1..ms.len() {
            let gap = quote[ms[j - 1].end..ms[j].start].trim();
            if !ms[j].group || !is_joining_gap(gap) {
                break;
            }
            let space = if gap.starts_with([',', ';']) { "" } else { " " };
            joined = format!("{joined}{space}{gap} {}", ms[j].name);
            out.push(joined.clone());
        }
    }
    out
}

/// Separators between groups named one after another, with the title of the next one
/// ("; Chủ tịch").
fn is_joining_gap(gap: &str) -> bool {
    let mut words: Vec<String> = gap
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';'))
        .filter(|w| !w.is_empty())
        .map(fold_name)
        .collect();
    if words.first().is_some_and(|w| w == "và" || w == "cùng") {
        words.remove(0);
    }
    let rest = words.join(" ");
    rest.is_empty() || TITLES.contains(&rest.as_str())
}

/// Runs over every task of the dev corpus: how many gold lead and support units are among the
/// mentions of the task's quote.
#[test]
#[ignore]
fn dev_corpus_units() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/dev");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("no corpus at {}", dir.display());
        return;
    };
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    // [all, named in the quote] × [gold, found]
    let mut lead = [[0usize; 2]; 2];
    let mut support = [[0usize; 2]; 2];
    let mut lead_as_recipient = 0;
    for f in &files {
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        let stem = f.file_stem().unwrap().to_string_lossy().to_string();
        for task in doc["tasks"].as_array().into_iter().flatten() {
            let quote = task["quote"].as_str().unwrap_or("");
            let ms = find_units(quote);
            let cands = candidates(quote, &ms);
            let quote_words: std::collections::HashSet<String> =
                canon(quote).split(' ').map(str::to_string).collect();
            for (field, tally) in [("lead", &mut lead), ("support", &mut support)] {
                for gold in task[field].as_array().into_iter().flatten() {
                    let gold = gold.as_str().unwrap_or("");
                    let named = canon(gold).split(' ').all(|w| quote_words.contains(w));
                    let hit = cands.iter().any(|c| same_unit(gold, c));
                    tally[0][0] += 1;
                    tally[0][1] += usize::from(hit);
                    if named {
                        tally[1][0] += 1;
                        tally[1][1] += usize::from(hit);
                    }
                    if field == "lead"
                        && ms
                            .iter()
                            .any(|m| m.role == Role::Recipient && same_unit(gold, &m.name))
                        && !ms
                            .iter()
                            .any(|m| m.role == Role::Named && same_unit(gold, &m.name))
                    {
                        lead_as_recipient += 1;
                    }
                    if !hit && named {
                        println!("{stem} {field} missed: {gold:?} among {cands:?}");
                    }
                    if !hit && !named && std::env::var_os("UNITS_VERBOSE").is_some() {
                        println!("{stem} {field} not in its quote: {gold:?} (mentions {cands:?})");
                    }
                }
            }
        }
    }
    let share = |t: [usize; 2]| {
        if t[0] == 0 {
            0.0
        } else {
            t[1] as f64 / t[0] as f64
        }
    };
    println!(
        "leads:   {}/{} = {:.3} (named in the quote: {}/{} = {:.3}); leads only seen as recipients: {}",
        lead[0][1], lead[0][0], share(lead[0]), lead[1][1], lead[1][0], share(lead[1]), lead_as_recipient
    );
    println!(
        "support: {}/{} = {:.3} (named in the quote: {}/{} = {:.3})",
        support[0][1],
        support[0][0],
        share(support[0]),
        support[1][1],
        support[1][0],
        share(support[1])
    );
}

#[test]
fn a_group_keeps_what_it_belongs_to_and_who_gave_it_work() {
    assert_eq!(
        names("Các cơ quan chuyên môn, cơ quan hành chính khác thuộc Ủy ban nhân dân Thành phố triển khai đánh giá."),
        ["Các cơ quan chuyên môn, cơ quan hành chính khác thuộc Ủy ban nhân dân Thành phố"]
    );
    assert_eq!(
        names("Các Hội được Đảng, Nhà nước giao nhiệm vụ tập trung triển khai."),
        ["Các Hội được Đảng, Nhà nước giao nhiệm vụ"]
    );
    assert_eq!(
        names("Các viện, trường và doanh nghiệp tham gia nghiên cứu."),
        ["Các viện, trường và doanh nghiệp"]
    );
}

#[test]
fn a_dash_inside_a_group_noun_or_a_department_name_keeps_it_whole() {
    let names: Vec<String> =
        find_units("Các đoàn thể, tổ chức chính trị - xã hội phối hợp tuyên truyền.")
            .into_iter()
            .map(|m| m.name)
            .collect();
    assert_eq!(names, ["Các đoàn thể, tổ chức chính trị - xã hội"]);
    let names: Vec<String> = find_units("Giao Phòng Tài chính - Kế hoạch chủ trì tham mưu.")
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, ["Phòng Tài chính - Kế hoạch"]);
}

#[test]
fn a_departments_name_written_with_a_comma_inside_a_name_keeps_it_whole() {
    let names: Vec<String> =
        find_units("Giao Trung tâm Chuyển đổi số Văn hóa, Thể thao và Du lịch xây dựng cơ chế.")
            .into_iter()
            .map(|m| m.name)
            .collect();
    assert_eq!(
        names,
        ["Trung tâm Chuyển đổi số Văn hóa, Thể thao và Du lịch"]
    );
}

#[test]
fn an_office_that_serves_two_bodies_names_both() {
    let names: Vec<String> = find_units("Giao Văn phòng HĐND và UBND huyện theo dõi, đôn đốc.")
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, ["Văn phòng HĐND và UBND huyện"]);
}

#[test]
fn a_role_named_bare_is_a_group_where_a_subject_or_handed_work_stands() {
    assert_eq!(
        names("Chủ đầu tư các dự án đẩy nhanh tiến độ thi công."),
        ["Chủ đầu tư các dự án"]
    );
    assert_eq!(
        names("Giao nhà thầu bảo đảm an toàn lao động."),
        ["nhà thầu"]
    );
    // In the middle of a clause, the role is a partner or an object: not read as a unit here.
    assert_eq!(
        names("Sở Xây dựng kiểm tra hồ sơ của chủ đầu tư."),
        ["Sở Xây dựng"]
    );
    assert!(find_units("Chủ đầu tư các dự án đẩy nhanh tiến độ.")[0].group);
}

#[test]
fn a_title_before_a_persons_name_after_the_province_names_the_office_holder() {
    assert_eq!(
        names("Giao Phó Chủ tịch UBND tỉnh Nguyễn Văn An trực tiếp chỉ đạo."),
        ["Phó Chủ tịch UBND tỉnh Nguyễn Văn An"]
    );
    assert_eq!(
        names("Giao Phó Chủ tịch UBND tỉnh Gia Lai Trần Văn Bình chỉ đạo."),
        ["Phó Chủ tịch UBND tỉnh Gia Lai Trần Văn Bình"]
    );
    // A province, with or without a title, is the committee.
    assert_eq!(
        names("Giao Chủ tịch UBND tỉnh Gia Lai chỉ đạo."),
        ["UBND tỉnh Gia Lai"]
    );
    assert_eq!(
        names("UBND tỉnh Bà Rịa - Vũng Tàu chỉ đạo."),
        ["UBND tỉnh Bà Rịa - Vũng Tàu"]
    );
}

#[test]
fn a_verb_of_directives_ends_a_name_that_went_on_in_lower_case() {
    assert_eq!(
        names("Phòng Tài chính - Kế hoạch cân đối, bố trí kinh phí."),
        ["Phòng Tài chính - Kế hoạch"]
    );
    assert_eq!(
        names("Sở Xây dựng khảo sát hiện trạng, thúc đẩy tiến độ, chia sẻ dữ liệu."),
        ["Sở Xây dựng"]
    );
}

#[test]
fn a_name_in_its_lower_case_words_goes_on_past_va() {
    assert_eq!(
        names("Cục Quản lý nhà và thị trường bất động sản, Trung tâm Thông tin thực hiện."),
        [
            "Cục Quản lý nhà và thị trường bất động sản",
            "Trung tâm Thông tin"
        ]
    );
    // A group, "các" or a verb after "và" is not more of the name.
    assert_eq!(names("Sở Y tế và ngành y tế rà soát."), ["Sở Y tế"]);
    assert_eq!(
        names("Trung tâm Y tế và các đơn vị y tế rà soát."),
        ["Trung tâm Y tế", "các đơn vị y tế"]
    );
}

#[test]
fn a_later_syllable_of_a_compound_does_not_end_a_name() {
    assert_eq!(
        names("Quỹ Đền ơn đáp nghĩa hỗ trợ xây nhà."),
        ["Quỹ Đền ơn đáp nghĩa"]
    );
    // The same syllable outside the compound is the verb it reads as.
    assert_eq!(names("Sở Y tế đáp ứng nhu cầu."), ["Sở Y tế"]);
}

#[test]
fn a_group_keeps_a_long_qualifier_of_lower_case_words() {
    assert_eq!(
        names("Chỉ đạo các trường học thuộc hệ thống giáo dục nghề nghiệp tham gia."),
        ["các trường học thuộc hệ thống giáo dục nghề nghiệp"]
    );
    // "công lập" is a compound: its "lập" is no verb.
    assert_eq!(
        names("Các đơn vị sự nghiệp công lập thuộc Ủy ban nhân dân tỉnh rà soát."),
        ["Các đơn vị sự nghiệp công lập thuộc Ủy ban nhân dân tỉnh"]
    );
}
