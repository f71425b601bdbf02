//! Columns mapped by hand (`--map COLUMN=FIELD`): the ones remembered from earlier imports and
//! the ones given now, which of them a file uses, and a remembered one that clashes with a
//! column the file has of its own.

use std::collections::BTreeMap;

use super::formats::{field_for, is_last_first, map_target, normalise};

/// The maps to read a file with: the remembered ones, then those given now (a map given now
/// replaces a remembered one for the same column).
pub fn merged(
    remembered: &BTreeMap<String, String>,
    given: &[(String, String)],
) -> BTreeMap<String, String> {
    let mut maps = remembered.clone();
    for (col, field) in given {
        maps.retain(|c, _| normalise(c) != normalise(col));
        maps.insert(col.clone(), field.clone());
    }
    maps
}

/// The remembered maps a file with `header` uses, and which were not given again now: (column
/// as the file has it, field).
pub fn used_remembered(
    header: &[String],
    remembered: &BTreeMap<String, String>,
    given: &[(String, String)],
) -> Vec<(String, String)> {
    header
        .iter()
        .filter(|h| !given.iter().any(|(c, _)| normalise(c) == normalise(h)))
        .filter_map(|h| {
            remembered
                .iter()
                .find(|(c, _)| normalise(c) == normalise(h))
                .map(|(_, field)| (h.trim().to_string(), field.clone()))
        })
        .collect()
}

/// How the dictionaries read a column: the field its name gives, or `ignore`.
fn default_for(column: &str) -> &'static str {
    let norm = normalise(column);
    match field_for(&norm) {
        Some((f, _)) => f,
        None if is_last_first(&norm) => "last_first",
        None => "ignore",
    }
}

/// The `--map` that forgets a remembered map: the column read as the dictionaries read it.
pub fn forget(column: &str) -> String {
    format!("--map \"{column}={}\"", default_for(column))
}

/// A remembered map in use (column, field) and a column of the file, with no map of its own,
/// whose name by itself gives the same field: the first such pair.
pub fn clash<'a>(
    header: &'a [String],
    used: &'a [(String, String)],
    maps: &BTreeMap<String, String>,
) -> Option<(&'a str, &'static str, &'a str)> {
    used.iter().find_map(|(col, field)| {
        let field = map_target(field).filter(|f| *f != "ignore")?;
        let other = header.iter().find(|h| {
            normalise(h) != normalise(col)
                && !maps.keys().any(|c| normalise(c) == normalise(h))
                && field_for(&normalise(h)).map(|(f, _)| f) == Some(field)
        })?;
        Some((col.as_str(), field, other.trim()))
    })
}

/// The maps worth remembering: those that read a column otherwise than the dictionaries do
/// (so `--map "Homeroom=ignore"`, for a column no dictionary knows, forgets a map).
pub fn to_remember(maps: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    maps.iter()
        .filter(|(col, field)| map_target(field) != Some(default_for(col)))
        .map(|(c, f)| (c.clone(), f.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(c, f)| (c.to_string(), f.to_string()))
            .collect()
    }

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn a_remembered_map_clashes_with_a_column_of_the_same_field() {
        let remembered = map(&[("Homeroom", "advisor")]);
        let h = header(&["Student ID", "Advisor", "Homeroom"]);
        let used = used_remembered(&h, &remembered, &[]);
        assert_eq!(used, vec![("Homeroom".to_string(), "advisor".to_string())]);
        assert_eq!(
            clash(&h, &used, &remembered),
            Some(("Homeroom", "advisor", "Advisor"))
        );
        // Given again now, the map is not a remembered one: it wins, as asked.
        let given = vec![("homeroom".to_string(), "advisor".to_string())];
        assert!(used_remembered(&h, &remembered, &given).is_empty());
        // The other column mapped now is no clash either.
        let given = vec![("Advisor".to_string(), "ignore".to_string())];
        let maps = merged(&remembered, &given);
        let used = used_remembered(&h, &remembered, &given);
        assert_eq!(clash(&h, &used, &maps), None);
        // A file without the column does not use the map.
        assert!(used_remembered(&header(&["Advisor"]), &remembered, &[]).is_empty());
    }

    #[test]
    fn a_map_the_dictionaries_would_make_is_not_remembered() {
        let maps = map(&[
            ("Homeroom", "ignore"),
            ("Advisor Name", "advisor"),
            ("Room", "advisor"),
            ("Status", "ignore"),
        ]);
        assert_eq!(
            to_remember(&maps),
            map(&[("Room", "advisor"), ("Status", "ignore")])
        );
        assert_eq!(forget("Homeroom"), "--map \"Homeroom=ignore\"");
        assert_eq!(forget("Status"), "--map \"Status=status\"");
    }
}
