//! Sending one API call: budget, request, 429 retries, and mapping of failures.

use std::error::Error as _;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use reqwest::{Method, StatusCode};

use crate::decode::decode_error_body;
use crate::error::PhaseError;
use crate::host::Host;
use crate::options::{ClientOptions, DEFAULT_RETRY_AFTER};
use crate::rate_limit::{parse_retry_after, Budget, RateLimitNotice, RateLimitSource};
use crate::token::Token;

/// One call to make: everything needed to send it again after a 429.
pub(crate) struct Call {
    pub method: Method,
    pub url: String,
    pub query: Vec<(&'static str, String)>,
    /// Extra request headers (names fixed in code; values may be secret-free data only).
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body, already serialised.
    pub body: Option<Vec<u8>>,
}

/// What the client shares between its clones.
pub(crate) struct Transport {
    http: reqwest::Client,
    pub host: Host,
    pub token: Token,
    auth: HeaderValue,
    options: ClientOptions,
    budget: Option<Budget>,
}

impl Transport {
    pub(crate) fn new(
        host: Host,
        token: Token,
        options: ClientOptions,
    ) -> Result<Self, PhaseError> {
        let mut auth = HeaderValue::from_str(&token.authorization_header()).map_err(|_| {
            PhaseError::validation("token", "the token contains characters that cannot be sent")
        })?;
        auth.set_sensitive(true);
        let http = reqwest::Client::builder()
            .timeout(options.timeout.max(options.read_timeout))
            .connect_timeout(options.timeout.min(Duration::from_secs(15)))
            .user_agent(options.user_agent.clone())
            // A redirect could carry the request elsewhere or turn a write into a GET.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| PhaseError::Network {
                message: format!("could not set up the HTTP client: {}", describe(&e)),
            })?;
        let budget = options.budget_per_minute.map(Budget::per_minute);
        Ok(Transport {
            http,
            host,
            token,
            auth,
            options,
            budget,
        })
    }

    /// Sends `call`, waiting out the budget and retrying 429 answers as the policy allows;
    /// returns the body of a 2xx answer. Nothing but 429 is ever retried.
    pub(crate) async fn send(&self, call: &Call) -> Result<Bytes, PhaseError> {
        let response = self.send_for_response(call).await?;
        response.bytes().await.map_err(|e| map_reqwest(&e))
    }

    /// [`send`](Self::send), but the 2xx answer's body is left to read as it arrives.
    pub(crate) async fn send_for_response(
        &self,
        call: &Call,
    ) -> Result<reqwest::Response, PhaseError> {
        let mut retries = 0u32;
        loop {
            self.wait_for_budget().await;
            let started = std::time::Instant::now();
            // The log gets the method, the URL without its query, the status and the time:
            // never a header, a body or a query value.
            let response = self.send_once(call).await.inspect_err(|e| {
                log::warn!("{} {} failed: {}", call.method, call.url, e.code());
            })?;
            let status = response.status();
            log::info!(
                "{} {} -> {} in {} ms",
                call.method,
                call.url,
                status.as_u16(),
                started.elapsed().as_millis()
            );
            if status.is_success() {
                return Ok(response);
            }
            let header_wait = response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(parse_retry_after);
            // An unreadable error body still gives a useful error from the status alone.
            let body = response.bytes().await.unwrap_or_default();
            let error = decode_error_body(status.as_u16(), &body);
            if status != StatusCode::TOO_MANY_REQUESTS {
                return Err(error);
            }
            let wait = header_wait
                .or_else(|| error.retry_after())
                .unwrap_or(DEFAULT_RETRY_AFTER);
            let policy = self.options.retry;
            if retries >= policy.max_retries || wait > policy.max_wait {
                return Err(match error {
                    PhaseError::RateLimited { message, .. } => PhaseError::RateLimited {
                        message,
                        retry_after: Some(wait),
                    },
                    other => other,
                });
            }
            retries += 1;
            self.notify(RateLimitNotice {
                wait,
                attempt: retries,
                source: RateLimitSource::Server,
            });
            tokio::time::sleep(wait).await;
        }
    }

    async fn send_once(&self, call: &Call) -> Result<reqwest::Response, PhaseError> {
        let mut request = self
            .http
            .request(call.method.clone(), &call.url)
            .header(AUTHORIZATION, self.auth.clone())
            .header(ACCEPT, "application/json");
        if !call.query.is_empty() {
            request = request.query(&call.query);
        }
        for (name, value) in &call.headers {
            request = request.header(*name, value);
        }
        request = request.timeout(if call.method == Method::GET {
            self.options.read_timeout
        } else {
            self.options.timeout
        });
        if let Some(body) = &call.body {
            request = request
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        request.send().await.map_err(|e| map_reqwest(&e))
    }

    async fn wait_for_budget(&self) {
        let Some(budget) = &self.budget else {
            return;
        };
        let mut attempt = 0;
        while let Err(wait) = budget.try_take().await {
            attempt += 1;
            self.notify(RateLimitNotice {
                wait,
                attempt,
                source: RateLimitSource::Budget,
            });
            tokio::time::sleep(wait).await;
        }
    }

    fn notify(&self, notice: RateLimitNotice) {
        if let Some(callback) = &self.options.on_rate_limit {
            callback(notice);
        }
    }
}

/// Maps a transport failure. Messages never include the URL, headers or body.
pub(crate) fn map_reqwest(e: &reqwest::Error) -> PhaseError {
    if e.is_timeout() {
        return PhaseError::Timeout;
    }
    PhaseError::Network {
        message: describe(e),
    }
}

/// The error and its causes, without the URL.
fn describe(e: &reqwest::Error) -> String {
    let mut parts = vec![strip_url(&e.to_string())];
    let mut source = e.source();
    while let Some(s) = source {
        let text = strip_url(&s.to_string());
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

fn strip_url(text: &str) -> String {
    // reqwest appends " for url (...)"; drop it.
    match text.find(" for url (") {
        Some(i) => text[..i].to_string(),
        None => text.to_string(),
    }
}
