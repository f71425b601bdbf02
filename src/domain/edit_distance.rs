//! How far apart two words are, for naming the nearest of the names known when a typed one
//! matches none.

/// The number of single characters to insert, delete or change to turn `a` into `b`
/// (Levenshtein distance), counted in characters, not bytes.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let changed = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = changed.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_characters_to_change() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("rivera", "rivera"), 0);
        assert_eq!(edit_distance("rivra", "rivera"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("zoë", "zoe"), 1);
    }
}
