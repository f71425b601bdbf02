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
    let mut store = open_store(path)?;
    // Standard input read directly (no buffer of its own beneath ours), so that a client that
    // stalls is noticed and not waited for for ever.
    use std::os::fd::FromRawFd;
    // SAFETY: descriptor 0 is open for the life of the process and used by nothing else here.
    let stdin = unsafe { std::fs::File::from_raw_fd(0) };
    let mut r = BufReader::new(crate::sync::timeout::TimedReader::new(
        stdin,
        crate::sync::timeout::limit(),
    ));
    let mut w = BufWriter::new(std::io::stdout().lock());
    crate::sync::stdio::serve(&mut store, &mut r, &mut w)
        .map_err(|e| CliError::Failure(e.to_string()))
}
