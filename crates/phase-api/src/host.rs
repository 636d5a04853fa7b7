//! Where the Phase API lives: [`Host`].

use std::net::IpAddr;

use reqwest::Url;

use crate::error::PhaseError;

/// The base URL of Phase Cloud's API.
pub const CLOUD_BASE_URL: &str = "https://api.phase.dev";

/// The path a self-hosted Phase Console serves the public API under.
pub const SELF_HOSTED_API_PATH: &str = "/service/public";

/// The base URL of a Phase API, without a trailing slash; the client appends `/v1/...`.
///
/// HTTPS is required, except for loopback hosts (`127.0.0.0/8`, `::1`, `localhost`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Host {
    base_url: String,
}

impl Host {
    /// Phase Cloud: `https://api.phase.dev`.
    pub fn cloud() -> Host {
        Host {
            base_url: CLOUD_BASE_URL.to_string(),
        }
    }

    /// A self-hosted Phase Console at `console_url`; the API is at `{console_url}/service/public`.
    /// A URL that already ends with `/service/public` is taken as is.
    pub fn self_hosted(console_url: &str) -> Result<Host, PhaseError> {
        let base = checked_base(console_url)?;
        if base.ends_with(SELF_HOSTED_API_PATH) {
            return Ok(Host { base_url: base });
        }
        Ok(Host {
            base_url: format!("{base}{SELF_HOSTED_API_PATH}"),
        })
    }

    /// Any API base URL (for example a backend's own `/` or `/public`, or a test sandbox).
    pub fn custom(base_url: &str) -> Result<Host, PhaseError> {
        Ok(Host {
            base_url: checked_base(base_url)?,
        })
    }

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// True for Phase Cloud.
    pub fn is_cloud(&self) -> bool {
        self.base_url == CLOUD_BASE_URL
    }

    /// True when the host is on this machine (`localhost`, `127.0.0.0/8`, `::1`).
    pub fn is_loopback(&self) -> bool {
        Url::parse(&self.base_url)
            .map(|u| is_loopback_url(&u))
            .unwrap_or(false)
    }

    /// The full URL of an API route, e.g. `route("secrets")` → `{base}/v1/secrets/`.
    pub(crate) fn route(&self, name: &str) -> String {
        format!("{}/v1/{}/", self.base_url, name)
    }
}

impl std::fmt::Display for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.base_url)
    }
}

fn bad(message: impl Into<String>) -> PhaseError {
    PhaseError::validation("host", message)
}

fn is_loopback_url(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = host.parse::<IpAddr>() {
        return ip.is_loopback();
    }
    let d = host.trim_end_matches('.').to_ascii_lowercase();
    d == "localhost" || d.ends_with(".localhost")
}

fn checked_base(raw: &str) -> Result<String, PhaseError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(bad(
            "enter the server's URL, e.g. https://console.example.com",
        ));
    }
    let url = Url::parse(trimmed).map_err(|e| bad(format!("not a valid URL ({e})")))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback_url(&url) => {}
        "http" => {
            return Err(bad(
                "must use https:// (http is only allowed for localhost)",
            ))
        }
        other => return Err(bad(format!("unsupported scheme '{other}', use https://"))),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("the URL has no host name"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("must not contain a user name or password"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("must not contain '?' or '#'"));
    }
    let s = url.as_str().trim_end_matches('/').to_string();
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloud() {
        let h = Host::cloud();
        assert_eq!(h.base_url(), "https://api.phase.dev");
        assert!(h.is_cloud());
        assert!(!h.is_loopback());
        assert_eq!(h.route("secrets"), "https://api.phase.dev/v1/secrets/");
    }

    #[test]
    fn self_hosted_appends_service_public() {
        let h = Host::self_hosted("https://console.example.com/").unwrap();
        assert_eq!(h.base_url(), "https://console.example.com/service/public");
        let again = Host::self_hosted("https://console.example.com/service/public/").unwrap();
        assert_eq!(again, h);
        assert!(!h.is_cloud());
    }

    #[test]
    fn custom_trims_slashes() {
        let h = Host::custom("http://127.0.0.1:8080///").unwrap();
        assert_eq!(h.base_url(), "http://127.0.0.1:8080");
        assert!(h.is_loopback());
        assert!(Host::custom("http://localhost:1/x").unwrap().is_loopback());
        assert!(Host::custom("http://[::1]:1").unwrap().is_loopback());
        assert!(Host::custom("https://api.phase.dev/").unwrap().is_cloud());
    }

    #[test]
    fn refusals_name_host() {
        for bad in [
            "",
            "   ",
            "not a url",
            "http://example.com",
            "ftp://example.com",
            "https://u:p@example.com",
            "https://example.com/?x=1",
            "http://10.0.0.1",
        ] {
            match Host::custom(bad) {
                Err(PhaseError::Validation { field, .. }) => assert_eq!(field, "host", "{bad}"),
                other => panic!("{bad:?} -> {other:?}"),
            }
        }
    }
}
