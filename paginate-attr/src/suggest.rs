//! Helpers of the messages: "did you mean", lists of keys, Rust code as a person writes it.

use quote::ToTokens;

/// The candidate closest to `name`, if it is close enough to be a typo.
///
/// ```
/// let fields = ["next_cursor", "items"];
/// assert_eq!(paginated_attr::closest("next_cusor", fields.into_iter()), Some("next_cursor"));
/// assert_eq!(paginated_attr::closest("total", fields.into_iter()), None);
/// ```
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|key| (edit_distance(name, key), key))
        .filter(|(distance, key)| *distance <= 2.max(key.len() / 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, key)| key)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb)).min(row[j] + 1).min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// `` `a`, `b` or `c` ``.
pub(crate) fn list(keys: &[&str]) -> String {
    let quoted: Vec<String> = keys.iter().map(|key| format!("`{key}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// Rust code as a person writes it (`Vec<u32>`, not the token stream's `Vec < u32 >`), for messages.
///
/// ```
/// let ty: syn::Type = syn::parse_quote!(std::vec::Vec<(u32, &str)>);
/// assert_eq!(paginated_attr::tokens_text(&ty), "std::vec::Vec<(u32, &str)>");
/// ```
pub fn tokens_text(tokens: impl ToTokens) -> String {
    let mut text = tokens.to_token_stream().to_string();
    for (spaced, tight) in [
        (" <", "<"),
        ("< ", "<"),
        (" >", ">"),
        (" ::", "::"),
        (":: ", "::"),
        (" ,", ","),
        ("& ", "&"),
    ] {
        text = text.replace(spaced, tight);
    }
    text
}
