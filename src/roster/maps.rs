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

/// A map given on the command line: (column, field), as given.
pub type Given = (String, String);

/// Two maps given now for one column that read it as two fields: the first such pair.
pub fn conflict(given: &[Given]) -> Option<(&Given, &Given)> {
    given.iter().enumerate().find_map(|(i, a)| {
        given[i + 1..].iter().find_map(|b| {
            let differ = normalise(&a.0) == normalise(&b.0) && map_target(&a.1) != map_target(&b.1);
            differ.then_some((a, b))
        })
    })
}

/// The columns of maps given now that a file with `header` does not have, as given.
pub fn not_in<'a>(header: &[String], given: &'a [(String, String)]) -> Vec<&'a str> {
    let mut missing: Vec<&str> = Vec::new();
    for (col, _) in given {
        let there = header.iter().any(|h| normalise(h) == normalise(col));
        if !there && !missing.contains(&col.as_str()) {
            missing.push(col);
        }
    }
    missing
}

/// The remembered maps that name a column a file with `header` does not have (column, field):
/// made for another file, they are kept, and not used.
pub fn unused_remembered(
    header: &[String],
    remembered: &BTreeMap<String, String>,
    given: &[(String, String)],
) -> Vec<(String, String)> {
    remembered
        .iter()
        .filter(|(c, _)| !header.iter().any(|h| normalise(h) == normalise(c)))
        .filter(|(c, _)| !given.iter().any(|(g, _)| normalise(g) == normalise(c)))
        .map(|(c, f)| (c.clone(), f.clone()))
        .collect()
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

    /// A map given now must name a column of the file, and one column one field; a remembered
    /// map for a column the file lacks is set aside, not held against it.
    #[test]
    fn maps_given_now_name_the_files_columns_once() {
        let given = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(c, f)| (c.to_string(), f.to_string()))
                .collect()
        };
        let h = header(&["id", "first", "last", "grade", "Homeroom"]);
        assert_eq!(not_in(&h, &given(&[("Homroom", "advisor")])), ["Homroom"]);
        assert!(not_in(&h, &given(&[("home room", "advisor")])).is_empty());
        let two = given(&[("Homeroom", "advisor"), ("homeroom", "grade")]);
        assert_eq!(conflict(&two), Some((&two[0], &two[1])));
        assert_eq!(
            conflict(&given(&[("Homeroom", "advisor"), ("Homeroom", "Advisor")])),
            None
        );
        let remembered = map(&[("Room", "advisor"), ("Homeroom", "advisor")]);
        assert_eq!(
            unused_remembered(&h, &remembered, &[]),
            [("Room".to_string(), "advisor".to_string())]
        );
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
