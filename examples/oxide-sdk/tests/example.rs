//! The example binary, run as `cargo run -p oxide-sdk-example` runs it: offline, against its own mock.

use std::process::Command;

#[test]
fn the_example_walks_both_operations() {
    let output = Command::new(env!("CARGO_BIN_EXE_oxide-sdk-example"))
        .output()
        .expect("the example runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for line in [
        "  progenitor's organization_list_stream: 250 organizations in 8 requests\n",
        "  paginated (impl_paginate! by paginated-openapi): 250 organizations in 8 requests\n",
        "  same organizations in the same order: yes\n",
        "  paginate: 250 measurements of ram_provisioned in 4 requests\n",
        "  `id` sent on 4 of 4 requests; a page token on 3\n",
        "  organization_list  GET /organizations\n      cursor [x-dropshot-pagination]",
        "  system_metric  GET /system/metrics/{metric_name}\n      cursor [x-dropshot-pagination]",
    ] {
        assert!(stdout.contains(line), "{line:?} is not in:\n{stdout}");
    }
}
