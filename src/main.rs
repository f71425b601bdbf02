//! The `plp` binary: parse the command line and hand over to the library.

use clap::Parser;

fn main() {
    let cli = plp::cli::Cli::parse();
    let code = match plp::cli::run(cli) {
        Ok(()) => {
            plp::error::told_at_end();
            0
        }
        Err(plp::error::Error::Said) => 1,
        Err(e) => {
            plp::error::tell(format_args!("plp: {e}"));
            e.code()
        }
    };
    std::process::exit(code);
}
