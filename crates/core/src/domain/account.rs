//! The people who use dondoc's web pages and API, and what each role may see and do.
//!
//! The roles follow who does what under the regulation: the Office's specialists enter and track
//! tasks (Điều 6, 7), a unit's tracking officer reports its results (Điều 9), the leaders and the
//! Chief of the Office look on, and an admin runs the service. A unit account always has its
//! unit ([`Role::Unit`] holds it), so no account can be "a unit of no unit".

use super::{InvalidValue, ReviewState, TaskState, UnitKey};

/// A login name: 1–64 lowercase ASCII letters, digits, `.`, `_`, `-`, starting with a letter or
/// a digit. ASCII so that the name an official types on any keyboard is the one stored.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Username(String);

impl Username {
    pub const MAX_LEN: usize = 64;

    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let what = "user name";
        let Some(first) = s.chars().next() else {
            return Err(InvalidValue::new(what, s, "it is empty"));
        };
        if s.len() > Self::MAX_LEN {
            return Err(InvalidValue::new(
                what,
                s,
                "it is longer than 64 characters",
            ));
        }
        if !(first.is_ascii_lowercase() || first.is_ascii_digit()) {
            return Err(InvalidValue::new(
                what,
                s,
                "it must start with a lowercase ASCII letter or a digit",
            ));
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
        {
            return Err(InvalidValue::new(
                what,
                s,
                "only lowercase ASCII letters, digits, '.', '_' and '-' are allowed",
            ));
        }
        Ok(Self(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Username {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What an account is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// A specialist of the Committee's Office: reviews drafts, records any task's state.
    Office,
    /// A unit's tracking officer: sees the tasks its unit leads or coordinates, reports the
    /// results of those it leads.
    Unit(UnitKey),
    /// A leader or the Chief of the Office: sees everything, changes nothing.
    Leader,
    /// Runs the service: accounts, the outbox, the dead letters; sees the tasks, changes none.
    Admin,
}

/// The role names as stored and as `--role` takes them.
pub const ROLE_KINDS: [&str; 4] = ["office", "unit", "leader", "admin"];

impl Role {
    /// A role from its stored parts: `unit` must come with a unit, the others without.
    pub fn from_parts(kind: &str, unit: Option<UnitKey>) -> Result<Self, InvalidValue> {
        match (kind, unit) {
            ("office", None) => Ok(Self::Office),
            ("leader", None) => Ok(Self::Leader),
            ("admin", None) => Ok(Self::Admin),
            ("unit", Some(u)) => Ok(Self::Unit(u)),
            ("unit", None) => Err(InvalidValue::new(
                "role",
                kind,
                "a unit account needs its unit (--unit KEY)",
            )),
            ("office" | "leader" | "admin", Some(_)) => Err(InvalidValue::new(
                "role",
                kind,
                "only a unit account has a unit (drop --unit)",
            )),
            _ => Err(InvalidValue::new(
                "role",
                kind,
                "it is not one of office, unit, leader, admin",
            )),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Self::Office => "office",
            Self::Unit(_) => "unit",
            Self::Leader => "leader",
            Self::Admin => "admin",
        }
    }

    /// The unit of a unit account.
    pub fn unit(&self) -> Option<&UnitKey> {
        match self {
            Self::Unit(u) => Some(u),
            _ => None,
        }
    }

    pub fn vietnamese(&self) -> &'static str {
        match self {
            Self::Office => "Chuyên viên Văn phòng",
            Self::Unit(_) => "Cán bộ đầu mối của đơn vị",
            Self::Leader => "Lãnh đạo",
            Self::Admin => "Quản trị hệ thống",
        }
    }

    /// Whether this role reviews the drafts (confirm, edit, reject): the Office enters tasks.
    pub fn reviews(&self) -> bool {
        matches!(self, Self::Office)
    }

    /// Whether this role sees every unit's tasks, not only its own.
    pub fn sees_every_unit(&self) -> bool {
        !matches!(self, Self::Unit(_))
    }

    /// Whether this role may read a task `lead` leads with `support` coordinating, in review
    /// state `review`. A unit sees a task once the Office has confirmed it: a draft is not yet
    /// assigned (it may be a misreading), and a rejected one never was.
    pub fn may_read_task(&self, lead: &UnitKey, support: &[UnitKey], review: ReviewState) -> bool {
        match self {
            Self::Unit(u) => review == ReviewState::Confirmed && (u == lead || support.contains(u)),
            _ => true,
        }
    }

    /// The states this role may record for a task `lead` leads (before the moves a task's
    /// current state allows). The Office records any; a unit reports on the tasks it leads —
    /// under way, done (reported, for the Office to accept), or returned as not its own — and
    /// not on those it only coordinates, whose results go to the lead (Điều 9.2).
    pub fn may_record(&self, lead: &UnitKey, to: TaskState) -> bool {
        match self {
            Self::Office => true,
            Self::Unit(u) => u == lead && UNIT_REPORTS.contains(&to),
            Self::Leader | Self::Admin => false,
        }
    }

    /// Whether this role manages the accounts, the outbox and the dead letters.
    pub fn administers(&self) -> bool {
        matches!(self, Self::Admin)
    }
}

/// What a unit may report of a task it leads.
pub const UNIT_REPORTS: [TaskState; 3] = [
    TaskState::InProgress,
    TaskState::Reported,
    TaskState::Returned,
];

/// An account as the store keeps it (never with its password).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub username: Username,
    pub role: Role,
    /// A disabled account cannot log in, and its sessions are revoked.
    pub disabled: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> UnitKey {
        UnitKey::parse(s).unwrap()
    }

    #[test]
    fn a_user_name_is_plain_ascii_so_any_keyboard_types_it() {
        for ok in ["nva", "nguyen.van.a", "cv_01", "9x", "a-b"] {
            assert!(Username::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "Nva",
            "nguyễn",
            ".a",
            "-a",
            "a b",
            "a;drop",
            &"a".repeat(65),
        ] {
            assert!(Username::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_unit_account_has_its_unit_and_no_other_account_has_one() {
        assert_eq!(
            Role::from_parts("unit", Some(key("sxd"))).unwrap(),
            Role::Unit(key("sxd"))
        );
        assert!(Role::from_parts("unit", None).is_err());
        assert!(Role::from_parts("office", Some(key("sxd"))).is_err());
        assert!(Role::from_parts("chairman", None).is_err());
        for kind in ROLE_KINDS {
            let unit = (kind == "unit").then(|| key("sxd"));
            assert_eq!(Role::from_parts(kind, unit).unwrap().kind(), kind);
        }
    }

    #[test]
    fn a_unit_sees_the_confirmed_tasks_it_leads_or_coordinates_and_nothing_else() {
        let unit = Role::Unit(key("sxd"));
        let confirmed = ReviewState::Confirmed;
        assert!(unit.may_read_task(&key("sxd"), &[], confirmed));
        assert!(unit.may_read_task(&key("stc"), &[key("sxd")], confirmed));
        assert!(!unit.may_read_task(&key("stc"), &[key("snv")], confirmed));
        // A draft is not assigned yet; a rejected one never was.
        assert!(!unit.may_read_task(&key("sxd"), &[], ReviewState::Draft));
        assert!(!unit.may_read_task(&key("sxd"), &[], ReviewState::Rejected));
        for r in [Role::Office, Role::Leader, Role::Admin] {
            assert!(
                r.may_read_task(&key("stc"), &[], ReviewState::Draft),
                "{r:?}"
            );
            assert!(r.sees_every_unit());
        }
        assert!(!unit.sees_every_unit());
    }

    #[test]
    fn a_unit_reports_on_the_tasks_it_leads_a_leader_changes_nothing() {
        let unit = Role::Unit(key("sxd"));
        assert!(unit.may_record(&key("sxd"), TaskState::Reported));
        assert!(unit.may_record(&key("sxd"), TaskState::Returned));
        assert!(unit.may_record(&key("sxd"), TaskState::InProgress));
        // Done is the Office's word once it has checked the report; so is a cancellation.
        assert!(!unit.may_record(&key("sxd"), TaskState::Done));
        assert!(!unit.may_record(&key("sxd"), TaskState::Cancelled));
        // A coordinating unit reports to the lead, not to the Office.
        assert!(!unit.may_record(&key("stc"), TaskState::Reported));
        for s in TaskState::ALL {
            assert!(Role::Office.may_record(&key("stc"), s));
            assert!(!Role::Leader.may_record(&key("stc"), s));
            assert!(!Role::Admin.may_record(&key("stc"), s));
        }
        assert!(Role::Office.reviews());
        assert!(!Role::Leader.reviews() && !Role::Admin.reviews() && !unit.reviews());
        assert!(Role::Admin.administers() && !Role::Office.administers());
    }
}
