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

    /// Parses only the one written form (the text [`Hlc`]'s `Display` gives back).
    pub fn parse_exact(s: &str) -> Option<Hlc> {
        let h = Hlc::parse(s)?;
        // Digits only, at their fixed widths, is the form written (checked without writing it).
        let digits = |b: &[u8]| b.iter().all(u8::is_ascii_digit);
        if digits(&s.as_bytes()[..15]) && digits(&s.as_bytes()[16..]) {
            return Some(h);
        }
        (h.to_string() == s).then_some(h)
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
        if (0..1_000_000_000_000_000).contains(&self.millis) {
            // The usual stamp, written digit by digit (a change's stamp is written each time
            // it is read).
            let mut out = [b'.'; 26];
            let mut m = self.millis as u64;
            for b in out[..15].iter_mut().rev() {
                *b = b'0' + (m % 10) as u8;
                m /= 10;
            }
            let mut c = self.counter;
            for b in out[16..].iter_mut().rev() {
                *b = b'0' + (c % 10) as u8;
                c /= 10;
            }
            return f.write_str(std::str::from_utf8(&out).map_err(|_| fmt::Error)?);
        }
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
    fn stamps_are_written_and_read_exactly_as_the_long_way_does() {
        let millis = [
            0,
            7,
            1_795_646_078_999,
            999_999_999_999_999,
            1_000_000_000_000_000,
        ];
        let odd = [-1, -99_999_999_999_999, i64::MAX, i64::MIN];
        for m in millis.into_iter().chain(odd) {
            for c in [0, 11, 999_999_999, u32::MAX] {
                let h = Hlc {
                    millis: m,
                    counter: c,
                };
                let text = h.to_string();
                assert_eq!(text, format!("{m:015}.{c:010}"));
                let exact = Hlc::parse(&text).filter(|p| p.to_string() == text);
                assert_eq!(Hlc::parse_exact(&text), exact);
            }
        }
        for s in [
            "001795646078999.0000000011",
            "+01795646078999.0000000011",
            "-00000000000001.0000000000",
            "001795646078999.+000000011",
            "00179564607899a.0000000011",
            "001795646078999.9999999999",
            " 01795646078999.0000000011",
            "001795646078999-0000000011",
        ] {
            let exact = Hlc::parse(s).filter(|p| p.to_string() == s);
            assert_eq!(Hlc::parse_exact(s), exact, "{s}");
        }
        assert!(Hlc::parse_exact("001795646078999.0000000011").is_some());
        assert!(Hlc::parse_exact("+01795646078999.0000000011").is_none());
        assert!(Hlc::parse_exact("-00000000000001.0000000000").is_some());
    }

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
