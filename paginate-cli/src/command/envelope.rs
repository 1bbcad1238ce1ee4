//! Attribute text to a run-time envelope: the text is parsed and checked once by `paginated-attr`
//! (the derive's grammar and messages), then every key becomes the envelope's setting of that name.

use paginated_attr::{Attributes, FieldPath, Source as AttrSource, StrategyAttr};
use paginated_core::{DynamicEnvelope, Format, JsonPath, JsonStep, ParamsIn, Source, Strategy};

use super::exit::Failure;

/// The text, parsed and checked: the errors each point at their place in `text`.
pub fn parse(text: &str, origin: &str) -> Result<Attributes, Failure> {
    paginated_attr::parse_str(text).map_err(|diagnostics| {
        let mut message = format!("{origin} is not a valid pagination attribute:");
        for diagnostic in diagnostics {
            message.push_str(&format!(
                "\n  {}\n{}",
                text,
                caret(text, diagnostic.range.clone())
            ));
            message.push_str(&format!("  {}", diagnostic.message));
        }
        Failure::usage(message)
    })
}

/// `^^^` under `range` of `text` (shown indented by two), counted in characters.
fn caret(text: &str, range: std::ops::Range<usize>) -> String {
    let start = text.get(..range.start).map_or(0, |head| head.chars().count());
    let width = text.get(range).map_or(1, |part| part.chars().count().max(1));
    format!("  {}{}\n", " ".repeat(start), "^".repeat(width))
}

/// The envelope the attributes describe.
pub fn envelope(attrs: &Attributes) -> DynamicEnvelope {
    let items = attrs.items.as_ref().map(json_path).unwrap_or_default();
    let Some(strategy) = attrs.strategy() else {
        unreachable!("parse_str checks that there is one strategy");
    };
    let first_page = attrs.first_page.map_or(1, |(first, _)| first);
    let kind = match &strategy.attr {
        StrategyAttr::Cursor(_) => Strategy::Cursor,
        StrategyAttr::NextUrl(_) => Strategy::NextUrl,
        StrategyAttr::LinkHeader => Strategy::LinkHeader,
        StrategyAttr::Offset => Strategy::Offset,
        StrategyAttr::Page(_) => Strategy::Page { first: first_page },
        StrategyAttr::Keyset(_) => Strategy::Keyset,
    };
    let mut envelope = DynamicEnvelope::new(kind, items).named("paginated-cli");
    envelope = match &strategy.attr {
        StrategyAttr::Cursor(source) => envelope.cursor(source_of(source)),
        StrategyAttr::NextUrl(source) => envelope.next_url(source_of(source)),
        StrategyAttr::Page(Some(source)) => envelope.page(source_of(source)),
        StrategyAttr::Keyset(parts) => envelope.keyset(parts.iter().map(json_path).collect()),
        StrategyAttr::LinkHeader | StrategyAttr::Offset | StrategyAttr::Page(None) => envelope,
    };
    if let Some(source) = &attrs.has_more {
        envelope = envelope.has_more(source_of(source));
    }
    if let Some(source) = &attrs.total {
        envelope = envelope.total(source_of(source));
    }
    if let Some(source) = &attrs.total_pages {
        envelope = envelope.total_pages(source_of(source));
    }
    if let Some(path) = &attrs.errors {
        envelope = envelope.errors(json_path(path));
    }
    if let (Some(path), Some(param)) = (&attrs.carry, &attrs.carry_param) {
        envelope = envelope.carry(json_path(path), param.value().trim());
    }
    if let Some(name) = &attrs.cursor_param {
        envelope = envelope.cursor_param(name.value().trim());
    }
    if let Some(name) = &attrs.offset_param {
        envelope = envelope.offset_param(name.value().trim());
    }
    if let Some(name) = &attrs.page_param {
        envelope = envelope.page_param(name.value().trim());
    }
    if let Some(name) = attrs.limit_param.as_ref().or(attrs.per_page_param.as_ref()) {
        envelope = envelope.limit_param(name.value().trim());
    }
    if let Some((names, _)) = &attrs.keyset_param {
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        envelope = envelope.keyset_params(&names);
    }
    if let Some(max) = attrs.max_page_size {
        envelope = envelope.max_page_size(max);
    }
    if let Some(cap) = attrs.cap {
        envelope = envelope.cap(cap);
    }
    if let Some(place) = attrs.params_in {
        envelope = envelope.params_in(match place {
            paginated_attr::ParamsIn::Query => ParamsIn::Query,
            paginated_attr::ParamsIn::Body => ParamsIn::Body,
        });
    }
    if let Some((paginated_attr::Format::Xml, _)) = attrs.format {
        envelope = envelope.format(Format::Xml);
    }
    envelope
}

fn source_of(source: &AttrSource) -> Source {
    match source {
        AttrSource::Body(path) => Source::Body(json_path(path)),
        AttrSource::Header(name) => Source::Header(name.value()),
    }
}

/// The JSON members a path names (`?` says nothing at run time: any member may be missing).
pub fn json_path(path: &FieldPath) -> JsonPath {
    let mut steps = Vec::with_capacity(path.segments.len());
    for segment in &path.segments {
        steps.push(JsonStep::Member(segment.name.json()));
        if segment.each {
            steps.push(JsonStep::Each);
        }
    }
    JsonPath::new(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_point_at_their_place() {
        let failure = parse(r#"items = "data", curosr = "next""#, "--paginate").unwrap_err();
        let expected = [
            "--paginate is not a valid pagination attribute:",
            r#"  items = "data", curosr = "next""#,
            "                  ^^^^^^",
            "  unknown `paginate` key `curosr`; did you mean `cursor`?",
        ];
        assert_eq!(failure.message, expected.join("\n"));
    }

    #[test]
    fn every_key_reaches_the_envelope() {
        let attrs = parse(
            r#"items = "data[].node", cursor = "meta.'next-page'", has_more = header("X-More"), total = "meta.total", cursor_param = "after", limit_param = "first", max_page_size = 50, params_in = "body""#,
            "--paginate",
        )
        .unwrap();
        let spec = envelope(&attrs).spec();
        assert_eq!(spec.strategy(), Strategy::Cursor);
        assert_eq!(spec.cursor_param_name(), "after");
        assert_eq!(spec.size_param(), "first");
        assert_eq!(spec.max_page_size_value(), Some(50));
        assert_eq!(spec.params_place(), ParamsIn::Body);
        assert!(spec.declares_has_more() && spec.declares_total());
        assert_eq!(
            json_path(attrs.items.as_ref().unwrap()).to_string(),
            "data[].node"
        );
    }
}
