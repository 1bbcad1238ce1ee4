//! The envelopes generated from every real document (checked in by `tests/documents.rs`, which keeps
//! them equal to the generator's output), compiled against the real derive. `include!` rather than
//! `mod` files, so that `cargo fmt` leaves them as the generator wrote them.
#![allow(dead_code)]

mod azure_appconfiguration {
    include!("generated/azure-appconfiguration.rs");
}
mod conductorone {
    include!("generated/conductorone.rs");
}
mod dub {
    include!("generated/dub.rs");
}
mod github {
    include!("generated/github.rs");
}
mod label_studio {
    include!("generated/label-studio.rs");
}
mod m365_lighthouse {
    include!("generated/m365-lighthouse.rs");
}
mod openrouter {
    include!("generated/openrouter.rs");
}
mod oxide_nexus {
    include!("generated/oxide-nexus.rs");
}
mod slack {
    include!("generated/slack.rs");
}
mod stripe {
    include!("generated/stripe.rs");
}
mod temporal {
    include!("generated/temporal.rs");
}
mod twilio_serverless {
    include!("generated/twilio-serverless.rs");
}
mod vellum {
    include!("generated/vellum.rs");
}

use paginated::Paginate;

/// A generated envelope deserializes a real page and reads its signals.
#[test]
fn a_generated_envelope_reads_a_page() {
    let page: slack::ConversationsListPage = serde_json::from_str(
        r#"{"ok": true, "channels": [{"id": "C1"}, {"id": "C2"}],
            "response_metadata": {"next_cursor": "dGVhbTpDMDYxRkE1UEI="}}"#,
    )
    .unwrap();
    let parts = page.into_parts();
    assert_eq!(parts.items.len(), 2);
    assert_eq!(
        parts.signals.cursor,
        Some(paginated::Token::text("dGVhbTpDMDYxRkE1UEI="))
    );

    let page: stripe::GetCustomersPage = serde_json::from_str(
        r#"{"object": "list", "url": "/v1/customers", "has_more": true,
            "data": [{"id": "cus_1", "email": "a@example.com"}, {"id": "cus_2"}]}"#,
    )
    .unwrap();
    assert_eq!(page.data[0].fields["email"], "a@example.com");
    let parts = page.into_parts();
    assert_eq!(parts.signals.keyset, Some(vec![paginated::Token::text("cus_2")]));
    assert_eq!(parts.signals.has_more, Some(true));
    assert_eq!(
        stripe::GetCustomersPage::SPEC.keyset_param_names(),
        ["starting_after"]
    );
}
