// `errors` leads to the API's errors; `carry` needs its parameter and a request the walk forms.
use paginated::Paginate;

#[derive(Paginate)]
#[paginate(cursor = "next", errors = "ok")]
struct FlagAsErrors {
    data: Vec<u32>,
    next: Option<String>,
    ok: bool,
}

#[derive(Paginate)]
#[paginate(cursor = "next", errors = "errors")]
struct UnknownErrorType {
    data: Vec<u32>,
    next: Option<String>,
    errors: Option<Vec<GraphQlError>>,
}

#[derive(Paginate)]
#[paginate(keyset = "id", carry = "pit_id")]
struct CarryWithoutParam {
    data: Vec<Row>,
    pit_id: Option<String>,
}

#[derive(Paginate)]
#[paginate(keyset = "id", carry_param = "pit.id")]
struct ParamWithoutCarry {
    data: Vec<Row>,
}

#[derive(Paginate)]
#[paginate(next_url = "next", carry = "session", carry_param = "session")]
struct CarryWithNextUrl {
    data: Vec<u32>,
    next: Option<String>,
    session: String,
}

#[derive(Paginate)]
#[paginate(offset, format = "yaml")]
struct UnknownFormat {
    data: Vec<u32>,
}

#[derive(Paginate)]
#[paginate(offset, errors = "error", carry = "scroll_id", carry_param = "scroll_id")]
struct DeclaredTwice {
    data: Vec<u32>,
    #[paginate(errors)]
    error: Option<String>,
    #[paginate(carry)]
    scroll_id: String,
}

struct Row {
    id: u64,
}

struct GraphQlError {
    message: String,
}

fn main() {}
