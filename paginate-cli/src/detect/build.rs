//! A reading made into a plan: the strategy's signal, the stop signals nearest to it, the request-side
//! names (read off the request, else a convention, else the derive's default), and the evidence.

use serde_json::Value;
use url::Url;

use super::conventions::{self, Rule, Shape};
use super::detection::{Confidence, Strategy};
use super::error::printable;
use super::items::Items;
use super::leads::{Context, Lead, Position};
use super::names::{Role, CURSOR_PARAMS, OFFSET_PARAMS, PAGE_PARAMS, SIZE_PARAMS};
use super::path::Path;
use super::plan::{Plan, Source, Step};
use super::request::Param;
use super::signals::{flag, Header, Member};

/// The plan of `lead` over `items`.
pub(crate) fn plan<'f, 'a>(cx: &Context<'f, 'a>, lead: &Lead<'f, 'a>, items: &Items<'a>) -> Plan<'a> {
    let format = cx.document.format;
    let mut plan = Plan::new(format, items.clone(), Step::Single);
    match lead {
        Lead::Link { next } => {
            plan.step = Step::LinkHeader;
            plan.because(match next {
                Some(url) => format!(
                    "the `Link` header's `rel=\"next\"` target is {}",
                    compare(&cx.request.url, url)
                ),
                None => "the `Link` header has other relations and no `rel=\"next\"`: this is the last page"
                    .to_owned(),
            });
            url_walk(cx, &mut plan, next.as_ref(), None);
        }
        Lead::NextUrl { member, next } => {
            plan.step = Step::NextUrl(member.path.clone());
            plan.because(match next {
                Some(url) => format!(
                    "the body's `{}` is {}",
                    member.path,
                    compare(&cx.request.url, url)
                ),
                None => format!("the body's `{}` is empty: this is the last page", member.path),
            });
            url_walk(cx, &mut plan, next.as_ref(), Some(&member.path));
        }
        Lead::Witnessed { convention, member } => {
            let path = Path::of(&[member]);
            plan.because(format!(
                "{}: {}; `{member}` is absent, so this is the last page (convention of {})",
                convention.shows, convention.gives, convention.api
            ));
            plan.at_most(Confidence::Conventional);
            if let Rule::Cursor(rule) = &convention.rule {
                plan.step = Step::Cursor(Source::Body(path.clone()));
                plan.position_param = Some(rule.param.to_owned());
                plan.size_param = size_param(cx, &mut plan).or(rule.size.map(str::to_owned));
                plan.params_in_body = rule.body;
                stop_signals(cx, &mut plan, &path);
            } else {
                plan.step = Step::NextUrl(path.clone());
                url_walk(cx, &mut plan, None, Some(&path));
            }
        }
        Lead::Cursor(member) => {
            plan.step = Step::Cursor(Source::Body(member.path.clone()));
            plan.because(format!(
                "the body's `{}` {}",
                member.path,
                describe_cursor(member.value)
            ));
            cursor_params(cx, &mut plan, CursorSignal::Body(member));
            stop_signals(cx, &mut plan, &member.path);
        }
        Lead::HeaderCursor(header) => {
            plan.step = Step::Cursor(Source::Header(header.name));
            plan.because(if header.is_present() {
                format!("the `{}` header holds a cursor", header.name)
            } else {
                format!("the `{}` header is empty: this is the last page", header.name)
            });
            cursor_params(cx, &mut plan, CursorSignal::Header(header));
            stop_signals(cx, &mut plan, &items.path());
        }
        Lead::Shape { convention, shape } => {
            plan.because(format!(
                "{}: {} (convention of {})",
                convention.shows, convention.gives, convention.api
            ));
            plan.at_most(Confidence::Conventional);
            shaped(cx, &mut plan, *shape);
        }
        Lead::Page(position) => {
            let echo = position
                .echo
                .map(|member| Source::Body(member.path.clone()))
                .or(position.header.map(|header| Source::Header(header.name)));
            plan.step = Step::Page(echo);
            numbered(cx, &mut plan, position, "page number");
        }
        Lead::Offset(position) => {
            plan.step = Step::Offset;
            numbered(cx, &mut plan, position, "offset");
        }
        Lead::Single => {
            plan.because(
                "no pagination signal: no `Link` header, no next URL or cursor in the body, no page or offset \
                 in the request or the answer: this is the only page",
            );
        }
    }
    if plan.step != Step::Single {
        errors_and_carry(cx, &mut plan);
    }
    plan
}

/// A next URL or `Link` walk: no position parameter; the page size parameter the request or the next
/// URL names; the stop signals.
fn url_walk<'a>(cx: &Context<'_, 'a>, plan: &mut Plan<'a>, next: Option<&Url>, anchor: Option<&Path<'a>>) {
    plan.size_param = size_param(cx, plan).or_else(|| {
        let next = next?;
        let (name, _) = next
            .query_pairs()
            .find(|(name, _)| SIZE_PARAMS.contains(&name.as_ref()))?;
        plan.because(format!("the next URL sets the page size as `{}`", shown(&name)));
        Some(name.into_owned())
    });
    let anchor = anchor.cloned().unwrap_or_else(|| plan.items.path());
    stop_signals(cx, plan, &anchor);
}

/// The request's page size parameter, with the evidence for it.
fn size_param(cx: &Context<'_, '_>, plan: &mut Plan<'_>) -> Option<String> {
    let param = cx.request.param(SIZE_PARAMS, &[])?;
    plan.because(format!(
        "the request sets the page size as `{}`{}",
        param.name,
        place(&param)
    ));
    plan.params_in_body |= param.in_body;
    Some(param.name.to_owned())
}

fn place(param: &Param<'_>) -> &'static str {
    if param.in_body {
        " in its JSON body"
    } else {
        ""
    }
}

/// Where a cursor is read.
enum CursorSignal<'m, 'a> {
    Body(&'m Member<'a>),
    Header(&'m Header<'a>),
}

/// A cursor's request-side names: the request's own cursor parameter, else a convention's, else the
/// derive's default.
fn cursor_params(cx: &Context<'_, '_>, plan: &mut Plan<'_>, signal: CursorSignal<'_, '_>) {
    let (name, convention) = match &signal {
        CursorSignal::Body(member) => (
            member.path.name().unwrap_or_default(),
            conventions::for_cursor(member, cx.document)
                .map(|(convention, rule)| (convention, rule.param, rule.size, rule.body)),
        ),
        CursorSignal::Header(header) => (
            header.name,
            conventions::for_header(header.name).map(|(convention, param)| (convention, param, None, false)),
        ),
    };
    let size = size_param(cx, plan);
    // A number that is the request's page number plus one is the next page's number.
    let next_page = match &signal {
        CursorSignal::Body(member) => member.value.as_u64(),
        CursorSignal::Header(_) => None,
    }
    .and_then(|next| {
        let page = cx.request.param(PAGE_PARAMS, PAGE_PARAMS)?;
        (page.number?.checked_add(1) == Some(next)).then_some(page)
    });
    if let Some(param) = cx.request.param(CURSOR_PARAMS, &[]) {
        plan.because(format!(
            "the request sends its cursor as `{}`{}",
            param.name,
            place(&param)
        ));
        plan.position_param = Some(param.name.to_owned());
        plan.params_in_body |= param.in_body;
    } else if let Some(param) = next_page {
        plan.because(format!(
            "`{name}` is the request's `{}` plus one: the next page's number goes back as `{}`{}",
            param.name,
            param.name,
            place(&param)
        ));
        plan.position_param = Some(param.name.to_owned());
        plan.params_in_body |= param.in_body;
    } else if let Some((convention, param, _, _)) = convention {
        plan.because(format!(
            "`{name}` goes back as `{param}` (convention of {})",
            convention.api
        ));
        plan.position_param = Some(param.to_owned());
        plan.at_most(Confidence::Conventional);
    } else {
        plan.because(
            "nothing in the exchange or the known conventions names the cursor's parameter: `cursor`, the \
             derive's default, is assumed",
        );
        plan.at_most(Confidence::Assumed);
    }
    plan.size_param = size.or_else(|| convention.and_then(|(_, _, size, _)| size).map(str::to_owned));
    if convention.is_some_and(|(_, _, _, body)| body) {
        plan.params_in_body = true;
    } else if cx.request.json_body().is_some() && !plan.params_in_body {
        plan.because("the request sends a JSON body: the cursor goes into it");
        plan.params_in_body = true;
        plan.at_most(Confidence::Conventional);
    }
}

/// A page or offset walk: the parameter the request sends, else the name the API echoes it under,
/// else the derive's default.
fn numbered<'a>(cx: &Context<'_, 'a>, plan: &mut Plan<'a>, position: &Position<'_, 'a>, what: &str) {
    let pages = what == "page number";
    if let Some(param) = &position.request {
        plan.because(format!(
            "the request sends the {what} as `{}`{}",
            param.name,
            place(param)
        ));
        plan.position_param = Some(param.name.to_owned());
        plan.params_in_body |= param.in_body;
        if pages && param.number == Some(0) {
            plan.first_page = Some(0);
            plan.because("the request asks for page 0: pages count from 0");
        }
    }
    if let Some(member) = position.echo {
        plan.because(format!("the body echoes the {what} as `{}`", member.path));
        if position.request.is_none() {
            let name = member.path.name().unwrap_or_default();
            let param = param_named(name, pages);
            plan.position_param = Some(param.to_owned());
            if param == name {
                plan.at_most(Confidence::Conventional);
            } else {
                plan.because(format!(
                    "its request parameter is assumed to be `{param}`, the derive's default"
                ));
                plan.at_most(Confidence::Assumed);
            }
            if pages && member.value.as_u64() == Some(0) {
                plan.first_page = Some(0);
            }
        }
    }
    if let Some(header) = position.header {
        plan.because(format!("the `{}` header echoes the {what}", header.name));
        if position.request.is_none() && position.echo.is_none() {
            plan.because("its request parameter is assumed to be `page`, the derive's default");
            plan.at_most(Confidence::Assumed);
        }
    }
    if position.request.is_none() && position.echo.is_none() && position.header.is_none() {
        plan.because(format!(
            "a walk by {what} is one reading: nothing in the exchange names the position"
        ));
        plan.at_most(Confidence::Assumed);
    }
    plan.size_param = size_param(cx, plan).or_else(|| {
        let echo = cx
            .found
            .with_role(Role::Size)
            .find(|member| member.path.name().is_some_and(|name| SIZE_PARAMS.contains(&name)))?;
        plan.because(format!("the body echoes the page size as `{}`", echo.path));
        echo.path.name().map(str::to_owned)
    });
    let anchor = position
        .echo
        .map_or_else(|| plan.items.path(), |member| member.path.clone());
    stop_signals(cx, plan, &anchor);
}

/// The request parameter of an echoed page number or offset: its own name when APIs use it as a
/// parameter, else the default.
fn param_named(name: &str, pages: bool) -> &str {
    let (known, default): (&[&str], &'static str) = if pages {
        (PAGE_PARAMS, "page")
    } else {
        (OFFSET_PARAMS, "offset")
    };
    if known.contains(&name) {
        name
    } else {
        default
    }
}

/// A convention's shape.
fn shaped<'a>(cx: &Context<'_, 'a>, plan: &mut Plan<'a>, shape: Shape) {
    let anchor = plan.items.path();
    match shape {
        Shape::StripeList => {
            plan.step = Step::Keyset("id");
            plan.position_param = Some("starting_after".to_owned());
            plan.size_param = size_param(cx, plan);
        }
        Shape::SortedHits | Shape::Hits => {
            let (step, param) = if shape == Shape::SortedHits {
                (Step::Keyset("sort"), "search_after")
            } else {
                (Step::Offset, "from")
            };
            plan.step = step;
            plan.position_param = Some(param.to_owned());
            plan.size_param = Some(size_param(cx, plan).unwrap_or_else(|| "size".to_owned()));
            plan.params_in_body = shape == Shape::SortedHits || cx.request.json_body().is_some();
        }
        Shape::S3ListV1 => {
            plan.step = Step::Keyset("Key");
            plan.position_param = Some("marker".to_owned());
            plan.size_param = Some(size_param(cx, plan).unwrap_or_else(|| "max-keys".to_owned()));
        }
    }
    stop_signals(cx, plan, &anchor);
}

/// `has_more`, `total` and (for page walks) `total_pages`: the body's member nearest to `anchor`,
/// else a header.
fn stop_signals<'a>(cx: &Context<'_, 'a>, plan: &mut Plan<'a>, anchor: &Path<'a>) {
    plan.has_more = stop_signal(cx, plan, anchor, Role::HasMore, "says whether more items follow");
    plan.total = stop_signal(cx, plan, anchor, Role::Total, "counts all items");
    if plan.step.strategy() == Strategy::Page {
        plan.total_pages = stop_signal(cx, plan, anchor, Role::TotalPages, "counts all pages");
    }
}

fn stop_signal<'a>(
    cx: &Context<'_, 'a>,
    plan: &mut Plan<'a>,
    anchor: &Path<'a>,
    role: Role,
    says: &str,
) -> Option<Source<'a>> {
    let mut best: Vec<&Member<'a>> = Vec::new();
    let mut best_score = 0;
    for member in cx.found.with_role(role) {
        let score = anchor.shared(&member.path);
        if best.is_empty() || score > best_score {
            best = vec![member];
            best_score = score;
        } else if score == best_score {
            best.push(member);
        }
    }
    match best.as_slice() {
        [member] => {
            let value = match role {
                Role::HasMore => {
                    flag(member.value).map_or_else(String::new, |more| format!(" (here {more})"))
                }
                _ => String::new(),
            };
            plan.because(format!("the body's `{}` {says}{value}", member.path));
            Some(Source::Body(member.path.clone()))
        }
        [] => {
            let header = cx.headers.iter().find(|header| header.role == role)?;
            plan.because(format!("the `{}` header {says}", header.name));
            Some(Source::Header(header.name))
        }
        several => {
            let names: Vec<String> = several
                .iter()
                .map(|member| format!("`{}`", member.path))
                .collect();
            plan.because(format!(
                "{} each {says}, equally near: none is declared",
                names.join(" and ")
            ));
            None
        }
    }
}

/// Slack's `error` and Elasticsearch's carried point in time.
fn errors_and_carry(cx: &Context<'_, '_>, plan: &mut Plan<'_>) {
    if cx.document.root.get("ok") == Some(&Value::Bool(true)) && cx.document.root.get("error").is_none() {
        let row = conventions::row(|rule| matches!(rule, Rule::SlackErrors));
        plan.errors = Some("error");
        plan.because(format!(
            "{} reports errors as `error` in successful answers (convention of {})",
            row.shows, row.api
        ));
    }
    let carries = matches!(
        plan.step,
        Step::Cursor(_) | Step::Keyset(_) | Step::Offset | Step::Page(_)
    );
    if let Some((convention, member, param)) = conventions::carry(cx.document).filter(|_| carries) {
        plan.carry = Some((member, param));
        plan.because(format!(
            "`{member}` changes with each answer and goes back as `{param}` (convention of {})",
            convention.api
        ));
    }
}

/// How a next URL relates to the request's: origin, path, and which parameters differ (names only).
fn compare(request: &Url, next: &Url) -> String {
    if request[..url::Position::AfterQuery] == next[..url::Position::AfterQuery] {
        return "the request's own URL: the walk will stop with a loop error".to_owned();
    }
    let origin = if request.origin() == next.origin() {
        "a URL on this origin".to_owned()
    } else {
        format!(
            "a URL on another origin ({}), which the walk refuses unless that origin is allowed",
            shown(next.host_str().unwrap_or_default())
        )
    };
    let path = if request.path() == next.path() {
        "the request's path"
    } else {
        "another path"
    };
    let before: Vec<(String, String)> = request.query_pairs().into_owned().collect();
    let after: Vec<(String, String)> = next.query_pairs().into_owned().collect();
    let mut changes = Vec::new();
    for (name, value) in &after {
        match before.iter().find(|(old, _)| old == name) {
            None => changes.push(format!("`{}` added", shown(name))),
            Some((_, old)) if old != value => changes.push(format!("`{}` changed", shown(name))),
            Some(_) => {}
        }
    }
    for (name, _) in &before {
        if !after.iter().any(|(new, _)| new == name) {
            changes.push(format!("`{}` left out", shown(name)));
        }
    }
    changes.dedup();
    changes.truncate(4);
    if changes.is_empty() {
        format!("{origin}: {path}, same query")
    } else {
        format!("{origin}: {path} with {}", changes.join(", "))
    }
}

/// A name from the exchange, fit for a terminal.
fn shown(name: &str) -> String {
    printable(name, 40)
}

fn describe_cursor(value: &Value) -> &'static str {
    match value {
        Value::String(text) if text.trim().is_empty() => "is empty: this is the last page",
        Value::String(_) => "is a string: the next page's cursor",
        Value::Number(_) => "is a number: the next page's cursor",
        Value::Object(object) if object.is_empty() => "is an empty object: this is the last page",
        Value::Object(_) => "is a JSON object: the next page's key, sent back as JSON",
        _ => "is null: this is the last page",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_urls_are_compared_by_parameter_names_only() {
        let request = Url::parse("https://api.test/items?per_page=30&api_key=secret").unwrap();
        let next = Url::parse("https://api.test/items?per_page=30&page=2&api_key=other").unwrap();
        let text = compare(&request, &next);
        assert_eq!(
            text,
            "a URL on this origin: the request's path with `page` added, `api_key` changed"
        );
        assert!(!text.contains("secret") && !text.contains("other"));
        let elsewhere = Url::parse("https://evil.test/items").unwrap();
        assert!(compare(&request, &elsewhere).contains("another origin (evil.test)"));
        assert!(compare(&request, &request).contains("own URL"));
    }

    #[test]
    fn names_are_shown_without_control_characters() {
        assert_eq!(shown("a\u{1b}[2Kb"), "a\\u{1b}[2Kb");
        assert_eq!(shown(&"x".repeat(50)).chars().count(), 41);
    }
}
