//! Guards on the app's security configuration: deny-by-default capabilities,
//! no global Tauri object, and a strict CSP.

use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).expect(rel)
}

fn json(rel: &str) -> serde_json::Value {
    serde_json::from_str(&read(rel)).expect(rel)
}

/// The command names listed in build.rs (the ones that get allow-/deny- permissions).
fn declared_commands() -> Vec<String> {
    let build = read("src-tauri/build.rs");
    let list = build
        .split("COMMANDS: &[&str] = &[")
        .nth(1)
        .unwrap()
        .split("];")
        .next()
        .unwrap();
    list.split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn every_command_is_declared_and_granted_explicitly_and_nothing_else_is() {
    let commands = declared_commands();
    let handler = read("src-tauri/commands/mod.rs");
    for c in &commands {
        assert!(
            handler.contains(&format!("::{c},")),
            "{c} is declared in build.rs but not registered"
        );
    }
    let cap = json("src-tauri/capabilities/main.json");
    let granted: Vec<&str> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    let mut expected: Vec<String> = commands
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    expected.push("core:event:allow-listen".into());
    expected.push("core:event:allow-unlisten".into());
    let mut got: Vec<String> = granted.iter().map(|s| s.to_string()).collect();
    expected.sort();
    got.sort();
    assert_eq!(
        got, expected,
        "the main window gets exactly the app's commands and event listening"
    );
    for p in granted {
        for forbidden in [
            "fs:",
            "shell:",
            "http:",
            "clipboard",
            "core:default",
            "opener:",
        ] {
            assert!(
                !p.starts_with(forbidden) && !p.contains("clipboard"),
                "{p} must not be granted"
            );
        }
    }
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
}

#[test]
fn no_global_tauri_and_a_strict_csp() {
    let conf = json("tauri.conf.json");
    assert_eq!(conf["app"]["withGlobalTauri"], false);
    let csp = &conf["app"]["security"]["csp"];
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["script-src"], "'self'");
    assert_eq!(csp["style-src"], "'self'");
    assert_eq!(csp["connect-src"], "ipc: http://ipc.localhost");
    let all = csp.to_string();
    assert!(
        !all.contains("unsafe-eval") && !all.contains("unsafe-inline"),
        "{all}"
    );
    assert_eq!(
        conf["app"]["security"]["capabilities"],
        serde_json::json!(["main"])
    );
}

#[test]
fn only_the_host_module_imports_tauri() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src");
    let mut offenders = Vec::new();
    let mut stack = vec![ui];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                let name = path.file_name().unwrap().to_string_lossy().to_string();
                if name != "__tests__" && name != "test" {
                    stack.push(path);
                }
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            if text.contains("@tauri-apps/") && !path.ends_with("lib/host.ts") {
                offenders.push(path.display().to_string());
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "only ui/src/lib/host.ts may import @tauri-apps: {offenders:?}"
    );
}
