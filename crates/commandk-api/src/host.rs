//! Where the CommandK API lives: [`Host`].

use reqwest::Url;

use crate::error::CommandkError;

/// The base URL of CommandK's cloud API (also the official CLI's default endpoint).
pub const CLOUD_BASE_URL: &str = "https://api.commandk.dev";

/// The base URL of a CommandK API, without a trailing slash; routes are appended to it
/// (`{base}/environments`, `{base}/apps/{id}/secrets`, ...). Only `https://`, or plain
/// `http://` to this machine (`localhost`, `127.x.x.x`, `[::1]`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Host {
    base_url: String,
}

impl Host {
    /// CommandK cloud: `https://api.commandk.dev`.
    pub fn cloud() -> Host {
        Host {
            base_url: CLOUD_BASE_URL.to_string(),
        }
    }

    /// An on-premises installation: `https://api.<installation>.commandk.dev`. The name is
    /// the one in the dashboard's address (`app.<installation>.commandk.dev`); it must be a
    /// DNS label (letters, digits, `-`). Other addresses go through [`Host::custom`].
    pub fn on_premises(installation: &str) -> Result<Host, CommandkError> {
        let name = installation.trim().to_ascii_lowercase();
        let bad = |message: &str| CommandkError::validation("host", message);
        if name.is_empty() {
            return Err(bad(
                "enter the installation's name, e.g. acme for app.acme.commandk.dev",
            ));
        }
        if name.len() > 63 {
            return Err(bad("an installation name has at most 63 characters"));
        }
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(bad(
                "an installation name has only letters, digits and '-' (for any other address, use a custom URL)",
            ));
        }
        if name.starts_with('-') || name.ends_with('-') {
            return Err(bad("an installation name cannot start or end with '-'"));
        }
        Ok(Host {
            base_url: format!("https://api.{name}.commandk.dev"),
        })
    }

    /// Any API base URL (a proxy, a test sandbox, ...). Checked like every host of this
    /// project: https (http only for loopback), a host name, no user name, password,
    /// query or fragment. Trailing slashes are dropped.
    pub fn custom(base_url: &str) -> Result<Host, CommandkError> {
        if base_url.trim().is_empty() {
            return Err(CommandkError::validation(
                "host",
                "enter the API's URL, e.g. https://api.commandk.dev",
            ));
        }
        // The URL rules are the same as phase-api's; reuse its public check.
        let checked = phase_api::Host::custom(base_url).map_err(|e| match e {
            phase_api::PhaseError::Validation { field, message } => {
                CommandkError::validation(field, message)
            }
            other => CommandkError::validation("host", other.to_string()),
        })?;
        Ok(Host {
            base_url: checked.base_url().to_string(),
        })
    }

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// True for CommandK cloud.
    pub fn is_cloud(&self) -> bool {
        self.base_url == CLOUD_BASE_URL
    }

    /// True for hosts run by CommandK: the cloud and `*.commandk.dev` installations.
    pub fn is_commandk_hosted(&self) -> bool {
        Url::parse(&self.base_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
            .is_some_and(|h| h == "api.commandk.dev" || h.ends_with(".commandk.dev"))
    }

    /// True when the host is on this machine (`localhost`, `127.0.0.0/8`, `::1`).
    pub fn is_loopback(&self) -> bool {
        phase_api::Host::custom(&self.base_url).is_ok_and(|h| h.is_loopback())
    }

    /// The URL of a route made of `segments`, each percent-encoded as one path segment
    /// (so an app name with spaces or `/` stays one segment).
    pub(crate) fn url(&self, segments: &[&str]) -> Result<Url, CommandkError> {
        let mut url = Url::parse(&self.base_url)
            .map_err(|_| CommandkError::validation("host", "not a valid URL"))?;
        url.path_segments_mut()
            .map_err(|_| CommandkError::validation("host", "this URL cannot have a path"))?
            .pop_if_empty()
            .extend(segments);
        Ok(url)
    }
}

impl std::fmt::Display for Host {
    /// The base URL.
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(out, "{}", self.base_url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloud_and_on_premises() {
        let cloud = Host::cloud();
        assert!(cloud.is_cloud() && cloud.is_commandk_hosted() && !cloud.is_loopback());
        let acme = Host::on_premises(" Acme-EU ").unwrap();
        assert_eq!(acme.base_url(), "https://api.acme-eu.commandk.dev");
        assert!(!acme.is_cloud() && acme.is_commandk_hosted());
        for bad in ["", "a.b", "-x", "x-", "with space", &"a".repeat(64)] {
            let e = Host::on_premises(bad).unwrap_err();
            assert_eq!(e.code(), "validation", "{bad:?}");
        }
    }

    #[test]
    fn custom_urls() {
        let h = Host::custom("http://127.0.0.1:8080/base//").unwrap();
        assert_eq!(h.base_url(), "http://127.0.0.1:8080/base");
        assert!(h.is_loopback() && !h.is_commandk_hosted());
        assert!(Host::custom("https://api.commandk.dev/")
            .unwrap()
            .is_cloud());
        for bad in [
            "",
            "  ",
            "http://example.com",
            "ftp://x.y",
            "https://u:p@x.y",
            "nope",
        ] {
            match Host::custom(bad) {
                Err(CommandkError::Validation { field, .. }) => assert_eq!(field, "host"),
                other => panic!("{bad:?} -> {other:?}"),
            }
        }
    }

    #[test]
    fn urls_encode_each_segment() {
        let h = Host::custom("http://localhost:1/api").unwrap();
        let u = h.url(&["apps", "My App/2"]).unwrap();
        assert_eq!(u.as_str(), "http://localhost:1/api/apps/My%20App%2F2");
        let root = Host::custom("http://localhost:1").unwrap();
        assert_eq!(
            root.url(&["environments"]).unwrap().as_str(),
            "http://localhost:1/environments"
        );
    }
}
