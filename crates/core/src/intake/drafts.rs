//! The tasks read from a directive's text, made draft tasks for the Office to review.
//!
//! Each unit name is resolved as the text wrote it: first among the document's own recipients
//! (whose OrganIds the header gives), then in the unit directory, else kept as an unverified unit
//! by name, as an unknown recipient is, so that the task is not lost and the Office sees it. Only
//! this province's directory is searched: an unverified unit another document introduced (another
//! province's department of the same name) is never picked by name.
//!
//! A group the text names ("các sở, ban, ngành", "Thủ trưởng các sở, ban, ngành tỉnh") that the
//! directory's `[[groups]]` expand (`domain::UnitGroups`) gives way to its member units valid on
//! the issue day: a group leading makes one task per member, each flagged
//! [`TaskFlag::FromGroup`], as the regulation tracks each unit's own answer; a group coordinating
//! adds its members to the coordinating units. A group the directory does not expand is kept by
//! name as any unknown unit is.
//!
//! A task that names several units leading together stays one task, as the text assigns it: the
//! first lead the directory knows leads (else the first named), the others join its coordinating
//! units, and the task is flagged [`TaskFlag::JointLead`] for the Office, which may split it.
//! Named beside expanded groups, those units keep one task of their own, and each member of the
//! groups not among them gets its own.

use chrono::{NaiveDate, NaiveTime};

use super::{Planner, Recipient, Resolution, ResolvedUnit};
use crate::domain::text::unit_name_key;
use crate::domain::{
    Confidence, Deadline, Document, EmailAddress, Provenance, Recurrence, ReviewState, Task,
    TaskFlag, TaskState, UnitGroups, UnitKey,
};
use crate::extract::deadline::FoundDeadline;
use crate::extract::tasks::ExtractedTask;

/// The longest content kept when it has to be taken from the quote.
const CONTENT_CHARS: usize = 300;

/// The units of one extracted task, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskUnits {
    pub lead: ResolvedUnit,
    pub support: Vec<ResolvedUnit>,
    /// The text named several leads; all but `lead` are in `support`.
    pub joint: bool,
    /// `lead` is a member of a group the text named as leading, which the directory expanded.
    pub from_group: bool,
}

impl TaskUnits {
    /// Whether every unit is one the directory knows.
    pub fn all_verified(&self) -> bool {
        self.lead.verified && self.support.iter().all(|u| u.verified)
    }

    pub fn all(&self) -> impl Iterator<Item = &ResolvedUnit> {
        std::iter::once(&self.lead).chain(self.support.iter())
    }
}

/// The unit a directive's text names `name`, as of its issue day `on`: a recipient of the
/// document bearing that name (resolved as the header's recipients are, by OrganId first), else
/// the directory's unit of that name or alias, else a new unverified unit with that name.
pub(super) fn resolve_named(
    planner: &mut Planner<'_>,
    recipients: &[Recipient],
    name: &str,
    on: NaiveDate,
) -> Result<ResolvedUnit, super::PlanError> {
    match recipient_named(recipients, name) {
        Some(r) => planner.resolve(r.organ_id.as_ref(), r.name.as_deref(), on),
        // Without an OrganId, only the directory's units are matched by name: never an
        // unverified unit another document introduced.
        None => planner.resolve(None, Some(name), on),
    }
}

/// The recipient of the document that bears `name`, if one does.
pub(super) fn recipient_named<'r>(
    recipients: &'r [Recipient],
    name: &str,
) -> Option<&'r Recipient> {
    let wanted = unit_name_key(name);
    recipients.iter().find(|r| {
        r.name
            .as_deref()
            .is_some_and(|n| unit_name_key(n) == wanted)
    })
}

/// The names a reading's units are resolved by, lead and coordinating, blanks left out.
pub(super) fn named_units(task: &ExtractedTask) -> impl Iterator<Item = &str> {
    task.lead
        .iter()
        .chain(task.support.iter())
        .map(String::as_str)
        .filter(|n| !n.trim().is_empty())
}

/// The members valid on `on` of the group `name` stands for, as the store knows them; `None`
/// when `name` is no configured group, or none of its members is valid that day (the name is
/// then kept as any unknown unit's is, for the Office to see).
pub(super) fn group_members(
    planner: &mut Planner<'_>,
    groups: &UnitGroups,
    name: &str,
    on: NaiveDate,
) -> Option<Vec<ResolvedUnit>> {
    let group = groups.find(name)?;
    let mut members = Vec::new();
    for key in groups.members_on(group, on) {
        match planner.known.unit_by_key(&key) {
            Some(unit) => members.push(unit.clone()),
            // The directory is loaded into the store at every start, so this is a store loaded
            // from another file than the configuration's.
            None => planner.note(super::Note::GroupMemberMissing {
                group: group.name.clone(),
                unit: key,
            }),
        }
    }
    if members.is_empty() {
        planner.note(super::Note::GroupEmptyOn {
            group: group.name.clone(),
            day: on,
        });
        return None;
    }
    Some(members)
}

/// Resolves the units of `task`: usually one set, several when it names a group the directory
/// expands as leading (one per member); none when it names no lead at all.
pub(super) fn resolve_units(
    planner: &mut Planner<'_>,
    recipients: &[Recipient],
    groups: &UnitGroups,
    task: &ExtractedTask,
    on: NaiveDate,
) -> Result<Vec<TaskUnits>, super::PlanError> {
    let mut leads = Vec::new();
    let mut members = Vec::new();
    for name in task.lead.iter().filter(|n| !n.trim().is_empty()) {
        match group_members(planner, groups, name, on) {
            Some(m) => members.extend(m),
            None => leads.push(resolve_named(planner, recipients, name, on)?),
        }
    }
    let mut support = Vec::new();
    for name in task.support.iter().filter(|n| !n.trim().is_empty()) {
        match group_members(planner, groups, name, on) {
            Some(m) => support.extend(m),
            None => support.push(resolve_named(planner, recipients, name, on)?),
        }
    }
    Ok(split_leads(leads, members, support))
}

/// The tasks a reading gives: one for the units named as leading (see [`choose_lead`]), and one
/// for each member of the groups named as leading that is not among them, led by that member.
/// Every task has the same coordinating units, each once and never its own lead.
pub fn split_leads(
    leads: Vec<ResolvedUnit>,
    members: Vec<ResolvedUnit>,
    support: Vec<ResolvedUnit>,
) -> Vec<TaskUnits> {
    let named: Vec<UnitKey> = leads.iter().map(|u| u.key.clone()).collect();
    let mut out: Vec<TaskUnits> = choose_lead(leads, support.clone()).into_iter().collect();
    for member in members {
        if named.contains(&member.key) || out.iter().any(|t| t.lead.key == member.key) {
            continue;
        }
        let mut units: Vec<ResolvedUnit> = Vec::new();
        for u in &support {
            if u.key != member.key && !units.iter().any(|k| k.key == u.key) {
                units.push(u.clone());
            }
        }
        out.push(TaskUnits {
            lead: member,
            support: units,
            joint: false,
            from_group: true,
        });
    }
    out
}

/// The lead among the units named as leading: the first the directory knows, else the first.
/// The other leads come first among the coordinating units; a unit is listed once.
pub fn choose_lead(mut leads: Vec<ResolvedUnit>, support: Vec<ResolvedUnit>) -> Option<TaskUnits> {
    if leads.is_empty() {
        return None;
    }
    let joint = leads.len() > 1;
    let at = leads.iter().position(|u| u.verified).unwrap_or(0);
    let lead = leads.remove(at);
    let mut units: Vec<ResolvedUnit> = Vec::new();
    for u in leads.into_iter().chain(support) {
        if u.key != lead.key && !units.iter().any(|k| k.key == u.key) {
            units.push(u);
        }
    }
    Some(TaskUnits {
        lead,
        support: units,
        joint,
        from_group: false,
    })
}

/// The deadline and recurrence a found deadline gives: its day, with its hour when one was
/// written; a recurrence ("hằng tháng") kept in its words.
pub fn deadline_of(found: Option<&FoundDeadline>) -> (Deadline, Option<Recurrence>) {
    match found {
        Some(f) => deadline_from(f.due, f.due_time, f.recurring.as_deref()),
        None => (Deadline::None, None),
    }
}

fn deadline_from(
    due: Option<NaiveDate>,
    due_time: Option<NaiveTime>,
    recurring: Option<&str>,
) -> (Deadline, Option<Recurrence>) {
    let deadline = match (due, due_time) {
        (Some(day), Some(time)) => Deadline::DateTime(day, time),
        (Some(day), None) => Deadline::Date(day),
        (None, _) => Deadline::None,
    };
    let recurrence = recurring
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| Recurrence(r.to_string()));
    (deadline, recurrence)
}

/// The flags a reading of the text gives, as the extraction names them; names the Office has no
/// use for are left out.
pub fn extraction_flag(name: &str) -> Option<TaskFlag> {
    match name {
        "deadline_before_issue" => Some(TaskFlag::DeadlineBeforeIssue),
        "deadline_year_assumed" => Some(TaskFlag::DeadlineYearAssumed),
        "urgent" => Some(TaskFlag::Urgent),
        "continuous" => Some(TaskFlag::Continuous),
        _ => None,
    }
}

/// Everything the Office should know of a drafted task, sorted and each once.
pub fn flags_of(
    read: &[String],
    deadline: Deadline,
    issued: NaiveDate,
    units: &TaskUnits,
    manual_entry: bool,
) -> Vec<TaskFlag> {
    let mut flags: Vec<TaskFlag> = read.iter().filter_map(|f| extraction_flag(f)).collect();
    if deadline.date().is_some_and(|d| d < issued) {
        flags.push(TaskFlag::DeadlineBeforeIssue);
    }
    if units.lead.how == Resolution::Name {
        flags.push(TaskFlag::UnitMatchedByName);
    }
    if units.joint {
        flags.push(TaskFlag::JointLead);
    }
    if units.from_group {
        flags.push(TaskFlag::FromGroup);
    }
    if manual_entry {
        flags.push(TaskFlag::NeedsManualEntry);
    }
    flags.sort();
    flags.dedup();
    flags
}

/// What is to be done, on one line: the extraction's content, else the sentence it was read
/// from (cut to a readable length), else `fallback`.
pub fn content_of(content: &str, quote: &str, fallback: &str) -> String {
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let content = one_line(content);
    if !content.is_empty() {
        return content;
    }
    let quote = one_line(quote);
    if quote.is_empty() {
        return fallback.to_string();
    }
    if quote.chars().count() <= CONTENT_CHARS {
        quote
    } else {
        let mut cut: String = quote.chars().take(CONTENT_CHARS - 1).collect();
        cut.push('…');
        cut
    }
}

/// The draft task `task` of `document` becomes, its units resolved.
pub fn draft_task(
    document: &Document,
    task: &ExtractedTask,
    units: &TaskUnits,
    manual_entry: bool,
) -> Task {
    let (deadline, recurrence) = deadline_of(task.deadline.as_ref());
    let fallback = document
        .subject
        .clone()
        .unwrap_or_else(|| format!("Thực hiện văn bản số {}", document.number));
    Task {
        document: document.key.clone(),
        content: content_of(&task.content, &task.quote, &fallback),
        lead: units.lead.key.clone(),
        support: units.support.iter().map(|u| u.key.clone()).collect(),
        deadline,
        recurrence,
        state: TaskState::NotStarted,
        provenance: Provenance::Extracted,
        review: ReviewState::Draft,
        tracking_specialist: units
            .lead
            .tracking_specialist
            .as_deref()
            .and_then(|e| EmailAddress::parse(e).ok()),
        reporting_unit: None,
        flags: flags_of(&task.flags, deadline, document.issued, units, manual_entry),
        quote: Some(task.quote.trim().to_string()).filter(|q| !q.is_empty()),
        confidence: Confidence::new(f64::from(task.confidence)).ok(),
    }
}

/// Whether a drafted task is confirmed without waiting for a specialist: only when a threshold is
/// configured, the reading is at least that sure, every unit is the directory's, and no flag asks
/// for a person's eye.
pub fn auto_confirms(threshold: Option<Confidence>, task: &Task, units: &TaskUnits) -> bool {
    match (threshold, task.confidence) {
        (Some(t), Some(c)) => {
            c >= t && units.all_verified() && !task.flags.iter().any(|f| f.needs_a_person())
        }
        _ => false,
    }
}

/// The keys of the units of `units` the directory does not know.
pub fn unverified_keys(units: &TaskUnits) -> impl Iterator<Item = &UnitKey> {
    units.all().filter(|u| !u.verified).map(|u| &u.key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(key: &str, verified: bool) -> ResolvedUnit {
        ResolvedUnit {
            key: UnitKey::parse(key).unwrap(),
            verified,
            tracking_specialist: None,
            how: if verified {
                Resolution::OrganId
            } else {
                Resolution::New
            },
        }
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn read(flags: &[&str]) -> Vec<String> {
        flags.iter().map(|f| f.to_string()).collect()
    }

    fn at(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn joint_leads_make_one_task_led_by_the_first_unit_the_directory_knows() {
        let group = unit("unverified:name-aaaa", false);
        let so_tc = unit("so-tai-chinh", true);
        let so_xd = unit("so-xay-dung", true);
        let units = choose_lead(
            vec![group.clone(), so_tc.clone()],
            vec![so_xd.clone(), so_tc.clone()],
        )
        .unwrap();
        assert_eq!(units.lead, so_tc);
        assert_eq!(
            units.support,
            [group, so_xd],
            "each unit once, the other lead first"
        );
        assert!(units.joint);
        assert!(!units.all_verified());
    }

    #[test]
    fn a_task_naming_only_unknown_leads_is_led_by_the_first_named() {
        let a = unit("unverified:name-aaaa", false);
        let b = unit("unverified:name-bbbb", false);
        let units = choose_lead(vec![a.clone(), b.clone()], vec![]).unwrap();
        assert_eq!((units.lead, units.support), (a, vec![b]));
        assert!(choose_lead(vec![], vec![unit("so-xay-dung", true)]).is_none());
    }

    #[test]
    fn a_group_leading_gives_one_task_per_member_with_the_same_coordinating_units() {
        let so_tc = unit("so-tai-chinh", true);
        let so_xd = unit("so-xay-dung", true);
        let so_yt = unit("so-y-te", true);
        let tasks = split_leads(
            vec![],
            vec![so_tc.clone(), so_xd.clone(), so_tc.clone()],
            vec![so_xd.clone(), so_yt.clone()],
        );
        let leads: Vec<&str> = tasks.iter().map(|t| t.lead.key.as_str()).collect();
        assert_eq!(leads, ["so-tai-chinh", "so-xay-dung"], "each member once");
        assert!(tasks.iter().all(|t| t.from_group && !t.joint));
        assert_eq!(tasks[0].support, [so_xd.clone(), so_yt.clone()]);
        assert_eq!(
            tasks[1].support,
            std::slice::from_ref(&so_yt),
            "a member never coordinates its own task"
        );
        let flags = flags_of(
            &read(&[]),
            Deadline::None,
            d("2026-11-20"),
            &tasks[1],
            false,
        );
        assert_eq!(flags, [TaskFlag::FromGroup]);
        assert!(TaskFlag::FromGroup.needs_a_person());
    }

    #[test]
    fn units_named_beside_a_group_keep_their_joint_task_and_the_other_members_get_theirs() {
        let group = unit("unverified:name-aaaa", false);
        let so_tc = unit("so-tai-chinh", true);
        let so_xd = unit("so-xay-dung", true);
        let so_yt = unit("so-y-te", true);
        let tasks = split_leads(
            vec![group.clone(), so_tc.clone()],
            vec![so_tc.clone(), so_yt.clone()],
            vec![so_xd.clone()],
        );
        assert_eq!(tasks.len(), 2, "{tasks:?}");
        assert_eq!(tasks[0].lead, so_tc, "the named units' task, as before");
        assert_eq!(tasks[0].support, [group, so_xd.clone()]);
        assert!(tasks[0].joint && !tasks[0].from_group);
        assert_eq!(
            (&tasks[1].lead, tasks[1].from_group),
            (&so_yt, true),
            "a member named on its own too gets no second task"
        );
        assert_eq!(tasks[1].support, [so_xd]);
        assert!(split_leads(vec![], vec![], vec![so_tc]).is_empty());
    }

    #[test]
    fn a_found_date_and_hour_become_the_tasks_deadline_and_a_recurrence_is_kept_in_words() {
        let day = d("2026-12-15");
        assert_eq!(
            deadline_from(Some(day), None, None),
            (Deadline::Date(day), None)
        );
        assert_eq!(
            deadline_from(Some(day), Some(at(16, 0)), None).0,
            Deadline::DateTime(day, at(16, 0))
        );
        assert_eq!(
            deadline_from(None, None, Some("hằng tháng")),
            (Deadline::None, Some(Recurrence("hằng tháng".into())))
        );
        assert_eq!(
            deadline_from(None, Some(at(8, 0)), Some(" ")),
            (Deadline::None, None)
        );
        assert_eq!(deadline_of(None), (Deadline::None, None));
    }

    #[test]
    fn a_deadline_before_the_issue_date_is_flagged_whoever_noticed_it() {
        let units = choose_lead(vec![unit("so-tai-chinh", true)], vec![]).unwrap();
        let issued = d("2026-11-20");
        let early = Deadline::Date(d("2026-11-10"));
        assert_eq!(
            flags_of(&read(&[]), early, issued, &units, false),
            [TaskFlag::DeadlineBeforeIssue]
        );
        assert_eq!(
            flags_of(
                &read(&["deadline_before_issue", "block"]),
                early,
                issued,
                &units,
                false
            ),
            [TaskFlag::DeadlineBeforeIssue],
            "once, and names the Office has no use for are dropped"
        );
        let later = Deadline::Date(d("2026-12-10"));
        assert_eq!(
            flags_of(
                &read(&["deadline_year_assumed"]),
                later,
                issued,
                &units,
                true
            ),
            [TaskFlag::NeedsManualEntry, TaskFlag::DeadlineYearAssumed]
        );
    }

    #[test]
    fn content_is_one_line_and_falls_back_to_the_quote_then_the_subject() {
        let quote = "Giao Sở Tài chính rà soát các khoản chi.";
        assert_eq!(
            content_of("rà soát  các khoản\nchi", quote, "V/v"),
            "rà soát các khoản chi"
        );
        assert_eq!(content_of(" ", quote, "V/v"), quote);
        let long = "x ".repeat(400);
        assert_eq!(content_of("", &long, "V/v").chars().count(), CONTENT_CHARS);
        assert_eq!(content_of("", "", "V/v"), "V/v");
    }

    #[test]
    fn only_a_sure_reading_of_known_units_without_flags_is_confirmed_at_once() {
        let known = choose_lead(vec![unit("so-tai-chinh", true)], vec![]).unwrap();
        let task = |confidence: f64, flags: Vec<TaskFlag>| Task {
            document: crate::domain::DocumentKey::from_external(
                "000.00.00.H57,2026/11/20,1/UBND-TH",
            )
            .unwrap(),
            content: "x".into(),
            lead: known.lead.key.clone(),
            support: vec![],
            deadline: Deadline::None,
            recurrence: None,
            state: TaskState::NotStarted,
            provenance: Provenance::Extracted,
            review: ReviewState::Draft,
            tracking_specialist: None,
            reporting_unit: None,
            flags,
            quote: None,
            confidence: Confidence::new(confidence).ok(),
        };
        let threshold = Confidence::new(0.75).ok();
        assert!(auto_confirms(threshold, &task(0.8, vec![]), &known));
        assert!(auto_confirms(
            threshold,
            &task(0.75, vec![TaskFlag::Urgent]),
            &known
        ));
        assert!(!auto_confirms(threshold, &task(0.7, vec![]), &known));
        assert!(
            !auto_confirms(None, &task(1.0, vec![]), &known),
            "off by default"
        );
        assert!(!auto_confirms(
            threshold,
            &task(0.9, vec![TaskFlag::DeadlineBeforeIssue]),
            &known
        ));
        let unknown = choose_lead(vec![unit("unverified:name-aaaa", false)], vec![]).unwrap();
        assert!(!auto_confirms(threshold, &task(0.9, vec![]), &unknown));
    }
}
