//! `--explain`: how the endpoint paginates, why, the command that walks it without detection, and an
//! envelope for `#[derive(Paginate)]`.

use std::fmt::Write;

use paginated_attr::Attributes;
use paginated_cli::{Confidence, Detection};
use serde_json::Value;

use super::args::Args;
use super::sketch;

/// What there is to explain.
pub struct View<'a> {
    pub text: &'a str,
    pub attrs: Option<&'a Attributes>,
    pub detection: Option<&'a Detection>,
    pub evidence: &'a [String],
    /// The first page's body, when it was fetched.
    pub sample: Option<&'a Value>,
}

/// The explanation, for stdout.
pub fn render(args: &Args, view: &View<'_>) -> String {
    let mut out = String::new();
    let how = match view.detection {
        Some(detection) if detection.is_single_page() => {
            "a single page: the first response holds items and no pagination signal".to_owned()
        }
        Some(detection) => format!(
            "{}, detected from the first response ({})",
            detection.strategy().name(),
            match detection.confidence() {
                Confidence::Observed => "every name read off the exchange",
                Confidence::Conventional => "a request parameter named by a known convention",
                Confidence::Assumed => {
                    "a request parameter's name assumed: if the API ignores it, the walk stops at the \
                     second page, which repeats the first; name it with --paginate"
                }
            }
        ),
        None if args.resume.is_some() && args.paginate.is_none() && args.openapi.is_none() => {
            "kept in the resume file".to_owned()
        }
        None if args.openapi.is_some() => "read from the OpenAPI document".to_owned(),
        None => "given with --paginate".to_owned(),
    };
    let _ = writeln!(out, "pagination: {how}");
    let _ = writeln!(out, "attribute:  {}", view.text);
    if !view.evidence.is_empty() {
        out.push_str("\nevidence:\n");
        for line in view.evidence {
            let _ = writeln!(out, "  - {line}");
        }
    }
    let Some(attrs) = view.attrs else {
        return out;
    };
    let _ = writeln!(
        out,
        "\nto walk it without detection, add to the command:\n  --paginate {}",
        shell_quote(view.text)
    );
    out.push_str("\nan envelope for #[derive(Paginate)]:\n\n");
    for line in sketch::envelope(attrs, view.sample).lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "    {line}");
        }
    }
    out
}

/// `text` as one word of a POSIX shell.
fn shell_quote(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c))
    {
        return text.to_owned();
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(shell_quote("https://a.example/v1/x"), "https://a.example/v1/x");
        assert_eq!(
            shell_quote("https://a.example/v1/x?a=1&b=2"),
            "'https://a.example/v1/x?a=1&b=2'"
        );
        assert_eq!(
            shell_quote(r#"next_url = "'@odata.nextLink'""#),
            r#"'next_url = "'\''@odata.nextLink'\''"'"#
        );
    }
}
