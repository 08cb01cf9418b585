//! A unit (đơn vị) that receives tasks: a department, an agency, a district committee.

use chrono::NaiveDate;

use super::ids::{EmailAddress, OrganId, UnitKey};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitKind {
    /// UBND tỉnh.
    Committee,
    /// Văn phòng UBND tỉnh.
    Office,
    /// Sở.
    Department,
    /// Ban, ngành, and the central agencies' provincial branches.
    Agency,
    /// UBND cấp huyện (districts, towns, cities).
    District,
    /// Central bodies (Văn phòng Chính phủ, ministries).
    Central,
    Other,
}

impl UnitKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Committee => "committee",
            Self::Office => "office",
            Self::Department => "department",
            Self::Agency => "agency",
            Self::District => "district",
            Self::Central => "central",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Committee,
            Self::Office,
            Self::Department,
            Self::Agency,
            Self::District,
            Self::Central,
            Self::Other,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// The days a unit existed under this name. Documents issued before a 2025 merger still name the
/// old unit; its successor takes over its open tasks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Validity {
    pub from: Option<NaiveDate>,
    /// The last day the unit was valid.
    pub to: Option<NaiveDate>,
}

impl Validity {
    pub fn new(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Self, String> {
        match (from, to) {
            (Some(f), Some(t)) if t < f => Err(format!("valid_to {t} is before valid_from {f}")),
            _ => Ok(Self { from, to }),
        }
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= day) && self.to.is_none_or(|t| day <= t)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub key: UnitKey,
    pub name: String,
    pub kind: UnitKind,
    /// A unit may have several ids: an old-style and a QĐ 20/2020 one, or ids kept after a merger.
    pub organ_ids: Vec<OrganId>,
    /// Whether the ids above were invented for the example directory rather than taken from the axis.
    pub placeholder_ids: bool,
    pub aliases: Vec<String>,
    pub emails: Vec<EmailAddress>,
    pub tracking_specialist: Option<EmailAddress>,
    pub validity: Validity,
    /// Units this one replaced when renamed or merged.
    pub succeeds: Vec<UnitKey>,
    /// False for a unit known only from a document, not from the directory.
    pub verified: bool,
}

impl Unit {
    /// A recipient that a document names but the directory does not know: kept with what the
    /// document said, so its task is not dropped, and flagged for the Office.
    pub fn unverified(organ_id: OrganId, name: Option<&str>) -> Self {
        let name = name
            .map(super::text::nfc)
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| organ_id.to_string());
        Self::unknown(UnitKey::unverified(&organ_id), name, vec![organ_id])
    }

    /// A recipient a document names without any OrganId.
    pub fn unverified_named(name: &str) -> Self {
        Self::unknown(
            UnitKey::unverified_name(name),
            super::text::nfc(name),
            Vec::new(),
        )
    }

    fn unknown(key: UnitKey, name: String, organ_ids: Vec<OrganId>) -> Self {
        Self {
            key,
            name,
            kind: UnitKind::Other,
            organ_ids,
            placeholder_ids: false,
            aliases: Vec::new(),
            emails: Vec::new(),
            tracking_specialist: None,
            validity: Validity::default(),
            succeeds: Vec::new(),
            verified: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_merged_unit_is_valid_up_to_its_last_day() {
        let v = Validity::new(Some(day(2016, 1, 1)), Some(day(2025, 2, 28))).unwrap();
        assert!(v.contains(day(2025, 2, 28)));
        assert!(!v.contains(day(2025, 3, 1)));
        assert!(Validity::new(Some(day(2025, 3, 1)), Some(day(2025, 2, 28))).is_err());
    }

    #[test]
    fn an_unknown_recipient_keeps_its_id_and_name() {
        let u = Unit::unverified(OrganId::parse("000.00.99.H57").unwrap(), Some(" Ban X "));
        assert_eq!(u.name, "Ban X");
        assert!(!u.verified);
        assert!(u.key.is_unverified());
    }
}
