//! Sending one request: the budget, the request itself, waiting out 429 answers, `304 Not
//! Modified`, and turning failures into [`CommandkError`]s.

use std::error::Error as _;
use std::time::Duration;

use bytes::Bytes;
use phase_api::{ClientOptions, RateLimitNotice, RateLimitSource, DEFAULT_RETRY_AFTER};
use reqwest::header::{self, HeaderValue};
use reqwest::{Method, StatusCode, Url};

use crate::budget::{retry_after_seconds, RequestWindow};
use crate::decode::error_from_body;
use crate::error::CommandkError;
use crate::host::Host;
use crate::token::AccessToken;

/// One request, kept whole so that it can be sent again after a 429.
pub(crate) struct Request {
    pub method: Method,
    pub url: Url,
    pub query: Vec<(&'static str, String)>,
    /// The JSON body, already serialised.
    pub body: Option<Vec<u8>>,
    /// An ETag from an earlier answer (sent as `If-None-Match`).
    pub if_none_match: Option<String>,
}

impl Request {
    pub(crate) fn get(url: Url, query: Vec<(&'static str, String)>) -> Request {
        Request {
            method: Method::GET,
            url,
            query,
            body: None,
            if_none_match: None,
        }
    }
}

/// A successful answer.
pub(crate) enum Reply {
    /// 2xx, with the body and the `ETag` header if any.
    Fresh { body: Bytes, etag: Option<String> },
    /// 304: what the caller has is still current.
    NotModified,
}

/// What the clones of a client share.
pub(crate) struct Transport {
    http: reqwest::Client,
    pub host: Host,
    pub token: AccessToken,
    auth: HeaderValue,
    options: ClientOptions,
    window: Option<RequestWindow>,
}

impl Transport {
    pub(crate) fn new(
        host: Host,
        token: AccessToken,
        options: ClientOptions,
    ) -> Result<Transport, CommandkError> {
        let mut auth = HeaderValue::try_from(token.authorization_header()).map_err(|_| {
            CommandkError::validation("token", "the token contains characters that cannot be sent")
        })?;
        auth.set_sensitive(true);
        let http = reqwest::Client::builder()
            .user_agent(options.user_agent.as_str())
            .connect_timeout(Duration::from_secs(15).min(options.timeout))
            // Never follow a redirect: it could send the token elsewhere or turn a PUT into a GET.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| CommandkError::Network {
                message: format!("could not set up the HTTP client: {}", without_url(e)),
            })?;
        let window = options.budget_per_minute.map(RequestWindow::per_minute);
        Ok(Transport {
            http,
            host,
            token,
            auth,
            options,
            window,
        })
    }

    /// Sends `request`; a 429 is waited out and the request sent again as the retry policy
    /// allows. Nothing else is ever re-sent (a write that timed out may have been applied).
    pub(crate) async fn send(&self, request: &Request) -> Result<Reply, CommandkError> {
        let mut retried = 0u32;
        loop {
            self.spend_budget().await;
            let response = self
                .prepare(request)
                .send()
                .await
                .map_err(request_failure)?;
            let status = response.status();
            if status == StatusCode::NOT_MODIFIED {
                return Ok(Reply::NotModified);
            }
            if status.is_success() {
                let etag = header_text(&response, header::ETAG);
                let body = response.bytes().await.map_err(request_failure)?;
                return Ok(Reply::Fresh { body, etag });
            }
            let asked = header_text(&response, header::RETRY_AFTER)
                .as_deref()
                .and_then(retry_after_seconds);
            // An unreadable error body still leaves the status to go by.
            let body = response.bytes().await.unwrap_or_default();
            let error = error_from_body(status.as_u16(), &body);
            let CommandkError::RateLimited { message, .. } = error else {
                return Err(error);
            };
            let wait = asked.unwrap_or(DEFAULT_RETRY_AFTER);
            let policy = &self.options.retry;
            if retried >= policy.max_retries || wait > policy.max_wait {
                return Err(CommandkError::RateLimited {
                    message,
                    retry_after: Some(wait),
                });
            }
            retried += 1;
            self.tell(wait, retried, RateLimitSource::Server);
            tokio::time::sleep(wait).await;
        }
    }

    fn prepare(&self, request: &Request) -> reqwest::RequestBuilder {
        let limit = if request.method == Method::GET {
            self.options.read_timeout
        } else {
            self.options.timeout
        };
        let mut builder = self
            .http
            .request(request.method.clone(), request.url.clone())
            .timeout(limit)
            .header(header::AUTHORIZATION, self.auth.clone())
            .header(header::ACCEPT, "application/json");
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        if let Some(tag) = &request.if_none_match {
            builder = builder.header(header::IF_NONE_MATCH, tag.as_str());
        }
        if let Some(body) = &request.body {
            builder = builder
                .header(header::CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        builder
    }

    async fn spend_budget(&self) {
        if let Some(window) = &self.window {
            let mut waits = 0;
            while let Err(wait) = window.admit().await {
                waits += 1;
                self.tell(wait, waits, RateLimitSource::Budget);
                tokio::time::sleep(wait).await;
            }
        }
    }

    fn tell(&self, wait: Duration, attempt: u32, source: RateLimitSource) {
        if let Some(callback) = &self.options.on_rate_limit {
            callback(RateLimitNotice {
                wait,
                attempt,
                source,
            });
        }
    }
}

fn header_text(response: &reqwest::Response, name: header::HeaderName) -> Option<String> {
    let value = response.headers().get(name)?.to_str().ok()?.trim();
    (!value.is_empty()).then(|| value.to_string())
}

/// A transport failure as an error that names neither the URL nor anything sent.
fn request_failure(e: reqwest::Error) -> CommandkError {
    if e.is_timeout() {
        CommandkError::Timeout
    } else {
        CommandkError::Network {
            message: without_url(e),
        }
    }
}

fn without_url(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let part = c.to_string();
        if !text.contains(&part) {
            text = format!("{text}: {part}");
        }
        cause = c.source();
    }
    text
}
