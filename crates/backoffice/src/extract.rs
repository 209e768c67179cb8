//! Extractors whose rejections speak the one error model instead of axum's plain text.

use crate::error::{from_json_rejection, BackofficeError};
use crate::state::AppState;
use axum::extract::{FromRequest, FromRequestParts, Request};
use serde::de::DeserializeOwned;

/// A JSON body, refused with `backoffice.malformed_json`, `backoffice.invalid_body`,
/// `backoffice.unsupported_media_type` or `backoffice.body_too_large`.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for JsonBody<T> {
    type Rejection = BackofficeError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let limit = state.limits().json_bytes;
        axum::Json::<T>::from_request(req, state)
            .await
            .map(|axum::Json(v)| Self(v))
            .map_err(|r| from_json_rejection(r, limit))
    }
}

/// A path parameter, refused with `backoffice.bad_path`.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(BackofficeError))]
pub struct PathParam<T>(pub T);

/// A query string, refused with `backoffice.bad_query`.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(BackofficeError))]
pub struct QueryParam<T>(pub T);

/// The caller's address, when the server was started with it (`lib.rs` serves with
/// connect info; a router used without it has none).
pub struct ClientAddr(pub Option<std::net::IpAddr>);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = BackofficeError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}
