//! `paginated-openapi` keeps its progenitor-mode output for the documents progenitor can generate a
//! client from checked in (`paginate-openapi/tests/generated/progenitor/`), but cannot compile it
//! there: that would put progenitor in its dependencies. Here it compiles against the real types
//! progenitor generates. The nexus output is the code this crate includes (the test below pins it);
//! Dub's is compiled against Dub's client, which the build script generates from the vendored
//! `dub.json`.

#[test]
fn the_nexus_output_is_what_the_crate_includes() {
    assert_eq!(
        oxide_sdk_example::PAGINATION,
        include_str!("../../../paginate-openapi/tests/generated/progenitor/oxide-nexus.rs")
    );
}

#[allow(dead_code, clippy::all, clippy::pedantic)]
mod dub {
    include!(concat!(env!("OUT_DIR"), "/dub_client.rs"));
    include!("../../../paginate-openapi/tests/generated/progenitor/dub.rs");
}

/// Dub's list operations answer bare arrays, which progenitor returns as a `Vec` of its type;
/// `paginated-openapi` wraps them in a transparent envelope. A page-number walk through one, over
/// progenitor's own `FolderSchema`, reads every page until a short one.
#[test]
fn a_dub_envelope_walks_progenitor_types() {
    use paginated::{PageRequest, Paginate};

    assert_eq!(dub::ListFoldersPage::SPEC.size_param(), "pageSize");
    let folder = |n: u64| {
        serde_json::json!({
            "id": format!("fold_{n}"), "name": format!("Folder {n}"), "type": "default",
            "accessLevel": null, "description": null,
            "createdAt": "2024-01-01T00:00:00.000Z", "updatedAt": "2024-01-01T00:00:00.000Z",
        })
    };
    let ids: Vec<String> = dub::ListFoldersPage::from_fn_blocking(move |request: PageRequest| {
        // 120 folders, as progenitor's `list_folders` would return them: a `Vec<types::FolderSchema>`.
        let (page, size) = (request.page().unwrap_or(1), request.page_size().unwrap_or(50));
        let first = (page - 1) * size + 1;
        let body: Vec<serde_json::Value> = (first..=(first + size - 1).min(120)).map(folder).collect();
        let items: Vec<dub::types::FolderSchema> = serde_json::from_value(body.into())?;
        Ok::<_, serde_json::Error>(dub::ListFoldersPage { items })
    })
    .page_size(50)
    .map(|folder| folder.map(|folder| folder.id))
    .collect::<Result<_, _>>()
    .unwrap();
    assert_eq!(ids, (1..=120).map(|n| format!("fold_{n}")).collect::<Vec<_>>());
}
