//! What the store's own tests share.

use super::Store;

/// A student with this SIS id, named Ada Abbott.
pub(crate) fn student(sis_id: &str) -> crate::domain::Student {
    crate::domain::Student {
        sis_id: sis_id.into(),
        given_name: "Ada".into(),
        family_name: "Abbott".into(),
        ..Default::default()
    }
}

/// A database in memory holding one student (SIS id 1), and that student's id.
pub(crate) fn store_with_student() -> (Store, String) {
    with_student(Store::in_memory().unwrap())
}

/// The same in the file at `path` (which another handle may open too).
pub(crate) fn store_with_student_at(path: &std::path::Path) -> (Store, String) {
    with_student(Store::open(path).unwrap())
}

fn with_student(mut store: Store) -> (Store, String) {
    let id = store.write(|w| w.add_student(&student("1"))).unwrap();
    (store, id)
}
