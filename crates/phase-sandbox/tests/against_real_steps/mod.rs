//! The steps of `against_real.rs`: each records a short, id-free description of what the
//! server answered, so the real server's and the sandbox's can be compared line by line.

use reqwest::Method;
use serde_json::Value;

mod references;
mod routing;
mod writes;

/// One server to observe.
pub struct Target {
    pub host: String,
    /// An SSE app the user and the service account may use.
    pub app: String,
    /// An app the user may use, without SSE.
    pub no_sse_app: String,
    /// An app the service account may not use.
    pub sa_no_access_app: String,
    /// The names of `app`, `no_sse_app` and `sa_no_access_app` (for `${app::env.KEY}`).
    pub names: [String; 3],
    /// `Bearer User <hex>` / `Bearer ServiceAccount <hex>`.
    pub user: String,
    pub sa: String,
    /// The same tokens in the Console form (`pss_user:v1:...`).
    pub user_console: String,
    pub sa_console: String,
    pub http: reqwest::Client,
}

/// Who sends a request.
pub enum Auth<'a> {
    None,
    User,
    Sa,
    Raw(&'a str),
}

pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub html: bool,
    pub www_auth: bool,
}

impl Answer {
    /// "status message" (with `[WWW-Authenticate]` on a 401 that carries it).
    pub fn brief(&self) -> String {
        let auth = if self.www_auth {
            " [WWW-Authenticate]"
        } else {
            ""
        };
        if self.html {
            return format!("{} html{auth}", self.status);
        }
        match self.body.get("error").and_then(Value::as_str) {
            Some(m) => format!("{}{auth} {m}", self.status),
            None => format!("{}{auth}", self.status),
        }
    }
}

impl Target {
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        auth: Auth<'_>,
        body: Option<Value>,
    ) -> Answer {
        let mut req = self.http.request(method, format!("{}{path}", self.host));
        let header = match auth {
            Auth::None => None,
            Auth::User => Some(self.user.as_str()),
            Auth::Sa => Some(self.sa.as_str()),
            Auth::Raw(h) => Some(h),
        };
        if let Some(h) = header {
            req = req.header("Authorization", h);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.expect("request sent");
        let status = resp.status().as_u16();
        let html = resp
            .headers()
            .get("content-type")
            .is_some_and(|c| c.to_str().unwrap_or("").starts_with("text/html"));
        let www_auth = resp.headers().get("www-authenticate").is_some();
        let text = resp.text().await.unwrap_or_default();
        Answer {
            status,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
            html,
            www_auth,
        }
    }

    pub fn secrets(&self, extra: &str) -> String {
        format!("/v1/secrets/?app_id={}&env=staging{extra}", self.app)
    }

    pub async fn send(&self, method: Method, body: Value) -> Answer {
        self.call(method, &self.secrets(""), Auth::User, Some(body))
            .await
    }

    /// The secrets of this run whose key is `key` (any path), as the user sees them.
    pub async fn find(&self, key: &str) -> Vec<Value> {
        let path = self.secrets(&format!("&key={key}"));
        let a = self.call(Method::GET, &path, Auth::User, None).await;
        a.body.as_array().cloned().unwrap_or_default()
    }
}

pub fn id(v: &Value) -> String {
    v["id"].as_str().unwrap_or_default().to_string()
}

/// A secret without its ids and timestamps (tags sorted: neither server orders them).
pub fn shape(s: &Value) -> String {
    let ov = &s["override"];
    let mut tags: Vec<String> = s["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .map(Value::to_string)
        .collect();
    tags.sort();
    format!(
        "key={} value={} comment={} path={} tags={} type={} lifecycle={} version={} folder={} override={}",
        s["key"], s["value"], s["comment"], s["path"], tags.join(","), s["type"], s["lifecycle"],
        s["version"],
        if s["folder"].is_string() { "<id>" } else { "null" },
        if ov.is_null() { "null".to_string() } else { format!("{}/{}", ov["value"], ov["isActive"]) },
    )
}

pub fn fields(v: &Value) -> String {
    let mut names: Vec<&String> = v
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    names.sort();
    format!("{names:?}")
}

/// What was seen, step by step.
#[derive(Default)]
pub struct Seen(pub Vec<(String, String)>);

impl Seen {
    pub fn note(&mut self, step: &str, what: String) {
        self.0.push((step.to_string(), what));
    }
}

/// Runs every step against `t` and returns (step, what was seen).
pub async fn observe(t: &Target, run: &str) -> Vec<(String, String)> {
    let mut seen = Seen::default();
    routing::steps(t, &mut seen).await;
    writes::steps(t, run, &mut seen).await;
    references::steps(t, run, &mut seen).await;
    seen.0
}

pub fn a_id(created: &Answer) -> String {
    id(&created.body[0])
}
