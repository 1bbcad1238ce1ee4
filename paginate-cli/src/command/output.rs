//! Where items go: stdout or `--out FILE`, one JSON value per line or one array, each item as the
//! body held it (line breaks between tokens removed, so an item is one line).
//!
//! A resumed walk appends. When the output is a regular file (`--out FILE`, or stdout redirected with
//! `>>`), the resume file records its length after every page, and a resumed walk first cuts the file
//! back to that length: items written after the last recorded page, when the command was killed,
//! are written once, not twice.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

use paginated_core::RawItem;

use super::args::OutputFormat;
use super::exit::{Exit, Failure};

const BUFFER_BYTES: usize = 64 * 1024;

/// Where the output stands at a page's end: what the resume file records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Mark {
    /// Items written.
    pub items: u64,
    /// The output's length in bytes, when it is a regular file.
    pub bytes: Option<u64>,
}

/// The output of a walk.
pub struct Output {
    writer: BufWriter<File>,
    format: OutputFormat,
    name: String,
    /// Items written, those of earlier runs of a resumed walk included.
    items: u64,
    /// The file's length, when the output is a regular file.
    bytes: Option<u64>,
}

/// Why writing stopped.
pub enum WriteError {
    /// The reader went away (`| head`): not an error of the walk.
    Closed,
    Failed(Failure),
}

impl Output {
    /// Opens the output: `--out FILE` (created, or emptied unless a walk resumes), or stdout. A resumed
    /// walk (`resumed` is where its last run stopped) appends, after cutting a regular file back to the
    /// recorded length.
    pub fn open(out: Option<&Path>, format: OutputFormat, resumed: Option<Mark>) -> Result<Self, Failure> {
        let (file, name) = match out {
            Some(path) => (
                open_file(path, resumed.is_some())?,
                format!("`{}`", path.display()),
            ),
            None => (stdout_file()?, "stdout".to_owned()),
        };
        let regular = file.metadata().map(|meta| meta.is_file()).unwrap_or(false);
        let mut output = Output {
            writer: BufWriter::with_capacity(BUFFER_BYTES, file),
            format,
            name,
            items: resumed.map_or(0, |mark| mark.items),
            bytes: None,
        };
        if regular {
            output.bytes = Some(output.cut_back(resumed)?);
        }
        Ok(output)
    }

    /// Cuts a regular file back to the length a resumed walk recorded and goes to its end; its length.
    fn cut_back(&mut self, resumed: Option<Mark>) -> Result<u64, Failure> {
        let name = self.name.clone();
        let failed =
            |error: io::Error| Failure::new(Exit::Failure, format!("cannot write to {name}: {error}"));
        let format = self.format;
        let file = self.writer.get_mut();
        let length = file.metadata().map_err(failed)?.len();
        let recorded = resumed.and_then(|mark| mark.bytes).unwrap_or(length);
        if length < recorded {
            return Err(Failure::usage(format!(
                "{name} holds {length} bytes, fewer than the {recorded} the resume file recorded: it was \
                 emptied or replaced (a shell's `>` instead of `>>`?), and the items in it are gone. \
                 Restore it, or remove the resume file to start over"
            )));
        }
        if length > recorded {
            // A check where the file can be read back (stdout opened for writing only cannot).
            if ends_an_item(file, recorded, format).is_ok_and(|ends| !ends) {
                return Err(Failure::usage(format!(
                    "{name} does not end an item where the resume file says the last page ended (byte \
                     {recorded}): the resume file is not the one of this output. Remove it to start over"
                )));
            }
            file.set_len(recorded).map_err(failed)?;
        }
        file.seek(SeekFrom::End(0)).map_err(failed)?;
        Ok(recorded)
    }

    fn failed(&self, error: io::Error) -> Failure {
        Failure::new(Exit::Failure, format!("cannot write to {}: {error}", self.name))
    }

    /// Whether writes can be undone on resume.
    pub fn is_regular_file(&self) -> bool {
        self.bytes.is_some()
    }

    /// Writes the items of one page.
    pub fn write_items(&mut self, items: &[RawItem]) -> Result<(), WriteError> {
        for item in items {
            self.write_item(item.get().as_bytes())
                .map_err(|error| self.write_error(error))?;
        }
        Ok(())
    }

    fn write_item(&mut self, json: &[u8]) -> io::Result<()> {
        let mut written = 0;
        if self.format == OutputFormat::Json {
            let separator: &[u8] = if self.items == 0 { b"[\n" } else { b",\n" };
            self.writer.write_all(separator)?;
            written += separator.len();
        }
        if json.iter().any(|&byte| byte == b'\n' || byte == b'\r') {
            // A line break in valid JSON is whitespace between tokens: strings escape theirs.
            for part in json.split(|&byte| byte == b'\n' || byte == b'\r') {
                self.writer.write_all(part)?;
                written += part.len();
            }
        } else {
            self.writer.write_all(json)?;
            written += json.len();
        }
        if self.format == OutputFormat::Ndjson {
            self.writer.write_all(b"\n")?;
            written += 1;
        }
        self.items += 1;
        if let Some(bytes) = &mut self.bytes {
            *bytes += written as u64;
        }
        Ok(())
    }

    /// Flushes what was written: where the output stands, for the resume file.
    pub fn flush(&mut self) -> Result<Mark, WriteError> {
        self.writer.flush().map_err(|error| self.write_error(error))?;
        Ok(self.mark())
    }

    pub fn mark(&self) -> Mark {
        Mark {
            items: self.items,
            bytes: self.bytes,
        }
    }

    /// Ends the output (closes the array of `--output json`) and flushes it.
    pub fn finish(&mut self) -> Result<(), WriteError> {
        if self.format == OutputFormat::Json {
            let end: &[u8] = if self.items == 0 { b"[]\n" } else { b"\n]\n" };
            self.writer
                .write_all(end)
                .map_err(|error| self.write_error(error))?;
        }
        self.writer.flush().map_err(|error| self.write_error(error))
    }

    fn write_error(&self, error: io::Error) -> WriteError {
        if error.kind() == io::ErrorKind::BrokenPipe {
            WriteError::Closed
        } else {
            WriteError::Failed(self.failed(error))
        }
    }
}

/// Where items go, as the resume file records it: `stdout`, or the path of `--out`.
pub fn target(out: Option<&Path>) -> String {
    out.map_or_else(|| "stdout".to_owned(), |path| path.display().to_string())
}

/// Whether byte `at` of `file` is where an item ends: at the start, after a line's end (NDJSON), or
/// before the separator or the end of a JSON array.
fn ends_an_item(file: &mut File, at: u64, format: OutputFormat) -> io::Result<bool> {
    if at == 0 {
        return Ok(true);
    }
    let mut around = [0u8; 2];
    file.seek(SeekFrom::Start(at - 1))?;
    let read = io::Read::read(file, &mut around)?;
    Ok(matches!(
        (format, &around[..read]),
        (OutputFormat::Ndjson, [b'\n', ..]) | (OutputFormat::Json, [_, b',' | b'\n'])
    ))
}

fn open_file(path: &Path, resuming: bool) -> Result<File, Failure> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true);
    if !resuming {
        options.truncate(true);
    }
    options
        .open(path)
        .map_err(|error| Failure::usage(format!("cannot open `{}` for writing: {error}", path.display())))
}

/// Stdout as a file of its own (the same open file): written through a large buffer instead of
/// stdout's line buffer, and, when it is a regular file, cut back on resume.
fn stdout_file() -> Result<File, Failure> {
    #[cfg(unix)]
    let owned = {
        use std::os::fd::AsFd;
        io::stdout().as_fd().try_clone_to_owned()
    };
    #[cfg(windows)]
    let owned = {
        use std::os::windows::io::AsHandle;
        io::stdout().as_handle().try_clone_to_owned()
    };
    owned
        .map(File::from)
        .map_err(|error| Failure::new(Exit::Failure, format!("cannot write to stdout: {error}")))
}
