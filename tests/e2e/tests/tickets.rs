//! The hall's queue at the window, in the real window against a real back office on loopback:
//! tickets issued through the API, F12 calls the green-channel one first and opens its case,
//! recall and no-show, the ordinary ticket next, transfer to another group with a reason; the
//! back office records every time. A served visit ends with F12 and the citizen rates it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fantoccini::{Client, Locator};
use ow_api::{Grade, GreenReason, HallSetup, Ticket, TicketKind, TicketState, API_PREFIX};
use ow_backoffice::seed;
use ow_e2e::calling::CallingHall as Hall;
use ow_e2e::hall::APP_WINDOW;
use ow_e2e::{axe_serious, flows, screenshot, testid, wait_for, wait_text, Driver};
use std::time::{Duration, Instant};

const F12: &str = "\u{E03C}";
const SHIFT: &str = "\u{E008}";
const CONTROL: &str = "\u{E009}";
const ALT: &str = "\u{E00A}";
const DOWN: &str = "\u{E015}";
const ENTER: &str = "\u{E007}";
const TAB: &str = "\u{E004}";
const F6: &str = "\u{E036}";

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn f12_calls_green_first_then_recall_no_show_and_a_transfer_are_recorded() {
    let hall = Hall::open().await;
    let plain = hall.issue("huzheng", None).await;
    let green = hall.issue("huzheng", Some(GreenReason::Senior)).await;
    assert_eq!(green.ahead, 0, "a green ticket goes before the plain one");

    let driver = Driver::start(&[("ONEWINDOW_BACKOFFICE__URL", &hall.url())])
        .await
        .unwrap();
    let c = driver.session().await.unwrap();
    wait_text(&c, "ticket-waiting", "等候 2 人").await.unwrap();

    // F12: the green-channel ticket, although issued second; its case opens with it.
    flows::press(&c, F12).await.unwrap();
    wait_text(&c, "ticket-current", &green.number)
        .await
        .unwrap();
    wait_text(&c, "ticket-green", "老年人").await.unwrap();
    wait_text(&c, "ticket-display", &green.number)
        .await
        .unwrap();
    wait_for(&c, "case-green", 10).await.unwrap();
    let axe = axe_serious(&c).await.unwrap();
    assert!(axe.is_empty(), "axe-core with a called ticket: {axe:?}");
    screenshot(&c, "ticket-called").await.unwrap();

    // Nobody comes: two recalls, then 过号.
    flows::chord(&c, SHIFT, F12).await.unwrap();
    wait_text(&c, "ticket-bar", "已重呼 1 次").await.unwrap();
    flows::chord(&c, SHIFT, F12).await.unwrap();
    wait_text(&c, "ticket-bar", "已重呼 2 次").await.unwrap();
    flows::chord(&c, CONTROL, F12).await.unwrap();
    wait_text(&c, "ticket-current", "未叫号").await.unwrap();
    let gone = hall.ticket(&green.id).await;
    assert_eq!(gone.state, TicketState::NoShow);
    assert_eq!(gone.recalls, 2);
    assert!(gone.called_at.is_some() && gone.ended_at.is_some());
    assert_eq!(gone.clerk_id.as_deref(), Some("1024"));

    // F12 again: the plain ticket.
    flows::press(&c, F12).await.unwrap();
    wait_text(&c, "ticket-current", &plain.number)
        .await
        .unwrap();
    // Alt+F12: transfer to the first group in the list that is not this one, with a reason.
    let setup: HallSetup = hall
        .http
        .get(format!("http://{}{API_PREFIX}/hall/setup", hall.addr))
        .bearer_auth(&hall.lead)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let index = setup
        .groups
        .iter()
        .position(|g| g.code != plain.group)
        .unwrap();
    flows::chord(&c, ALT, F12).await.unwrap();
    wait_for(&c, "transfer-reason", 10).await.unwrap();
    // The groups come from the back office: the keys that pick one wait for the list.
    ow_e2e::wait_attr(&c, "transfer-form", "data-loaded", "true", 10)
        .await
        .unwrap();
    flows::press(&c, &format!("{}{ENTER}", DOWN.repeat(index + 1)))
        .await
        .unwrap();
    ow_e2e::fill(&c, "transfer-reason", "需社保窗口办理")
        .await
        .unwrap();
    flows::press(&c, TAB).await.unwrap();
    c.find(Locator::Css(&testid("transfer-ok")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_text(&c, "ticket-current", "未叫号").await.unwrap();
    let moved = hall.ticket(&plain.id).await;
    assert_eq!(moved.state, TicketState::Waiting);
    assert_eq!(moved.group, setup.groups[index].code);
    screenshot(&c, "ticket-transferred").await.unwrap();
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn a_served_visit_ends_with_f12_and_the_citizens_rating_reaches_the_back_office_once() {
    let hall = Hall::open().await;
    let (_driver, c, first) = serve_one_ticket(&hall).await;
    // The citizen is at the window: the applicant typed in started the service time.
    wait_text(&c, "ticket-state", "办理中").await.unwrap();
    let number = accept_spouse_case(&c).await;

    // F12 ends the visit; the citizen rates it with one key.
    flows::press(&c, F12).await.unwrap();
    wait_for(&c, "rating-screen", 15).await.unwrap();
    let axe = axe_serious(&c).await.unwrap();
    assert!(axe.is_empty(), "axe-core on the rating screen: {axe:?}");
    screenshot(&c, "rating-screen").await.unwrap();
    flows::press(&c, "1").await.unwrap();
    wait_for(&c, "rating-thanks", 10).await.unwrap();

    let served = hall.ticket(&first.id).await;
    assert_eq!(served.state, TicketState::Finished);
    assert!(served.started_at.is_some() && served.ended_at.is_some());

    // Through the outbox: it arrives, once.
    let r = hall.the_one_rating().await.rating;
    assert_eq!(r.grade, Grade::VerySatisfied);
    assert_eq!(r.cases, vec![number]);
    assert_eq!(r.ticket.as_deref(), Some(first.number.as_str()));
    assert_eq!(r.clerk_id, "1024");
}

/// The answers 投靠配偶 needs for an acceptable case, as the booking site sends them.
fn spouse_answers_online() -> serde_json::Value {
    serde_json::json!({
        "in_custody": "no", "origin": "other_province", "moved_out": "yes",
        "married_years": "5", "registered_where": "mainland", "previous_marriage": "none",
        "spouse_hukou": "family", "residence": "own", "children": "0", "by_agent": "no",
    })
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn an_appointment_checked_in_at_the_kiosk_brings_its_item_and_answers_and_saves_the_keys() {
    let hall = Hall::open().await;
    let slot = ow_e2e::hall::slot_now();
    let booked: serde_json::Value = hall
        .http
        .post(format!("http://{}{API_PREFIX}/appointments", hall.addr))
        .bearer_auth(seed::ADMIN_TOKEN)
        .json(&serde_json::json!({
            "group": "huzheng", "name": "陈思远", "id_number": "11010519491231002X",
            "slot_start": slot.0,
            "slot_end": slot.1,
            "items": [flows::TKPO], "answers": spouse_answers_online(),
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // The citizen types the code at the kiosk (no session there).
    let checked: Ticket = hall
        .http
        .post(format!("http://{}{API_PREFIX}/kiosk/check-in", hall.addr))
        .json(&serde_json::json!({ "code": booked["code"] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        checked.appointment.is_none(),
        "the kiosk shows nobody's details"
    );
    let walk_in = hall.issue("huzheng", None).await;

    let driver = Driver::start(&[("ONEWINDOW_BACKOFFICE__URL", &hall.url())])
        .await
        .unwrap();
    let c = driver.session().await.unwrap();
    wait_text(&c, "ticket-waiting", "等候 2 人").await.unwrap();

    // The appointment in its slot is called first; its case opens with the item and answers.
    flows::press(&c, F12).await.unwrap();
    wait_text(&c, "ticket-display", &checked.number)
        .await
        .unwrap();
    flows::type_applicant(&c, "陈思远", "11010519491231002X")
        .await
        .unwrap();
    ow_e2e::wait_attr(&c, "decision", "data-status", "acceptable", 15)
        .await
        .unwrap();
    let appointment_keys = 0;
    screenshot(&c, "appointment-case").await.unwrap();

    // The same case for the walk-in: the item found and every question answered by key.
    flows::press(&c, "\u{E00C}").await.unwrap(); // Esc: leave the case
    flows::press(&c, F12).await.unwrap();
    wait_text(&c, "ticket-display", &walk_in.number)
        .await
        .unwrap();
    flows::type_applicant(&c, "陈思远", "11010519491231002X")
        .await
        .unwrap();
    let walk_in_keys = counted_spouse_item_and_answers(&c).await;
    ow_e2e::wait_attr(&c, "decision", "data-status", "acceptable", 15)
        .await
        .unwrap();
    eprintln!(
        "key presses from the open case to an acceptable decision (applicant typed alike): \
         walk-in {walk_in_keys}, appointment {appointment_keys}"
    );
    assert!(walk_in_keys >= 15, "{walk_in_keys}");
}

/// `flows::choose_spouse_item_and_answer`, counting the keys the clerk presses.
async fn counted_spouse_item_and_answers(c: &Client) -> usize {
    let mut keys = 0;
    flows::press(c, flows::F3).await.unwrap();
    keys += 1;
    let search = wait_for(c, "item-search", 5).await.unwrap();
    search.send_keys("tkpo").await.unwrap();
    keys += 4;
    ow_e2e::wait_attr(c, "item-hit", "data-code", flows::TKPO, 10)
        .await
        .unwrap();
    search.send_keys(ENTER).await.unwrap();
    keys += 1;
    wait_for(c, "item-name", 10).await.unwrap();
    for (q, k) in [
        ("in_custody", "2".to_owned()),
        ("origin", "2".to_owned()),
        ("moved_out", "1".to_owned()),
        ("married_years", format!("5{ENTER}")),
        ("registered_where", "1".to_owned()),
        ("previous_marriage", "1".to_owned()),
        ("spouse_hukou", "1".to_owned()),
        ("residence", "1".to_owned()),
        ("children", format!("0{ENTER}")),
        ("by_agent", "2".to_owned()),
    ] {
        flows::answer(c, q, &k).await.unwrap();
        keys += k.chars().count();
    }
    keys
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn with_a_citizen_screen_the_rating_shows_there_and_never_on_the_clerks() {
    let hall = Hall::open().await;
    let driver = Driver::start(&[
        ("ONEWINDOW_BACKOFFICE__URL", &hall.url()),
        ("ONEWINDOW_DISPLAY__CITIZEN_SCREEN", "true"),
    ])
    .await
    .unwrap();
    let c = driver.session().await.unwrap();
    let clerk = c.window().await.unwrap();
    // A decided case: Ctrl+E turns the screen to the citizen for it.
    ow_e2e::open_new_case(&c, 30).await.unwrap();
    flows::type_applicant(&c, "陈思远", "11010519491231002X")
        .await
        .unwrap();
    flows::choose_spouse_item_and_answer(&c).await.unwrap();
    flows::receive_every_line(&c).await.unwrap();
    flows::press(&c, F6).await.unwrap();
    wait_for(&c, "decision-ok", 10).await.unwrap();
    flows::press(&c, ENTER).await.unwrap();
    ow_e2e::wait_attr(&c, "paper-step", "data-status", "accepted", 15)
        .await
        .unwrap();
    flows::chord(&c, CONTROL, "e").await.unwrap();

    // The citizen's window: found among the app's windows, its rating screen up.
    let deadline = Instant::now() + Duration::from_secs(20);
    let citizen = loop {
        let others: Vec<_> = c
            .windows()
            .await
            .unwrap()
            .into_iter()
            .filter(|w| *w != clerk)
            .collect();
        if let Some(w) = others.into_iter().next() {
            break w;
        }
        assert!(Instant::now() < deadline, "no citizen's window");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    c.switch_to_window(citizen).await.unwrap();
    wait_for(&c, "rating-screen", 20).await.unwrap();
    let axe = axe_serious(&c).await.unwrap();
    assert!(axe.is_empty(), "axe-core on the citizen's window: {axe:?}");
    screenshot(&c, "citizen-window").await.unwrap();
    c.find(Locator::Css(&testid("rating-satisfied")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(&c, "rating-thanks", 10).await.unwrap();

    // The clerk's screen never showed it.
    c.switch_to_window(clerk).await.unwrap();
    assert!(c
        .find(Locator::Css(&testid("rating-screen")))
        .await
        .is_err());
    assert_eq!(hall.the_one_rating().await.rating.grade, Grade::Satisfied);
}

/// One walk-in ticket, called with F12 in the app, its applicant typed in: a visit under way.
async fn serve_one_ticket(hall: &Hall) -> (Driver, Client, Ticket) {
    let ticket = hall.issue("huzheng", None).await;
    let driver = Driver::start(&[("ONEWINDOW_BACKOFFICE__URL", &hall.url())])
        .await
        .unwrap();
    let c = driver.session().await.unwrap();
    wait_text(&c, "ticket-waiting", "等候 1 人").await.unwrap();
    flows::press(&c, F12).await.unwrap();
    wait_text(&c, "ticket-display", &ticket.number)
        .await
        .unwrap();
    flows::type_applicant(&c, "陈思远", "11010519491231002X")
        .await
        .unwrap();
    (driver, c, ticket)
}

/// Accepts the open spouse case from the keyboard; its case number.
async fn accept_spouse_case(c: &Client) -> String {
    flows::choose_spouse_item_and_answer(c).await.unwrap();
    flows::receive_every_line(c).await.unwrap();
    flows::press(c, F6).await.unwrap();
    wait_for(c, "decision-ok", 10).await.unwrap();
    flows::press(c, ENTER).await.unwrap();
    ow_e2e::wait_attr(c, "paper-step", "data-status", "accepted", 15)
        .await
        .unwrap();
    wait_for(c, "case-number", 10)
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .trim()
        .to_owned()
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn two_items_in_one_visit_keep_the_person_and_get_one_receipt_listing_both() {
    let hall = Hall::open().await;
    let (_driver, c, ticket) = serve_one_ticket(&hall).await;
    let first = accept_spouse_case(&c).await;

    // Alt+N: the second item of the visit, the person already on it.
    flows::chord(&c, ALT, "n").await.unwrap();
    wait_for(&c, "item-search", 15).await.unwrap();
    wait_text(&c, "ticket-display", &ticket.number)
        .await
        .unwrap();
    wait_text(&c, "applicant-panel", "陈思远").await.unwrap();
    let second = accept_spouse_case(&c).await;
    assert_ne!(first, second);

    // Alt+F9: one receipt for the visit, read back from the PDF the app filed.
    flows::chord(&c, ALT, "\u{E039}").await.unwrap(); // F9
    let text = paper_text(&c, "visit_receipt").await;
    let flat: String = text.split_whitespace().collect();
    assert!(text.contains("办事回执"), "{text}");
    assert!(text.contains("共办理 2 个事项"), "{text}");
    for n in [&first, &second] {
        assert!(
            flat.contains(n.as_str()),
            "{n} not on the visit receipt:\n{text}"
        );
    }
    screenshot(&c, "visit-receipt").await.unwrap();
}

/// The PDF text of the first paper of `kind` the app filed for its most recent case.
async fn paper_text(c: &Client, kind: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    let paper = loop {
        let recent = flows::invoke(c, "case_recent", serde_json::json!({ "limit": 1 }))
            .await
            .unwrap();
        let id = recent[0]["id"].clone();
        let list = flows::invoke(c, "paper_list", serde_json::json!({ "id": id }))
            .await
            .unwrap();
        let found = list
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["kind"] == kind)
            .cloned();
        if let Some(p) = found {
            break p;
        }
        assert!(Instant::now() < deadline, "no {kind}: {list}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    flows::paper_text(c, paper["id"].as_u64().unwrap())
        .await
        .unwrap()
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn an_appointment_checked_in_by_id_card_at_the_window_and_a_skipped_rating_given_later() {
    let hall = Hall::open().await;
    let slot = ow_e2e::hall::slot_now();
    let r = hall
        .http
        .post(format!("http://{}{API_PREFIX}/appointments", hall.addr))
        .bearer_auth(seed::ADMIN_TOKEN)
        .json(&serde_json::json!({
            "group": "huzheng", "name": "陈思远", "id_number": "11010519491231002X",
            "slot_start": slot.0,
            "slot_end": slot.1,
            "items": [flows::TKPO], "answers": spouse_answers_online(),
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    // Someone already waits: the citizen at the window still goes first, at this window.
    hall.issue("huzheng", None).await;

    let driver = Driver::start(&[("ONEWINDOW_BACKOFFICE__URL", &hall.url())])
        .await
        .unwrap();
    let c = driver.session().await.unwrap();
    wait_text(&c, "ticket-waiting", "等候 1 人").await.unwrap();
    // The citizen came straight to the window: a case, their ID, Alt+Y.
    ow_e2e::open_new_case(&c, 30).await.unwrap();
    flows::type_applicant(&c, "陈思远", "11010519491231002X")
        .await
        .unwrap();
    wait_for(&c, "ticket-check-in", 10).await.unwrap();
    flows::chord(&c, ALT, "y").await.unwrap();
    // The appointment's item and answers land on this case: acceptable without a question.
    ow_e2e::wait_attr(&c, "decision", "data-status", "acceptable", 20)
        .await
        .unwrap();
    let number = wait_for(&c, "ticket-display", 10)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let tickets = hall.tickets().await;
    let mine = tickets
        .iter()
        .find(|t| number.contains(t.number.as_str()) && t.kind == TicketKind::Appointment)
        .unwrap_or_else(|| panic!("{number} not an appointment ticket in {tickets:?}"));
    assert_eq!(mine.workstation_id.as_deref(), Some(APP_WINDOW));
    assert!(matches!(
        mine.state,
        TicketState::Called | TicketState::Serving
    ));
    screenshot(&c, "appointment-checked-in-at-window")
        .await
        .unwrap();

    // Accepted; the receipt carries the QR code of the visit's rating page. Alt+2: the
    // situation the appointment filled, as the clerk confirms it.
    flows::chord(&c, ALT, "2").await.unwrap();
    wait_for(&c, "item-name", 10).await.unwrap();
    flows::receive_every_line(&c).await.unwrap();
    flows::press(&c, F6).await.unwrap();
    wait_for(&c, "decision-ok", 10).await.unwrap();
    flows::press(&c, ENTER).await.unwrap();
    ow_e2e::wait_attr(&c, "paper-step", "data-status", "accepted", 15)
        .await
        .unwrap();
    let text = paper_text(&c, "receipt").await;
    let flat: String = text.split_whitespace().collect();
    assert!(flat.contains("服务评价"), "{text}");
    let at = flat.find("评价码：").unwrap_or_else(|| panic!("{text}")) + "评价码：".len();
    let code = &flat[at..at + 12];
    assert!(ow_api::is_rating_code(code), "{code}");

    // The citizen leaves without rating (Esc on the rating screen): the code stays open.
    flows::chord(&c, CONTROL, "e").await.unwrap();
    wait_for(&c, "rating-screen", 15).await.unwrap();
    flows::press(&c, "\u{E00C}").await.unwrap();
    let url = format!("http://{}{API_PREFIX}/rate/{code}", hall.addr);
    let deadline = Instant::now() + Duration::from_secs(30);
    let visit: serde_json::Value = loop {
        let r = hall.http.get(&url).send().await.unwrap();
        if r.status() == 200 {
            break r.json().await.unwrap();
        }
        assert!(
            Instant::now() < deadline,
            "the invitation never arrived: {}",
            r.status()
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    assert_eq!(visit["rated"], false);
    assert_eq!(visit["items"], 1);
    // Later, on the phone: one rating, for this window's clerk and case.
    let r = hall
        .http
        .post(&url)
        .json(&serde_json::json!({ "grade": "satisfied" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let rating = hall.the_one_rating().await;
    assert_eq!(rating.workstation_id, APP_WINDOW);
    assert_eq!(rating.rating.grade, Grade::Satisfied);
    assert_eq!(rating.rating.clerk_id, "1024");
    assert_eq!(rating.rating.cases.len(), 1);
}
