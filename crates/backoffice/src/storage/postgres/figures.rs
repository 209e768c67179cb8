//! The rows the figures are worked out from, on PostgreSQL. The tickets stream in (a year of
//! a large hall is about a million rows) and are kept compact.

use super::pg;
use crate::storage::*;
use deadpool_postgres::Object;
use futures_util::{pin_mut, TryStreamExt};
use tokio_postgres::types::ToSql;

type PgResult<T> = std::result::Result<T, tokio_postgres::Error>;

pub(super) async fn rows(
    c: &Object,
    (from_day, to_day): (&str, &str),
    (from_ms, to_ms): (i64, i64),
) -> Result<FigureRows> {
    let mut out = FigureRows::default();
    let args: [&(dyn ToSql + Sync); 2] = [&from_day, &to_day];
    let stream = c
        .query_raw(
            "SELECT state, group_code, clerk_id, issued_at, called_at, started_at, ended_at \
             FROM tickets WHERE day BETWEEN $1 AND $2",
            args,
        )
        .await
        .map_err(pg("read tickets for the figures"))?;
    pin_mut!(stream);
    while let Some(r) = stream
        .try_next()
        .await
        .map_err(pg("read tickets for the figures"))?
    {
        let state: String = r.try_get(0).map_err(pg("read a ticket's state"))?;
        let group: String = r.try_get(1).map_err(pg("read a ticket's group"))?;
        let clerk: Option<String> = r.try_get(2).map_err(pg("read a ticket's clerk"))?;
        let times = (|| -> PgResult<_> {
            Ok((r.try_get(3)?, r.try_get(4)?, r.try_get(5)?, r.try_get(6)?))
        })()
        .map_err(pg("read a ticket's times"))?;
        out.push_ticket(&state, &group, clerk.as_deref(), times)?;
    }
    out.accepted = c
        .query(
            "SELECT item_code, item_name, COUNT(*) FROM cases \
             WHERE created_at >= $1 AND created_at < $2 GROUP BY item_code, item_name",
            &[&from_ms, &to_ms],
        )
        .await
        .map_err(pg("count the cases per item"))?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect::<PgResult<Vec<_>>>()
        .map_err(pg("count the cases per item"))?;
    out.notices = c
        .query(
            "SELECT body FROM notices WHERE issued_at >= $1 AND issued_at < $2",
            &[&from_ms, &to_ms],
        )
        .await
        .map_err(pg("read the notices for the figures"))?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<PgResult<Vec<_>>>()
        .map_err(pg("read the notices for the figures"))?;
    out.ratings = c
        .query(
            "SELECT body, follow_up_by FROM ratings WHERE received_at >= $1 AND received_at < $2",
            &[&from_ms, &to_ms],
        )
        .await
        .map_err(pg("read the ratings for the figures"))?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<PgResult<Vec<_>>>()
        .map_err(pg("read the ratings for the figures"))?;
    out.people = c
        .query("SELECT id, name FROM clerks", &[])
        .await
        .map_err(pg("read the people"))?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<PgResult<Vec<_>>>()
        .map_err(pg("read the people"))?;
    Ok(out)
}
