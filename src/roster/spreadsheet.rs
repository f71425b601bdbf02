//! What a spreadsheet leaves in a roster's cells when it opens and saves one. Text it was told
//! to keep as text (`="00123"`, Excel's way of keeping a number's leading zeros, or a leading
//! apostrophe, `'00123`) is read as the text it holds. An id it turned into a number
//! (`1.23457E+11`, `214387.0`) or a formula (`=1234`) no longer says which student it was, and
//! is refused, never stored as written.

use std::borrow::Cow;

/// A cell as the text it holds: `="00123"` is `00123` (a quote inside written twice, as Excel
/// writes it, is one). Any other cell is as it is.
pub(crate) fn unwrapped(cell: &str) -> Cow<'_, str> {
    let inner = cell
        .strip_prefix("=\"")
        .and_then(|rest| rest.strip_suffix('"'));
    match inner {
        // A lone quote inside is no longer one text: the cell is some other formula.
        Some(inner) if !inner.replace("\"\"", "").contains('"') => {
            Cow::Owned(inner.replace("\"\"", "\""))
        }
        _ => Cow::Borrowed(cell),
    }
}

/// A cell without the apostrophe a spreadsheet puts before a number to keep it as text
/// (`'00123`). Only for cells that never begin with one of their own: an id, a grade, a year
/// (a family name may: `'t Hooft`).
pub(crate) fn without_apostrophe(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

/// What to do about an id a spreadsheet has changed.
const AGAIN: &str = "export the roster again from the SIS, or format the column as text";

/// Why an id (unwrapped) is not one the SIS gave, as a spreadsheet left it: turned into a
/// number, which lost its digits (`1.23457E+11`) or gained a decimal point (`214387.0`), or a
/// formula (`=1234`). `None` for an id that may be the SIS's.
pub(crate) fn damaged_id(id: &str) -> Option<String> {
    if scientific(id) {
        Some(format!(
            "the student id {id} was turned into a number by a spreadsheet and lost its digits; \
             {AGAIN}"
        ))
    } else if decimal(id) {
        Some(format!(
            "the student id {id} was turned into a number by a spreadsheet, which added a \
             decimal point and drops leading zeros; {AGAIN}"
        ))
    } else if id.starts_with('=') {
        Some(format!(
            "the student id {id} is a spreadsheet formula, not the id itself; {AGAIN}"
        ))
    } else {
        None
    }
}

/// Whether `text` is all ASCII digits, and not empty.
fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// A number as a spreadsheet shows a long one: `1.23457E+11`, `1E+11`, `4.5e-07` (the sign
/// is always written, so an id such as `12E45` is not taken for one).
fn scientific(text: &str) -> bool {
    let Some((mantissa, exponent)) = text.split_once(['E', 'e']) else {
        return false;
    };
    let Some(exponent) = exponent
        .strip_prefix('+')
        .or_else(|| exponent.strip_prefix('-'))
    else {
        return false;
    };
    let mantissa_is_number = match mantissa.split_once('.') {
        Some((whole, part)) => all_digits(whole) && all_digits(part),
        None => all_digits(mantissa),
    };
    mantissa_is_number && all_digits(exponent)
}

/// A whole number written with a decimal point and zeros after it, as a spreadsheet or a
/// script saves a number column: `214387.0`, `214387.00`.
fn decimal(text: &str) -> bool {
    text.split_once('.').is_some_and(|(whole, part)| {
        all_digits(whole) && all_digits(part) && part.bytes().all(|b| b == b'0')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_kept_as_text_is_read_as_the_text() {
        assert_eq!(unwrapped("=\"00123\""), "00123");
        assert_eq!(unwrapped("=\"Perez, Maria\""), "Perez, Maria");
        assert_eq!(unwrapped("=\"say \"\"hi\"\"\""), "say \"hi\"");
        assert_eq!(unwrapped("=\"\""), "");
        // Not the form: left as it is.
        for cell in [
            "00123",
            "=1234",
            "=\"a\"&\"b\"",
            "=\"",
            "\"00123\"",
            "x=\"1\"",
        ] {
            assert_eq!(unwrapped(cell), cell);
        }
        assert_eq!(without_apostrophe("'00123"), "00123");
        assert_eq!(without_apostrophe("00123"), "00123");
    }

    #[test]
    fn an_id_a_spreadsheet_changed_is_named() {
        for id in [
            "1.23457E+11",
            "1E+11",
            "2.1e-05",
            "214387.0",
            "214387.00",
            "=1234",
            "=A2",
        ] {
            assert!(damaged_id(id).is_some(), "{id}");
        }
        for id in [
            "00123", "A-7", "12E45", "E+11", "1.2.3", "2019.001", "S.1", "123.",
        ] {
            assert_eq!(damaged_id(id), None, "{id}");
        }
        assert_eq!(
            damaged_id("1.23457E+11").unwrap(),
            "the student id 1.23457E+11 was turned into a number by a spreadsheet and lost its \
             digits; export the roster again from the SIS, or format the column as text"
        );
    }
}
