//! Trims what a frame sends to the terminal: moves to where the cursor already is, colour resets
//! when nothing is coloured, and "show cursor" when it is shown. A typed key then costs a few
//! bytes over SSH instead of dozens.

/// What the terminal's state is known to be after everything written so far.
#[derive(Debug, Clone, Default)]
pub struct Tracker {
    cursor: Option<(u32, u32)>,
    shown: Option<bool>,
    plain: bool,
    width: u32,
}

impl Tracker {
    /// Nothing known yet about a terminal `width` columns wide.
    pub fn new(width: u16) -> Tracker {
        Tracker {
            cursor: None,
            shown: None,
            plain: false,
            width: width as u32,
        }
    }

    /// Forgets what it knew (after a resize, or anything else that may have moved things).
    pub fn forget(&mut self, width: u16) {
        *self = Tracker::new(width);
    }

    /// The frame's bytes, less what would change nothing.
    pub fn trim(&mut self, bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b == 0x1b && bytes.get(i + 1) == Some(&b'[') {
                let start = i;
                let mut j = i + 2;
                while j < bytes.len() && !(0x40..=0x7e).contains(&bytes[j]) {
                    j += 1;
                }
                if j >= bytes.len() {
                    out.extend_from_slice(&bytes[start..]);
                    self.cursor = None;
                    break;
                }
                let params = &bytes[i + 2..j];
                let fin = bytes[j];
                if self.keep(params, fin) {
                    out.extend_from_slice(&bytes[start..=j]);
                }
                i = j + 1;
                continue;
            }
            if b == 0x1b {
                // Some other escape: pass it on and stop assuming where the cursor is.
                out.push(b);
                self.cursor = None;
                i += 1;
                continue;
            }
            out.push(b);
            match (self.cursor, b) {
                (Some((r, c)), 0x20..=0x7e) if c < self.width => self.cursor = Some((r, c + 1)),
                _ => self.cursor = None,
            }
            i += 1;
        }
        out
    }

    /// Whether a control sequence changes anything; updates what is known.
    fn keep(&mut self, params: &[u8], fin: u8) -> bool {
        let p = std::str::from_utf8(params).unwrap_or("");
        match fin {
            b'H' => {
                let mut it = p.split(';').map(|x| x.parse::<u32>().unwrap_or(1));
                let to = (it.next().unwrap_or(1), it.next().unwrap_or(1));
                if self.cursor == Some(to) {
                    return false;
                }
                self.cursor = Some(to);
                true
            }
            b'm' => {
                let resets = p
                    .split(';')
                    .all(|x| matches!(x, "" | "0" | "39" | "49" | "59"));
                if resets && self.plain {
                    return false;
                }
                self.plain = resets && p.split(';').any(|x| x.is_empty() || x == "0");
                true
            }
            b'h' | b'l' if p == "?25" => {
                let show = fin == b'h';
                if self.shown == Some(show) {
                    return false;
                }
                self.shown = Some(show);
                true
            }
            // Modes and erasing leave the cursor where it is.
            b'h' | b'l' | b'J' | b'K' => true,
            _ => {
                self.cursor = None;
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_key_costs_one_byte_once_the_state_is_known() {
        let mut t = Tracker::new(80);
        let first = b"\x1b[3;2Ha\x1b[39m\x1b[49m\x1b[59m\x1b[0m\x1b[?25h\x1b[3;3H";
        // Nothing is known yet, but after "a" the cursor is where the last move would put it.
        assert_eq!(t.trim(first), first[..first.len() - 6].to_vec());
        let key = b"\x1b[3;3Hb\x1b[39m\x1b[49m\x1b[59m\x1b[0m\x1b[?25h\x1b[3;4H";
        assert_eq!(t.trim(key), b"b".to_vec());
    }

    #[test]
    fn colours_and_moves_that_matter_stay() {
        let mut t = Tracker::new(80);
        t.trim(b"\x1b[1;1H\x1b[0m\x1b[?25h");
        let frame = b"\x1b[5;1H\x1b[7mX\x1b[0m\x1b[1;2H";
        assert_eq!(t.trim(frame), frame.to_vec());
        // Writing past the last column leaves the cursor's place unknown.
        let mut t = Tracker::new(2);
        t.trim(b"\x1b[1;1H");
        assert_eq!(t.trim(b"ab\x1b[1;3H"), b"ab\x1b[1;3H".to_vec());
        // Non-ASCII text has a width we do not guess.
        let mut t = Tracker::new(80);
        t.trim(b"\x1b[1;1H");
        assert_eq!(
            t.trim("é\x1b[1;2H".as_bytes()),
            "é\x1b[1;2H".as_bytes().to_vec()
        );
    }
}
