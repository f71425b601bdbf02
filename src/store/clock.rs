//! Hybrid logical clocks: wall time where it can be trusted, a counter where it cannot.
//!
//! A stamp is written as fixed-width text so that ordering stamps as strings orders them in time.

use std::fmt;

/// One hybrid logical clock reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Hlc {
    /// Milliseconds since the Unix epoch (the largest seen, never less).
    pub millis: i64,
    /// Events within the same millisecond.
    pub counter: u32,
}

impl Hlc {
    /// Parses the text form; `None` for anything else.
    pub fn parse(s: &str) -> Option<Hlc> {
        let (m, c) = s.split_once('.')?;
        if m.len() != 15 || c.len() != 10 {
            return None;
        }
        Some(Hlc {
            millis: m.parse().ok()?,
            counter: c.parse().ok()?,
        })
    }

    /// The next stamp for a local event, given the wall clock now.
    pub fn tick(self, wall_millis: i64) -> Hlc {
        if wall_millis > self.millis {
            Hlc {
                millis: wall_millis,
                counter: 0,
            }
        } else {
            Hlc {
                millis: self.millis,
                counter: self.counter.saturating_add(1),
            }
        }
    }

    /// The date part of the stamp, for showing when a revision was made.
    pub fn date(self) -> Option<chrono::DateTime<chrono::Utc>> {
        chrono::DateTime::from_timestamp_millis(self.millis)
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:015}.{:010}", self.millis, self.counter)
    }
}

/// How far ahead of this machine's clock a received change may be stamped (two hours: clocks a
/// little wrong are accepted; a stamp further ahead is refused), and how far ahead of the wall
/// clock the local clock may ever be carried by what it has seen.
pub const MAX_AHEAD_MS: i64 = 2 * 3600 * 1000;

/// The wall clock in milliseconds.
pub fn wall_millis() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_monotonic_even_when_the_wall_clock_goes_back() {
        let a = Hlc::default().tick(1_000);
        let b = a.tick(900);
        let c = b.tick(1_000);
        let d = c.tick(2_000);
        assert!(a < b && b < c && c < d);
        assert_eq!(
            d,
            Hlc {
                millis: 2_000,
                counter: 0
            }
        );
    }

    #[test]
    fn text_form_sorts_like_the_clock() {
        let a = Hlc {
            millis: 99,
            counter: 5,
        };
        let b = Hlc {
            millis: 100,
            counter: 0,
        };
        assert!(a.to_string() < b.to_string());
        assert_eq!(Hlc::parse(&a.to_string()), Some(a));
        assert_eq!(Hlc::parse("nonsense"), None);
    }
}
