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
    let stdin = std::io::stdin();
    let mut r = BufReader::new(stdin.lock());
    let mut w = BufWriter::new(std::io::stdout().lock());
    crate::sync::stdio::serve(&mut store, &mut r, &mut w).map_err(CliError::Failure)
}
