//! The hall's figures (`GET /hall/figures`), worked out the same way for both stores from the
//! recorded times: per clerk, service group and hour of the hall's day, tickets issued, served
//! and not shown, the median and 90th percentile of waiting (issue → first call) and handling
//! (start → end); cases accepted beside one-time notices per item; 好差评 per clerk.

use crate::domain::to_time;
use crate::storage::{FigureRows, TicketTimes};
use crate::tickets::{hall_date, HALL_OFFSET_MS};
use chrono::NaiveDate;
use ow_api::{
    Figures, Grade, ItemFigures, NoticeRecord, RatingFigures, RatingIntake, ServiceGroup,
    TicketFigures, TicketState,
};
use std::collections::BTreeMap;

/// Waiting and handling times of one row, collected before the percentiles are taken.
#[derive(Default)]
struct Acc {
    issued: u32,
    served: u32,
    no_shows: u32,
    waits: Vec<u32>,
    handles: Vec<u32>,
}

fn seconds(from: i64, to: i64) -> u32 {
    u32::try_from((to - from).max(0) / 1000).unwrap_or(u32::MAX)
}

impl Acc {
    fn add(&mut self, t: &TicketTimes) {
        self.issued += 1;
        match t.state {
            TicketState::Finished => self.served += 1,
            TicketState::NoShow => self.no_shows += 1,
            _ => {}
        }
        if let Some(called) = t.called_at {
            self.waits.push(seconds(t.issued_at, called));
        }
        if let (TicketState::Finished, Some(s), Some(e)) = (t.state, t.started_at, t.ended_at) {
            self.handles.push(seconds(s, e));
        }
    }

    fn row(mut self, key: String, label: String) -> TicketFigures {
        TicketFigures {
            key,
            label,
            issued: self.issued,
            served: self.served,
            no_shows: self.no_shows,
            wait_p50: percentile(&mut self.waits, 50),
            wait_p90: percentile(&mut self.waits, 90),
            handle_p50: percentile(&mut self.handles, 50),
            handle_p90: percentile(&mut self.handles, 90),
        }
    }
}

/// The nearest-rank percentile `p` (1–100) of `v`; `None` for no values. Sorts `v`.
pub fn percentile(v: &mut [u32], p: u32) -> Option<u32> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let n = v.len();
    // Nearest rank: ceil(p/100 · n), 1-based.
    let rank = (usize::try_from(p).unwrap_or(100) * n).div_ceil(100).max(1);
    v.get(rank.min(n) - 1).copied()
}

/// The hall's hour (0–23) of an instant.
fn hall_hour(ms: i64) -> u32 {
    u32::try_from((ms + HALL_OFFSET_MS).rem_euclid(86_400_000) / 3_600_000).unwrap_or(0)
}

/// The figures for hall days `from..=to` on `today`, from the stores' rows. Group names come
/// from the hall's set-up; a code or person no longer there shows by its code.
pub fn figures(
    rows: FigureRows,
    groups: &[ServiceGroup],
    from: NaiveDate,
    to: NaiveDate,
    now_ms: i64,
) -> Figures {
    let people: BTreeMap<&str, &str> = rows
        .people
        .iter()
        .map(|(id, name)| (id.as_str(), name.as_str()))
        .collect();
    let name_of = |id: &str| {
        people
            .get(id)
            .map_or_else(|| id.to_owned(), |n| (*n).to_owned())
    };
    let mut total = Acc::default();
    let mut per_clerk: BTreeMap<u32, Acc> = BTreeMap::new();
    let mut per_group: BTreeMap<u32, Acc> = BTreeMap::new();
    let mut per_hour: BTreeMap<u32, Acc> = BTreeMap::new();
    for t in &rows.tickets {
        total.add(t);
        if let Some(c) = t.clerk {
            per_clerk.entry(c).or_default().add(t);
        }
        per_group.entry(t.group).or_default().add(t);
        per_hour.entry(hall_hour(t.issued_at)).or_default().add(t);
    }
    let name = |names: &[String], i: u32| names.get(i as usize).cloned().unwrap_or_default();
    let per_clerk = per_clerk
        .into_iter()
        .map(|(i, acc)| {
            let id = name(&rows.clerks.names, i);
            let label = name_of(&id);
            acc.row(id, label)
        })
        .collect();
    let per_group = per_group
        .into_iter()
        .map(|(i, acc)| {
            let code = name(&rows.groups.names, i);
            let label = groups
                .iter()
                .find(|g| g.code == code)
                .map_or_else(|| code.clone(), |g| g.name.clone());
            acc.row(code, label)
        })
        .collect();
    let per_hour = per_hour
        .into_iter()
        .map(|(h, acc)| acc.row(format!("{h:02}"), format!("{h:02}:00")))
        .collect();

    let mut items: BTreeMap<String, ItemFigures> = BTreeMap::new();
    for (code, item_name, n) in &rows.accepted {
        let e = items.entry(code.clone()).or_insert_with(|| ItemFigures {
            item_code: code.clone(),
            item_name: item_name.clone(),
            accepted: 0,
            notices: 0,
        });
        e.accepted += u32::try_from(*n).unwrap_or(0);
    }
    // A body that no longer parses is left out of the counts rather than failing the report.
    for n in rows
        .notices
        .iter()
        .filter_map(|b| serde_json::from_str::<NoticeRecord>(b).ok())
    {
        let e = items
            .entry(n.item_code.clone())
            .or_insert_with(|| ItemFigures {
                item_code: n.item_code.clone(),
                item_name: n.item_name.clone(),
                accepted: 0,
                notices: 0,
            });
        e.notices += 1;
    }

    let today = hall_date(now_ms).to_string();
    let mut ratings: BTreeMap<String, RatingFigures> = BTreeMap::new();
    for (body, follow_up_by) in &rows.ratings {
        let Ok(r) = serde_json::from_str::<RatingIntake>(body) else {
            continue;
        };
        let e = ratings
            .entry(r.clerk_id.clone())
            .or_insert_with(|| RatingFigures {
                clerk_name: name_of(&r.clerk_id),
                clerk_id: r.clerk_id.clone(),
                grades: [0; 5],
                bad_follow_up_due: 0,
            });
        let slot = match r.grade {
            Grade::VerySatisfied => 0,
            Grade::Satisfied => 1,
            Grade::Acceptable => 2,
            Grade::Dissatisfied => 3,
            Grade::VeryDissatisfied => 4,
        };
        e.grades[slot] += 1;
        if follow_up_by.as_deref().is_some_and(|d| d < today.as_str()) {
            e.bad_follow_up_due += 1;
        }
    }

    Figures {
        from,
        to,
        generated_at: to_time(now_ms),
        total: total.row("all".into(), String::new()),
        per_clerk,
        per_group,
        per_hour,
        per_item: items.into_values().collect(),
        ratings: ratings.into_values().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let mut v: Vec<u32> = (1..=10).rev().collect();
        assert_eq!(percentile(&mut v, 50), Some(5));
        assert_eq!(percentile(&mut v, 90), Some(9));
        assert_eq!(percentile(&mut [7], 90), Some(7));
        assert_eq!(percentile(&mut [], 50), None);
        let mut two = [10, 20];
        assert_eq!(percentile(&mut two, 50), Some(10));
        assert_eq!(percentile(&mut two, 90), Some(20));
    }

    #[test]
    fn hours_are_the_halls() {
        // 01:30 UTC is 09:30 in the hall; 16:00 UTC is the hall's midnight.
        assert_eq!(hall_hour(90 * 60_000), 9);
        assert_eq!(hall_hour(16 * 3_600_000), 0);
    }

    #[test]
    fn tickets_count_by_clerk_group_and_hour_with_their_times() {
        let mut rows = FigureRows::default();
        let g = rows.groups.id("huzheng");
        let a = rows.clerks.id("1024");
        let hour = 3_600_000;
        let t = |state, called: Option<i64>, start: Option<i64>, end: Option<i64>| TicketTimes {
            state,
            group: g,
            clerk: called.map(|_| a),
            issued_at: hour,
            called_at: called,
            started_at: start,
            ended_at: end,
        };
        rows.tickets = vec![
            t(
                TicketState::Finished,
                Some(hour + 60_000),
                Some(hour + 60_000),
                Some(hour + 660_000),
            ),
            t(
                TicketState::Finished,
                Some(hour + 180_000),
                Some(hour + 200_000),
                Some(hour + 500_000),
            ),
            t(TicketState::NoShow, Some(hour + 120_000), None, None),
            t(TicketState::Waiting, None, None, None),
        ];
        rows.people = vec![("1024".into(), "培训收件员".into())];
        let groups = [ServiceGroup {
            code: "huzheng".into(),
            name: "户政".into(),
            prefix: "A".into(),
        }];
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let f = figures(rows, &groups, day, day, hour * 20);
        assert_eq!(
            (f.total.issued, f.total.served, f.total.no_shows),
            (4, 2, 1)
        );
        // Waits 60, 120, 180 s: median 120, p90 180. Handling 600 and 300 s.
        assert_eq!((f.total.wait_p50, f.total.wait_p90), (Some(120), Some(180)));
        assert_eq!(
            (f.total.handle_p50, f.total.handle_p90),
            (Some(300), Some(600))
        );
        assert_eq!(f.per_clerk.len(), 1);
        assert_eq!(f.per_clerk[0].label, "培训收件员");
        assert_eq!(f.per_clerk[0].issued, 3, "the waiting ticket has no clerk");
        assert_eq!(f.per_group[0].label, "户政");
        assert_eq!(f.per_hour[0].key, "09");
    }
}
