//! `plp serve --stdio`: the far side of `plp sync host:path`.

use std::io::{BufReader, BufWriter};
use std::path::Path;

use super::args::ServeArgs;
use super::{open_store, CliError, CliResult};

pub fn run(path: &Path, args: ServeArgs) -> CliResult {
    if !args.stdio {
        return Err(CliError::Usage(
            "plp serve needs --stdio (it is run by plp sync over ssh)".into(),
        ));
    }
    // Standard input read directly (no buffer of its own beneath ours), so that a client that
    // stalls is noticed and not waited for for ever.
    use std::os::fd::FromRawFd;
    // SAFETY: descriptor 0 is open for the life of the process and used by nothing else here.
    let stdin = unsafe { std::fs::File::from_raw_fd(0) };
    // A wait the far side cannot read is its own to mend; the client is kept to its usual.
    let limit = crate::sync::timeout::limit().unwrap_or(crate::sync::timeout::USUAL);
    let mut r = BufReader::new(crate::sync::timeout::TimedReader::new(stdin, limit));
    let mut w = BufWriter::new(std::io::stdout().lock());
    let created = !path.exists();
    let opened = match missing(path, args.create) {
        Some(why) => Err(why),
        None => open_store(path).map_err(|e| e.to_string()),
    };
    let mut store = match opened {
        Ok(store) => store,
        // Said to the client, which says it in its own sentence; said here only when it
        // could not be.
        Err(why) => {
            return match crate::sync::stdio::refuse_unopened(&mut r, &mut w, &why) {
                true => Err(CliError::Said),
                false => Err(CliError::Failure(why)),
            }
        }
    };
    let served = crate::sync::stdio::serve(&mut store, &mut r, &mut w);
    if served.is_err() && created {
        // A copy asked for with --create that could not be made whole is not left half made.
        drop(store);
        crate::store::Store::remove_unfinished(path);
    }
    served.map_err(|e| CliError::Failure(e.to_string()))
}

/// Why there is no database to serve at `path`: none is there and none was asked for, or its
/// folder is missing (`--create` makes the file, never the folders it would sit in).
fn missing(path: &Path, create: bool) -> Option<String> {
    if path.exists() {
        return None;
    }
    if !create {
        return Some(format!(
            "{} does not exist there; check the path, or add --create to make it a copy of \
             this database",
            path.display()
        ));
    }
    super::sync::folder_missing(path, " there")
}
