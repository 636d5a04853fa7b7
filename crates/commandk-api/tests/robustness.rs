//! Whatever a server sends, decoding never panics and never quotes a value in an error;
//! whatever a person types, validation never panics.

use commandk_api::decode::{environments, error_from_body, rendered};
use commandk_api::{validate_id, validate_secret_name, AccessToken, PurposeType, RenderMode};
use proptest::prelude::*;

proptest! {
    #[test]
    fn any_bytes_decode_without_panicking(body in proptest::collection::vec(any::<u8>(), 0..512), status in 100u16..600) {
        let e = error_from_body(status, &body);
        prop_assert!(!e.code().is_empty());
        let _ = environments(&body);
        let _ = rendered(&body, RenderMode::Full, None);
    }

    #[test]
    fn decode_errors_never_quote_a_value(value in "[a-zA-Z0-9]{12,40}") {
        // A value where a string is expected elsewhere, or a wrongly typed field next to it.
        let bodies = [
            format!(r#"{{"secrets":[{{"key":1,"secretId":"s","serializedValue":"{value}"}}]}}"#),
            format!(r#"{{"secrets":[{{"key":"K","secretId":"s","serializedValue":["{value}"]}}]}}"#),
            format!(r#"{{"secrets":"{value}"}}"#),
            format!(r#"{{"secrets":[{{"key":"K","secretId":"s","serializedValue":"{value}""#),
        ];
        for body in bodies {
            let e = rendered(body.as_bytes(), RenderMode::Full, None).unwrap_err();
            prop_assert_eq!(e.code(), "decode");
            prop_assert!(!e.to_string().contains(&value), "{}", e);
        }
    }

    #[test]
    fn any_text_validates_without_panicking(text in any::<String>()) {
        if let Ok(name) = validate_secret_name(&text) {
            prop_assert!(!name.is_empty() && name.len() <= 256);
        }
        let _ = validate_id("environment", &text);
        let _ = PurposeType::parse(&text);
        if let Err(e) = AccessToken::parse(&text) {
            // Refusals are fixed sentences: nothing typed is echoed.
            let fixed = [
                "token: the token is empty",
                "token: the token must not contain spaces or line breaks",
                "token: the token contains characters that cannot be sent (only printable ASCII)",
            ];
            prop_assert!(fixed.contains(&e.to_string().as_str()), "{}", e);
        }
    }
}
