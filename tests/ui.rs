//! Every compile error `#[derive(Paginate)]` and `impl_paginate!` can produce, with the exact message
//! rustc shows (`tests/ui/*.stderr`, recorded with the toolchain of `rust-toolchain.toml`), and the valid
//! code they must accept (`tests/ui/pass/`).

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
    cases.pass("tests/ui/pass/*.rs");
    // trybuild builds the cases with this crate's features: with `xml` on, an XML envelope compiles.
    if cfg!(not(feature = "xml")) {
        cases.compile_fail("tests/ui/xml/*.rs");
    }
}
