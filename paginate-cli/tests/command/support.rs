//! Running the binary.
#![allow(dead_code)]

use std::process::{Command, Output};

use serde_json::Value;

/// What a run of `paginated` gave.
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The items on stdout, one JSON value per line (panics on a line that is not JSON).
    pub fn items(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|error| panic!("{error}: {line}")))
            .collect()
    }
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Run {
            status: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }
}

pub fn command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_paginated"))
}

/// `paginated ARGS...`.
pub fn paginated(args: &[&str]) -> Run {
    command().args(args).output().unwrap().into()
}

/// The last number in `id` (`usr_042` → 42, `17` → 17, `rec-000007.json` → 7).
pub fn number(id: &Value) -> u64 {
    let text = match id {
        Value::Number(number) => number.to_string(),
        Value::String(text) => text.clone(),
        other => panic!("not an id: {other}"),
    };
    let end = text
        .rfind(|c: char| c.is_ascii_digit())
        .unwrap_or_else(|| panic!("no number in {text}"))
        + 1;
    let start = text[..end]
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |at| at + 1);
    text[start..end]
        .parse()
        .unwrap_or_else(|_| panic!("no number in {text}"))
}

/// The numbers of the items' ids at `path` (members from the item), sorted.
pub fn sorted_ids(items: &[Value], path: &[&str]) -> Vec<u64> {
    let mut ids: Vec<u64> = items
        .iter()
        .map(|item| number(path.iter().fold(item, |value, key| &value[*key])))
        .collect();
    ids.sort_unstable();
    ids
}
