#!/usr/bin/env python3
"""Interop between phase-e2ee and the independent Python client e2ee_check.py (PyNaCl).

Imports e2ee_check's own crypto and HTTP helpers (nothing is re-implemented here) and,
as the user of PHASE_TEST_TOKEN on the E2EE app's Development environment:
  read KEY VALUE     finds KEY by its digest, decrypts it, checks the value (and that
                     key and comment decrypt), exit 0 when they match
  write KEY VALUE    creates KEY=VALUE encrypted on this side, prints nothing
Usage: python e2ee_interop.py /path/to/real-phase read|write KEY VALUE
"""
import sys


def main():
    check_dir, mode, key, value = sys.argv[1:5]
    sys.path.insert(0, check_dir)
    import e2ee_check as ec  # noqa: E402

    e = ec.load_env()
    api = ec.Api(e["PHASE_TEST_HOST"])
    user = ec.Account("user", e["PHASE_TEST_TOKEN"], "User")
    _keyring, _app, _ek, dev = ec.open_env(api, user, e["PHASE_TEST_E2EE_APP_ID"], "Development")
    hdr = {"Environment": dev["id"]}
    digest = ec.key_digest(key, dev["salt"])
    if mode == "read":
        got = api.expect(200, "GET", "/secrets/", user.auth, {**hdr, "KeyDigest": digest})
        ec.need(len(got) == 1, f"{len(got)} secrets with that digest")
        k, v, _c = ec.decrypt_secret(got[0], dev)
        ec.need((k, v) == (key, value), "decrypted key/value differ")
        print("ok   e2ee_check.py decrypted the secret written by phase-e2ee")
    elif mode == "write":
        new = {"key": ec.ph_encrypt(key, dev["pub"]), "keyDigest": digest,
               "value": ec.ph_encrypt(value, dev["pub"]), "comment": ec.ph_encrypt("from e2ee_check", dev["pub"]),
               "path": "/", "tags": []}
        api.expect(200, "POST", "/secrets/", user.auth, hdr, {"secrets": [new]})
        print("ok   e2ee_check.py wrote a secret for phase-e2ee to read")
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # CheckFailed and HTTP errors alike
        print(f"FAIL {exc}")
        sys.exit(1)
