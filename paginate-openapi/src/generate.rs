//! The generator: every operation classified, code emitted for the paginated ones, and the report.

use std::collections::{HashMap, HashSet};

use crate::classify::{classify, Decision};
use crate::document::Document;
use crate::emit::envelope::{envelope, OperationName};
use crate::emit::progenitor::impl_for;
use crate::emit::{attribute_line, Emitted, Target, DEFAULT_CRATE};
use crate::error::Error;
use crate::naming::{doc_text, type_name};
use crate::operation::operations;
use crate::pagination::Pagination;
use crate::report::{Confidence, OperationReport, Outcome, Report};

/// What to generate.
///
/// ```
/// use paginated_openapi::{Options, Target};
///
/// let options = Options::default().target(Target::Progenitor).crate_path("my_sdk::paginated");
/// assert_eq!(options.crate_path_str(), "my_sdk::paginated");
/// ```
#[derive(Debug, Clone)]
pub struct Options {
    target: Target,
    crate_path: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            target: Target::Envelopes,
            crate_path: DEFAULT_CRATE.to_owned(),
        }
    }
}

impl Options {
    /// Envelopes (the default) or impls for progenitor's types.
    pub fn target(mut self, target: Target) -> Self {
        self.target = target;
        self
    }

    /// The path generated code names the facade crate by (default `paginated`), for SDKs that
    /// re-export it or a renamed facade; like the derive's `crate = ".."`.
    pub fn crate_path(mut self, path: impl Into<String>) -> Self {
        self.crate_path = path.into();
        self
    }

    /// The crate path set.
    pub fn crate_path_str(&self) -> &str {
        &self.crate_path
    }
}

/// The generated code and the report.
#[derive(Debug, Clone)]
pub struct Output {
    /// Rust items (no inner attributes), ready for `include!` or a module file; formatted as rustfmt
    /// formats them.
    pub code: String,
    /// What was decided for each operation, and why.
    pub report: Report,
}

/// Decides the pagination of every operation of `document` and generates the code.
///
/// Operations that cannot be classified get no code and a report entry saying why; only a crate path
/// that is not a Rust path is an error here.
///
/// ```
/// use paginated_openapi::{generate, Document, Options, Outcome};
///
/// let document = Document::parse(
///     r#"
/// openapi: 3.0.3
/// info: { title: Shop, version: "1" }
/// paths:
///   /orders:
///     get:
///       operationId: listOrders
///       parameters:
///         - { name: cursor, in: query, schema: { type: string } }
///         - { name: limit, in: query, schema: { type: integer, maximum: 100 } }
///       responses:
///         "200":
///           description: A page of orders
///           content:
///             application/json:
///               schema:
///                 type: object
///                 required: [data]
///                 properties:
///                   data: { type: array, items: { type: object } }
///                   next_cursor: { type: string, nullable: true }
/// "#,
/// )?;
/// let output = generate(&document, &Options::default())?;
/// assert!(output.code.contains(
///     "#[paginate(cursor = \"next_cursor\", max_page_size = 100)]\npub struct ListOrdersPage<T = serde_json::Value> {"
/// ));
/// let Outcome::Paginated { strategy, .. } = &output.report.operations[0].outcome else { panic!() };
/// assert_eq!(*strategy, "cursor");
/// # Ok::<_, paginated_openapi::Error>(())
/// ```
pub fn generate(document: &Document, options: &Options) -> Result<Output, Error> {
    check_crate_path(&options.crate_path)?;
    let krate = options.crate_path.as_str();
    let operations = operations(document);
    let mut used = HashSet::new();
    // Impls by progenitor type: one impl per type, so operations sharing a response type share it.
    let mut implemented: HashMap<String, (String, Vec<String>)> = HashMap::new();
    let mut items = Vec::new();
    let mut reports = Vec::new();
    for operation in &operations {
        let name = OperationName {
            id: &operation.id,
            method: operation.method,
            path: &operation.path,
        };
        // Set for decided operations; the request and response for paginated ones.
        let mut confidence = None;
        let mut located = None;
        let (outcome, evidence, notes, generated) = match classify(document, operation) {
            Decision::NotAList => continue,
            Decision::NotPaginated { source, reason } => {
                confidence = Some(Confidence::High);
                (Outcome::NotPaginated { source, reason }, vec![], vec![], None)
            }
            Decision::Unclassified { source, reasons } => {
                (Outcome::Unclassified { source, reasons }, vec![], vec![], None)
            }
            Decision::Paginated {
                pagination,
                source,
                evidence,
            } => match emit(&name, &pagination, options.target, krate, &mut used) {
                Ok(emitted) => {
                    let mut notes = emitted.notes;
                    let generated = emitted.names.first().cloned();
                    let shared = generated
                        .as_ref()
                        .filter(|_| options.target == Target::Progenitor && !pagination.is_bare_array())
                        .and_then(|target| implemented.get(target).map(|seen| (target, seen)));
                    match shared {
                        Some((target, (other, keys))) if *keys == emitted.keys => notes.push(format!(
                            "`{target}` is also the response of `{other}`: one impl serves both"
                        )),
                        Some((target, (other, _))) => notes.push(format!(
                            "`{target}` is also the response of `{other}`, paginated differently: \
                             a type has one impl, so this operation gets none"
                        )),
                        None => {
                            if let Some(target) = &generated {
                                implemented
                                    .insert(target.clone(), (operation.id.clone(), emitted.keys.clone()));
                            }
                            items.push(emitted.code);
                        }
                    }
                    let outcome = Outcome::Paginated {
                        source,
                        strategy: pagination.strategy.name(),
                        attribute: attribute_line(&emitted.keys),
                    };
                    confidence = Some(pagination.confidence);
                    located = Some((pagination.request(), pagination.response()));
                    (outcome, evidence, notes, generated)
                }
                Err(why) => {
                    let mut reasons = evidence;
                    reasons.push(format!("no code: {why}"));
                    (Outcome::Unclassified { source, reasons }, vec![], vec![], None)
                }
            },
        };
        reports.push(OperationReport {
            operation_id: operation.id.clone(),
            method: operation.method,
            path: operation.path.clone(),
            outcome,
            evidence,
            notes,
            generated,
            confidence,
            request: located.as_ref().map(|(request, _)| request.clone()),
            response: located.map(|(_, response)| response),
        });
    }

    let mut code = header(document, options.target);
    for item in items {
        code.push('\n');
        code.push_str(&item);
    }
    Ok(Output {
        code,
        report: Report {
            file: document.file_name().map(str::to_owned),
            target: options.target,
            title: document.title().to_owned(),
            api_version: document.api_version().to_owned(),
            spec_version: document.version().to_string(),
            operation_count: operations.len(),
            operations: reports,
        },
    })
}

/// The code for one operation, under a name no other operation's code took.
fn emit(
    operation: &OperationName<'_>,
    pagination: &Pagination,
    target: Target,
    krate: &str,
    used: &mut HashSet<String>,
) -> Result<Emitted, String> {
    let base = format!("{}Page", type_name(operation.id));
    for attempt in 1.. {
        let name = match attempt {
            1 => base.clone(),
            n => format!("{base}{n}"),
        };
        let emitted = match target {
            Target::Envelopes => envelope(operation, pagination, &name, krate)?,
            Target::Progenitor => impl_for(operation, pagination, &name, krate)?,
        };
        // progenitor's types are progenitor's: only the envelopes generated here must not collide.
        let defined: Vec<&String> = match target {
            Target::Progenitor if !pagination.is_bare_array() => Vec::new(),
            _ => emitted.names.iter().collect(),
        };
        if defined.iter().all(|name| !used.contains(*name)) {
            used.extend(defined.into_iter().cloned());
            return Ok(emitted);
        }
    }
    unreachable!("some numbered name is free")
}

fn header(document: &Document, target: Target) -> String {
    let what = match target {
        Target::Envelopes => "pagination envelopes",
        Target::Progenitor => "pagination of progenitor's types (its `types` module must be in scope)",
    };
    format!(
        "// Generated by paginated-openapi from \"{}\" {}: {what}.\n// Do not edit: regenerate.\n",
        doc_text(document.title()),
        doc_text(document.api_version())
    )
}

fn check_crate_path(path: &str) -> Result<(), Error> {
    let bare = path.strip_prefix("::").unwrap_or(path);
    let valid = !bare.is_empty()
        && bare.split("::").all(|segment| {
            let mut chars = segment.chars();
            chars
                .next()
                .is_some_and(|first| unicode_ident::is_xid_start(first) || first == '_')
                && chars.all(unicode_ident::is_xid_continue)
                && segment != "_"
        });
    if valid {
        Ok(())
    } else {
        Err(Error::CratePath(path.to_owned()))
    }
}
