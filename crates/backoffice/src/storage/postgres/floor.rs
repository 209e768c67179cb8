//! The lead's floor view on PostgreSQL: presence reports and today's tickets.

use super::pg;
use super::tickets::load;
use crate::storage::*;
use deadpool_postgres::Object;

pub(super) async fn put_presence(
    c: &Object,
    ws: &str,
    p: &ow_api::WindowPresence,
    now: i64,
) -> Result<()> {
    let in_hand = p.in_hand.as_ref().map(to_json).transpose()?;
    c.execute(
        "INSERT INTO window_presence (workstation_id, clerk_id, open_cases, in_hand, seen_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (workstation_id) DO UPDATE SET \
         clerk_id = excluded.clerk_id, open_cases = excluded.open_cases, \
         in_hand = excluded.in_hand, seen_at = excluded.seen_at",
        &[&ws, &p.clerk_id, &i64::from(p.open_cases), &in_hand, &now],
    )
    .await
    .map_err(pg("record a window's presence"))?;
    Ok(())
}

pub(super) async fn rows(c: &Object, day: &str) -> Result<FloorRows> {
    let paused = c
        .query(
            "SELECT workstation_id, pause_reason FROM window_state WHERE paused",
            &[],
        )
        .await
        .map_err(pg("read paused windows"))?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<std::result::Result<Vec<_>, tokio_postgres::Error>>()
        .map_err(pg("read paused windows"))?;
    let presence = c
        .query(
            "SELECT p.workstation_id, p.clerk_id, c.name, p.open_cases, p.in_hand, p.seen_at \
             FROM window_presence p LEFT JOIN clerks c ON c.id = p.clerk_id",
            &[],
        )
        .await
        .map_err(pg("read window presence"))?
        .iter()
        .map(|r| {
            Ok(PresenceRow::new(
                r.try_get(0)?,
                r.try_get(1)?,
                r.try_get(2)?,
                r.try_get(3)?,
                r.try_get(4)?,
                r.try_get(5)?,
            ))
        })
        .collect::<std::result::Result<Vec<_>, tokio_postgres::Error>>()
        .map_err(pg("read window presence"))?;
    Ok(FloorRows {
        paused,
        presence,
        at_windows: load(&***c, "t.state IN ('called', 'serving')", &[]).await?,
        waiting: load(&***c, "t.state = 'waiting' AND t.day = $1", &[&day]).await?,
    })
}
