//! Keyboard flows several tests walk through: the clerk never clicks, so each helper types into
//! whatever has focus once focus has landed where it should.

use crate::{testid, wait_attr, wait_for, E2eError, Result};
use fantoccini::{Client, Locator};
use std::time::{Duration, Instant};

/// 市外迁入（投靠配偶）: the item most tests use.
pub const TKPO: &str = "000173001001";
pub const ENTER: &str = "\u{E007}";
pub const F3: &str = "\u{E033}";

/// Sends keys to whatever has focus, as a clerk's keyboard does. When the focused element
/// was removed between asking for it and typing (a dialog closing), WebDriver refuses the
/// stale node before any key is sent: ask for the focused element again.
pub async fn press(c: &Client, keys: &str) -> Result<()> {
    let mut tries = 0;
    loop {
        match c.active_element().await?.send_keys(keys).await {
            Ok(()) => return Ok(()),
            Err(e) if tries < 5 && is_stale(&e.to_string()) => {
                tries += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Presses `key` with `modifier` held (then released), wherever the focus is.
pub async fn chord(c: &Client, modifier: &str, key: &str) -> Result<()> {
    press(c, &format!("{modifier}{key}\u{E000}")).await
}

fn is_stale(message: &str) -> bool {
    // WebKitWebDriver sometimes answers a vanished node with an empty message.
    message.contains("was not found")
        || message.contains("stale element")
        || message.trim_end().ends_with("webdriver returned error:")
}

/// Types `keys` once focus sits inside the question `question`.
pub async fn answer(c: &Client, question: &str, keys: &str) -> Result<()> {
    wait_attr(c, "question-active", "data-question", question, 10).await?;
    let focus_is_on_it = format!(
        "const q = document.activeElement && document.activeElement.closest('[data-testid=question-active]');\
         return q ? q.dataset.question === '{question}' : false;"
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if c.execute(&focus_is_on_it, vec![]).await? == serde_json::json!(true) {
            if let Ok(el) = c.active_element().await {
                if el.send_keys(keys).await.is_ok() {
                    return Ok(());
                }
            }
        }
        if Instant::now() >= deadline {
            return Err(E2eError::Timeout {
                what: format!("focus on question {question}"),
                secs: 10,
            });
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Types the applicant (name, ID number) on the first step of an open case, each field read
/// back before the next (CJK keys may still be arriving when WebKit's driver answers).
pub async fn type_applicant(c: &Client, name: &str, id_number: &str) -> Result<()> {
    crate::fill(c, "applicant-name", name).await?;
    crate::fill(c, "applicant-id-number", id_number).await
}

/// F3, finds 投靠配偶 by "tkpo", and answers every situation question for a first marriage
/// from another province with no children, ending with an acceptable case.
pub async fn choose_spouse_item_and_answer(c: &Client) -> Result<()> {
    choose_spouse_item_and_answer_as(c, "1").await
}

/// [`choose_spouse_item_and_answer`] with `previous_marriage` answered by the option key
/// `marriage` (1 初婚, 2 离婚后再婚, 3 丧偶后再婚: the death certificate is then a 容缺 line).
pub async fn choose_spouse_item_and_answer_as(c: &Client, marriage: &str) -> Result<()> {
    press(c, F3).await?;
    let search = wait_for(c, "item-search", 5).await?;
    search.send_keys("tkpo").await?;
    wait_attr(c, "item-hit", "data-code", TKPO, 10).await?;
    search.send_keys(ENTER).await?;
    wait_for(c, "item-name", 10).await?;
    for (q, keys) in [
        ("in_custody", "2".to_owned()),
        ("origin", "2".to_owned()),
        ("moved_out", "1".to_owned()),
        ("married_years", format!("5{ENTER}")),
        ("registered_where", "1".to_owned()),
        ("previous_marriage", marriage.to_owned()),
        ("spouse_hukou", "1".to_owned()),
        ("residence", "1".to_owned()),
        ("children", format!("0{ENTER}")),
        ("by_agent", "2".to_owned()),
    ] {
        answer(c, q, &keys).await?;
    }
    wait_for(c, "situation-done", 10).await?;
    wait_attr(c, "decision", "data-status", "acceptable", 10).await?;
    Ok(())
}

/// Calls a Tauri command from inside the window, the way the frontend does, and returns its
/// JSON result (for checks on data the screen only shows as pixels, like a PDF).
pub async fn invoke(
    c: &Client,
    command: &str,
    args: serde_json::Value,
) -> Result<serde_json::Value> {
    let script = "const [cmd, args, done] = arguments;\
                  window.__TAURI_INTERNALS__.invoke(cmd, args).then(\
                    (v) => done({ ok: v }), (e) => done({ err: e }));";
    let out = c
        .execute_async(script, vec![serde_json::json!(command), args])
        .await?;
    match out.get("ok") {
        Some(v) => Ok(v.clone()),
        None => Err(E2eError::Command(format!("{command} failed: {out}"))),
    }
}

/// Sends keys to the focused element once focus is inside `scope` (a test id).
pub async fn keys_in(c: &Client, scope: &str, keys: &str) -> Result<()> {
    let inside = format!(
        "const a = document.activeElement; return !!(a && a.closest('[data-testid={scope}]'));"
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if c.execute(&inside, vec![]).await? == serde_json::json!(true) {
            if let Ok(el) = c.active_element().await {
                if el.send_keys(keys).await.is_ok() {
                    return Ok(());
                }
            }
        }
        if Instant::now() >= deadline {
            return Err(E2eError::Timeout {
                what: format!("focus inside {scope}"),
                secs: 10,
            });
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The value of `attr` on every element with test id `id`, in page order.
pub async fn attrs(c: &Client, id: &str, attr: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for el in c.find_all(Locator::Css(&testid(id))).await? {
        out.push(el.attr(attr).await?.unwrap_or_default());
    }
    Ok(out)
}

/// From the finished situation: Enter to the materials step, then R on each checklist line
/// (↓ to the next), as a clerk who has seen every original at the counter.
pub async fn receive_every_line(c: &Client) -> Result<Vec<String>> {
    let lines = attrs(c, "checklist-line", "data-line").await?;
    press(c, ENTER).await?;
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            keys_in(c, "materials-step", "\u{E015}").await?;
        }
        if let Err(e) = wait_attr(c, "materials-step", "data-line", line, 10).await {
            return Err(E2eError::Command(format!(
                "line {i} of {lines:?}: {e}; focus on {:?}; {}",
                focused_testid(c).await.unwrap_or_default(),
                screen_state(c).await
            )));
        }
        keys_in(c, "materials-step", "r").await?;
        wait_attr(c, "materials-line-state", "data-state", "received", 10).await?;
    }
    wait_attr(c, "materials-satisfied", "data-all", "true", 10).await?;
    Ok(lines)
}

/// The open case's step and the materials step's lines with their states, and a screenshot
/// named after the moment: what a failure message needs to be diagnosed from CI's log alone.
async fn screen_state(c: &Client) -> String {
    let path = crate::screenshot(c, "failure-materials").await;
    let js = "const s = document.querySelector('[data-testid=step-area]');\
              const lines = [...document.querySelectorAll('[data-testid=checklist-line]')]\
                .map((l) => `${l.dataset.line}:${l.dataset.state}${l.dataset.selected === 'true' ? '*' : ''}`);\
              return `step ${s ? s.dataset.step : '?'}; lines ${lines.join(' ')}`;";
    let state = match c.execute(js, vec![]).await {
        Ok(v) => v.as_str().unwrap_or_default().to_owned(),
        Err(e) => format!("(no state: {e})"),
    };
    format!("{state}; screenshot {path:?}")
}

const F2: &str = "\u{E032}";
const F5: &str = "\u{E035}";
const DOWN: &str = "\u{E015}";

/// The test id of the focused element ('' when none).
pub async fn focused_testid(c: &Client) -> Result<String> {
    let v = c
        .execute(
            "return document.activeElement ? document.activeElement.dataset.testid || '' : '';",
            vec![],
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_owned())
}

/// Waits until the element with test id `id` has focus.
pub async fn wait_focus(c: &Client, id: &str, secs: u64) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while focused_testid(c).await? != id {
        if Instant::now() >= deadline {
            return Err(E2eError::Timeout {
                what: format!("focus on {id}"),
                secs,
            });
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

/// Waits until the element with DOM id `id` has focus (a form control whose test id sits on
/// its wrapper, such as a select list's search field).
pub async fn wait_focus_id(c: &Client, id: &str, secs: u64) -> Result<()> {
    let js = format!("return !!document.activeElement && document.activeElement.id === '{id}';");
    let deadline = Instant::now() + Duration::from_secs(secs);
    while c.execute(&js, vec![]).await? != serde_json::json!(true) {
        if Instant::now() >= deadline {
            return Err(E2eError::Timeout {
                what: format!("focus on #{id}"),
                secs,
            });
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

/// The trainer's F2 gallery: ↓ until the fictional document `key` has focus, then Enter.
pub async fn present_card(c: &Client, key: &str) -> Result<()> {
    press(c, F2).await?;
    wait_for(c, "sim-card-list", 10).await?;
    let deadline = Instant::now() + Duration::from_secs(10);
    while !focused_testid(c).await?.starts_with("sim-card-") {
        if Instant::now() >= deadline {
            return Err(E2eError::Timeout {
                what: "focus on the card list".into(),
                secs: 10,
            });
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let want = format!("sim-card-{key}");
    for _ in 0..40 {
        if focused_testid(c).await? == want {
            return press(c, ENTER).await;
        }
        press(c, DOWN).await?;
    }
    Err(E2eError::Command(format!(
        "{want} not in the trainer gallery"
    )))
}

/// F5, then the three MRZ fields as a clerk types them from the data page, Enter after each
/// (the last Enter reads the chip).
pub async fn type_mrz(c: &Client, number: &str, birth: &str, expiry: &str) -> Result<()> {
    press(c, F5).await?;
    for (field, value) in [
        ("mrz-document_number", number),
        ("mrz-birth_date", birth),
        ("mrz-expiry_date", expiry),
    ] {
        wait_focus(c, field, 10).await?;
        press(c, &format!("{value}{ENTER}")).await?;
    }
    Ok(())
}

/// The app's local store in `data_dir`, opened with the key the sandbox app keeps in the OS
/// keyring (the tests run under `scripts/with-keyring.sh`, sharing that keyring with the app).
pub fn open_app_store(data_dir: &std::path::Path) -> Result<ow_store::Store> {
    let key = ow_keyvault::store_key(ow_config::Mode::Sandbox, ow_keyvault::SERVICE, data_dir)
        .map_err(|e| E2eError::Command(format!("store key: {e}")))?;
    let key = ow_store::DbKey::from_bytes(key.bytes());
    ow_store::Store::open(&data_dir.join(ow_keyvault::STORE_FILE), Some(&key))
        .map_err(|e| E2eError::Command(format!("store: {e}")))
}

/// A paper's text, read back with poppler's `pdftotext` from its base64 PDF (as the app
/// stored it, not as the screen shows it).
pub fn pdf_text(pdf_base64: &str) -> Result<String> {
    use base64::Engine as _;
    let bad = |what: String| E2eError::Command(what);
    let pdf = base64::engine::general_purpose::STANDARD
        .decode(pdf_base64)
        .map_err(|e| bad(format!("not base64: {e}")))?;
    let dir = tempfile::tempdir().map_err(|e| bad(e.to_string()))?;
    let path = dir.path().join("paper.pdf");
    std::fs::write(&path, pdf).map_err(|e| bad(e.to_string()))?;
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .map_err(|e| bad(format!("pdftotext: {e}")))?;
    if !out.status.success() {
        return Err(bad(format!("pdftotext failed: {}", out.status)));
    }
    String::from_utf8(out.stdout).map_err(|e| bad(e.to_string()))
}

/// The text of stored paper `paper` (`paper_get`).
pub async fn paper_text(c: &Client, paper: u64) -> Result<String> {
    let got = invoke(c, "paper_get", serde_json::json!({ "paper": paper })).await?;
    pdf_text(got["pdf_base64"].as_str().unwrap_or_default())
}

/// The text of the element with test id `id`, once it is there.
pub async fn text_of(c: &Client, id: &str) -> Result<String> {
    Ok(wait_for(c, id, 5).await?.text().await?)
}

/// A spouse case accepted at the window (typed applicant, every line received), forwarded by
/// the outbox, then claimed and returned by the department for `reason`: its back-office
/// number, the approver's token, and how many materials it had.
pub async fn accepted_then_returned(
    c: &Client,
    hall: &crate::hall::Hall,
    reason: &str,
) -> Result<(String, String, usize)> {
    crate::open_new_case(c, 30).await?;
    type_applicant(c, "陈思远", "11010519491231002X").await?;
    choose_spouse_item_and_answer(c).await?;
    receive_every_line(c).await?;
    accept_with_f6(c).await?;
    let approver = hall.clerk(ow_backoffice::seed::APPROVER).await?;
    let claimed = hall.claim_forwarded(&approver, "huzheng").await?;
    let number = claimed["case_number"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let materials = claimed["intake"]["materials"]
        .as_array()
        .map_or(0, Vec::len);
    hall.send(
        reqwest::Method::POST,
        &approver,
        &format!("/cases/{number}/return"),
        Some(&serde_json::json!({ "reasons": [reason] })),
    )
    .await?;
    Ok((number, approver, materials))
}

/// Waits until the outbox has sent everything and nothing failed; its summary.
pub async fn outbox_settled(c: &Client) -> Result<serde_json::Value> {
    let deadline = Instant::now() + Duration::from_secs(45);
    loop {
        let s = invoke(c, "outbox_summary", serde_json::json!({})).await?;
        if s["waiting"] == 0 && s["sending"] == 0 && s["failed"] == 0 {
            return Ok(s);
        }
        if Instant::now() > deadline {
            return Err(E2eError::Timeout {
                what: format!("the outbox to settle (last: {s})"),
                secs: 45,
            });
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// On a supplement's materials step: F4 scans a page into the first line on the SANE test
/// device (a page that passes moves the selection on to the next line), then F6 opens the
/// send step with the focus on its button.
pub async fn scan_first_line_and_open_send(c: &Client) -> Result<()> {
    let lines = attrs(c, "checklist-line", "data-line").await?;
    let (Some(first), Some(second)) = (lines.first(), lines.get(1)) else {
        return Err(E2eError::Command(format!(
            "two checklist lines, not {lines:?}"
        )));
    };
    wait_attr(c, "materials-step", "data-line", first, 10).await?;
    keys_in(c, "materials-step", "\u{E034}").await?; // F4
    wait_attr(c, "materials-step", "data-line", second, 60).await?;
    press(c, "\u{E036}").await?; // F6
    wait_for(c, "supplement-ready", 10).await?;
    wait_focus(c, "supplement-send", 10).await
}

/// F6 on a case ready to accept, Enter on the confirmation: accepted, at the paper step.
pub async fn accept_with_f6(c: &Client) -> Result<()> {
    press(c, "\u{E036}").await?; // F6
    wait_for(c, "decision-ok", 10).await?;
    press(c, ENTER).await?;
    wait_attr(c, "paper-step", "data-status", "accepted", 15).await
}
