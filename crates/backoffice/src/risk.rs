//! What a shift lead chases (`GET /hall/at-risk`): promised dates coming or gone, the
//! five-day clock for a return for supplement running out, owed materials past their day,
//! and returned cases waiting for the citizen. Worked out from the open cases and the
//! hall's working-day calendar, the same for both storage backends.

use crate::storage::CaseRow;
use crate::tickets::hall_date;
use chrono::NaiveDate;
use ow_api::{AtRisk, CaseIntake, CaseState, RiskCase};
use ow_calendar::WorkingCalendar;

/// A promised date this many working days away (or fewer) is at risk.
pub const PROMISED_WITHIN: i32 = 2;
/// A five-day clock ending this many working days from today (or fewer) is running out.
const CLOCK_WITHIN: i32 = 1;
/// At most this many cases per list.
pub const LIST_MAX: usize = 200;

/// Working days from `today` to `day` (negative once past). Past the calendar's years,
/// weekdays are counted, so a list never fails for want of a calendar.
fn days_left(cal: &WorkingCalendar, today: NaiveDate, day: NaiveDate) -> i32 {
    let n = cal.working_days_between(today, day).unwrap_or_else(|_| {
        let (from, to, sign) = if day >= today {
            (today, day, 1)
        } else {
            (day, today, -1)
        };
        let weekdays = from
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= to)
            .filter(|d| chrono::Datelike::weekday(d).num_days_from_monday() < 5)
            .count();
        sign * i64::try_from(weekdays).unwrap_or(i64::MAX)
    });
    i32::try_from(n).unwrap_or(if n < 0 { i32::MIN } else { i32::MAX })
}

fn entry(row: &CaseRow, state: CaseState, due: Option<NaiveDate>, left: Option<i32>) -> RiskCase {
    RiskCase {
        case_number: row.case_number.clone(),
        window_case_no: row.window_case_no.clone(),
        item_name: row.item_name.clone(),
        queue: row.queue.clone(),
        state,
        due,
        days_left: left,
        detail: Vec::new(),
    }
}

/// The four lists, from the open cases `rows`, on the hall's day of `now_ms`.
pub fn at_risk(rows: &[CaseRow], cal: &WorkingCalendar, now_ms: i64) -> AtRisk {
    let today = hall_date(now_ms);
    let mut out = AtRisk {
        today,
        promised: Vec::new(),
        notice_clock: Vec::new(),
        owed_overdue: Vec::new(),
        returned_waiting: Vec::new(),
    };
    for row in rows {
        let Some(state) = CaseState::parse(&row.state) else {
            continue;
        };
        let Ok(intake) = serde_json::from_str::<CaseIntake>(&row.body) else {
            tracing::warn!(case = %row.case_number, "a stored intake does not parse");
            continue;
        };
        let with_department = matches!(state, CaseState::Queued | CaseState::InReview);
        if let (true, Some(by)) = (with_department, intake.promised_by) {
            let left = days_left(cal, today, by);
            if left <= PROMISED_WITHIN {
                out.promised.push(entry(row, state, Some(by), Some(left)));
            }
        }
        if let (true, Some(by)) = (with_department, intake.notice_by) {
            let left = days_left(cal, today, by);
            if left <= CLOCK_WITHIN {
                out.notice_clock
                    .push(entry(row, state, Some(by), Some(left)));
            }
        }
        let overdue: Vec<_> = intake
            .owed
            .iter()
            .filter(|o| o.due.is_some_and(|d| d < today))
            .collect();
        if let Some(first) = overdue.iter().filter_map(|o| o.due).min() {
            let mut e = entry(row, state, Some(first), Some(days_left(cal, today, first)));
            e.detail = overdue.iter().map(|o| o.name.clone()).collect();
            out.owed_overdue.push(e);
        }
        if state == CaseState::Returned {
            let since = hall_date(row.updated_at);
            out.returned_waiting.push(entry(
                row,
                state,
                Some(since),
                Some(days_left(cal, today, since)),
            ));
        }
    }
    for list in [
        &mut out.promised,
        &mut out.notice_clock,
        &mut out.owed_overdue,
        &mut out.returned_waiting,
    ] {
        list.sort_by(|a, b| {
            a.days_left
                .cmp(&b.days_left)
                .then_with(|| a.case_number.cmp(&b.case_number))
        });
        list.truncate(LIST_MAX);
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use chrono::TimeZone;
    use serde_json::json;

    fn row(n: &str, state: &str, intake: serde_json::Value, updated_at: i64) -> CaseRow {
        CaseRow {
            id: 1,
            case_number: n.into(),
            window_case_no: format!("W-{n}"),
            workstation_id: "w".into(),
            queue: "huzheng".into(),
            item_code: "X".into(),
            item_name: "事项".into(),
            priority: "normal".into(),
            state: state.into(),
            assignee: None,
            body: intake.to_string(),
            created_at: 0,
            updated_at,
        }
    }

    fn intake(extra: serde_json::Value) -> serde_json::Value {
        let mut v = json!({
            "window_case_no": "W", "item_code": "X", "item_name": "事项", "queue": "huzheng",
            "clerk_id": "c", "applicant": {"name": "张三", "id_kind": "resident_id", "id_number": "1"},
            "materials": [], "accepted_at": "2026-12-01T01:00:00Z"
        });
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        v
    }

    #[test]
    fn each_list_takes_what_is_at_risk_worst_first_and_leaves_the_rest() {
        // Thursday 3 December 2026, 10:00 in the hall (UTC+8).
        let now = chrono::Utc
            .with_ymd_and_hms(2026, 12, 3, 2, 0, 0)
            .unwrap()
            .timestamp_millis();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let cal = WorkingCalendar::built_in().unwrap();
        let returned_at = chrono::Utc
            .with_ymd_and_hms(2026, 11, 30, 2, 0, 0)
            .unwrap()
            .timestamp_millis();
        let rows = vec![
            row(
                "late",
                "queued",
                intake(json!({"promised_by": "2026-12-02"})),
                now,
            ),
            row(
                "soon",
                "in_review",
                intake(json!({"promised_by": "2026-12-07"})),
                now,
            ),
            row(
                "far",
                "queued",
                intake(json!({"promised_by": "2026-12-31"})),
                now,
            ),
            // Decided by its department: a promised date no longer at risk.
            row(
                "done",
                "approved",
                intake(json!({"promised_by": "2026-12-01"})),
                now,
            ),
            row(
                "clock",
                "queued",
                intake(json!({"notice_by": "2026-12-04"})),
                now,
            ),
            row(
                "clock-later",
                "queued",
                intake(json!({"notice_by": "2026-12-10"})),
                now,
            ),
            row(
                "owes",
                "ready_for_pickup",
                intake(json!({"owed": [
                    {"code": "a", "name": "死亡证明", "due": "2026-11-30"},
                    {"code": "b", "name": "照片", "due": "2026-12-20"}
                ]})),
                now,
            ),
            row("back", "returned", intake(json!({})), returned_at),
            row("garbled", "queued", json!({"not": "an intake"}), now),
        ];
        let r = at_risk(&rows, &cal, now);
        assert_eq!(r.today, d("2026-12-03"));
        let names = |l: &[RiskCase]| l.iter().map(|c| c.case_number.clone()).collect::<Vec<_>>();
        assert_eq!(names(&r.promised), ["late", "soon"]);
        assert_eq!(r.promised[0].days_left, Some(-1));
        // Friday, then Monday: two working days.
        assert_eq!(r.promised[1].days_left, Some(2));
        assert_eq!(names(&r.notice_clock), ["clock"]);
        assert_eq!(r.notice_clock[0].days_left, Some(1));
        assert_eq!(names(&r.owed_overdue), ["owes"]);
        assert_eq!(r.owed_overdue[0].detail, ["死亡证明"]);
        assert_eq!(r.owed_overdue[0].due, Some(d("2026-11-30")));
        assert_eq!(names(&r.returned_waiting), ["back"]);
        assert_eq!(r.returned_waiting[0].days_left, Some(-3));
    }
}
