//! POST, PUT, GET filters and DELETE steps; they write only under `/sandbox-cmp/<run>`
//! in Staging and delete what they made.

use reqwest::Method;
use serde_json::{json, Value};

use super::{a_id, fields, id, shape, Answer, Auth, Seen, Target};

pub async fn steps(t: &Target, run: &str, seen: &mut Seen) {
    let k = |s: &str| format!("CMP{run}_{s}");
    let p = format!("/sandbox-cmp/{run}");
    // POST.
    let created = t
        .send(
            Method::POST,
            json!({"secrets": [{"key": k("new").to_lowercase(), "value": "v1",
            "path": format!("/{p}/"), "tags": ["cmp-a", "cmp-b"], "comment": "c",
            "override": {"value": "mine", "isActive": false}}]}),
        )
        .await;
    seen.note("POST: status", created.brief());
    seen.note("POST: fields", fields(&created.body[0]));
    seen.note(
        "POST: secret",
        shape(&created.body[0]).replace(run, "<run>"),
    );
    let dup = json!({"secrets": [{"key": k("NEW").to_lowercase(), "value": "x", "path": p}]});
    seen.note(
        "POST: duplicate in another case",
        t.send(Method::POST, dup).await.brief(),
    );
    let posts = [
        ("POST: key of spaces", json!([{"key": "  ", "value": "x"}])),
        ("POST: no value", json!([{"key": k("nov")}])),
        (
            "POST: type x",
            json!([{"key": k("t"), "value": "x", "type": "x"}]),
        ),
        (
            "POST: type 5",
            json!([{"key": k("t"), "value": "x", "type": 5}]),
        ),
        (
            "POST: override null",
            json!([{"key": k("o"), "value": "x", "override": null}]),
        ),
        (
            "POST: override without isActive",
            json!([{"key": k("o"), "value": "x", "override": {"value": "o"}}]),
        ),
        (
            "POST: comment null",
            json!([{"key": k("c"), "value": "x", "path": p, "comment": null}]),
        ),
        ("POST: entry not an object", json!([1])),
        ("POST: empty list", json!([])),
    ];
    for (step, list) in posts {
        seen.note(
            step,
            t.send(Method::POST, json!({ "secrets": list }))
                .await
                .brief(),
        );
    }
    let twins = json!({"secrets": [{"key": k("twin"), "value": "1", "path": p}, {"key": k("TWIN"), "value": "2", "path": p}]});
    let a = t.send(Method::POST, twins).await;
    seen.note(
        "POST: same key twice in one request",
        format!("{} n={}", a.status, a.body.as_array().map_or(0, Vec::len)),
    );
    let long = json!({"secrets": [{"key": k("before"), "value": "b", "path": p},
        {"key": k("long"), "value": "v", "path": p, "tags": ["fine", "t".repeat(65)],
         "override": {"value": "o", "isActive": true}},
        {"key": k("after"), "value": "a", "path": p}]});
    seen.note(
        "POST: over-long tag",
        t.send(Method::POST, long).await.brief(),
    );
    seen.note(
        "POST: over-long tag, entry before",
        t.find(&k("before")).await.len().to_string(),
    );
    let saved = t.find(&k("long")).await;
    seen.note(
        "POST: over-long tag, its secret",
        saved
            .first()
            .map(shape)
            .unwrap_or_default()
            .replace(run, "<run>"),
    );
    seen.note(
        "POST: over-long tag, entry after",
        t.find(&k("after")).await.len().to_string(),
    );
    let sa_post = json!({"secrets": [{"key": k("sa"), "value": "v", "path": p, "override": {"value": "o", "isActive": true}}]});
    let a = t
        .call(Method::POST, &t.secrets(""), Auth::Sa, Some(sa_post))
        .await;
    seen.note(
        "POST as SA with override",
        format!("{} override={}", a.status, a.body[0]["override"]),
    );
    seen.note(
        "POST as SA: user's view",
        t.find(&k("sa")).await[0]["override"].to_string(),
    );

    // PUT.
    let first = t
        .send(
            Method::POST,
            json!({"secrets": [{"key": k("move"), "value": "m", "path": format!("{p}/other")}]}),
        )
        .await;
    let mover = id(&first.body[0]);
    t.send(
        Method::POST,
        json!({"secrets": [{"key": k("move"), "value": "here", "path": p}]}),
    )
    .await;
    let mv = t
        .send(Method::PUT, json!({"secrets": [{"id": mover, "path": p}]}))
        .await;
    seen.note("PUT: move onto an existing key, no key", mv.brief());
    let n = t
        .find(&k("move"))
        .await
        .iter()
        .filter(|s| s["path"] == p.as_str())
        .count();
    seen.note("PUT: move, same key in the folder", n.to_string());
    let mv = t
        .send(
            Method::PUT,
            json!({"secrets": [{"id": mover, "key": k("move"), "path": p}]}),
        )
        .await;
    seen.note("PUT: the same with key", mv.brief());
    let a = id(&t.find(&k("before")).await[0]);
    let b = id(&t.find(&k("long")).await[0]);
    let batch = json!({"secrets": [{"id": a, "value": "changed", "path": p}, {"id": "does-not-exist", "value": "x"}, {"id": b, "value": "after"}]});
    seen.note(
        "PUT: unknown id in a batch",
        t.send(Method::PUT, batch).await.brief(),
    );
    seen.note(
        "PUT: unknown id, entry before",
        shape(&t.find(&k("before")).await[0]).replace(run, "<run>"),
    );
    seen.note(
        "PUT: unknown id, entry after",
        shape(&t.find(&k("long")).await[0]).replace(run, "<run>"),
    );
    let batch =
        json!({"secrets": [{"id": a, "value": "again", "path": p}, {"id": b, "type": "x"}]});
    seen.note(
        "PUT: bad type in the 2nd entry",
        t.send(Method::PUT, batch).await.brief(),
    );
    seen.note(
        "PUT: bad type, 1st entry",
        t.find(&k("before")).await[0]["value"].to_string(),
    );
    let ids = [("\"\"", json!("")), ("null", Value::Null), ("5", json!(5))];
    for (shown, v) in ids {
        let a = t
            .send(Method::PUT, json!({"secrets": [{"id": v, "value": "x"}]}))
            .await;
        seen.note(&format!("PUT: id {shown}"), a.brief());
    }
    seen.note(
        "PUT: no id",
        t.send(Method::PUT, json!({"secrets": [{"value": "x"}]}))
            .await
            .brief(),
    );
    seen.note(
        "PUT: entry not an object",
        t.send(Method::PUT, json!({"secrets": [1]})).await.brief(),
    );
    let sealed = t
        .send(
            Method::POST,
            json!({"secrets": [{"key": k("sealed"), "value": "s1", "type": "sealed", "path": p}]}),
        )
        .await;
    let sid = id(&sealed.body[0]);
    let a = t
        .send(
            Method::PUT,
            json!({"secrets": [{"id": sid, "value": "s2", "comment": "cc", "path": p}]}),
        )
        .await;
    seen.note(
        "PUT: new value for a sealed secret",
        format!("{} {}", a.status, shape(&a.body[0]).replace(run, "<run>")),
    );
    seen.note(
        "PUT: unseal",
        t.send(
            Method::PUT,
            json!({"secrets": [{"id": sid, "type": "secret"}]}),
        )
        .await
        .brief(),
    );
    let a = t
        .send(
            Method::PUT,
            json!({"secrets": [{"id": b, "tags": ["cmp-a"], "path": p}]}),
        )
        .await;
    seen.note("PUT: tags", a.body[0]["tags"].to_string());
    let a = t
        .send(Method::PUT, json!({"secrets": [{"id": b, "tags": null}]}))
        .await;
    seen.note(
        "PUT: tags null",
        format!("{} {}", a.status, a.body[0]["tags"]),
    );
    let a = t
        .send(
            Method::PUT,
            json!({"secrets": [{"id": b, "value": "nv", "tags": ["t".repeat(65)]}]}),
        )
        .await;
    seen.note("PUT: over-long tag", a.brief());
    seen.note(
        "PUT: over-long tag, its secret",
        shape(&t.find(&k("long")).await[0]).replace(run, "<run>"),
    );
    let a = t
        .send(
            Method::PUT,
            json!({"secrets": [{"id": b, "override": {"value": "mine", "isActive": false}}]}),
        )
        .await;
    seen.note(
        "PUT: override inactive",
        shape(&a.body[0]).replace(run, "<run>"),
    );
    let a = t.send(Method::PUT, json!({"secrets": [{"id": b}]})).await;
    seen.note(
        "PUT: nothing to change",
        format!("{} version={}", a.status, a.body[0]["version"]),
    );

    // GET filters.
    let count = |a: Answer| format!("{} n={}", a.status, a.body.as_array().map_or(0, Vec::len));
    let tagged = t.secrets(&format!("&path={p}&tags=cmp-a,cmp-b"));
    seen.note(
        "GET: tags=cmp-a,cmp-b (one secret has both)",
        count(t.call(Method::GET, &tagged, Auth::User, None).await),
    );
    let upper = t.secrets(&format!("&path={p}&tags=CMP-A"));
    seen.note(
        "GET: tags in another case",
        count(t.call(Method::GET, &upper, Auth::User, None).await),
    );
    let lower = t.secrets(&format!("&key={}", k("new").to_lowercase()));
    seen.note(
        "GET: key in another case",
        count(t.call(Method::GET, &lower, Auth::User, None).await),
    );
    let messy = t.secrets(&format!("&path=/{p}//"));
    seen.note(
        "GET: path //x/ normalised",
        count(t.call(Method::GET, &messy, Auth::User, None).await),
    );

    // DELETE, then clean up.
    let del = |body: Value| t.send(Method::DELETE, body);
    seen.note(
        "DELETE: unknown ids",
        del(json!({"secrets": [a_id(&created), "ghost-1", "ghost-2"]}))
            .await
            .brief(),
    );
    seen.note(
        "DELETE: non-string id",
        del(json!({"secrets": [5]})).await.brief(),
    );
    seen.note(
        "DELETE: empty list",
        del(json!({"secrets": []})).await.brief(),
    );
    seen.note("DELETE: body a list", del(json!([])).await.brief());
    let a = del(json!({"secrets": [a_id(&created), a_id(&created)]})).await;
    seen.note(
        "DELETE: one id twice",
        format!("{} {}", a.status, a.body["message"]),
    );
    let mine = t.secrets(&format!("&path={p}"));
    let mut left: Vec<String> = Vec::new();
    for path in [mine, t.secrets(&format!("&path={p}/other"))] {
        let a = t.call(Method::GET, &path, Auth::User, None).await;
        left.extend(a.body.as_array().into_iter().flatten().map(id));
    }
    let a = del(json!({ "secrets": left })).await;
    seen.note(
        "DELETE: the rest",
        format!("{} {}", a.status, a.body["message"]),
    );
}
