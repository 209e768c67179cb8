//! Sign-in at the desk against a real (embedded) back office, and offline against the verifier
//! the desk kept.

use crate::Desk;
use ow_api::{ClerkRole, SessionKind, SignedIn};
use ow_backoffice::seed;
use ow_config::Config;
use ow_error::ErrorCode;
use ow_sync::BackofficeClient;

async fn sandbox_office() -> BackofficeClient {
    let addr = ow_backoffice::spawn(
        "127.0.0.1:0".parse().unwrap(),
        ow_backoffice::ServerInfo::sandbox(),
    )
    .await
    .unwrap();
    BackofficeClient::new(&format!("http://{addr}"), ow_api::Mode::Sandbox).unwrap()
}

/// A back office that is not there: a port nobody listens on.
fn gone_office() -> BackofficeClient {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    BackofficeClient::new(&format!("http://127.0.0.1:{port}"), ow_api::Mode::Sandbox).unwrap()
}

fn code<T: std::fmt::Debug>(r: Result<T, crate::DeskError>) -> String {
    r.unwrap_err().code().to_owned()
}

#[tokio::test]
async fn online_sign_in_gives_the_roles_and_the_desk_enforces_them() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
    let office = sandbox_office().await;
    assert_eq!(code(desk.require(ClerkRole::Clerk)), "auth.signed_out");
    assert_eq!(
        code(
            desk.sign_in(Some(&office), seed::WINDOW_CLERK, "9999")
                .await
        ),
        "auth.bad_credentials"
    );
    let view = desk
        .sign_in(Some(&office), seed::WINDOW_CLERK, seed::PIN)
        .await
        .unwrap();
    let person = view.person.unwrap();
    assert!(!person.offline);
    assert_eq!(person.roles, vec![ClerkRole::Clerk]);
    assert!(desk.require(ClerkRole::Clerk).is_ok());
    assert_eq!(code(desk.require(ClerkRole::Lead)), "auth.forbidden");
    assert!(desk.person_token().unwrap().is_some());
    // Nobody else signs in over an unlocked screen.
    assert_eq!(
        code(desk.sign_in(Some(&office), seed::LEAD, seed::PIN).await),
        "auth.already_signed_in"
    );
    // The case, its audit line and its owner name the signed-in person.
    let case = desk.create_case(None).unwrap();
    assert_eq!(case.owner.as_ref().unwrap().id, seed::WINDOW_CLERK);
    let trail = desk.case_audit(case.id).unwrap();
    assert_eq!(trail[0].clerk_id, seed::WINDOW_CLERK);
}

#[tokio::test]
async fn offline_sign_in_works_only_for_people_seen_online_here_and_counts_failures() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
    let office = sandbox_office().await;
    desk.sign_in(Some(&office), seed::WINDOW_CLERK, seed::PIN)
        .await
        .unwrap();
    desk.sign_out().unwrap();

    let gone = gone_office();
    let view = desk
        .sign_in(Some(&gone), seed::WINDOW_CLERK, seed::PIN)
        .await
        .unwrap();
    assert!(view.person.unwrap().offline, "signed in offline");
    assert!(desk.person_token().unwrap().is_none());
    desk.sign_out().unwrap();

    // Never seen online here: no offline sign-in, whatever the PIN.
    assert_eq!(
        code(desk.sign_in(Some(&gone), seed::LEAD, seed::PIN).await),
        "auth.offline_unknown"
    );
    // Wrong PINs offline lock the account on this workstation (five by default).
    for _ in 0..4 {
        assert_eq!(
            code(desk.sign_in(None, seed::WINDOW_CLERK, "1111").await),
            "auth.bad_credentials"
        );
    }
    assert_eq!(
        code(desk.sign_in(None, seed::WINDOW_CLERK, "1111").await),
        "auth.locked"
    );
    assert_eq!(
        code(desk.sign_in(None, seed::WINDOW_CLERK, seed::PIN).await),
        "auth.locked",
        "the right PIN too, while locked"
    );
}

#[tokio::test]
async fn an_offline_verifier_expires_after_the_configured_days() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
    let office = sandbox_office().await;
    desk.sign_in(Some(&office), seed::WINDOW_CLERK, seed::PIN)
        .await
        .unwrap();
    desk.sign_out().unwrap();
    let mut known = desk
        .store()
        .known_person(seed::WINDOW_CLERK)
        .unwrap()
        .unwrap();
    known.last_online_ms -= 8 * 86_400_000;
    desk.store().remember_person(&known).unwrap();
    let err = desk
        .sign_in(None, seed::WINDOW_CLERK, seed::PIN)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "auth.offline_expired");
    assert_eq!(
        ow_error::ErrorCode::details(&err).unwrap()["days"],
        serde_json::json!(7)
    );
}

#[tokio::test]
async fn a_clock_far_off_the_back_office_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
    let signed = SignedIn {
        token: "t".into(),
        expires_at: chrono::Utc::now(),
        kind: SessionKind::Clerk,
        subject: "1024".into(),
        name: "x".into(),
        roles: vec![ClerkRole::Clerk],
        queues: vec![],
        server_time: chrono::Utc::now() - chrono::Duration::minutes(30),
    };
    let err = desk.online_signed_in(&signed, "0000").await.unwrap_err();
    assert_eq!(err.code(), "auth.clock_skew");
}

#[tokio::test]
async fn the_idle_lock_keeps_the_case_with_its_owner_across_a_second_person() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
    let office = sandbox_office().await;
    desk.sign_in(Some(&office), seed::WINDOW_CLERK, seed::PIN)
        .await
        .unwrap();
    let mine = desk.create_case(Some("A001".into())).unwrap();
    desk.lock_screen().unwrap();
    assert_eq!(code(desk.require(ClerkRole::Clerk)), "auth.screen_locked");
    assert_eq!(code(desk.unlock("1234").await), "auth.bad_credentials");
    desk.unlock(seed::PIN).await.unwrap();
    assert!(desk.require(ClerkRole::Clerk).is_ok());

    // Locked again, and another clerk signs in over the lock.
    desk.lock_screen().unwrap();
    desk.sign_in(Some(&office), seed::SECOND_CLERK, seed::PIN)
        .await
        .unwrap();
    assert_eq!(code(desk.case(mine.id)), "auth.not_your_case");
    // The first clerk's draft is listed for the shift lead, with its owner.
    let open = desk.open_drafts_here(10).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].owner.as_ref().unwrap().id, seed::WINDOW_CLERK);
    assert_eq!(open[0].ticket.as_deref(), Some("A001"));
    assert!(desk.resume().unwrap().is_none());
    assert!(desk.recent_cases(20).unwrap().is_empty());
    desk.sign_out().unwrap();

    desk.sign_in(Some(&office), seed::WINDOW_CLERK, seed::PIN)
        .await
        .unwrap();
    assert_eq!(desk.resume().unwrap().map(|c| c.id), Some(mine.id));
}

#[tokio::test]
async fn a_token_the_back_office_ended_signs_the_person_out_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
    let office = sandbox_office().await;
    desk.sign_in(Some(&office), seed::WINDOW_CLERK, seed::PIN)
        .await
        .unwrap();
    let token = desk.person_token().unwrap().unwrap();
    office.sign_out(&token).await.unwrap();
    assert!(matches!(
        office.whoami(&token).await,
        Err(ow_sync::Failure::SignInAgain)
    ));
    assert!(desk.session_ended(&token).unwrap());
    let view = desk.session().unwrap();
    assert!(view.person.is_none());
    assert_eq!(view.ended.as_deref(), Some("auth.session_ended"));
}

#[test]
fn the_case_and_what_is_forwarded_name_the_signed_in_person() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
    desk.sign_in_for_test("2001", "培训值班长", &[ClerkRole::Clerk, ClerkRole::Lead]);
    let id = crate::test_support::accepted_spouse_case(&desk);
    let case = desk.case(id).unwrap();
    assert_eq!(case.owner.unwrap().id, "2001");
    let jobs = desk
        .store()
        .outbox_claim_due(chrono::Utc::now(), 10)
        .unwrap();
    let intake: serde_json::Value = serde_json::from_str(&jobs[0].payload).unwrap();
    assert_eq!(
        intake["clerk_id"], "2001",
        "the intake names the person, not the config"
    );
    assert!(desk
        .case_audit(id)
        .unwrap()
        .iter()
        .all(|l| l.clerk_id == "2001"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_sign_ins_at_a_free_screen_let_exactly_one_in() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
    let office = sandbox_office().await;
    desk.sign_in(Some(&office), seed::WINDOW_CLERK, seed::PIN)
        .await
        .unwrap();
    desk.sign_out().unwrap();
    // Ten right PINs at once, offline: each is checked while nobody holds the screen.
    let tries = (0..10).map(|_| desk.sign_in(None, seed::WINDOW_CLERK, seed::PIN));
    let answers = futures_util::future::join_all(tries).await;
    let ok = answers.iter().filter(|r| r.is_ok()).count();
    assert_eq!(
        ok,
        1,
        "{:?}",
        answers
            .iter()
            .map(|r| r.as_ref().err().map(|e| e.code()))
            .collect::<Vec<_>>()
    );
    for r in answers.iter().filter_map(|r| r.as_ref().err()) {
        assert!(
            matches!(r.code(), "auth.already_signed_in" | "auth.locked"),
            "{}",
            r.code()
        );
    }
}
