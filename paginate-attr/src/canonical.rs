//! Attributes written back as attribute text, in one canonical form: what `--explain` shows and what
//! [`parse_str`](crate::parse_str) reads back to the same attributes.

use proc_macro2::Literal;
use syn::LitStr;

use crate::keys::*;
use crate::model::{Attributes, Format, ParamsIn, Source, Strategy, StrategyAttr};
use crate::suggest::tokens_text;

/// `attrs` as the text inside `#[paginate(...)]`: every key that holds a value, as `key = value` or a
/// flag, separated by `, `; the strategy first, then the response side, then the request side. Paths and
/// lists are written in their canonical form (`a?.b[].c`, `received_at, id`), names of parameters without
/// blanks around them.
///
/// ```
/// let attrs = paginated_attr::parse_str(r#"items="'value'",next_url  =  "'@odata.nextLink'""#).unwrap();
/// assert_eq!(paginated_attr::to_text(&attrs), r#"next_url = "'@odata.nextLink'", items = "'value'""#);
/// ```
pub fn to_text(attrs: &Attributes) -> String {
    let mut entries: Vec<String> = attrs.strategies.iter().map(strategy).collect();
    let mut entry = |key: &str, value: String| entries.push(format!("{key} = {value}"));
    if let Some(items) = &attrs.items {
        entry(ITEMS, string(&items.text()));
    }
    if let Some(item) = &attrs.item {
        entry(ITEM, tokens_text(item));
    }
    for (key, source) in [
        (HAS_MORE, &attrs.has_more),
        (TOTAL, &attrs.total),
        (TOTAL_PAGES, &attrs.total_pages),
    ] {
        if let Some(source) = source {
            entry(key, source_text(source));
        }
    }
    for (key, path) in [(ERRORS, &attrs.errors), (CARRY, &attrs.carry)] {
        if let Some(path) = path {
            entry(key, string(&path.text()));
        }
    }
    for (key, param) in [
        (CARRY_PARAM, &attrs.carry_param),
        (CURSOR_PARAM, &attrs.cursor_param),
        (OFFSET_PARAM, &attrs.offset_param),
        (LIMIT_PARAM, &attrs.limit_param),
        (PAGE_PARAM, &attrs.page_param),
        (PER_PAGE_PARAM, &attrs.per_page_param),
    ] {
        if let Some(param) = param {
            entry(key, name(param));
        }
    }
    if let Some((names, _)) = &attrs.keyset_param {
        entry(KEYSET_PARAM, string(&names.join(", ")));
    }
    for (key, number) in [(MAX_PAGE_SIZE, attrs.max_page_size), (CAP, attrs.cap)] {
        if let Some(number) = number {
            entry(key, number.to_string());
        }
    }
    if let Some((first, _)) = attrs.first_page {
        entry(FIRST_PAGE, first.to_string());
    }
    if let Some(params_in) = attrs.params_in {
        let value = match params_in {
            ParamsIn::Query => "query",
            ParamsIn::Body => "body",
        };
        entry(PARAMS_IN, string(value));
    }
    if let Some((format, _)) = &attrs.format {
        let value = match format {
            Format::Json => "json",
            Format::Xml => "xml",
        };
        entry(FORMAT, string(value));
    }
    if let Some((path, _)) = &attrs.krate {
        entry(CRATE, string(&tokens_text(path)));
    }
    entries.join(", ")
}

fn strategy(strategy: &Strategy) -> String {
    let key = strategy.key;
    match &strategy.attr {
        StrategyAttr::Cursor(source) | StrategyAttr::NextUrl(source) | StrategyAttr::Page(Some(source)) => {
            format!("{key} = {}", source_text(source))
        }
        StrategyAttr::LinkHeader | StrategyAttr::Offset | StrategyAttr::Page(None) => key.to_owned(),
        StrategyAttr::Keyset(parts) => {
            let parts: Vec<String> = parts.iter().map(|part| part.text()).collect();
            format!("{key} = {}", string(&parts.join(", ")))
        }
    }
}

fn source_text(source: &Source) -> String {
    match source {
        Source::Body(path) => string(&path.text()),
        Source::Header(name) => format!("{HEADER}({})", string(&name.value())),
    }
}

/// A parameter's name, without the blanks around it.
fn name(param: &LitStr) -> String {
    string(param.value().trim())
}

/// `value` as a string literal.
fn string(value: &str) -> String {
    Literal::string(value).to_string()
}
