//! A plan written as attribute text, in one fixed order: `format`, `items`, the strategy, the stop
//! signals, `errors`, `carry`, then the request side (parameter names, `first_page`, `params_in`).
//! Request-side keys are written only when they differ from the derive's defaults.

use std::fmt::Write;

use super::detection::{Format, Strategy};
use super::items::Items;
use super::path::Path;
use super::plan::{Plan, Source, Step};

/// The attribute text of `plan`.
pub(crate) fn attribute(plan: &Plan<'_>) -> String {
    let mut keys: Vec<String> = Vec::with_capacity(8);
    if plan.format == Format::Xml && plan.step != Step::Single {
        keys.push(r#"format = "xml""#.to_owned());
    }
    if let Items::At(path) = &plan.items {
        keys.push(format!("items = \"{path}\""));
    }
    match &plan.step {
        Step::Cursor(source) => keys.push(keyed("cursor", source)),
        Step::NextUrl(path) => keys.push(format!("next_url = \"{path}\"")),
        Step::LinkHeader => keys.push("link_header".to_owned()),
        Step::Offset => keys.push("offset".to_owned()),
        Step::Page(None) => keys.push("page".to_owned()),
        Step::Page(Some(source)) => keys.push(keyed("page", source)),
        Step::Keyset(field) => keys.push(format!("keyset = \"{}\"", Path::of(&[field]))),
        // A single page has no strategy: only where its items are.
        Step::Single => return keys.join(", "),
    }
    for (key, source) in [
        ("has_more", &plan.has_more),
        ("total", &plan.total),
        ("total_pages", &plan.total_pages),
    ] {
        if let Some(source) = source {
            keys.push(keyed(key, source));
        }
    }
    if let Some(errors) = plan.errors {
        keys.push(format!("errors = \"{}\"", Path::of(&[errors])));
    }
    if let Some((member, param)) = plan.carry {
        keys.push(format!(
            "carry = \"{}\", carry_param = \"{param}\"",
            Path::of(&[member])
        ));
    }
    let strategy = plan.step.strategy();
    let (position_key, position_default) = match strategy {
        Strategy::Cursor => ("cursor_param", "cursor"),
        Strategy::Offset => ("offset_param", "offset"),
        Strategy::Page => ("page_param", "page"),
        Strategy::Keyset => ("keyset_param", "after"),
        _ => ("", ""),
    };
    if let Some(param) = plan
        .position_param
        .as_deref()
        .filter(|param| *param != position_default)
    {
        if !position_key.is_empty() {
            keys.push(format!("{position_key} = \"{param}\""));
        }
    }
    let (size_key, size_default) = match strategy {
        Strategy::Page => ("per_page_param", "per_page"),
        _ => ("limit_param", "limit"),
    };
    if let Some(param) = plan.size_param.as_deref().filter(|param| *param != size_default) {
        keys.push(format!("{size_key} = \"{param}\""));
    }
    if let (Strategy::Page, Some(first)) = (strategy, plan.first_page) {
        if first != 1 {
            keys.push(format!("first_page = {first}"));
        }
    }
    if plan.params_in_body {
        keys.push(r#"params_in = "body""#.to_owned());
    }
    keys.join(", ")
}

fn keyed(key: &str, source: &Source<'_>) -> String {
    let mut text = String::new();
    let _ = match source {
        Source::Body(path) => write!(text, "{key} = \"{path}\""),
        Source::Header(name) => write!(text, "{key} = header(\"{name}\")"),
    };
    text
}
