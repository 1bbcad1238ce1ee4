//! `to_text` writes back what `parse_str` read: generated attributes, written in any order and spacing
//! with any names (bare, or quoted with any characters), parse to what was generated; their canonical
//! text parses to the same attributes and is written back unchanged.

use paginated_attr::{parse_str, to_text, Attributes, FieldPath, Format, ParamsIn, Source, StrategyAttr};
use proptest::prelude::*;

/// One generated segment: a JSON name, written bare or quoted.
#[derive(Clone, Debug)]
struct Segment {
    name: String,
    bare: bool,
    optional: bool,
    each: bool,
}

#[derive(Clone, Debug)]
enum SourceSpec {
    Body(Vec<Segment>),
    Header(String),
}

#[derive(Clone, Debug)]
enum StrategySpec {
    Cursor(SourceSpec),
    NextUrl(SourceSpec),
    LinkHeader,
    Offset,
    Page(Option<SourceSpec>),
    Keyset(Vec<Vec<Segment>>),
}

#[derive(Clone, Debug)]
struct Spec {
    strategy: StrategySpec,
    items: Option<Vec<Segment>>,
    signals: Vec<(&'static str, SourceSpec)>,
    errors: Option<Vec<Segment>>,
    carry: Option<(Vec<Segment>, String)>,
    params: Vec<(&'static str, String)>,
    keyset_param: Option<Vec<String>>,
    numbers: Vec<(&'static str, u64)>,
    first_page: Option<u64>,
    params_in: Option<&'static str>,
    format: Option<&'static str>,
    /// Blanks around the dots of paths, and after the commas between entries.
    spaced: bool,
}

fn name() -> impl Strategy<Value = (String, bool)> {
    prop_oneof![
        "[a-z_][a-z0-9_]{0,7}".prop_map(|name| (name, true)),
        // Any characters: quotes, backslashes, dots, commas, blanks, control characters.
        "(?s).{1,8}".prop_map(|name| (name, false)),
        prop::sample::select(vec![
            "@odata.nextLink",
            "next-page",
            "a,b",
            "it's",
            "back\\slash",
            " x "
        ])
        .prop_map(|name| (name.to_owned(), false)),
    ]
}

fn path(max: usize) -> impl Strategy<Value = Vec<Segment>> {
    prop::collection::vec((name(), any::<bool>()), 1..=max).prop_map(|segments| {
        segments
            .into_iter()
            .map(|((name, bare), optional)| Segment {
                name,
                bare,
                optional,
                each: false,
            })
            .collect()
    })
}

/// An `items` path: maybe one `[]`, never on its last segment.
fn items_path() -> impl Strategy<Value = Vec<Segment>> {
    (path(4), any::<prop::sample::Index>(), any::<bool>()).prop_map(|(mut segments, at, each)| {
        if each && segments.len() > 1 {
            let at = at.index(segments.len() - 1);
            segments[at].each = true;
            segments[at].optional = false;
        }
        segments
    })
}

fn header() -> impl Strategy<Value = String> {
    "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,10}".prop_filter("the Link header is link_header's", |name| {
        !name.eq_ignore_ascii_case("link")
    })
}

fn source() -> impl Strategy<Value = SourceSpec> {
    prop_oneof![
        path(3).prop_map(SourceSpec::Body),
        header().prop_map(SourceSpec::Header)
    ]
}

fn strategy() -> impl Strategy<Value = StrategySpec> {
    prop_oneof![
        source().prop_map(StrategySpec::Cursor),
        source().prop_map(StrategySpec::NextUrl),
        Just(StrategySpec::LinkHeader),
        Just(StrategySpec::Offset),
        prop::option::of(source()).prop_map(StrategySpec::Page),
        prop::collection::vec(path(2), 1..=3).prop_map(StrategySpec::Keyset),
    ]
}

fn param_name() -> impl Strategy<Value = String> {
    "[a-z][a-z._-]{0,6}"
}

fn spec() -> impl Strategy<Value = Spec> {
    let signals = prop::collection::vec(
        (
            prop::sample::select(vec!["has_more", "total", "total_pages"]),
            source(),
        ),
        0..=3,
    )
    .prop_map(|mut signals| {
        signals.sort_by_key(|(key, _)| *key);
        signals.dedup_by_key(|(key, _)| *key);
        signals
    });
    let params = prop::collection::vec(
        (
            prop::sample::select(vec![
                "cursor_param",
                "offset_param",
                "limit_param",
                "page_param",
                "per_page_param",
            ]),
            param_name(),
        ),
        0..=5,
    )
    .prop_map(|mut params| {
        params.sort_by_key(|(key, _)| *key);
        params.dedup_by_key(|(key, _)| *key);
        params
    });
    let numbers = (prop::option::of(1..=u64::MAX), prop::option::of(1..=u64::MAX)).prop_map(|(max, cap)| {
        let mut numbers = Vec::new();
        numbers.extend(max.map(|max| ("max_page_size", max)));
        numbers.extend(cap.map(|cap| ("cap", cap)));
        numbers
    });
    (
        strategy(),
        prop::option::of(items_path()),
        signals,
        prop::option::of(path(3)),
        prop::option::of((path(2), param_name())),
        params,
        (prop::option::of(any::<bool>()), numbers, any::<u64>()),
        (
            prop::option::of(prop::sample::select(vec!["query", "body"])),
            prop::option::of(prop::sample::select(vec!["json", "xml"])),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                strategy,
                items,
                signals,
                errors,
                carry,
                params,
                (options, numbers, first),
                (params_in, format, spaced),
            )| {
                let follows_urls = matches!(strategy, StrategySpec::NextUrl(_) | StrategySpec::LinkHeader);
                let keyset_param = match (&strategy, options) {
                    (StrategySpec::Keyset(parts), Some(per_part)) => {
                        let count = if per_part { parts.len() } else { 1 };
                        Some((0..count).map(|index| format!("after_{index}")).collect())
                    }
                    _ => None,
                };
                let first_page = matches!(strategy, StrategySpec::Page(_)).then_some(first);
                Spec {
                    carry: carry.filter(|_| !follows_urls),
                    strategy,
                    items,
                    signals,
                    errors,
                    params,
                    keyset_param,
                    numbers,
                    first_page,
                    params_in,
                    format,
                    spaced,
                }
            },
        )
}

/// A name as a test writes it: bare, or quoted with its quotes and backslashes escaped.
fn write_name(segment: &Segment) -> String {
    if segment.bare {
        return segment.name.clone();
    }
    let escaped = segment.name.replace('\\', "\\\\").replace('\'', "\\'");
    format!("'{escaped}'")
}

fn write_path(segments: &[Segment], spaced: bool) -> String {
    let written: Vec<String> = segments
        .iter()
        .map(|segment| {
            let mut written = write_name(segment);
            if segment.optional {
                written.push_str(if spaced { " ?" } else { "?" });
            }
            if segment.each {
                written.push_str("[]");
            }
            written
        })
        .collect();
    written.join(if spaced { " . " } else { "." })
}

/// A Rust string literal.
fn string(value: &str) -> String {
    format!("{value:?}")
}

fn write_source(source: &SourceSpec, spaced: bool) -> String {
    match source {
        SourceSpec::Body(path) => string(&write_path(path, spaced)),
        SourceSpec::Header(name) => format!("header({})", string(name)),
    }
}

/// The entries of `spec`, in the order generated.
fn entries(spec: &Spec) -> Vec<String> {
    let spaced = spec.spaced;
    let mut entries = vec![match &spec.strategy {
        StrategySpec::Cursor(source) => format!("cursor = {}", write_source(source, spaced)),
        StrategySpec::NextUrl(source) => format!("next_url={}", write_source(source, spaced)),
        StrategySpec::LinkHeader => "link_header".to_owned(),
        StrategySpec::Offset => "offset".to_owned(),
        StrategySpec::Page(None) => "page".to_owned(),
        StrategySpec::Page(Some(source)) => format!("page = {}", write_source(source, spaced)),
        StrategySpec::Keyset(parts) => {
            let parts: Vec<String> = parts.iter().map(|part| write_path(part, spaced)).collect();
            format!(
                "keyset = {}",
                string(&parts.join(if spaced { " , " } else { "," }))
            )
        }
    }];
    if let Some(items) = &spec.items {
        entries.push(format!("items = {}", string(&write_path(items, spaced))));
    }
    for (key, source) in &spec.signals {
        entries.push(format!("{key} = {}", write_source(source, spaced)));
    }
    if let Some(errors) = &spec.errors {
        entries.push(format!("errors = {}", string(&write_path(errors, spaced))));
    }
    if let Some((carry, param)) = &spec.carry {
        entries.push(format!("carry = {}", string(&write_path(carry, spaced))));
        entries.push(format!("carry_param = {}", string(&format!(" {param} "))));
    }
    for (key, name) in &spec.params {
        entries.push(format!("{key} = {}", string(name)));
    }
    if let Some(names) = &spec.keyset_param {
        entries.push(format!("keyset_param = {}", string(&names.join(" ,"))));
    }
    for (key, number) in &spec.numbers {
        entries.push(format!("{key} = {number}"));
    }
    if let Some(first) = spec.first_page {
        entries.push(format!("first_page = {first}"));
    }
    if let Some(params_in) = spec.params_in {
        entries.push(format!("params_in = {}", string(params_in)));
    }
    if let Some(format) = spec.format {
        entries.push(format!("format = {}", string(format)));
    }
    entries
}

/// What attributes say, key by key, in terms a run-time reader uses (JSON names, header names, trimmed
/// parameter names), independent of how they are written.
type Summary = Vec<(String, String)>;

fn segments_summary(segments: impl Iterator<Item = (String, bool, bool)>) -> String {
    format!("{:?}", segments.collect::<Vec<_>>())
}

fn path_summary(path: &FieldPath) -> String {
    segments_summary(
        path.segments
            .iter()
            .map(|segment| (segment.name.json(), segment.optional, segment.each)),
    )
}

fn spec_path_summary(segments: &[Segment]) -> String {
    segments_summary(
        segments
            .iter()
            .map(|segment| (segment.name.clone(), segment.optional, segment.each)),
    )
}

fn source_summary(source: &Source) -> String {
    match source {
        Source::Body(path) => path_summary(path),
        Source::Header(name) => format!("header {}", name.value()),
    }
}

fn spec_source_summary(source: &SourceSpec) -> String {
    match source {
        SourceSpec::Body(path) => spec_path_summary(path),
        SourceSpec::Header(name) => format!("header {name}"),
    }
}

fn summary(attrs: &Attributes) -> Summary {
    let mut summary = Summary::new();
    let mut add = |key: &str, value: String| summary.push((key.to_owned(), value));
    for strategy in &attrs.strategies {
        let value = match &strategy.attr {
            StrategyAttr::Cursor(source)
            | StrategyAttr::NextUrl(source)
            | StrategyAttr::Page(Some(source)) => source_summary(source),
            StrategyAttr::LinkHeader | StrategyAttr::Offset | StrategyAttr::Page(None) => String::new(),
            StrategyAttr::Keyset(parts) => parts.iter().map(path_summary).collect::<Vec<_>>().join(" | "),
        };
        add(strategy.key, value);
    }
    if let Some(items) = &attrs.items {
        add("items", path_summary(items));
    }
    for (key, source) in [
        ("has_more", &attrs.has_more),
        ("total", &attrs.total),
        ("total_pages", &attrs.total_pages),
    ] {
        if let Some(source) = source {
            add(key, source_summary(source));
        }
    }
    if let Some(errors) = &attrs.errors {
        add("errors", path_summary(errors));
    }
    if let Some(carry) = &attrs.carry {
        add("carry", path_summary(carry));
    }
    for (key, param) in [
        ("carry_param", &attrs.carry_param),
        ("cursor_param", &attrs.cursor_param),
        ("offset_param", &attrs.offset_param),
        ("limit_param", &attrs.limit_param),
        ("page_param", &attrs.page_param),
        ("per_page_param", &attrs.per_page_param),
    ] {
        if let Some(param) = param {
            add(key, param.value().trim().to_owned());
        }
    }
    if let Some((names, _)) = &attrs.keyset_param {
        add("keyset_param", names.join("|"));
    }
    for (key, number) in [("max_page_size", attrs.max_page_size), ("cap", attrs.cap)] {
        if let Some(number) = number {
            add(key, number.to_string());
        }
    }
    if let Some((first, _)) = attrs.first_page {
        add("first_page", first.to_string());
    }
    if let Some(params_in) = attrs.params_in {
        add(
            "params_in",
            if params_in == ParamsIn::Body {
                "body"
            } else {
                "query"
            }
            .to_owned(),
        );
    }
    if let Some((format, _)) = &attrs.format {
        add(
            "format",
            if *format == Format::Xml { "xml" } else { "json" }.to_owned(),
        );
    }
    summary.sort();
    summary
}

fn spec_summary(spec: &Spec) -> Summary {
    let mut summary = Summary::new();
    let mut add = |key: &str, value: String| summary.push((key.to_owned(), value));
    match &spec.strategy {
        StrategySpec::Cursor(source) => add("cursor", spec_source_summary(source)),
        StrategySpec::NextUrl(source) => add("next_url", spec_source_summary(source)),
        StrategySpec::LinkHeader => add("link_header", String::new()),
        StrategySpec::Offset => add("offset", String::new()),
        StrategySpec::Page(source) => add(
            "page",
            source.as_ref().map(spec_source_summary).unwrap_or_default(),
        ),
        StrategySpec::Keyset(parts) => add(
            "keyset",
            parts
                .iter()
                .map(|part| spec_path_summary(part))
                .collect::<Vec<_>>()
                .join(" | "),
        ),
    }
    if let Some(items) = &spec.items {
        add("items", spec_path_summary(items));
    }
    for (key, source) in &spec.signals {
        add(key, spec_source_summary(source));
    }
    if let Some(errors) = &spec.errors {
        add("errors", spec_path_summary(errors));
    }
    if let Some((carry, param)) = &spec.carry {
        add("carry", spec_path_summary(carry));
        add("carry_param", param.clone());
    }
    for (key, name) in &spec.params {
        add(key, name.clone());
    }
    if let Some(names) = &spec.keyset_param {
        add("keyset_param", names.join("|"));
    }
    for (key, number) in &spec.numbers {
        add(key, number.to_string());
    }
    if let Some(first) = spec.first_page {
        add("first_page", first.to_string());
    }
    if let Some(params_in) = spec.params_in {
        add("params_in", params_in.to_owned());
    }
    if let Some(format) = spec.format {
        add("format", format.to_owned());
    }
    summary.sort();
    summary
}

fn parsed(text: &str) -> Result<Attributes, TestCaseError> {
    parse_str(text).map_err(|errors| TestCaseError::fail(format!("`{text}` was refused: {errors:?}")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn canonical_text_reads_back_to_the_same_attributes(
        (spec, entries) in spec().prop_flat_map(|spec| {
            let entries = entries(&spec);
            (Just(spec), Just(entries).prop_shuffle())
        })
    ) {
        let text = entries.join(if spec.spaced { ",\n  " } else { "," });
        let expected = spec_summary(&spec);

        let attrs = parsed(&text)?;
        prop_assert_eq!(summary(&attrs), expected.clone(), "read from `{}`", text);

        let canonical = to_text(&attrs);
        let again = parsed(&canonical)?;
        prop_assert_eq!(summary(&again), expected, "read from the canonical `{}`", canonical);
        prop_assert_eq!(to_text(&again), canonical);
    }
}

/// Canonical texts, each written back unchanged, and what other spellings they stand for.
#[test]
fn canonical_forms() {
    for (written, canonical) in [
        (
            r#"items="data",cursor="meta.next""#,
            r#"cursor = "meta.next", items = "data""#,
        ),
        (
            r#"total=header("X-Total-Count"), link_header, max_page_size=100"#,
            r#"link_header, total = header("X-Total-Count"), max_page_size = 100"#,
        ),
        (
            r#"keyset = "received_at,id", keyset_param = " after_ts , after_id ""#,
            r#"keyset = "received_at, id", keyset_param = "after_ts, after_id""#,
        ),
        (
            r#"page = " current ", first_page = 0"#,
            r#"page = "current", first_page = 0"#,
        ),
        (
            r#"offset, items = "data ? . edges [] . node", limit_param = " take ""#,
            r#"offset, items = "data?.edges[].node", limit_param = "take""#,
        ),
        (
            r#"next_url = "'@odata.nextLink'", items = " 'value' ""#,
            r#"next_url = "'@odata.nextLink'", items = "'value'""#,
        ),
        (
            r#"cursor = "meta.'it\\'s'", params_in = "query", format = "json""#,
            r#"cursor = "meta.'it\\'s'", params_in = "query", format = "json""#,
        ),
        ("cursor = \"'line\\nbreak'\"", "cursor = \"'line\\nbreak'\""),
        (
            r#"#[paginate(offset, carry = "pit", carry_param = "pit.id")]"#,
            r#"offset, carry = "pit", carry_param = "pit.id""#,
        ),
    ] {
        let attrs = parse_str(written).unwrap();
        assert_eq!(to_text(&attrs), canonical, "canonical form of `{written}`");
        assert_eq!(to_text(&parse_str(canonical).unwrap()), canonical);
        assert_eq!(summary(&parse_str(canonical).unwrap()), summary(&attrs));
    }
}
