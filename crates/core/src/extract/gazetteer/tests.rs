use super::index::KeyToken;
use super::*;
use crate::domain::text::fold_name;
use std::collections::{HashMap, HashSet};
use unicode_normalization::UnicodeNormalization;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn the_embedded_data_parses() {
    let file = parse(DATA).unwrap_or_else(|e| panic!("gazetteer.toml: {e}"));
    assert!(!file.province.is_empty());
    assert!(!file.body.is_empty());
    assert_eq!(provinces().len(), file.province.len());
    assert_eq!(bodies().len(), file.body.len());
}

#[test]
fn an_unknown_field_is_refused() {
    let bad = "[[province]]\nname = \"X\"\nkind = \"tỉnh\"\ncapital = \"Y\"\n";
    assert!(parse(bad).is_err());
    let bad_kind = "[[body]]\nname = \"X\"\nkind = \"ministère\"\n";
    assert!(parse(bad_kind).is_err());
}

#[test]
fn sixty_three_provinces_until_june_2025_and_thirty_four_from_july() {
    let count = |d: &str, kind: Option<ProvinceKind>| {
        provinces()
            .iter()
            .filter(|p| p.is_valid_on(day(d)))
            .filter(|p| kind.is_none_or(|k| p.kind == k))
            .count()
    };
    assert_eq!(count("2025-06-30", None), 63);
    assert_eq!(count("2025-07-01", None), 34);
    assert_eq!(count("2024-12-31", None), 63);
    assert_eq!(count("2024-12-31", Some(ProvinceKind::City)), 5);
    assert_eq!(count("2025-06-30", Some(ProvinceKind::City)), 6);
    assert_eq!(count("2025-07-01", Some(ProvinceKind::City)), 6);
    assert_eq!(count("2025-07-01", Some(ProvinceKind::Province)), 28);
    // Every province ended on 30 June 2025 was merged into one that goes on.
    let ended: Vec<_> = provinces()
        .iter()
        .filter(|p| p.valid_until == Some(day("2025-06-30")))
        .collect();
    assert_eq!(ended.len(), 29);
}

#[test]
fn every_merger_and_succession_names_an_entry_valid_the_day_after() {
    for p in provinces() {
        match (&p.merged_into, p.valid_until) {
            (Some(target), Some(until)) => {
                let next = until.succ_opt().unwrap();
                let t = provinces().iter().find(|q| &q.name == target);
                let t = t.unwrap_or_else(|| panic!("{}: no province {target}", p.name));
                assert!(t.is_valid_on(next), "{} → {target}", p.name);
            }
            (None, None) => {}
            _ => panic!("{}: merged_into and valid_until go together", p.name),
        }
    }
    for b in bodies() {
        if let Some(target) = &b.successor {
            let until = b.valid_until.expect("a body with a successor has ended");
            let t = bodies().iter().find(|c| &c.name == target);
            let t = t.unwrap_or_else(|| panic!("{}: no body {target}", b.name));
            assert!(
                t.is_valid_on(until.succ_opt().unwrap()),
                "{} → {target}",
                b.name
            );
        }
    }
}

#[test]
fn ministries_before_and_after_the_march_2025_reorganisation() {
    let ministries = |d: &str| {
        bodies()
            .iter()
            .filter(|b| b.kind == BodyKind::Ministry && b.is_valid_on(day(d)))
            .count()
    };
    // 18 ministries and 4 ministerial-level agencies, then 14 and 3.
    assert_eq!(ministries("2025-02-28"), 22);
    assert_eq!(ministries("2025-03-01"), 17);
}

#[test]
fn every_province_name_is_found_in_any_case() {
    for p in provinces() {
        for name in std::iter::once(&p.name).chain(&p.aliases) {
            for written in [name.clone(), name.to_lowercase(), name.to_uppercase()] {
                let text = format!("{written}, và các tỉnh khác");
                let (found, len) =
                    province_at(&text).unwrap_or_else(|| panic!("{written:?} not found"));
                assert_eq!(found.name, p.name, "{written:?}");
                assert_eq!(&text[..len], written, "{written:?}");
            }
            assert!(is_province_name(name), "{name}");
        }
    }
}

#[test]
fn every_body_name_alias_and_abbreviation_is_found() {
    for b in bodies() {
        for name in std::iter::once(&b.name).chain(&b.aliases) {
            for written in [name.clone(), name.to_lowercase()] {
                let text = format!("{written} chủ trì, phối hợp");
                let (found, len) =
                    body_at(&text).unwrap_or_else(|| panic!("{written:?} not found"));
                assert_eq!(found.name, b.name, "{written:?}");
                assert_eq!(&text[..len], written);
            }
            assert_eq!(find_body(name).map(|f| &f.name), Some(&b.name));
        }
        for abbr in &b.abbreviations {
            let text = format!("{abbr}; các đơn vị");
            let (found, len) = body_at(&text).unwrap_or_else(|| panic!("{abbr} not found"));
            assert_eq!((found.name.as_str(), len), (b.name.as_str(), abbr.len()));
            assert_eq!(find_body(abbr).map(|f| &f.name), Some(&b.name));
        }
    }
}

#[test]
fn abbreviations_match_as_written_and_as_whole_words() {
    assert_eq!(
        body_at("EVN báo cáo").map(|(b, l)| (b.name.as_str(), l)),
        Some(("Tập đoàn Điện lực Việt Nam", 3))
    );
    assert_eq!(body_at("NHNN.").map(|(_, l)| l), Some(4));
    assert_eq!(body_at("BHXH VN hướng dẫn").map(|(_, l)| l), Some(7));
    assert_eq!(
        body_at("ĐHQG-HN phối hợp").map(|(b, _)| b.name.as_str()),
        Some("Đại học Quốc gia Hà Nội")
    );
    assert!(body_at("evn báo cáo").is_none());
    assert!(body_at("Nhnn").is_none());
    assert!(body_at("EVNX").is_none());
    assert!(body_at("NHNN2").is_none());
    assert!(body_at("xEVN").is_none());
    assert!(find_body("EVN chủ trì").is_none());
}

#[test]
fn short_forms_and_loose_punctuation() {
    let name = |t: &str| body_at(t).map(|(b, _)| b.name.as_str());
    assert_eq!(name("Bộ KH&ĐT chủ trì"), Some("Bộ Kế hoạch và Đầu tư"));
    assert_eq!(name("Bộ KH & ĐT chủ trì"), Some("Bộ Kế hoạch và Đầu tư"));
    assert_eq!(
        name("Bộ NN&PTNT"),
        Some("Bộ Nông nghiệp và Phát triển nông thôn")
    );
    assert_eq!(
        name("Bộ LĐ - TB & XH"),
        Some("Bộ Lao động - Thương binh và Xã hội")
    );
    assert_eq!(
        name("Bộ Lao động–Thương binh và Xã hội"),
        Some("Bộ Lao động - Thương binh và Xã hội")
    );
    assert_eq!(
        name("Bộ VH, TT&DL"),
        Some("Bộ Văn hóa, Thể thao và Du lịch")
    );
    assert_eq!(
        name("Bộ Văn hoá Thể thao và Du lịch"),
        Some("Bộ Văn hóa, Thể thao và Du lịch")
    );
    assert_eq!(name("Bộ TT&TT"), Some("Bộ Thông tin và Truyền thông"));
    assert_eq!(name("Bộ GTVT"), Some("Bộ Giao thông vận tải"));
    assert_eq!(name("Bộ GD&ĐT"), Some("Bộ Giáo dục và Đào tạo"));
    assert_eq!(name("Bộ KH&CN"), Some("Bộ Khoa học và Công nghệ"));
    assert_eq!(name("Bộ TN&MT"), Some("Bộ Tài nguyên và Môi trường"));
    assert_eq!(name("Uỷ ban Dân tộc"), Some("Ủy ban Dân tộc"));
    assert_eq!(
        name("Toà án nhân dân tối cao"),
        Some("Tòa án nhân dân tối cao")
    );
    assert_eq!(
        name("Tập đoàn Dầu khí Việt Nam"),
        Some("Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam")
    );
    assert_eq!(
        name("Tập đoàn Công nghiệp Năng lượng Quốc gia Việt Nam"),
        Some("Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam")
    );
    // A mark the text adds is not in the spelling.
    assert_eq!(body_at("Bộ Tài, chính").map(|(_, l)| l), None);

    let province = |t: &str| province_at(t).map(|(p, l)| (p.name.as_str(), l));
    for t in [
        "Bà Rịa-Vũng Tàu",
        "Bà Rịa - Vũng Tàu",
        "Bà Rịa – Vũng Tàu",
        "Bà Rịa Vũng Tàu",
    ] {
        assert_eq!(province(t), Some(("Bà Rịa - Vũng Tàu", t.len())), "{t}");
    }
    for t in [
        "TP.HCM",
        "TP. HCM",
        "TP HCM",
        "Tp.HCM",
        "tp.hcm",
        "TPHCM",
        "TP. Hồ Chí Minh",
    ] {
        assert_eq!(province(t), Some(("Hồ Chí Minh", t.len())), "{t}");
    }
    for t in [
        "Thừa Thiên - Huế",
        "Thừa Thiên-Huế",
        "Thừa Thiên Huế",
        "TT-Huế",
    ] {
        assert_eq!(province(t), Some(("Thừa Thiên Huế", t.len())), "{t}");
    }
    assert_eq!(province("Huế."), Some(("Huế", "Huế".len())));
}

#[test]
fn old_style_tone_marks_and_nfd_text_are_found() {
    let (p, len) = province_at("Khánh Hoà, Ninh Thuận").unwrap();
    assert_eq!((p.name.as_str(), len), ("Khánh Hòa", "Khánh Hoà".len()));
    assert_eq!(
        province_at("THANH HOÁ").map(|(p, _)| p.name.as_str()),
        Some("Thanh Hóa")
    );
    assert_eq!(
        province_at("Hoà Bình").map(|(p, _)| p.name.as_str()),
        Some("Hòa Bình")
    );
    assert_eq!(
        province_at("Đắc Lắc").map(|(p, _)| p.name.as_str()),
        Some("Đắk Lắk")
    );
    let nfd: String = "Hà Nội và".nfd().collect();
    let (p, len) = province_at(&nfd).unwrap();
    assert_eq!(p.name, "Hà Nội");
    assert_eq!(&nfd[..len], "Hà Nội".nfd().collect::<String>());
}

#[test]
fn the_longest_spelling_wins() {
    let (b, len) = body_at("Trung ương Đoàn TNCS Hồ Chí Minh chủ trì").unwrap();
    assert_eq!(b.name, "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh");
    assert_eq!(len, "Trung ương Đoàn TNCS Hồ Chí Minh".len());
    let (b, len) = body_at("Ngân hàng Nhà nước Việt Nam, Bộ Tài chính").unwrap();
    assert_eq!(b.name, "Ngân hàng Nhà nước Việt Nam");
    assert_eq!(len, "Ngân hàng Nhà nước Việt Nam".len());
    let (b, len) = body_at("Ngân hàng Nhà nước chi nhánh").unwrap();
    assert_eq!(b.name, "Ngân hàng Nhà nước Việt Nam");
    assert_eq!(len, "Ngân hàng Nhà nước".len());
}

#[test]
fn a_match_ends_at_a_word_boundary_and_starts_at_the_first_byte() {
    assert!(province_at("Hà Nộix").is_none());
    assert!(province_at("Hà Nội2").is_none());
    assert!(province_at("Hà Nội\u{301}").is_none());
    assert!(province_at("Hà").is_none());
    assert!(province_at(" Hà Nội").is_none());
    assert!(province_at("tỉnh Hà Nam").is_none());
    assert_eq!(province_at("Hà Nội-").map(|(_, l)| l), Some("Hà Nội".len()));
    assert_eq!(
        province_at("Hà\nNội").map(|(_, l)| l),
        Some("Hà\nNội".len())
    );
    assert!(province_at("Hà\n\nNội").is_none());
    assert!(body_at("Bộ Tài chínhh").is_none());
    assert!(!is_province_name("Hà Nội."));
    assert!(!is_province_name("Hà"));
    assert!(is_province_name("  Quảng Nam "));
    assert!(!is_province_name("Sở Tài chính"));
    assert_eq!(
        find_province("Kontum").map(|p| p.name.as_str()),
        Some("Kon Tum")
    );
}

#[test]
fn odd_input_never_panics() {
    let odd = [
        "",
        " ",
        "İ",
        "İİİ Hà Nội",
        "\u{301}",
        "\u{301}\u{301}Hà",
        "HÀ NỘİ",
        "-",
        "– Hà Nội",
        "ẞ",
        "Bộ KH&",
        "TP.",
        "Bà Rịa -",
        "\n\n",
        "EVN\u{301}",
        "Đ\u{0323}\u{0302}",
    ];
    for s in odd {
        let joined = format!("{s}Hà Nội {s} EVN {s}");
        for t in [s.to_string(), joined] {
            for (i, _) in t.char_indices().chain([(t.len(), ' ')]) {
                let rest = &t[i..];
                for len in [
                    province_at(rest).map(|(_, l)| l),
                    body_at(rest).map(|(_, l)| l),
                ]
                .into_iter()
                .flatten()
                {
                    assert!(len <= rest.len() && rest.is_char_boundary(len), "{rest:?}");
                }
                let _ = is_province_name(rest);
                let _ = find_body(rest);
            }
        }
    }
}

#[test]
fn no_name_spelling_or_abbreviation_is_listed_twice() {
    // Names are unique in each table.
    let mut seen = HashSet::new();
    for p in provinces() {
        assert!(seen.insert(fold_name(&p.name)), "province {} twice", p.name);
    }
    let mut seen = HashSet::new();
    for b in bodies() {
        assert!(seen.insert(fold_name(&b.name)), "body {} twice", b.name);
    }
    // Abbreviations are unique.
    let mut seen = HashSet::new();
    for abbr in bodies().iter().flat_map(|b| &b.abbreviations) {
        assert!(seen.insert(abbr.as_str()), "abbreviation {abbr} twice");
    }
    // No two entries share a spelling once punctuation, case and tone placement are set
    // aside: the text could not tell them apart.
    for (what, index) in [
        ("province", &GAZETTEER.province_index),
        ("body", &GAZETTEER.body_index),
    ] {
        let mut owner: HashMap<Vec<String>, usize> = HashMap::new();
        for key in &index.keys {
            let words: Vec<String> = key
                .tokens
                .iter()
                .filter_map(|t| match t {
                    KeyToken::Word(w) => Some(fold_name(w)),
                    KeyToken::Punct(_) => None,
                })
                .collect();
            assert!(!words.is_empty());
            let first = *owner.entry(words.clone()).or_insert(key.entry);
            assert_eq!(
                first, key.entry,
                "{what} spelling {words:?} for two entries"
            );
        }
    }
}
