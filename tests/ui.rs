//! Every compile error `#[derive(Paginate)]` can produce, with the exact message rustc shows
//! (`tests/ui/*.stderr`, recorded with the toolchain of `rust-toolchain.toml`).

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
