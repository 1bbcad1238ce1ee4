// A keyset names fields of the items, which the derive cannot see: serde's JSON name gets rustc's error,
// with its hint at the Rust name.
use paginated::Paginate;
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[paginate(keyset = "receivedAt")]
struct Messages {
    messages: Vec<Message>,
}

#[derive(Deserialize)]
struct Message {
    #[serde(rename = "receivedAt")]
    received_at: String,
}

fn main() {}
