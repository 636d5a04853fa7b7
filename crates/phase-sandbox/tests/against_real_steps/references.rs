//! Reference steps: values with `${...}` come back resolved. They write a root secret
//! `CMP<run>_ROOT` and secrets under `/sandbox-cmp/<run>/refs` in Staging, and delete
//! them at the end.

use reqwest::Method;
use serde_json::{json, Value};

use super::{id, Auth, Seen, Target};

pub async fn steps(t: &Target, run: &str, seen: &mut Seen) {
    // Upper case: a reference must name the stored (upper-cased) key exactly.
    let k = |s: &str| format!("CMP{run}_{s}").to_uppercase();
    let p = format!("/sandbox-cmp/{run}/refs");
    let rel = p.trim_start_matches('/');
    let [app_name, no_sse_name, sa_no_access_name] = &t.names;
    let hide = |v: &Value| {
        v.to_string()
            .replace(&run.to_uppercase(), "<RUN>")
            .replace(run, "<run>")
            .replace(app_name.as_str(), "<app>")
            .replace(no_sse_name.as_str(), "<other app>")
            .replace(sa_no_access_name.as_str(), "<other app>")
    };
    let mut made: Vec<String> = Vec::new();
    let mut create = async |secrets: Value| {
        let a = t.send(Method::POST, json!({ "secrets": secrets })).await;
        made.extend(a.body.as_array().into_iter().flatten().map(id));
        a
    };
    create(json!([{"key": k("root"), "value": "root-v"}])).await;
    create(json!([
        {"key": k("deep"), "value": "deep-v", "path": format!("{p}/a")},
        {"key": k("chain"), "value": format!("chain(${{{}}})", k("root")), "path": p},
    ]))
    .await;
    let (root, deep, chain) = (k("root"), k("deep"), k("chain"));
    let value = format!(
        "L=${{{root}}} F=${{{rel}/a/{deep}}} LC=${{{lc}}} E=${{STAGING.{root}}} \
         A=${{{app_name}::staging.{root}}} M=${{{missing}}} C=${{{chain}}} \
         K=${{{rel}/{chain}}} S=${{{rel}/{me}}} D=${{{{{root}}}}}",
        lc = root.to_lowercase(),
        missing = k("missing"),
        me = k("use"),
    );
    let a = create(json!([{"key": k("use"), "value": value, "path": p,
        "override": {"value": format!("ov ${{{root}}}"), "isActive": true}}]))
    .await;
    seen.note("refs: POST answer", hide(&a.body[0]["value"]));
    let user = t.find(&k("use")).await;
    seen.note("refs: GET as the user", hide(&user[0]["value"]));
    seen.note("refs: the override", hide(&user[0]["override"]["value"]));
    let path = t.secrets(&format!("&key={}", k("use")));
    let sa = t.call(Method::GET, &path, Auth::Sa, None).await;
    seen.note("refs: GET as the SA", hide(&sa.body[0]["value"]));
    // An app the reader may not use stops resolution; one without SSE is skipped.
    let stop = format!("${{{sa_no_access_name}::development.X}} ${{{root}}}");
    let skip = format!("${{{no_sse_name}::development.X}} ${{{root}}}");
    create(json!([{"key": k("stop"), "value": stop, "path": p},
        {"key": k("skip"), "value": skip, "path": p}]))
    .await;
    let path = t.secrets(&format!("&key={}", k("stop")));
    let a = t.call(Method::GET, &path, Auth::Sa, None).await;
    seen.note(
        "refs: app the SA may not use, as the SA",
        hide(&a.body[0]["value"]),
    );
    let a = t.find(&k("skip")).await;
    seen.note("refs: app without SSE, as the user", hide(&a[0]["value"]));
    let a = t.send(Method::DELETE, json!({ "secrets": made })).await;
    seen.note(
        "refs: clean up",
        format!("{} {}", a.status, a.body["message"]),
    );
}
