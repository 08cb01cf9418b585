//! `cargo bench --bench extract`: how fast a directive's text is read for its tasks, in MB of
//! UTF-8 text per second.
//!
//! Two inputs: a generated directive (our own sentences in the shapes directives use: headings
//! with duties, numbered assignments with "chủ trì, phối hợp", deadlines of every kind, a plan
//! table), always available; and, when `DONDOC_BENCH_CORPUS` names a folder of `.txt`
//! directives, those texts (they stay outside the repository). Each figure is the median of
//! several timed passes.

use std::hint::black_box;
use std::time::Instant;

use dondoc::calendar::Calendar;
use dondoc::extract::{extract, source::SourceText};

/// A directive of `items` numbered assignments in varied shapes.
fn generated(items: usize) -> String {
    let units = [
        "Sở Tài chính",
        "Sở Xây dựng",
        "Sở Y tế",
        "Sở Nội vụ",
        "Công an tỉnh",
        "UBND huyện Phong Điền",
        "Ban Quản lý các khu công nghiệp tỉnh",
    ];
    let mut t = String::from(
        "ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ\nSố: 1234/UBND-TH\nThừa Thiên Huế, ngày 05 tháng 3 năm 2024\nCHỈ THỊ\nVề việc tăng cường quản lý đầu tư công\n",
    );
    for i in 0..items {
        let a = units[i % units.len()];
        let b = units[(i + 3) % units.len()];
        let line = match i % 6 {
            0 => format!("{}. Giao {a} chủ trì, phối hợp với {b} rà soát danh mục dự án chậm tiến độ, báo cáo UBND tỉnh trước ngày {}/{}/2024.\n", i + 1, 1 + i % 28, 1 + i % 12),
            1 => format!("{}. {a} có trách nhiệm:\na) Hướng dẫn các chủ đầu tư lập hồ sơ quyết toán.\nb) Kiểm tra việc giải ngân hằng quý, trước ngày 20 của tháng cuối quý.\n", i + 1),
            2 => format!("{}. Yêu cầu Giám đốc {a} khẩn trương tổ chức kiểm tra; hoàn thành trong tháng {}/2024.\n", i + 1, 1 + i % 12),
            3 => format!("{}. Đề nghị {a}, {b} phối hợp tuyên truyền thường xuyên trên địa bàn; trong thời hạn 10 ngày làm việc kể từ ngày ký, gửi kế hoạch về Sở Tài chính.\n", i + 1),
            4 => format!("{}. Căn cứ Quyết định số {}/QĐ-UBND ngày 12/01/2024, {a} đã hoàn thành việc lập kế hoạch.\n", i + 1, 100 + i),
            _ => format!("{}. Các sở, ban, ngành và UBND các huyện, thị xã, thành phố theo chức năng, nhiệm vụ được giao triển khai thực hiện quý III/2024.\n", i + 1),
        };
        t.push_str(&line);
    }
    t.push_str("TT\nNội dung\nCơ quan chủ trì\nCơ quan phối hợp\nThời gian thực hiện\n");
    for i in 0..items / 4 {
        t.push_str(&format!(
            "{}\nXây dựng cơ sở dữ liệu chuyên ngành số {}\n{}\n{}\nQuý {}/2025\n",
            i + 1,
            i + 1,
            units[i % units.len()],
            units[(i + 2) % units.len()],
            ["I", "II", "III", "IV"][i % 4]
        ));
    }
    t.push_str("Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn A\n");
    t
}

/// Seconds for one pass over `texts`, median of `samples` passes; and the tasks found.
fn measure(cal: &Calendar, texts: &[SourceText], samples: usize) -> (f64, usize) {
    let mut tasks = 0;
    let mut times: Vec<f64> = (0..samples)
        .map(|_| {
            let start = Instant::now();
            tasks = texts
                .iter()
                .map(|t| black_box(extract(black_box(t), cal)).tasks.len())
                .sum();
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[samples / 2], tasks)
}

fn report(name: &str, texts: &[SourceText], cal: &Calendar) {
    let bytes: usize = texts.iter().map(|t| t.text.len()).sum();
    let (secs, tasks) = measure(cal, texts, 7);
    println!(
        "{name:<34} {:>8.2} MB  {:>8.1} ms/pass  {:>7.2} MB/s  {:>6} tasks",
        bytes as f64 / 1e6,
        secs * 1e3,
        bytes as f64 / 1e6 / secs,
        tasks
    );
}

fn main() {
    let cal = Calendar::shipped().expect("the shipped calendar loads");
    let doc = |text: String| SourceText { text, edxml: None };
    report("generated directive, 60 items", &[doc(generated(60))], &cal);
    report(
        "generated directives, 200 × 60 items",
        &(0..200).map(|_| doc(generated(60))).collect::<Vec<_>>(),
        &cal,
    );
    report(
        "generated directive, 2 000 items",
        &[doc(generated(2000))],
        &cal,
    );
    if let Ok(dir) = std::env::var("DONDOC_BENCH_CORPUS") {
        let mut texts = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("DONDOC_BENCH_CORPUS is a folder") {
            let path = entry.expect("a folder entry").path();
            if path.extension().is_some_and(|e| e == "txt") {
                texts.push(doc(std::fs::read_to_string(&path).expect("UTF-8 text")));
            }
        }
        report(&format!("corpus ({} texts)", texts.len()), &texts, &cal);
    }
}
