//! `dondoc extract [--json] FILE...`: the tasks a directive assigns, as read from its text. The
//! `--json` form is a contract: one object per file per line.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use serde_json::json;

use super::extract_source as source;
use crate::config::Config;
use crate::extract::{self, tasks::ExtractedTask};

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// One JSON object per file per line.
    #[arg(long)]
    json: bool,
    /// `.txt`, `.docx`, `.pdf` or `.edxml` files.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

pub fn run(config: &Config, args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let directory = &config.units.directory;
    let mut failed = false;
    let mut out = std::io::stdout().lock();
    for file in &args.files {
        let source = match source::load(file) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{e}");
                failed = true;
                continue;
            }
        };
        let found = extract::extract(&source, &config.calendar);
        let h = &found.header;
        if args.json {
            let ids = |names: &[String]| -> Vec<Option<String>> {
                names
                    .iter()
                    .map(|n| {
                        extract::resolve_unit(n, directory, h.issued).map(|u| u.key.to_string())
                    })
                    .collect()
            };
            let tasks: Vec<serde_json::Value> = found
                .tasks
                .iter()
                .map(|t| {
                    let d = t.deadline.as_ref();
                    json!({
                        "lead": t.lead,
                        "support": t.support,
                        "due": d.and_then(|d| d.due).map(|d| d.format("%Y-%m-%d").to_string()),
                        "due_time": d.and_then(|d| d.due_time).map(|t| t.format("%H:%M").to_string()),
                        "due_text": d.map(|d| d.due_text.clone()),
                        "recurring": d.and_then(|d| d.recurring.clone()),
                        "content": t.content,
                        "quote": t.quote,
                        "confidence": t.confidence,
                        "flags": t.flags.iter().filter(|f| f.as_str() != "block").collect::<Vec<_>>(),
                        "lead_ids": ids(&t.lead),
                        "support_ids": ids(&t.support),
                    })
                })
                .collect();
            writeln!(
                out,
                "{}",
                json!({
                    "file": file.display().to_string(),
                    "document": {
                        "number": h.number,
                        "issued": h.issued.map(|d| d.format("%Y-%m-%d").to_string()),
                        "issuer": h.issuer,
                        "doc_type": h.doc_type,
                        "signer": h.signer,
                    },
                    "tasks": tasks,
                })
            )?;
        } else {
            writeln!(
                out,
                "{}: {} {} — {} task(s)",
                file.display(),
                h.doc_type.as_deref().unwrap_or("Văn bản"),
                h.number.as_deref().unwrap_or("(không số)"),
                found.tasks.len()
            )?;
            for (i, t) in found.tasks.iter().enumerate() {
                writeln!(out, "  {}. {}", i + 1, summary(t))?;
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn summary(t: &ExtractedTask) -> String {
    let due = t
        .deadline
        .as_ref()
        .map(|d| match d.due {
            Some(day) => format!(" — hạn {}", day.format("%d/%m/%Y")),
            None => format!(" — {}", d.due_text),
        })
        .unwrap_or_default();
    let support = if t.support.is_empty() {
        String::new()
    } else {
        format!(" (phối hợp: {})", t.support.join(", "))
    };
    format!("{}{support}: {}{due}", t.lead.join(", "), t.content)
}
