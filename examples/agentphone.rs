//! AgentPhone: limit/offset endpoints answering `{data, hasMore, total}`, and messages
//! paginated by the last item's `receivedAt` timestamp (`before`), against the embedded mock server.
//!
//! Run: `cargo run --example agentphone`

use futures::TryStreamExt;
use paginated::{Error, Paginate};
use paginated_mock::{MockConfig, MockServer};
use serde::Deserialize;

/// The offset envelope, generic over the item type: one definition for numbers, conversations, agents.
#[derive(Deserialize, Paginate)]
#[paginate(offset, has_more = "has_more", total = "total", max_page_size = 100)]
struct OffsetPage<T> {
    data: Vec<T>,
    #[serde(rename = "hasMore")]
    has_more: bool,
    total: Option<u64>,
}

#[derive(Debug, Deserialize)]
struct Number {
    id: String,
    #[serde(rename = "phoneNumber")]
    phone_number: String,
}

#[derive(Deserialize, Paginate)]
#[paginate(
    keyset = "received_at",
    keyset_param = "before",
    has_more = "has_more",
    max_page_size = 200
)]
struct MessagesPage {
    data: Vec<Message>,
    #[serde(rename = "hasMore")]
    has_more: bool,
}

#[derive(Debug, Deserialize)]
struct Message {
    id: String,
    #[serde(rename = "receivedAt")]
    received_at: String,
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let server = MockServer::start(MockConfig::with_records(420));
    let client = paginated::http::client().build().map_err(Error::transport)?;

    let numbers: Vec<Number> =
        OffsetPage::<Number>::stream(client.get(server.url("/v1/numbers")).bearer_auth("API_KEY"))
            .page_size(100)
            .try_collect()
            .await?;
    println!(
        "agentphone: {} numbers ({} … {}) in {} requests",
        numbers.len(),
        numbers[0].phone_number,
        numbers[numbers.len() - 1].id,
        server.request_count()
    );

    server.clear_requests();
    let messages: Vec<Message> =
        MessagesPage::stream(client.get(server.url("/v1/numbers/num_000001/messages")))
            .page_size(50)
            .try_collect()
            .await?;
    let (newest, oldest) = (&messages[0], &messages[messages.len() - 1]);
    println!(
        "agentphone: {} messages, newest {} at {}, oldest {} at {}, {} requests",
        messages.len(),
        newest.id,
        newest.received_at,
        oldest.id,
        oldest.received_at,
        server.request_count()
    );
    Ok(())
}
