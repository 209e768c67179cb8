//! A visit from a called ticket: the case it opens, what an appointment brings, the priority
//! forwarded, and which cases the visit reports.

use crate::test_support::{accept_all_received, as_clerk, TKPO};
use crate::Desk;
use chrono::Utc;
use ow_api::{
    AppointmentDetail, CaseIntake, GreenReason, Priority, Ticket, TicketKind, TicketState,
};
use ow_case::{CaseEdit, CaseStep};
use ow_catalog::AnswerValue;
use ow_config::Config;

fn desk(dir: &std::path::Path) -> Desk {
    as_clerk(Desk::open(Config::default(), dir, None).unwrap())
}

fn ticket(number: &str, green: Option<GreenReason>) -> Ticket {
    let now = Utc::now();
    Ticket {
        id: format!("20261203-{number}"),
        number: number.into(),
        group: "huzheng".into(),
        group_name: "户政".into(),
        kind: TicketKind::WalkIn,
        green,
        state: TicketState::Called,
        issued_at: now,
        called_at: Some(now),
        started_at: None,
        ended_at: None,
        workstation_id: Some("sandbox-window-1".into()),
        clerk_id: Some("1024".into()),
        recalls: 0,
        for_window: None,
        ahead: 0,
        appointment: None,
    }
}

fn forwarded(desk: &Desk, id: ow_case::CaseId) -> CaseIntake {
    serde_json::from_str(&desk.store().outbox_payload(id).unwrap()).unwrap()
}

#[test]
fn a_green_ticket_opens_a_green_case_that_reaches_the_queue_as_green_channel() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let draft = desk
        .open_case_for_ticket(&ticket("A007", Some(GreenReason::Senior)))
        .unwrap();
    assert_eq!(draft.ticket.as_deref(), Some("A007"));
    assert_eq!(draft.green, Some(GreenReason::Senior));
    assert_eq!(draft.owner.as_ref().map(|o| o.id.as_str()), Some("1024"));
    assert_eq!(
        desk.case(draft.id).unwrap().green,
        Some(GreenReason::Senior)
    );

    crate::test_support::fill_spouse_case(&desk, draft.id);
    accept_all_received(&desk, draft.id).unwrap();
    assert_eq!(forwarded(&desk, draft.id).priority, Priority::GreenChannel);
}

#[test]
fn the_clerk_sets_and_clears_the_green_channel_and_a_made_up_reason_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let id = crate::test_support::spouse_case_with_applicant(&desk);
    let set = |g: &str| {
        desk.update_case(
            id,
            CaseEdit {
                green: Some(g.into()),
                ..Default::default()
            },
        )
    };
    assert_eq!(set("minor").unwrap().green, Some(GreenReason::Minor));
    let err = set("vip").unwrap_err();
    assert_eq!(ow_error::ErrorCode::code(&err), "desk.bad_green_reason");
    assert_eq!(desk.case(id).unwrap().green, Some(GreenReason::Minor));
    assert_eq!(set("").unwrap().green, None);
    accept_all_received(&desk, id).unwrap();
    assert_eq!(forwarded(&desk, id).priority, Priority::Normal);
}

#[test]
fn an_appointment_opens_its_item_with_the_answers_the_item_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let mut t = ticket("Y001", None);
    t.kind = TicketKind::Appointment;
    t.appointment = Some(AppointmentDetail {
        name: "陈思远".into(),
        id_number: "11010519491231002X".into(),
        slot_start: Utc::now(),
        slot_end: Utc::now(),
        items: vec!["no-such-item".into(), TKPO.into()],
        answers: [
            ("origin", "other_province"),
            ("married_years", "5"),
            ("in_custody", "no"),
            ("residence", "castle"),
            ("not_a_question", "x"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect(),
    });
    let draft = desk.open_case_for_ticket(&t).unwrap();
    assert_eq!(draft.item.as_ref().map(|i| i.code.as_str()), Some(TKPO));
    assert_eq!(
        draft.step,
        CaseStep::Applicant,
        "the clerk confirms from the start"
    );
    assert_eq!(
        draft.answers.get("origin"),
        Some(&AnswerValue::Choice("other_province".into()))
    );
    assert_eq!(
        draft.answers.get("married_years"),
        Some(&AnswerValue::Number(5))
    );
    assert_eq!(
        draft.answers.get("in_custody"),
        Some(&AnswerValue::YesNo(false))
    );
    assert!(!draft.answers.contains_key("residence"), "not an option");
    assert_eq!(draft.answers.len(), 3);
}

#[test]
fn the_visit_is_this_persons_decided_cases_for_the_ticket_since_the_call() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let before = Utc::now();
    let old = desk.create_case(Some("A001".into())).unwrap();
    crate::test_support::fill_spouse_case(&desk, old.id);
    accept_all_received(&desk, old.id).unwrap();
    let since = Utc::now();
    let first = desk.open_case_for_ticket(&ticket("A001", None)).unwrap();
    let second = desk.create_case(Some("A001".into())).unwrap();
    let open = desk.create_case(Some("A001".into())).unwrap();
    let other = desk.create_case(Some("A002".into())).unwrap();
    let mut numbers = vec![];
    for id in [first.id, second.id, other.id] {
        crate::test_support::fill_spouse_case(&desk, id);
        let view = accept_all_received(&desk, id).unwrap();
        numbers.push(view.draft.decision.unwrap().case_number);
    }
    let _ = open;
    assert_eq!(
        desk.visit_case_numbers("A001", since).unwrap(),
        numbers[..2].to_vec(),
        "the earlier visit with the same number and the open draft are not part of it"
    );
    assert_eq!(desk.visit_case_numbers("A001", before).unwrap().len(), 3);
    desk.sign_in_for_test("1025", "培训收件员二", &[ow_api::ClerkRole::Clerk]);
    assert!(desk.visit_case_numbers("A001", before).unwrap().is_empty());
}

#[test]
fn a_typed_paper_ticket_reports_the_visit_once_decided_and_a_called_one_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let kinds = |desk: &Desk| -> Vec<(String, String)> {
        desk.store()
            .outbox_claim_due(Utc::now(), 50)
            .unwrap()
            .into_iter()
            .map(|j| (j.kind, j.payload))
            .collect()
    };

    // Offline: the number typed from the paper ticket (lower case, as typed).
    let typed = desk.create_case(Some("e017".into())).unwrap();
    crate::test_support::fill_spouse_case(&desk, typed.id);
    let view = accept_all_received(&desk, typed.id).unwrap();
    let number = view.draft.decision.unwrap().case_number;
    let sent = kinds(&desk);
    let served: Vec<_> = sent
        .iter()
        .filter(|(k, _)| k == ow_store::KIND_TICKET_SERVED)
        .collect();
    assert_eq!(served.len(), 1, "{sent:?}");
    let served: ow_api::OfflineServed = serde_json::from_str(&served[0].1).unwrap();
    assert_eq!(served.number, "E017");
    assert_eq!(served.clerk_id, "1024");
    assert_eq!(served.cases, vec![number]);
    assert_eq!(served.started_at, typed.created_at);
    assert!(served.ended_at >= served.started_at);

    // Called through the back office: it knows the times already.
    let called = desk.open_case_for_ticket(&ticket("E018", None)).unwrap();
    crate::test_support::fill_spouse_case(&desk, called.id);
    accept_all_received(&desk, called.id).unwrap();
    // Not a ticket number at all: nothing the back office could take.
    let odd = desk.create_case(Some("窗口咨询".into())).unwrap();
    crate::test_support::fill_spouse_case(&desk, odd.id);
    accept_all_received(&desk, odd.id).unwrap();
    assert!(kinds(&desk)
        .iter()
        .all(|(k, _)| k != ow_store::KIND_TICKET_SERVED));
}

#[test]
fn a_second_item_of_the_visit_keeps_the_person_and_takes_the_shared_pages_once_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let first = desk
        .open_case_for_ticket(&ticket("E021", Some(GreenReason::Senior)))
        .unwrap();
    crate::test_support::fill_spouse_case(&desk, first.id);
    let line_of = |id, material: &str| -> Vec<String> {
        desk.case_view(id)
            .unwrap()
            .evaluation
            .unwrap()
            .checklist
            .into_iter()
            .filter(|l| l.material == material)
            .map(|l| l.id)
            .collect()
    };
    // Scanned once on the first item: the migration certificate (once on the checklist) and
    // the applicant's ID card (the ID card is asked for three times: whose is not guessed).
    let cert = line_of(first.id, "migration_cert");
    assert_eq!(cert.len(), 1);
    let ids = line_of(first.id, "id_card");
    assert!(ids.len() > 1, "{ids:?}");
    let png = crate::test_support::png_page();
    desk.import_into_line(
        first.id,
        cert[0].clone(),
        Some("迁移证.png".into()),
        png.clone(),
    )
    .unwrap();
    desk.import_into_line(first.id, ids[0].clone(), Some("身份证.png".into()), png)
        .unwrap();

    let second = desk.add_visit_item(first.id).unwrap();
    assert_eq!(second.ticket.as_deref(), Some("E021"));
    assert!(second.ticket_called);
    assert_eq!(second.green, Some(GreenReason::Senior));
    assert_eq!(second.applicant, desk.case(first.id).unwrap().applicant);
    assert_eq!(second.step, CaseStep::Item);
    assert!(second.item.is_none() && second.decision.is_none());
    crate::test_support::fill_spouse_case(&desk, second.id);

    let view = desk.share_visit_pages(second.id).unwrap();
    let pages_of = |line: &str| view.pages.iter().filter(|p| p.line_id == line).count();
    let second_cert = line_of(second.id, "migration_cert");
    assert_eq!(pages_of(&second_cert[0]), 1, "the certificate came along");
    assert_eq!(
        pages_of(&line_of(second.id, "id_card")[0]),
        0,
        "no guess at whose ID"
    );
    let first_pages = desk.store().case_page_list(first.id).unwrap();
    let second_pages = desk.store().case_page_list(second.id).unwrap();
    assert_eq!(
        first_pages
            .iter()
            .find(|p| p.line_id == cert[0])
            .unwrap()
            .sha256,
        second_pages[0].sha256,
        "one scan, stored once"
    );
    assert_ne!(first_pages[0].page_id, second_pages[0].page_id);
    // Asking again takes nothing twice.
    let again = desk.share_visit_pages(second.id).unwrap();
    assert_eq!(again.pages.len(), 1);

    // Each item its own decision and number; the visit reports both.
    let a = accept_all_received(&desk, first.id).unwrap();
    let b = accept_all_received(&desk, second.id).unwrap();
    let (na, nb) = (
        a.draft.decision.unwrap().case_number,
        b.draft.decision.unwrap().case_number,
    );
    assert_ne!(na, nb);
    assert_eq!(
        desk.visit_case_numbers("E021", first.created_at).unwrap(),
        vec![na.clone(), nb.clone()]
    );

    // One receipt for the visit: both items, each with its number and promised date.
    let paper = desk.issue_visit_receipt(second.id).unwrap();
    assert_eq!(paper.entry.kind, ow_papers::PaperKind::VisitReceipt);
    assert!(
        paper.entry.document_number.contains("HZ"),
        "{}",
        paper.entry.document_number
    );
    let text = crate::test_support::pdf_text(&paper.pdf_base64, dir.path());
    assert!(text.contains("办事回执"), "{text}");
    assert!(text.contains("共办理 2 个事项"), "{text}");
    let flat: String = text.split_whitespace().collect();
    for n in [&na, &nb] {
        assert!(flat.contains(n.as_str()), "{n} not on the receipt:\n{text}");
    }
    assert_eq!(text.matches("已受理").count(), 2, "{text}");
    assert!(text.contains("工作日"), "{text}");
    // Filed with the case it was asked from, and reprinted with the same number.
    let again = desk.reprint_paper(paper.entry.id).unwrap();
    assert_eq!(again.entry.document_number, paper.entry.document_number);
    assert!(again.entry.reprint);
}

#[test]
fn an_appointment_checked_in_at_the_window_lands_on_the_case_with_the_id_read() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let blank = desk.create_case(None).unwrap();
    let err = desk.check_in_id_number(blank.id).unwrap_err();
    assert_eq!(ow_error::ErrorCode::code(&err), "tickets.no_id_to_check_in");
    let with_ticket = desk.create_case(Some("A001".into())).unwrap();
    let err = desk.check_in_id_number(with_ticket.id).unwrap_err();
    assert_eq!(ow_error::ErrorCode::code(&err), "tickets.case_has_ticket");

    let id = crate::test_support::spouse_case_with_applicant(&desk);
    let id_number = desk.check_in_id_number(id).unwrap();
    assert_eq!(
        desk.case(id).unwrap().applicant.id_number.unwrap().expose(),
        id_number
    );
    let mut t = ticket("A031", Some(GreenReason::Pregnant));
    t.kind = TicketKind::Appointment;
    t.appointment = Some(AppointmentDetail {
        name: "陈思远".into(),
        id_number: id_number.clone(),
        slot_start: Utc::now(),
        slot_end: Utc::now(),
        items: vec!["another-item".into()],
        answers: Default::default(),
    });
    let before = desk.case(id).unwrap();
    let draft = desk.apply_ticket(id, &t).unwrap();
    assert_eq!(
        draft.id, id,
        "the case the citizen's card is on, not a new one"
    );
    assert_eq!(draft.ticket.as_deref(), Some("A031"));
    assert!(draft.ticket_called);
    assert_eq!(draft.green, Some(GreenReason::Pregnant));
    // The clerk had already chosen the item: the appointment does not replace it.
    assert_eq!(draft.item, before.item);
    assert_eq!(draft.applicant, before.applicant);
}

#[test]
fn the_visit_receipt_lists_what_each_noticed_item_still_needs() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let accepted = desk.open_case_for_ticket(&ticket("E031", None)).unwrap();
    crate::test_support::fill_spouse_case(&desk, accepted.id);
    accept_all_received(&desk, accepted.id).unwrap();
    let noticed = desk.add_visit_item(accepted.id).unwrap();
    crate::test_support::fill_spouse_case(&desk, noticed.id);
    let view = desk
        .decide(noticed.id, crate::DecisionRequest::Notice)
        .unwrap();
    let d = view.draft.decision.unwrap();
    let missing: Vec<String> = d
        .lines
        .iter()
        .filter(|l| d.listed_lines.contains(&l.id))
        .map(|l| l.name.clone())
        .collect();
    assert!(!missing.is_empty());

    let paper = desk.issue_visit_receipt(noticed.id).unwrap();
    let text = crate::test_support::pdf_text(&paper.pdf_base64, dir.path());
    let flat: String = text.split_whitespace().collect();
    assert!(flat.contains("一次性告知"), "{text}");
    assert_eq!(
        flat.matches("需补齐").count(),
        missing.len(),
        "one line per missing material, under the noticed item only:\n{text}"
    );
    for name in &missing {
        let name: String = name.split_whitespace().collect();
        assert!(
            flat.contains(&name),
            "{name} not on the visit receipt:\n{text}"
        );
    }
}
