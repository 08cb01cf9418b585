//! Appendix VI, the committee's work programme (Chương trình công tác, Điều 9.2): per unit, the
//! schemes (đề án) it is to submit in the period — registered in the programme at the start of
//! the year, added during it, withdrawn or moved out of it — how many it submitted, how many the
//! committee issued, how many are still not submitted, and its submission rate.
//!
//! A scheme is due in the month the programme gives it; it counts in every period that month
//! falls in. At the report's day a scheme counts as the register said then: added by that day (a
//! registered one belongs from the start of its year, whenever the register was typed in),
//! withdrawn, submitted or issued by that day — the days are kept, so a past month's report reads
//! as it did then.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::{unit_of, Period, ReportUnit, Scope};

/// A scheme of the programme, as the register keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheme {
    pub id: i64,
    /// The unit that submits it (a key).
    pub unit: String,
    pub title: String,
    /// The first day of the month it is due in.
    pub due_month: NaiveDate,
    /// In the programme registered at the start of the year; else added during it.
    pub registered: bool,
    /// The day an added scheme was given (a registered one belongs from its year's start).
    pub added_on: NaiveDate,
    /// The day it was withdrawn or moved out of the programme.
    pub withdrawn_on: Option<NaiveDate>,
    pub submitted_on: Option<NaiveDate>,
    pub issued_on: Option<NaiveDate>,
}

impl Scheme {
    /// The last day of its month.
    pub fn due_by(&self) -> NaiveDate {
        let next = if self.due_month.month() == 12 {
            NaiveDate::from_ymd_opt(self.due_month.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.due_month.year(), self.due_month.month() + 1, 1)
        };
        next.and_then(|d| d.pred_opt()).unwrap_or(self.due_month)
    }

    /// Whether its month falls in `period`.
    pub fn due_in(&self, period: &Period) -> bool {
        self.due_month <= period.to() && self.due_by() >= period.from()
    }

    /// Whether it was in the register on `day`.
    fn known_on(&self, day: NaiveDate) -> bool {
        if self.registered {
            NaiveDate::from_ymd_opt(self.due_month.year(), 1, 1).is_some_and(|start| start <= day)
        } else {
            self.added_on <= day
        }
    }
}

/// One unit's row (or the total's).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProgrammeCounts {
    /// Registered at the start of the year.
    pub registered: u64,
    /// Added during the year.
    pub added: u64,
    /// Withdrawn or moved out (of the registered and the added).
    pub withdrawn: u64,
    /// Submitted (of those not withdrawn).
    pub submitted: u64,
    /// Issued by the committee (of those not withdrawn).
    pub issued: u64,
}

impl ProgrammeCounts {
    /// Registered and added, less withdrawn: what the unit is to submit.
    pub fn due(&self) -> u64 {
        (self.registered + self.added).saturating_sub(self.withdrawn)
    }

    pub fn not_submitted(&self) -> u64 {
        self.due().saturating_sub(self.submitted)
    }

    /// Submitted over due; `None` with nothing due.
    pub fn rate(&self) -> Option<f64> {
        let due = self.due();
        (due > 0).then(|| self.submitted as f64 / due as f64)
    }

    fn plus(&mut self, o: &ProgrammeCounts) {
        self.registered += o.registered;
        self.added += o.added;
        self.withdrawn += o.withdrawn;
        self.submitted += o.submitted;
        self.issued += o.issued;
    }
}

/// A unit's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeRow {
    pub unit: ReportUnit,
    pub counts: ProgrammeCounts,
}

/// Appendix VI for a scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeReport {
    pub period: Period,
    pub as_of: chrono::DateTime<chrono::Utc>,
    pub rows: Vec<ProgrammeRow>,
    pub total: ProgrammeCounts,
}

/// Appendix VI: the schemes due in the scope's period, as the register stood on its day.
pub fn programme_report(
    schemes: &[Scheme],
    units: &HashMap<String, ReportUnit>,
    scope: &Scope,
) -> ProgrammeReport {
    let day = scope.as_of_day();
    let mut by_unit: HashMap<&str, ProgrammeCounts> = HashMap::new();
    for s in schemes
        .iter()
        .filter(|s| s.due_in(&scope.period) && s.known_on(day))
    {
        let c = by_unit.entry(s.unit.as_str()).or_default();
        if s.registered {
            c.registered += 1;
        } else {
            c.added += 1;
        }
        if s.withdrawn_on.is_some_and(|w| w <= day) {
            c.withdrawn += 1;
            continue;
        }
        if s.submitted_on.is_some_and(|d| d <= day) {
            c.submitted += 1;
        }
        if s.issued_on.is_some_and(|d| d <= day) {
            c.issued += 1;
        }
    }
    let mut rows: Vec<ProgrammeRow> = by_unit
        .into_iter()
        .map(|(key, counts)| ProgrammeRow {
            unit: unit_of(units, key),
            counts,
        })
        .collect();
    rows.sort_by_key(|r| r.unit.order());
    let mut total = ProgrammeCounts::default();
    for r in &rows {
        total.plus(&r.counts);
    }
    ProgrammeReport {
        period: scope.period,
        as_of: scope.as_of,
        rows,
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_instant;
    use crate::domain::UnitKind;
    use crate::report::PeriodKind;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn scheme(id: i64, unit: &str, month: &str, registered: bool, added: &str) -> Scheme {
        Scheme {
            id,
            unit: unit.into(),
            title: format!("Đề án {id}"),
            due_month: d(&format!("{month}-01")),
            registered,
            added_on: d(added),
            withdrawn_on: None,
            submitted_on: None,
            issued_on: None,
        }
    }

    fn units() -> HashMap<String, ReportUnit> {
        [("sxd", "Sở Xây dựng"), ("stc", "Sở Tài chính")]
            .into_iter()
            .map(|(k, n)| {
                (
                    k.to_string(),
                    ReportUnit {
                        key: k.into(),
                        name: n.into(),
                        kind: UnitKind::Department,
                    },
                )
            })
            .collect()
    }

    /// June 2027's programme: Xây dựng registered three schemes for June (one withdrawn on 10
    /// June, one submitted on the 20th and issued on the 28th, one submitted on 2 July) and was
    /// given a fourth on 5 June, submitted on the 25th; Tài chính registered one for June, one
    /// for July, and was given one for June on 1 July (after the month).
    fn june() -> Vec<Scheme> {
        let mut s = vec![
            scheme(1, "sxd", "2027-06", true, "2027-01-15"),
            scheme(2, "sxd", "2027-06", true, "2027-01-15"),
            scheme(3, "sxd", "2027-06", true, "2027-01-15"),
            scheme(4, "sxd", "2027-06", false, "2027-06-05"),
            scheme(5, "stc", "2027-06", true, "2027-01-15"),
            scheme(6, "stc", "2027-07", true, "2027-01-15"),
            scheme(7, "stc", "2027-06", false, "2027-07-01"),
        ];
        s[0].withdrawn_on = Some(d("2027-06-10"));
        s[1].submitted_on = Some(d("2027-06-20"));
        s[1].issued_on = Some(d("2027-06-28"));
        s[2].submitted_on = Some(d("2027-07-02"));
        s[3].submitted_on = Some(d("2027-06-25"));
        s
    }

    fn report(as_of: &str) -> ProgrammeReport {
        let month = Period::containing(PeriodKind::Month, d("2027-06-01")).unwrap();
        let at = parse_instant(as_of).unwrap();
        programme_report(&june(), &units(), &Scope::new(month, Some(at), false, at))
    }

    fn row(r: &ProgrammeReport, key: &str) -> ProgrammeCounts {
        r.rows.iter().find(|x| x.unit.key == key).unwrap().counts
    }

    #[test]
    fn a_months_schemes_counted_as_the_register_stood_at_its_end() {
        let r = report("2027-06-30");
        let sxd = row(&r, "sxd");
        assert_eq!(
            (sxd.registered, sxd.added, sxd.withdrawn, sxd.due()),
            (3, 1, 1, 3)
        );
        assert_eq!(
            (sxd.submitted, sxd.issued, sxd.not_submitted()),
            (2, 1, 1),
            "2 and 4 submitted in June, 3 on 2 July"
        );
        assert_eq!(sxd.rate(), Some(2.0 / 3.0));
        let stc = row(&r, "stc");
        assert_eq!(
            (stc.registered, stc.added, stc.due(), stc.submitted),
            (1, 0, 1, 0),
            "July's scheme is not June's; the one given on 1 July was not known yet"
        );
        assert_eq!(stc.rate(), Some(0.0));
        assert_eq!(r.total.due(), 4);
        assert_eq!(r.total.submitted, 2);
    }

    #[test]
    fn the_same_month_later_sees_what_was_submitted_and_added_since() {
        let r = report("2027-07-10");
        assert_eq!(row(&r, "sxd").submitted, 3);
        let stc = row(&r, "stc");
        assert_eq!((stc.added, stc.due()), (1, 2));
        assert_eq!(r.total.not_submitted(), 2);
    }

    #[test]
    fn a_scheme_counts_in_every_period_its_month_falls_in() {
        let s = scheme(1, "sxd", "2027-06", true, "2027-01-15");
        let p = |k, day| Period::containing(k, d(day)).unwrap();
        assert!(s.due_in(&p(PeriodKind::Quarter, "2027-04-01")));
        assert!(s.due_in(&p(PeriodKind::Half, "2027-01-01")));
        assert!(!s.due_in(&p(PeriodKind::Month, "2027-07-01")));
        assert!(s.due_in(&Period::custom(d("2027-06-15"), d("2027-07-15")).unwrap()));
        assert_eq!(s.due_by(), d("2027-06-30"));
        assert_eq!(
            scheme(1, "sxd", "2027-12", true, "2027-01-15").due_by(),
            d("2027-12-31")
        );
    }
}
