//! Who is asking: the session a request carries (a bearer token, or the session cookie the login
//! set), the CSRF token a cookie-borne change must carry back, and the client's address the
//! login throttle counts by.
//!
//! A bearer token is sent on purpose by a program, so it needs no CSRF token; a cookie is sent
//! by the browser on its own, so every change it authorises must also carry the session's CSRF
//! token (`X-CSRF-Token` for the API, the `_csrf` field of a form), which another site cannot
//! read.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};

use super::error::ApiError;
use super::WebState;
use crate::accounts::{self, Session};

/// The session cookie's name.
pub const COOKIE: &str = "dondoc_session";
/// The header a cookie-borne API change carries its CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// How a request proved its session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Bearer,
    Cookie,
}

/// The token a request carries: `Authorization: Bearer`, else the session cookie.
fn token_of(headers: &HeaderMap) -> Option<(String, Via)> {
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let text = value.to_str().ok()?;
        let (scheme, token) = text.split_once(' ')?;
        return scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| (token.trim().to_string(), Via::Bearer));
    }
    cookie(headers, COOKIE).map(|t| (t, Via::Cookie))
}

/// The value of the cookie `name`, if the request has one.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Compares two secrets in a time that does not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// The `Set-Cookie` value that hands the browser its session.
pub fn session_cookie(state: &WebState, token: &str) -> HeaderValue {
    let secure = if state.config.web.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    let max_age = state.policy.max.num_seconds();
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("dondoc_session=; Path=/"))
}

/// The `Set-Cookie` value that takes it back.
pub fn cleared_cookie() -> HeaderValue {
    HeaderValue::from_static("dondoc_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// The client's address: the peer, or behind a proxy (`[web] behind_proxy`) the last hop the
/// proxy wrote in `X-Forwarded-For` (the one hop it vouches for; the earlier ones the client
/// wrote itself).
pub fn client_address(parts: &Parts, behind_proxy: bool) -> String {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".to_string());
    if !behind_proxy {
        return peer;
    }
    // The last entry only: an address the proxy did not write is not trusted, even when the
    // last one is unreadable.
    parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .next_back()
        .filter(|s| s.parse::<std::net::IpAddr>().is_ok())
        .map(str::to_string)
        .unwrap_or(peer)
}

/// The client's address, as [`client_address`] reads it.
pub struct ClientAddress(pub String);

impl FromRequestParts<WebState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &WebState,
    ) -> Result<Self, std::convert::Infallible> {
        Ok(Self(client_address(parts, state.config.web.behind_proxy)))
    }
}

/// The session of the request, for the API: 401 without one, 403 when a cookie-borne change
/// does not carry the session's CSRF token.
pub struct ApiUser {
    pub session: Session,
}

impl FromRequestParts<WebState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &WebState) -> Result<Self, ApiError> {
        let (token, via) = token_of(&parts.headers).ok_or_else(ApiError::unauthorized)?;
        let session = accounts::session(&state.store, &state.policy, &token, state.clock.now())
            .await?
            .ok_or_else(ApiError::unauthorized)?;
        if via == Via::Cookie && !parts.method.is_safe() {
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !same_secret(sent, &session.csrf) {
                return Err(ApiError::forbidden(
                    "the CSRF token is missing or wrong (send the session's token in X-CSRF-Token, or use Authorization: Bearer)",
                ));
            }
        }
        Ok(Self { session })
    }
}

/// The session of the request, for a page: without one, the login page, which brings the
/// official back here afterwards. A page's form checks its CSRF token itself
/// ([`PageUser::check_csrf`]), as it comes in the body.
pub struct PageUser {
    pub session: Session,
}

/// Where an official without a session is sent.
pub struct ToLogin(String);

impl IntoResponse for ToLogin {
    fn into_response(self) -> Response {
        Redirect::to(&format!(
            "/login?next={}",
            super::pages::url_component(&self.0)
        ))
        .into_response()
    }
}

impl FromRequestParts<WebState> for PageUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &WebState) -> Result<Self, Response> {
        let back = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "/".into());
        let Some(token) = cookie(&parts.headers, COOKIE) else {
            return Err(ToLogin(back).into_response());
        };
        match accounts::session(&state.store, &state.policy, &token, state.clock.now()).await {
            Ok(Some(session)) => Ok(Self { session }),
            Ok(None) => Err(ToLogin(back).into_response()),
            Err(e) => Err(ApiError::internal(&e).into_response()),
        }
    }
}

impl PageUser {
    /// Refuses a form whose `_csrf` is not this session's.
    pub fn check_csrf(&self, sent: &str) -> Result<(), ApiError> {
        if same_secret(sent, &self.session.csrf) {
            Ok(())
        } else {
            Err(ApiError::forbidden(
                "the form's CSRF token is missing or wrong; reload the page and try again",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bearer_token_comes_before_the_cookie() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; dondoc_session=c"),
        );
        assert_eq!(token_of(&h), Some(("c".into(), Via::Cookie)));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer  t "),
        );
        assert_eq!(token_of(&h), Some(("t".into(), Via::Bearer)));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Basic dTpw"),
        );
        assert_eq!(token_of(&h), None);
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
        assert!(!same_secret("", "a"));
    }
}
