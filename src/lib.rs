//! wijkverslag: a group's folder → a print-ready neighbourhood report.
//!
//! The pipeline has five stages:
//! 1. **load** ([`model`]): folder or zip → `Model`, every value with its place;
//! 2. **check** (`check`): the assignment's product requirements → findings;
//! 3. **lower** ([`document`]): Model + forms + template → `Document` IR, all
//!    numbering decided once;
//! 4. **render** ([`render`]): Typst → PDF (and DOCX) from the IR only;
//! 5. **batch**: a whole class in parallel.

pub mod batch;
pub mod cbs;
pub mod check;
pub mod cli;
pub mod document;
pub mod error;
pub mod forms;
pub mod image_store;
pub mod images;
pub mod init;
pub mod interrupt;
pub mod layout;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod schema;
pub mod watch;

pub use error::{Error, Place, Problem, Result};

/// Today's date (UTC) as (year, month, day), or the date of `SOURCE_DATE_EPOCH`.
pub fn today_ymd() -> (i32, u8, u8) {
    let secs = source_date_epoch().unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    });
    civil_from_days(secs.div_euclid(86_400))
}

/// `SOURCE_DATE_EPOCH`, when set to a number.
pub fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar.
pub fn civil_from_days(z: i64) -> (i32, u8, u8) {
    // Howard Hinnant's algorithm: exact for every day, no tables.
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_dates() {
        assert_eq!(super::civil_from_days(0), (1970, 1, 1));
        assert_eq!(super::civil_from_days(18_253), (2019, 12, 23));
    }
}
