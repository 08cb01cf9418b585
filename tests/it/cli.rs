//! The command line as tools outside the code use it: contracts, exit statuses, stdout for output
//! and stderr for logs.

use crate::helpers::{demo_inbox, edxml, fixture, repo, without_text, Cli, SXD};

#[test]
fn the_annotated_example_config_loads() {
    let cli = Cli::new();
    let out = cli.run(&["config", "check", "--config", "config/example.toml"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    // The environment overrides the file: DONDOC__DATA_DIR is set by the helper.
    assert!(
        text.contains(&format!(
            "data_dir = {:?}",
            cli.data_dir.path().display().to_string()
        )),
        "{text}"
    );
    assert!(text.contains("[[sources]]"), "{text}");
}

#[test]
fn config_check_never_prints_a_password() {
    let cli = Cli::new();
    let out = cli
        .command()
        .args(["config", "check"])
        .env(
            "DONDOC__DATABASE__URL",
            "postgres://dondoc:hunter2-secret@db.example/dondoc",
        )
        .output()
        .unwrap();
    assert!(out.status.success());
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains("hunter2-secret"), "{all}");
    assert!(
        all.contains("postgres://dondoc:[redacted]@db.example/dondoc"),
        "{all}"
    );
}

#[test]
fn an_invalid_config_exits_2_naming_file_key_and_reason() {
    let cli = Cli::new();
    let file = cli.path("bad.toml");
    std::fs::write(
        &file,
        "[database]\nmax_connections = \"many\"\n[daemon]\nshutdown_grace = 3\n",
    )
    .unwrap();
    let out = cli.run(&["config", "check", "--config", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("bad.toml: database.max_connections: expected an integer"),
        "{err}"
    );
    assert!(
        err.contains("bad.toml: daemon.shutdown_grace: unknown field"),
        "{err}"
    );
    // The daemon refuses to start on it too, with the same words.
    let run = cli.run(&["--config", file.to_str().unwrap(), "run"]);
    assert_eq!(run.status.code(), Some(2));
}

#[test]
fn config_check_needs_no_prior_setup() {
    let cli = Cli::new();
    let fresh = cli.path("never-created");
    let out = cli
        .command()
        .args(["config", "check"])
        .env("DONDOC__DATA_DIR", &fresh)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!fresh.exists(), "config check must not create data_dir");
}

#[test]
fn listing_on_a_fresh_data_dir_shows_no_task() {
    let cli = Cli::new();
    assert_eq!(cli.stdout(&["tasks", "list", "--json"]), "");
}

#[test]
fn ingested_samples_are_listed_and_a_second_ingest_adds_none() {
    let cli = Cli::new();
    let inbox = demo_inbox();
    let first = cli.stdout(&["ingest", inbox.to_str().unwrap()]);
    assert_eq!(first.lines().count(), 4, "{first}");
    assert!(first.lines().all(|l| l.contains(": stored ")), "{first}");
    let tasks = cli.tasks_json(&[]);
    for line in first.lines() {
        let number = line
            .split(": stored ")
            .nth(1)
            .unwrap()
            .split(',')
            .next()
            .unwrap();
        assert!(
            tasks.iter().any(|t| t["document"]["number"] == number),
            "{number} gave no task: {first}"
        );
    }
    let second = cli.stdout(&["ingest", inbox.to_str().unwrap()]);
    assert!(
        second.lines().all(|l| l.contains(": unchanged")),
        "{second}"
    );
    assert_eq!(
        cli.tasks_json(&[]),
        tasks,
        "a second ingest changes nothing"
    );
    // The files given stay where they are.
    assert_eq!(crate::helpers::files_in(&inbox).len(), 4);
}

/// The 1234/UBND-XD fixture without its text: one header task per recipient.
fn header_only_fixture(cli: &Cli) -> String {
    let path = cli.path("1234-header-only.edxml");
    let bytes = std::fs::read(fixture("directive_ubnd_tth_3tasks.edxml")).unwrap();
    std::fs::write(&path, without_text(&bytes)).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn the_tasks_list_json_honours_its_contract() {
    let cli = Cli::new();
    cli.stdout(&["ingest", &header_only_fixture(&cli)]);
    let tasks = cli.tasks_json(&["--as-of", "2024-06-20"]);
    assert_eq!(tasks.len(), 2);
    let t = &tasks[0];
    assert!(t["id"].is_i64());
    assert_eq!(t["document"]["number"], "1234/UBND-XD");
    assert_eq!(t["document"]["issued"], "2024-05-14");
    assert_eq!(t["lead"]["id"], "so-xay-dung");
    assert_eq!(t["lead"]["name"], "Sở Xây dựng");
    assert!(t["support"].as_array().unwrap().is_empty());
    assert!(t["content"].as_str().unwrap().contains("ngập úng"));
    assert_eq!(t["due"], "2024-06-20");
    assert_eq!(t["state"], "not_started");
    assert_eq!(t["overdue"], false, "due at the end of 20 June");
    assert_eq!(t["provenance"], "header");
    assert_eq!(t["review"], "draft");
    assert!(
        t["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "needs_manual_entry" || f == "no_tasks_extracted"),
        "{t}"
    );
    assert!(t["confirmed_at"].is_null());
    let later = cli.tasks_json(&["--as-of", "2024-06-21"]);
    assert_eq!(later[0]["overdue"], true);
    let instant = cli.tasks_json(&["--as-of", "2024-06-20T23:59:59+07:00"]);
    assert_eq!(instant[0]["overdue"], false);
}

#[test]
fn tasks_are_filtered_by_unit_state_and_overdue() {
    let cli = Cli::new();
    cli.stdout(&["ingest", &header_only_fixture(&cli)]);
    let by_abbreviation = cli.tasks_json(&["--unit", "Sở TN&MT"]);
    assert_eq!(by_abbreviation.len(), 1);
    assert_eq!(
        by_abbreviation[0]["lead"]["name"],
        "Sở Tài nguyên và Môi trường"
    );
    let by_organ_id = cli.tasks_json(&["--unit", "000.00.09.H57"]);
    assert_eq!(by_organ_id, by_abbreviation);
    assert!(cli.tasks_json(&["--state", "done"]).is_empty());
    assert_eq!(cli.tasks_json(&["--state", "not_started"]).len(), 2);
    assert!(cli
        .tasks_json(&["--overdue", "--as-of", "2024-06-01"])
        .is_empty());
    assert_eq!(
        cli.tasks_json(&["--overdue", "--as-of", "2024-07-01"])
            .len(),
        2
    );
    let unknown = cli.run(&["tasks", "list", "--unit", "Sở Không Tồn Tại"]);
    assert_eq!(unknown.status.code(), Some(2));
    let bad_state = cli.run(&["tasks", "list", "--state", "finished"]);
    assert!(!bad_state.status.success());
}

#[test]
fn a_bad_file_is_reported_with_its_reason_and_the_others_go_on() {
    let cli = Cli::new();
    let good = cli.path("1-good.edxml");
    std::fs::write(
        &good,
        edxml(
            "90",
            "UBND-XD",
            "2024/05/10",
            Some("2024/06/01"),
            &[SXD],
            "V/v tốt",
        ),
    )
    .unwrap();
    let bad = cli.path("2-bad.edxml");
    std::fs::write(
        &bad,
        edxml("91", "UBND-XD", "2024/02/30", None, &[SXD], "V/v ngày sai"),
    )
    .unwrap();
    let broken = cli.path("3-broken.edxml");
    std::fs::write(&broken, "<edXML><unclosed>").unwrap();
    let missing = cli.path("4-missing.edxml");
    let last = cli.path("5-last.edxml");
    std::fs::write(
        &last,
        edxml(
            "92",
            "UBND-XD",
            "2024/05/10",
            Some("2024/06/01"),
            &[SXD],
            "V/v cuối",
        ),
    )
    .unwrap();
    // Given against name order: the reports must follow the order given, not the names.
    let args: Vec<&str> = [&last, &good, &bad, &broken, &missing]
        .iter()
        .map(|p| p.to_str().unwrap())
        .collect();
    let mut full = vec!["ingest"];
    full.extend(args.iter());
    let out = cli.run(&full);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a failure shows in the exit status"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{stdout}");
    for (line, path) in lines.iter().zip(&args) {
        assert!(
            line.starts_with(path),
            "reports follow the order given: {stdout}"
        );
    }
    assert!(lines[0].contains("stored 92/UBND-XD"), "{stdout}");
    assert!(lines[1].contains("stored 90/UBND-XD"), "{stdout}");
    assert!(
        lines[2].contains("failed: field MessageHeader/PromulgationInfo/PromulgationDate"),
        "{}",
        lines[2]
    );
    assert!(lines[2].contains("2024/02/30"), "{}", lines[2]);
    assert!(lines[3].contains("failed: malformed xml"), "{}", lines[3]);
    assert!(lines[4].contains("failed: no such file"), "{}", lines[4]);
    assert_eq!(cli.tasks_json(&[]).len(), 2);
}

#[test]
fn a_secret_document_is_dropped_and_leaves_no_trace() {
    let cli = Cli::new();
    let out = cli
        .command()
        .args(["--log-format", "json", "ingest"])
        .arg(fixture("secret_toi_mat.edxml"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("dropped: a secret document"));
    assert!(cli.tasks_json(&[]).is_empty());
    // Its distinctive words appear in no byte written: not the logs, not the database files.
    let mut written = out.stderr.clone();
    for entry in std::fs::read_dir(cli.data_dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            written.extend(std::fs::read(path).unwrap());
        }
    }
    for word in [
        "ALPHA-ZULU-4471",
        "12/UBND-NC",
        "000.00.00.H57,2024/06/03",
        "phương án bảo vệ mục tiêu",
    ] {
        let found = written.windows(word.len()).any(|w| w == word.as_bytes());
        assert!(!found, "{word:?} was written somewhere");
    }
}

#[test]
fn logs_go_to_stderr_as_json_when_asked_and_stdout_holds_only_the_report() {
    let cli = Cli::new();
    let out = cli
        .command()
        .args(["--log-format", "json", "ingest"])
        .arg(repo().join("config/demo/inbox"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.lines().all(|l| l.contains(".edxml: ")), "{stdout}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.lines().count() > 0);
    for line in stderr.lines() {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        assert!(v["level"].is_string() && v["message"].is_string(), "{line}");
    }
}

#[test]
fn calendar_json_lists_a_years_special_days_as_its_contract_says() {
    let cli = Cli::new();
    let lines: Vec<serde_json::Value> = cli
        .stdout(&["calendar", "2024", "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let find = |date: &str| {
        lines
            .iter()
            .find(|v| v["date"] == date)
            .unwrap_or_else(|| panic!("{date}"))
    };
    let tet = find("2024-02-08");
    assert_eq!(
        (tet["working"].as_bool(), tet["kind"].as_str()),
        (Some(false), Some("tet"))
    );
    assert_eq!(tet["provisional"], false);
    let saturday = find("2024-05-04");
    assert_eq!(
        (saturday["working"].as_bool(), saturday["kind"].as_str()),
        (Some(true), Some("worked_saturday"))
    );
    assert_eq!(
        find("2024-04-18")["name"],
        "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
    );
    assert!(lines
        .iter()
        .all(|v| v["date"].as_str().unwrap().starts_with("2024-")));
    // A year without a notice is computed and says so.
    let y2030 = cli.stdout(&["calendar", "2030", "--json"]);
    assert!(
        y2030.lines().all(|l| l.contains("\"provisional\":true")),
        "{y2030}"
    );
}

#[test]
fn calendar_add_counts_working_days_from_the_day_after() {
    let cli = Cli::new();
    assert_eq!(
        cli.stdout(&["calendar", "add", "2024-02-07", "1"]),
        "2024-02-15\n"
    );
    assert_eq!(
        cli.stdout(&["calendar", "add", "2024-05-03", "1"]),
        "2024-05-04\n"
    );
    assert_eq!(
        cli.stdout(&["calendar", "add", "2025-04-25", "3"]),
        "2025-04-29\n",
        "Saturday 26/4/2025 is worked"
    );
    let out = cli.run(&["calendar", "add", "2100-12-30", "10"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn calendar_lunar_gives_the_published_lunar_dates() {
    let cli = Cli::new();
    for (solar, day, month, year) in [
        ("2024-02-08", 29, 12, 2023),
        ("2024-02-14", 5, 1, 2024),
        ("2025-01-25", 26, 12, 2024),
        ("2026-02-20", 4, 1, 2026),
        ("1985-01-21", 1, 1, 1985),
    ] {
        let v: serde_json::Value =
            serde_json::from_str(&cli.stdout(&["calendar", "lunar", solar, "--json"])).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"day": day, "month": month, "year": year, "leap": false}),
            "{solar}"
        );
    }
    let text = cli.stdout(&["calendar", "lunar", "2024-02-08"]);
    assert!(text.contains("tháng Chạp năm Quý Mão"), "{text}");
}

#[test]
fn an_admins_calendar_additions_apply_without_a_rebuild_and_bad_ones_are_refused() {
    let cli = Cli::new();
    let good = cli.path("cal.toml");
    std::fs::write(
        &good,
        "[[calendar.days_off]]\ndate = \"2027-03-08\"\nname = \"Nghỉ theo quyết định của tỉnh\"\n\
         [[calendar.worked_days]]\ndate = \"2027-03-13\"\n",
    )
    .unwrap();
    let config = good.to_str().unwrap();
    assert_eq!(
        cli.stdout(&["--config", config, "calendar", "add", "2027-03-05", "1"]),
        "2027-03-09\n"
    );
    assert_eq!(
        cli.stdout(&["--config", config, "calendar", "add", "2027-03-12", "1"]),
        "2027-03-13\n"
    );

    let bad = cli.path("bad-cal.toml");
    std::fs::write(&bad, "[[calendar.worked_days]]\ndate = \"2027-03-15\"\n[[calendar.days_off]]\ndate = \"2027-02-30\"\n").unwrap();
    let out = cli.run(&["config", "check", "--config", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("2027-03-15 is a Mon, not a Saturday"), "{err}");
    assert!(err.contains("calendar.days_off[0].date"), "{err}");
}

#[test]
fn a_refused_file_becomes_a_dead_letter_that_can_be_shown_retried_and_discarded() {
    let cli = Cli::new();
    let broken = cli.path("broken.edxml");
    std::fs::write(
        &broken,
        edxml("93", "UBND-XD", "2024/13/45", None, &[SXD], "V/v ngày hỏng"),
    )
    .unwrap();
    assert_eq!(
        cli.run(&["ingest", broken.to_str().unwrap()]).status.code(),
        Some(1)
    );
    // Ingesting it again is the same problem, not a second dead letter.
    assert_eq!(
        cli.run(&["ingest", broken.to_str().unwrap()]).status.code(),
        Some(1)
    );

    let listed: Vec<serde_json::Value> = cli
        .stdout(&["deadletters", "list", "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(listed.len(), 1);
    let d = &listed[0];
    assert_eq!(d["source"], "cli");
    assert_eq!(d["origin"], broken.to_str().unwrap());
    assert!(
        d["reason"].as_str().unwrap().contains("PromulgationDate"),
        "{d}"
    );
    assert!(d["received_at"].as_str().unwrap().contains('T'));
    let id = d["id"].as_i64().unwrap().to_string();

    let shown = cli.stdout(&["deadletters", "show", &id]);
    assert!(
        shown.contains("2024/13/45"),
        "the payload is kept as it arrived: {shown}"
    );

    let retry = cli.run(&["deadletters", "retry", &id]);
    assert_eq!(retry.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&retry.stdout).contains("still refused"));
    assert_eq!(
        cli.stdout(&["deadletters", "list", "--json"])
            .lines()
            .count(),
        1
    );

    assert!(cli
        .stdout(&["deadletters", "discard", &id])
        .contains("discarded"));
    assert_eq!(cli.stdout(&["deadletters", "list", "--json"]), "");
    let all = cli.stdout(&["deadletters", "list", "--json", "--all"]);
    assert!(
        all.contains("\"status\":\"discarded\"") && all.contains("\"payload_kept\":false"),
        "{all}"
    );
    assert!(
        crate::helpers::files_in(&cli.path("deadletters")).is_empty(),
        "the payload file is gone"
    );
    assert_eq!(
        cli.run(&["deadletters", "show", "999"]).status.code(),
        Some(2)
    );
}

#[test]
fn extract_json_honours_its_contract_and_a_bad_file_does_not_stop_the_others() {
    let cli = Cli::new();
    let good = cli.path("chi-dao.txt");
    std::fs::write(
        &good,
        "ỦY BAN NHÂN DÂN\nTỈNH THỪA THIÊN HUẾ\nSố: 77/UBND-XD\nThừa Thiên Huế, ngày 03 tháng 6 năm 2024\n\
         V/v rà soát hệ thống thoát nước\n\n\
         Giao Sở Xây dựng chủ trì, phối hợp với Sở Tài chính rà soát toàn bộ hệ thống thoát nước đô thị, \
         báo cáo UBND tỉnh trước ngày 15/7/2024.\n",
    )
    .unwrap();
    let missing = cli.path("khong-co.pdf");
    let out = cli.run(&[
        "extract",
        "--json",
        good.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "a file failed");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("khong-co.pdf"), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    let doc = &lines[0];
    assert_eq!(doc["file"], good.to_str().unwrap());
    assert_eq!(doc["document"]["number"], "77/UBND-XD");
    assert_eq!(doc["document"]["issued"], "2024-06-03");
    let tasks = doc["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 1, "{doc}");
    let t = &tasks[0];
    assert_eq!(t["lead"], serde_json::json!(["Sở Xây dựng"]));
    assert_eq!(t["support"], serde_json::json!(["Sở Tài chính"]));
    assert_eq!(t["due"], "2024-07-15");
    assert_eq!(t["due_time"], serde_json::Value::Null);
    assert!(t["due_text"].as_str().unwrap().contains("15/7/2024"));
    assert!(t["quote"].as_str().unwrap().starts_with("Giao Sở Xây dựng"));
    assert_eq!(t["lead_ids"], serde_json::json!(["so-xay-dung"]));
    assert!(t["confidence"].as_f64().unwrap() > 0.0);
}

#[test]
fn the_demos_directives_confirmed_months_late_get_phieu_bao_1_and_no_escalation() {
    // A new user's first try: the samples in, everything confirmed, remind long after every
    // deadline. No unit has been sent anything, so every Phiếu báo is number 1 and none has gone
    // to the Chairman.
    let cli = Cli::new();
    cli.stdout(&["ingest", demo_inbox().to_str().unwrap()]);
    assert!(cli
        .run(&["review", "confirm", "--all", "--include-flagged"])
        .status
        .success());
    let due = cli.json_lines(&["remind", "--as-of", "2027-06-01", "--dry-run", "--json"]);
    let notices: Vec<&serde_json::Value> = due
        .iter()
        .filter(|n| n["kind"] == "notice" || n["kind"] == "escalation")
        .collect();
    assert!(notices.len() >= 3, "{due:?}");
    for n in notices {
        assert_eq!(n["kind"], "notice", "{n}");
        assert_eq!(n["sequence"], 1, "{n}");
        assert!(
            n["subject"]
                .as_str()
                .unwrap()
                .starts_with("Phiếu báo số 1:"),
            "{n}"
        );
    }
}
