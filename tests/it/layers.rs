//! The layers hold by construction: the rules' crate depends on no I/O crate and on nothing of
//! ours, the store on the rules alone, the service on no SQL driver; and within the service no
//! two top-level modules import each other round a cycle. Read from the manifests and the
//! sources, so that a change breaking a layer fails here, not in a review.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The names of a manifest's `[dependencies]` (not its dev-dependencies).
fn dependencies(manifest: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(manifest).unwrap();
    let doc: toml::Table = toml::from_str(&text).unwrap();
    doc.get("dependencies")
        .and_then(|d| d.as_table())
        .map(|d| d.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn core_does_no_io_and_depends_on_nothing_of_ours() {
    let deps = dependencies(&root().join("crates/core/Cargo.toml"));
    for banned in ["sqlx", "tokio", "lettre", "reqwest", "hyper", "tokio-util"] {
        assert!(!deps.contains(banned), "dondoc-core depends on {banned}");
    }
    let ours: Vec<&String> = deps.iter().filter(|d| d.starts_with("dondoc")).collect();
    assert!(ours.is_empty(), "dondoc-core depends on {ours:?}");
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out
}

#[test]
fn core_reads_no_clock_and_no_file_but_the_admins_calendar_folder() {
    let core = root().join("crates/core/src");
    let mut offenders = Vec::new();
    for file in sources(&core) {
        let rel = file
            .strip_prefix(&core)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if rel.contains("tests") {
            continue;
        }
        let code = code_of(&file);
        // Test modules at the end of a file may make temporary files; the rules above them may not.
        let code = code.split("#[cfg(test)]").next().unwrap_or_default();
        for call in [
            "Utc::now",
            "Local::now",
            "SystemTime::now",
            "Instant::now",
            "std::net",
            "std::process",
        ] {
            if code.contains(call) {
                offenders.push(format!("{rel}: {call}"));
            }
        }
        if code.contains("std::fs") && rel != "calendar/schedule.rs" {
            offenders.push(format!("{rel}: std::fs"));
        }
    }
    assert!(offenders.is_empty(), "core does I/O: {offenders:?}");
}

#[test]
fn the_store_depends_on_core_alone_and_only_it_runs_sql() {
    let store = dependencies(&root().join("crates/store/Cargo.toml"));
    let ours: Vec<&String> = store.iter().filter(|d| d.starts_with("dondoc")).collect();
    assert_eq!(ours, ["dondoc-core"]);
    for banned in ["lettre", "reqwest"] {
        assert!(!store.contains(banned), "dondoc-store depends on {banned}");
    }
    let service = dependencies(&root().join("Cargo.toml"));
    assert!(
        !service.contains("sqlx"),
        "the service depends on sqlx; SQL belongs in crates/store"
    );
}

/// The source of a file without its comments.
fn code_of(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level module names `code` reaches through `prefix` (`crate::`, or `super::` in a
/// top-level module's own file, where it is the crate root): `prefix x`, and each name of a
/// `prefix {x, y::z}` group, however it is spread over lines.
fn named_through(code: &str, prefix: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
            .collect()
    };
    let mut names = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find(prefix) {
        rest = &rest[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The group's items at its own depth.
            let (mut depth, mut item_start, mut items) = (0usize, 0usize, Vec::new());
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        items.push(&group[item_start..i]);
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        items.push(&group[item_start..i]);
                        item_start = i + 1;
                    }
                    _ => {}
                }
            }
            names.extend(items.into_iter().map(ident).filter(|n| !n.is_empty()));
        } else {
            names.insert(ident(rest));
        }
    }
    names.remove("");
    names.remove("self");
    names
}

/// Each top-level module of `src` and the top-level modules its code names, test-only files left
/// out.
fn module_imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in sources(src) {
        let rel = path.strip_prefix(src).unwrap();
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let top = parts[0].trim_end_matches(".rs").to_string();
        let is_test = parts.iter().any(|c| c == "tests" || c == "tests.rs");
        if is_test || top == "lib" || top == "main" {
            continue;
        }
        let code = code_of(&path);
        let mut names = named_through(&code, "crate::");
        // `src/x.rs` or `src/x/mod.rs`: its `super::` is the crate root.
        let top_level_file = parts.len() == 1 || (parts.len() == 2 && parts[1] == "mod.rs");
        if top_level_file {
            names.extend(named_through(&code, "super::"));
        }
        names.remove(&top);
        graph.entry(top).or_default().extend(names);
    }
    graph
}

/// A cycle through `graph`, if there is one (depth-first search, colouring each module).
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, done, path) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut done, &mut Vec::new()))
}

#[test]
fn no_two_modules_of_a_crate_import_each_other_round_a_cycle() {
    for src in ["src", "crates/core/src", "crates/store/src"] {
        let graph = module_imports(&root().join(src));
        assert!(graph.len() > 3, "{src}: the modules were not read");
        assert!(
            graph.values().any(|to| !to.is_empty()),
            "{src}: no import between modules was read"
        );
        if let Some(cycle) = find_cycle(&graph) {
            panic!(
                "{src}: the modules import each other round {}",
                cycle.join(" → ")
            );
        }
    }
}

#[test]
fn imports_are_read_however_they_are_written() {
    let code = "use crate::config::Config;\nuse crate::{\n    domain::{Task, Unit},\n    store,\n};\nlet x = super::time::day(d);";
    assert_eq!(
        named_through(code, "crate::"),
        ["config", "domain", "store"].map(String::from).into()
    );
    assert_eq!(
        named_through(code, "super::"),
        ["time"].map(String::from).into()
    );
}

#[test]
fn a_cycle_is_found_when_there_is_one() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("config", &["sync"][..]),
        ("sync", &["store"]),
        ("store", &["config"]),
        ("mail", &["store"]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
    .collect();
    let cycle = find_cycle(&graph).unwrap();
    assert_eq!(cycle.first(), cycle.last());
    assert_eq!(cycle.len(), 4, "{cycle:?}");
    let acyclic: BTreeMap<String, BTreeSet<String>> =
        graph.into_iter().filter(|(k, _)| k != "store").collect();
    assert_eq!(find_cycle(&acyclic), None);
}
