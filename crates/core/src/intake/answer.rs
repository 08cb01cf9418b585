//! What a unit's answer (status 02 từ chối → returned, 05 đang xử lý → in progress, 06 hoàn thành
//! → reported) or the sender's revoke (13 thu hồi → cancelled) does to a document's tasks.

use super::PendingAnswer;
use crate::domain::{text::nfc, TaskState};

/// What an answer does to a document's tasks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The unit returned its tasks as wrong or outside its remit, with the reason.
    Returned(String),
    /// The unit is at work on them, saying how it stands, or why it is late, when it says.
    InProgress(Option<String>),
    /// The unit says it has finished; the Office has not checked yet.
    Reported(Option<String>),
    /// The sender withdrew the document; every unfinished task is cancelled.
    Revoked(String),
}

impl Answer {
    /// The answer a status code carries, if any: the other codes (01 đã đến, 03 đã tiếp nhận, 04
    /// phân công, 14–16 about revokes) are noted without changing a task.
    pub fn from_status(code: &str, description: Option<&str>) -> Option<Self> {
        let note = || description.map(nfc).filter(|d| !d.is_empty());
        match code {
            "02" => Some(Self::Returned(
                note().unwrap_or_else(|| "không nêu lý do".into()),
            )),
            "05" => Some(Self::InProgress(note())),
            "06" => Some(Self::Reported(note())),
            "13" => Some(Self::Revoked(
                note().unwrap_or_else(|| "văn bản bị thu hồi".into()),
            )),
            _ => None,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Self::Returned(_) => "returned",
            Self::InProgress(_) => "in_progress",
            Self::Reported(_) => "reported",
            Self::Revoked(_) => "revoked",
        }
    }

    pub fn note(&self) -> Option<&str> {
        match self {
            Self::Returned(n) | Self::Revoked(n) => Some(n),
            Self::InProgress(n) | Self::Reported(n) => n.as_deref(),
        }
    }

    pub fn from_pending(p: &PendingAnswer) -> Option<Self> {
        let note = p.note.clone().unwrap_or_default();
        let said = p.note.clone().filter(|n| !n.is_empty());
        match p.kind.as_str() {
            "returned" => Some(Self::Returned(note)),
            "in_progress" => Some(Self::InProgress(said)),
            "reported" => Some(Self::Reported(said)),
            "revoked" => Some(Self::Revoked(note)),
            _ => None,
        }
    }

    /// Whether the answer concerns one unit's tasks (and so needs to know the unit).
    pub fn needs_unit(&self) -> bool {
        !matches!(self, Self::Revoked(_))
    }

    /// The state a task moves to, if this answer moves it from `from`.
    pub fn moves(&self, from: TaskState) -> Option<TaskState> {
        use TaskState::*;
        let to = match self {
            Self::Returned(_) => Returned,
            Self::InProgress(_) => InProgress,
            Self::Reported(_) => Reported,
            Self::Revoked(_) => Cancelled,
        };
        let allowed = match self {
            Self::Returned(_) => matches!(from, NotStarted | InProgress | Reported),
            Self::InProgress(_) => from == NotStarted,
            Self::Reported(_) => matches!(from, NotStarted | InProgress | Returned),
            Self::Revoked(_) => !matches!(from, Done | Cancelled),
        };
        allowed.then_some(to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reported_task_can_still_be_returned_but_a_done_one_is_not_cancelled() {
        assert_eq!(
            Answer::Returned("x".into()).moves(TaskState::Reported),
            Some(TaskState::Returned)
        );
        assert_eq!(Answer::Revoked("x".into()).moves(TaskState::Done), None);
        assert_eq!(Answer::InProgress(None).moves(TaskState::Reported), None);
        assert_eq!(
            Answer::Reported(None).moves(TaskState::Returned),
            Some(TaskState::Reported)
        );
    }

    #[test]
    fn status_codes_map_to_answers_and_the_rest_are_only_noted() {
        assert_eq!(
            Answer::from_status("02", Some("Không đúng thẩm quyền")),
            Some(Answer::Returned("Không đúng thẩm quyền".into()))
        );
        assert_eq!(
            Answer::from_status("06", None),
            Some(Answer::Reported(None))
        );
        assert_eq!(
            Answer::from_status("05", Some("Chờ ý kiến của Bộ")),
            Some(Answer::InProgress(Some("Chờ ý kiến của Bộ".into()))),
            "a unit's word on how its work stands is kept, as the reason a late task gives"
        );
        assert!(matches!(
            Answer::from_status("13", None),
            Some(Answer::Revoked(_))
        ));
        for code in ["01", "03", "04", "14", "15", "16"] {
            assert_eq!(Answer::from_status(code, None), None, "{code}");
        }
    }
}
