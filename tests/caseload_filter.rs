//! The caseload filter as keys are typed and rubbed out: what the remembered, narrowing filter
//! shows is exactly what filtering everyone afresh would show.

use plp::domain::{DueState, StudentStatus};
use plp::store::CaseloadRow;
use plp::tui::caseload_view::{CaseloadView, FlagView};
use plp::tui::filter::filter_among;
use plp::tui::filter_memo::FilterMemo;

fn row(i: usize, given: &str, family: &str, advisor: &str) -> CaseloadRow {
    CaseloadRow {
        id: format!("id{i:03}"),
        sis_id: format!("{}", 100_000 + i * 7),
        name: format!("{given} {family}"),
        given_name: given.into(),
        preferred_name: None,
        family_name: family.into(),
        grade: Some(9 + (i % 4) as i64),
        advisor: Some(advisor.into()),
        status: StudentStatus::Active,
        last_checkin: None,
        next_due: None,
        due: DueState::NeverMet,
        active_goals: 0,
        iep: i.is_multiple_of(3),
        plan_504: i.is_multiple_of(5),
    }
}

fn caseload() -> Vec<CaseloadRow> {
    let given = [
        "Ana", "Bo", "Chidi", "Dana", "Émile", "Farah", "Okafor", "Zoë",
    ];
    let family = ["Okafor", "Lindqvist", "Nguyen", "O'Brien", "Ávila", "Kim"];
    let advisors = ["Ms. Rivera", "Mr. Okafor", "Rivera, Ana"];
    (0..200)
        .map(|i| {
            row(
                i,
                given[i % given.len()],
                family[(i / 3) % family.len()],
                advisors[(i / 7) % advisors.len()],
            )
        })
        .collect()
}

/// Types `keys` into the memo (a char, or `\x08` for Backspace) and checks each result
/// against a filter of the whole view from nothing.
fn check_typing(view: &CaseloadView, keys: &str) {
    let rows = caseload();
    let mut memo = FilterMemo::default();
    let mut query = String::new();
    for k in keys.chars() {
        if k == '\x08' {
            query.pop();
        } else {
            query.push(k);
        }
        let expected = filter_among(&rows, view.rows(&rows), &query);
        assert_eq!(
            memo.visible(&rows, view, &query),
            expected,
            "query {query:?}"
        );
    }
}

#[test]
fn typing_and_rubbing_out_finds_what_a_fresh_filter_finds() {
    let everyone = CaseloadView::default();
    check_typing(&everyone, "okafor\x08\x08\x08\x08\x08\x08");
    check_typing(&everyone, "ok af\x08\x08\x08ri");
    check_typing(&everyone, "1000\x0870 riv");
    check_typing(&everyone, "emile\x08\x08\x08\x08\x08zo");
    // Syntax that widens a match as it is typed.
    check_typing(&everyone, "!ok\x08\x08a!ok");
    check_typing(&everyone, "^o\x08\x08'ok'a\x08na$x");
    let narrowed = CaseloadView {
        flags: FlagView::Iep,
        ..CaseloadView::default()
    };
    check_typing(&narrowed, "ana\x08\x08\x08lind");
}

#[test]
fn a_new_view_or_caseload_is_filtered_afresh() {
    let rows = caseload();
    let mut memo = FilterMemo::default();
    let everyone = CaseloadView::default();
    let all = memo.visible(&rows, &everyone, "an");
    let iep = CaseloadView {
        flags: FlagView::Iep,
        ..CaseloadView::default()
    };
    let some = memo.visible(&rows, &iep, "an");
    assert!(some.len() < all.len());
    assert_eq!(some, filter_among(&rows, iep.rows(&rows), "an"));
    let fewer: Vec<CaseloadRow> = rows[..50].to_vec();
    memo.reset();
    assert_eq!(
        memo.visible(&fewer, &iep, "an"),
        filter_among(&fewer, iep.rows(&fewer), "an")
    );
}

#[test]
fn capitals_digits_and_accents_pass_the_letter_check_as_they_match() {
    let everyone = CaseloadView::default();
    check_typing(&everyone, "OKA\x08\x08\x08Zo");
    check_typing(&everyone, "émi\x08\x08\x08ÁV");
    check_typing(&everyone, "zoe\x08\x08\x08 1001");
    // Upper case in the line only: "Kim" is found by "k".
    check_typing(&everyone, "kim\x08\x08\x08KI");
}

#[test]
fn the_index_chooses_the_views_the_rows_choose() {
    use plp::tui::caseload_index::CaseloadIndex;
    use plp::tui::caseload_view::{advisors, grades, DueView};
    let rows = caseload();
    let mut index = CaseloadIndex::new(&rows);
    let mut views = vec![CaseloadView::default()];
    for advisor in ["Ms. Rivera", "Okafor", "Ana Rivera", "Nobody"] {
        views.push(CaseloadView {
            advisor: Some(advisor.into()),
            ..CaseloadView::default()
        });
    }
    let mut flags = FlagView::Any;
    let mut due = DueView::Any;
    for grade in [None, Some(10), Some(12)] {
        for _ in 0..5 {
            flags = flags.next();
            due = due.next();
            views.push(CaseloadView {
                advisor: Some("Ms. Rivera".into()),
                grade,
                flags,
                due,
            });
        }
    }
    for view in &views {
        assert_eq!(view.rows_in(&index), view.rows(&rows), "{view:?}");
    }
    assert_eq!(index.grades, grades(&rows));
    assert_eq!(index.advisors(), advisors(&rows).as_slice());
}

#[test]
fn one_key_rankings_made_ahead_find_what_scoring_finds() {
    use plp::tui::caseload_index::FirstKeys;
    let rows = caseload();
    let mut memo = FilterMemo::default();
    let hay = memo.index(&rows).hay.clone();
    memo.take_first_keys(&hay, FirstKeys::rank(&hay.0));
    let iep = CaseloadView {
        flags: FlagView::Iep,
        ..CaseloadView::default()
    };
    for view in [CaseloadView::default(), iep] {
        for key in "abcdefghijklmnopqrstuvwxyz0123456789A.".chars() {
            let query = key.to_string();
            assert_eq!(
                memo.visible(&rows, &view, &query),
                filter_among(&rows, view.rows(&rows), &query),
                "{key:?} in {view:?}"
            );
            memo.visible(&rows, &view, "");
        }
    }
    // Rankings made for a caseload since read again are not used.
    let fewer: Vec<CaseloadRow> = rows[..60].to_vec();
    memo.reset();
    memo.index(&fewer);
    memo.take_first_keys(&hay, FirstKeys::rank(&hay.0));
    let everyone = CaseloadView::default();
    assert_eq!(
        memo.visible(&fewer, &everyone, "a"),
        filter_among(&fewer, everyone.rows(&fewer), "a")
    );
}
