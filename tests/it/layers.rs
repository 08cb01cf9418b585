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

/// Each top-level module of `src` and the top-level modules its code names (`crate::x`),
/// comments and test-only files left out.
fn module_imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(src).unwrap();
            let top = rel
                .components()
                .next()
                .and_then(|c| c.as_os_str().to_str())
                .unwrap_or_default()
                .trim_end_matches(".rs")
                .to_string();
            let is_test = rel.components().any(|c| {
                let c = c.as_os_str().to_string_lossy();
                c == "tests" || c == "tests.rs"
            });
            if path.extension().is_none_or(|e| e != "rs") || is_test {
                continue;
            }
            if top == "lib" || top == "main" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let targets = graph.entry(top.clone()).or_default();
            for line in text.lines() {
                let code = line.split("//").next().unwrap_or_default();
                let mut rest = code;
                while let Some(at) = rest.find("crate::") {
                    rest = &rest[at + "crate::".len()..];
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                        .collect();
                    if !name.is_empty() && name != top {
                        targets.insert(name);
                    }
                }
                // `use crate::{a, b::c}`: the names after the brace.
                if let Some(list) = code.split("crate::{").nth(1) {
                    for item in list.split(',') {
                        let name: String = item
                            .trim()
                            .chars()
                            .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                            .collect();
                        if !name.is_empty() && name != top {
                            targets.insert(name);
                        }
                    }
                }
            }
        }
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
        if let Some(cycle) = find_cycle(&graph) {
            panic!(
                "{src}: the modules import each other round {}",
                cycle.join(" → ")
            );
        }
    }
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
