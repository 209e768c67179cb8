//! The HTTP routes, grouped by who uses them.

mod admin;
mod appointments;
mod blobs;
mod cases;
mod figures;
mod floor;
mod hall;
pub(crate) mod kiosk;
mod meta;
mod notices;
mod pages;
mod queues;
pub(crate) mod ratings;
mod reference;
mod signin;
mod tickets;
mod windows;

use crate::config::Limits;
use crate::openapi::ApiDoc;
use crate::state::AppState;
use axum::extract::DefaultBodyLimit;
use ow_api::API_PREFIX;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Every route, under [`API_PREFIX`], with its OpenAPI description.
pub fn api(limits: &Limits) -> OpenApiRouter<AppState> {
    let json = OpenApiRouter::new()
        .routes(routes!(meta::health))
        .routes(routes!(meta::openapi_json))
        .routes(routes!(signin::workstation))
        .routes(routes!(signin::clerk))
        .routes(routes!(signin::sign_out))
        .routes(routes!(signin::me))
        .routes(routes!(admin::put_workstation))
        .routes(routes!(admin::put_clerk))
        .routes(routes!(admin::put_queue))
        .routes(routes!(queues::list))
        .routes(routes!(reference::get_catalog))
        .routes(routes!(reference::get_calendar))
        .routes(routes!(blobs::head))
        .routes(routes!(blobs::get))
        .routes(routes!(cases::intake))
        .routes(routes!(cases::get))
        .routes(routes!(cases::changes))
        .routes(routes!(cases::hand_out))
        .routes(routes!(cases::supplement))
        .routes(routes!(notices::put))
        .routes(routes!(notices::search))
        .routes(routes!(notices::carried_on))
        .routes(routes!(notices::get))
        .routes(routes!(queues::claim))
        .routes(routes!(queues::approve))
        .routes(routes!(queues::return_for_supplement))
        .routes(routes!(queues::reject))
        .routes(routes!(queues::ready))
        .routes(routes!(queues::reassign))
        .routes(routes!(queues::overview))
        .routes(routes!(queues::at_risk))
        .routes(routes!(floor::presence))
        .routes(routes!(floor::now))
        .routes(routes!(floor::move_ticket))
        .routes(routes!(figures::figures))
        .routes(routes!(figures::export))
        .routes(routes!(hall::setup))
        .routes(routes!(hall::put_group))
        .routes(routes!(hall::put_window_groups))
        .routes(routes!(hall::put_settings))
        .routes(routes!(tickets::create, tickets::list))
        .routes(routes!(tickets::call))
        .routes(routes!(tickets::recall))
        .routes(routes!(tickets::start))
        .routes(routes!(tickets::no_show))
        .routes(routes!(tickets::transfer))
        .routes(routes!(tickets::finish))
        .routes(routes!(tickets::offline))
        .routes(routes!(windows::pause))
        .routes(routes!(windows::resume))
        .routes(routes!(windows::me))
        .routes(routes!(appointments::book))
        .routes(routes!(appointments::check_in))
        .routes(routes!(kiosk::groups))
        .routes(routes!(kiosk::ticket))
        .routes(routes!(kiosk::check_in))
        .routes(routes!(ratings::rate, ratings::list))
        .routes(routes!(ratings::invite))
        .routes(routes!(ratings::later_view, ratings::later_rate))
        .layer(DefaultBodyLimit::max(limits.json_bytes));
    // Larger bodies only where they belong.
    let uploads = OpenApiRouter::new()
        .routes(routes!(blobs::put))
        .layer(DefaultBodyLimit::max(limits.blob_bytes));
    let references = OpenApiRouter::new()
        .routes(routes!(reference::put_catalog))
        .routes(routes!(reference::put_calendar))
        .layer(DefaultBodyLimit::max(limits.reference_bytes));
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest(API_PREFIX, json.merge(uploads).merge(references))
}
