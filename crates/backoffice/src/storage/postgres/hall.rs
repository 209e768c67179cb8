//! The hall's set-up on PostgreSQL: ticket groups, which windows call from them, the calling
//! rules, and the sandbox's seed of them.

use super::pg;
use super::tickets::*;
use crate::error::BackofficeError;
use crate::storage::*;
use deadpool_postgres::{Object, Transaction};
use ow_api::{ServiceGroup, WindowGroups};

pub(super) async fn seed_hall(tx: &Transaction<'_>, seed: &Seed) -> Result<()> {
    for g in &seed.groups {
        tx.execute(
            "INSERT INTO service_groups (code, name, prefix) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            &[&g.code, &g.name, &g.prefix],
        )
        .await
        .map_err(pg("seed service groups"))?;
    }
    for w in &seed.window_groups {
        for g in &w.groups {
            tx.execute(
                "INSERT INTO window_groups (workstation_id, group_code) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[&w.workstation_id, g],
            )
            .await
            .map_err(pg("seed window groups"))?;
        }
    }
    Ok(())
}

pub(super) async fn hall_setup(c: &Object) -> Result<HallSetup> {
    let groups = c
        .query(
            "SELECT code, name, prefix FROM service_groups ORDER BY code",
            &[],
        )
        .await
        .map_err(pg("list service groups"))?
        .iter()
        .map(|r| {
            Ok(ServiceGroup {
                code: r.try_get(0)?,
                name: r.try_get(1)?,
                prefix: r.try_get(2)?,
            })
        })
        .collect::<std::result::Result<Vec<_>, tokio_postgres::Error>>()
        .map_err(pg("list service groups"))?;
    let pairs = c
        .query(
            "SELECT workstation_id, group_code FROM window_groups ORDER BY workstation_id, group_code",
            &[],
        )
        .await
        .map_err(pg("list window groups"))?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<std::result::Result<Vec<(String, String)>, tokio_postgres::Error>>()
        .map_err(pg("list window groups"))?;
    Ok(HallSetup {
        groups,
        windows: group_pairs(pairs),
        settings: settings(&***c).await?,
    })
}

pub(super) async fn put_group(client: &mut Object, g: &ServiceGroup) -> Result<()> {
    let tx = client
        .transaction()
        .await
        .map_err(pg("start a transaction"))?;
    lock_hall(&tx).await?;
    let holder = tx
        .query_opt(
            "SELECT code FROM service_groups WHERE prefix = $1 AND code <> $2",
            &[&g.prefix, &g.code],
        )
        .await
        .map_err(pg("look up a prefix"))?;
    if let Some(r) = holder {
        return Err(BackofficeError::PrefixTaken {
            prefix: g.prefix.clone(),
            group: r.try_get(0).map_err(pg("look up a prefix"))?,
        });
    }
    tx.execute(
        "INSERT INTO service_groups (code, name, prefix) VALUES ($1, $2, $3) \
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, prefix = excluded.prefix",
        &[&g.code, &g.name, &g.prefix],
    )
    .await
    .map_err(pg("save a service group"))?;
    tx.commit().await.map_err(pg("commit a service group"))
}

pub(super) async fn put_window_groups(client: &mut Object, w: &WindowGroups) -> Result<()> {
    let tx = client
        .transaction()
        .await
        .map_err(pg("start a transaction"))?;
    lock_hall(&tx).await?;
    if !window_exists(&*tx, &w.workstation_id).await? {
        return Err(BackofficeError::UnknownWindow {
            workstation_id: w.workstation_id.clone(),
        });
    }
    for g in &w.groups {
        if !group_exists(&*tx, g).await? {
            return Err(BackofficeError::UnknownGroup { group: g.clone() });
        }
    }
    tx.execute(
        "DELETE FROM window_groups WHERE workstation_id = $1",
        &[&w.workstation_id],
    )
    .await
    .map_err(pg("clear a window's groups"))?;
    tx.execute(
        "INSERT INTO window_groups (workstation_id, group_code) SELECT $1, unnest($2::text[]) \
         ON CONFLICT DO NOTHING",
        &[&w.workstation_id, &w.groups],
    )
    .await
    .map_err(pg("save a window's groups"))?;
    tx.commit().await.map_err(pg("commit a window's groups"))
}

pub(super) async fn put_settings(c: &Object, s: &HallSettings) -> Result<()> {
    c.execute(
        "UPDATE hall_settings SET priority_streak_cap = $1, recalls_before_no_show = $2, \
         appointment_early_minutes = $3, bad_rating_follow_up_days = $4 WHERE id = 1",
        &[
            &int(s.priority_streak_cap),
            &int(s.recalls_before_no_show),
            &int(s.appointment_early_minutes),
            &int(s.bad_rating_follow_up_days),
        ],
    )
    .await
    .map_err(pg("save the hall settings"))?;
    Ok(())
}
