//! `--resume FILE`: where a walk stands after its last written page, kept so the same command goes
//! on from there after Ctrl-C, `kill -9` or a failure.
//!
//! The file holds the walk's checkpoint (the next page's position and the guards' memory, bound to
//! the request that started the walk), the pagination attribute, the output format and where the
//! output stood. It holds no header and no credential: the checkpoint keeps the URL without its
//! credential query parameters, and the request's body only as a fingerprint. It is replaced
//! atomically (written beside, then renamed), so a kill leaves the previous or the next version,
//! never half of one. What it holds is not trusted on the way back in: the walk checks the
//! checkpoint against the request as it checks any.

use std::io::Write;
use std::path::{Path, PathBuf};

use paginated_core::Checkpoint;
use serde::{Deserialize, Serialize};

use super::args::OutputFormat;
use super::exit::{Exit, Failure};
use super::output::Mark;

/// The version of the layout below.
const VERSION: u32 = 1;
/// Larger files are not resume files.
const MAX_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    paginated_resume: u32,
    attribute: String,
    format: Format,
    /// `stdout`, or the path of `--out`.
    output: String,
    written: Mark,
    checkpoint: Checkpoint,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Format {
    Ndjson,
    Json,
}

impl From<OutputFormat> for Format {
    fn from(format: OutputFormat) -> Self {
        match format {
            OutputFormat::Ndjson => Format::Ndjson,
            OutputFormat::Json => Format::Json,
        }
    }
}

/// What a resume file says: how the walk paginates, where it stands, and where its output stood.
pub struct Resumed {
    pub attribute: String,
    pub written: Mark,
    pub checkpoint: Checkpoint,
}

/// What a resume file keeps of the walk beside its position.
pub struct Kept<'a> {
    pub attribute: &'a str,
    pub format: OutputFormat,
    /// `stdout`, or the path of `--out`.
    pub output: &'a str,
}

/// The resume file of a walk.
pub struct ResumeFile {
    path: PathBuf,
    temporary: PathBuf,
}

impl ResumeFile {
    pub fn new(path: &Path) -> Self {
        let mut temporary = path.as_os_str().to_owned();
        temporary.push(".tmp");
        ResumeFile {
            path: path.to_owned(),
            temporary: PathBuf::from(temporary),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What the file holds, for a walk into `output` (`stdout` or a path) in `format`; `None` when
    /// there is no file (a walk not started yet, or finished).
    pub fn load(&self, format: OutputFormat, output: &str) -> Result<Option<Resumed>, Failure> {
        let bytes = match std::fs::metadata(&self.path) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(self.unreadable(error)),
            Ok(meta) if meta.len() > MAX_BYTES => {
                return Err(self.invalid(&format!("it is larger than {} MiB", MAX_BYTES >> 20)))
            }
            Ok(_) => std::fs::read(&self.path).map_err(|error| self.unreadable(error))?,
        };
        let stored: Stored =
            serde_json::from_slice(&bytes).map_err(|error| self.invalid(&error.to_string()))?;
        if stored.paginated_resume != VERSION {
            return Err(self.invalid(&format!(
                "it has version {}, this paginated reads version {VERSION}",
                stored.paginated_resume
            )));
        }
        if stored.format != Format::from(format) {
            return Err(Failure::usage(format!(
                "`{}` was written for --output {}: run with the same --output, or remove it to start over",
                self.path.display(),
                match stored.format {
                    Format::Ndjson => "ndjson",
                    Format::Json => "json",
                }
            )));
        }
        if stored.output != output {
            let into = |target: &str| match target {
                "stdout" => "stdout".to_owned(),
                path => format!("--out {path}"),
            };
            return Err(Failure::usage(format!(
                "`{}` was written by a walk into {}, not {}: run with the same output, or remove it to \
                 start over",
                self.path.display(),
                into(&stored.output),
                into(output)
            )));
        }
        Ok(Some(Resumed {
            attribute: stored.attribute,
            written: stored.written,
            checkpoint: stored.checkpoint,
        }))
    }

    /// Replaces the file with where the walk stands now.
    pub fn save(&self, walk: &Kept<'_>, written: Mark, checkpoint: Checkpoint) -> Result<(), Failure> {
        let stored = Stored {
            paginated_resume: VERSION,
            attribute: walk.attribute.to_owned(),
            format: walk.format.into(),
            output: walk.output.to_owned(),
            written,
            checkpoint,
        };
        let json = serde_json::to_vec_pretty(&stored)
            .map_err(|error| Failure::new(Exit::Failure, format!("cannot write the resume file: {error}")))?;
        let write = || -> std::io::Result<()> {
            let mut file = std::fs::File::create(&self.temporary)?;
            file.write_all(&json)?;
            file.write_all(b"\n")?;
            drop(file);
            std::fs::rename(&self.temporary, &self.path)
        };
        write().map_err(|error| {
            Failure::new(
                Exit::Failure,
                format!("cannot write the resume file `{}`: {error}", self.path.display()),
            )
        })
    }

    /// Removes the file of a walk that is complete.
    pub fn remove(&self) -> Result<(), Failure> {
        match std::fs::remove_file(&self.path) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(Failure::new(
                Exit::Failure,
                format!("cannot remove the resume file `{}`: {error}", self.path.display()),
            )),
            _ => Ok(()),
        }
    }

    fn unreadable(&self, error: std::io::Error) -> Failure {
        Failure::usage(format!(
            "cannot read the resume file `{}`: {error}",
            self.path.display()
        ))
    }

    fn invalid(&self, reason: &str) -> Failure {
        Failure::usage(format!(
            "`{}` is not a resume file of paginated ({reason}): give another file, or remove it to start over",
            self.path.display()
        ))
    }
}
