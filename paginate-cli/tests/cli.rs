//! Snapshots of the command's help and of its messages for bad input (`tests/cmd/*.toml`, each with
//! its `.stdout` and `.stderr`), as cargo and ripgrep keep theirs. `TRYCMD=overwrite cargo test -p
//! paginated-cli --test cli` rewrites them after an intended change.

#[test]
fn cli() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
