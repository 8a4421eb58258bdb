//! The `wijkverslag` command: a thin layer over the library.

fn main() {
    std::process::exit(wijkverslag::cli::main());
}
