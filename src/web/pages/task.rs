//! `/tasks/{id}`: a task's text, units, deadline, history (its audit trail), the files its unit
//! sent and the notices about it; and the form on which its lead unit (or the Office) reports a
//! result, with a note and a file — the same moves as `dondoc tasks update`.

use axum::body::Body;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{context, Value};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use super::super::auth::PageUser;
use super::super::error::ApiError;
use super::super::views::{self, Upload};
use super::super::WebState;
use super::{notice_view, task_view, Saved};
use crate::domain::{Actor, Role, TaskState, UNIT_REPORTS};
use crate::store::TaskRow;

/// The largest file a unit may attach to a result.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

fn task_id(id: &str) -> Result<i64, ApiError> {
    super::whole_number(id, "a task id")
}

pub async fn page(
    State(state): State<WebState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(saved): Query<Saved>,
) -> Response {
    match build(&state, &user, &id).await {
        Ok(ctx) => {
            let ctx = context! { ..ctx, ..context! { saved => saved.saved.is_some() } };
            state
                .pages
                .render(&state, "task.html.j2", Some(&user), "", ctx)
        }
        Err(e) => state.pages.fail(&state, Some(&user), e),
    }
}

/// The states this account may record for `t` now, as the form offers them.
fn moves(state: &WebState, role: &Role, t: &TaskRow) -> Vec<Value> {
    if state.read_only || t.task.review != crate::domain::ReviewState::Confirmed {
        return Vec::new();
    }
    crate::progress::next_states(t.task.state)
        .iter()
        .filter(|to| role.may_record(&t.task.lead, **to))
        .filter(|to| role.reviews() || UNIT_REPORTS.contains(to))
        .map(|to| {
            context! {
                code => to.as_str(),
                label => state.pages.text(&format!("report.{}", to.as_str()), &[]),
            }
        })
        .collect()
}

async fn build(state: &WebState, user: &PageUser, id: &str) -> Result<Value, ApiError> {
    let id = task_id(id)?;
    let t = super::super::api::readable_task(state, &user.session, id).await?;
    let now = state.clock.now();
    let pages = &state.pages;
    let local = super::local_time;
    let history: Vec<Value> = state
        .store
        .task_events(id)
        .await?
        .iter()
        .map(|e| {
            let action = pages.text(&format!("actions.{}", e.action), &[]);
            context! {
                at => local(e.at),
                by => who(pages, &e.actor),
                action => if action.starts_with("actions.") { e.action.clone() } else { action },
                detail => event_detail(pages, e),
            }
        })
        .collect();
    let files: Vec<Value> = state
        .store
        .task_files(id)
        .await?
        .iter()
        .map(|f| {
            context! {
                id => f.id,
                name => f.name.clone(),
                size => size(f.bytes),
                by => Actor::parse(&f.uploaded_by).map(|a| who(pages, &a)).unwrap_or_default(),
                at => local(f.uploaded_at),
            }
        })
        .collect();
    let mut units: Vec<&str> = vec![t.lead.key.as_str()];
    units.extend(t.support.iter().map(|u| u.key.as_str()));
    let notices: Vec<Value> = state
        .store
        .messages_about(t.task.document.as_str(), &units)
        .await?
        .iter()
        .filter(|n| lists_task(&n.notice.tasks, id))
        .map(|n| notice_view(pages, n))
        .collect();
    Ok(context! {
        task => task_view(pages, &t, now, &state.config.calendar),
        moves => moves(state, &user.session.account.role, &t),
        history => history,
        files => files,
        notices => notices,
    })
}

/// Whether a notice's items (`NoticeItem::to_json`) name the task `id`: a notice about the
/// document to a unit may be about another of its tasks, which this page must not show.
fn lists_task(items: &serde_json::Value, id: i64) -> bool {
    items
        .as_array()
        .is_some_and(|items| items.iter().any(|i| i["task"].as_i64() == Some(id)))
}

/// Who made a change, as an official reads it.
fn who(pages: &super::Pages, actor: &Actor) -> String {
    match actor {
        Actor::User(name) => name.clone(),
        Actor::Source(name) => pages.text("actors.source", &[("name", name.clone())]),
        Actor::System => pages.text("actors.system", &[]),
    }
}

/// What an event changed, in a few words: the state it moved to, the note or reason with it.
fn event_detail(pages: &super::Pages, e: &crate::domain::TaskEvent) -> Option<String> {
    let after = e.after.as_ref()?;
    let mut parts = Vec::new();
    if e.action == "state_changed" {
        if let Some(s) = after["state"].as_str().and_then(TaskState::parse) {
            parts.push(pages.text(&format!("states.{}", s.as_str()), &[]));
        }
    }
    for key in ["note", "reason"] {
        if let Some(n) = after[key].as_str().filter(|n| !n.is_empty()) {
            parts.push(n.to_string());
        }
    }
    (!parts.is_empty()).then(|| parts.join(" — "))
}

fn size(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

/// `POST /tasks/{id}/report`: the form's result, note and file.
pub async fn report(
    State(state): State<WebState>,
    user: PageUser,
    Path(id): Path<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    match take_report(&state, &user, &id, multipart).await {
        Ok(id) => Redirect::to(&format!("/tasks/{id}?saved=1")).into_response(),
        Err(e) => state.pages.fail(&state, Some(&user), e),
    }
}

async fn take_report(
    state: &WebState,
    user: &PageUser,
    id: &str,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<i64, ApiError> {
    let id = task_id(id)?;
    let mut multipart =
        multipart.map_err(|e| ApiError::bad_request(format!("the form: {}", e.body_text())))?;
    let (mut csrf, mut to, mut note, mut file) = (String::new(), None, None, None);
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| ApiError::bad_request(format!("the form: {}", e.body_text())))?
    {
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            "file" => {
                let sent_name = field.file_name().map(str::to_string).unwrap_or_default();
                let upload = receive(state, field, &sent_name).await?;
                file = upload;
            }
            "_csrf" | "state" | "note" => {
                let text = field
                    .text()
                    .await
                    .map_err(|e| ApiError::bad_request(format!("the form: {}", e.body_text())))?;
                match name.as_str() {
                    "_csrf" => csrf = text,
                    "state" if text.trim().is_empty() => {}
                    "state" => {
                        to = Some(TaskState::parse(text.trim()).ok_or_else(|| {
                            ApiError::bad_request("the result is not one of the states offered")
                        })?)
                    }
                    _ => {
                        note = Some(crate::domain::text::nfc(&text));
                    }
                }
            }
            _ => {}
        }
    }
    user.check_csrf(&csrf)?;
    if file.is_some() && to.is_none() && note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return Err(ApiError::bad_request(
            "a file goes with a result or a note that says what it is",
        ));
    }
    views::record_with(state, &user.session, id, to, note.as_deref(), file).await?;
    Ok(id)
}

/// Streams a sent file into a temporary file of the data folder, hashing it, refused past
/// [`MAX_FILE_BYTES`]. An empty file field (none chosen) is no file.
async fn receive(
    state: &WebState,
    mut field: axum::extract::multipart::Field<'_>,
    sent_name: &str,
) -> Result<Option<Upload>, ApiError> {
    let dir = state.config.data_dir.join("results").join("tmp");
    let fail = |e: std::io::Error| ApiError::internal(&format!("receiving a file: {e}"));
    tokio::fs::create_dir_all(&dir).await.map_err(fail)?;
    let temp = dir.join(crate::accounts::new_token());
    let mut out = tokio::fs::File::create(&temp).await.map_err(fail)?;
    // From here the temporary file goes whatever happens: `Upload` removes it when dropped.
    let mut upload = Upload {
        temp,
        name: clean_name(sent_name),
        bytes: 0,
        sha256: String::new(),
    };
    let mut hash = Sha256::new();
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|e| ApiError::bad_request(format!("the file: {}", e.body_text())))?
    {
        upload.bytes += chunk.len() as u64;
        if upload.bytes > MAX_FILE_BYTES {
            return Err(ApiError::bad_request(format!(
                "the file is larger than {} MB",
                MAX_FILE_BYTES >> 20
            )));
        }
        hash.update(&chunk);
        out.write_all(&chunk).await.map_err(fail)?;
    }
    out.flush().await.map_err(fail)?;
    if upload.bytes == 0 && sent_name.is_empty() {
        return Ok(None);
    }
    upload.sha256 = hex::encode(hash.finalize());
    Ok(Some(upload))
}

/// A sent file's name as kept: its last component, NFC, without control characters or path
/// separators, at most 100 characters.
fn clean_name(sent: &str) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = crate::domain::text::nfc(last)
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        "tep-dinh-kem".to_string()
    } else {
        cleaned
    }
}

/// `GET /tasks/{id}/files/{file}`: a file sent with a result, to whoever may read the task;
/// always as a download, never shown in the page (its bytes are the sender's).
pub async fn file(
    State(state): State<WebState>,
    user: PageUser,
    Path((id, file)): Path<(String, String)>,
) -> Response {
    match send_file(&state, &user, &id, &file).await {
        Ok(r) => r,
        Err(e) => state.pages.fail(&state, Some(&user), e),
    }
}

async fn send_file(
    state: &WebState,
    user: &PageUser,
    id: &str,
    file: &str,
) -> Result<Response, ApiError> {
    let id = task_id(id)?;
    super::super::api::readable_task(state, &user.session, id).await?;
    let file_id = super::whole_number(file, "a file id")?;
    let f = state
        .store
        .task_file(file_id)
        .await?
        .filter(|f| f.task_id == id)
        .ok_or_else(|| ApiError::not_found("there is no such file"))?;
    let bytes = tokio::fs::read(state.config.data_dir.join(&f.path))
        .await
        .map_err(|e| ApiError::internal(&format!("reading {}: {e}", f.path)))?;
    let disposition = format!(
        "attachment; filename*=UTF-8''{}",
        super::url_component(&f.name).replace('+', "%20")
    );
    Ok((
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        Body::from(bytes),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sent_file_name_is_kept_without_its_path_or_control_characters() {
        assert_eq!(clean_name("C:\\Users\\a\\Báo cáo.pdf"), "Báo cáo.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\u{0}b\nc.docx"), "abc.docx");
        assert_eq!(clean_name(".."), "tep-dinh-kem");
        assert_eq!(clean_name(""), "tep-dinh-kem");
        assert_eq!(clean_name(&"x".repeat(300)).chars().count(), 100);
    }
}
