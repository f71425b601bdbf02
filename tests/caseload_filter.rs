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
    use plp::tui::filter_keys::FirstKeys;
    let rows = caseload();
    let mut memo = FilterMemo::default();
    let hay = memo.index(&rows).hay.clone();
    memo.take_first_keys(&hay, FirstKeys::rank(&hay));
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
    memo.take_first_keys(&hay, FirstKeys::rank(&hay));
    let everyone = CaseloadView::default();
    assert_eq!(
        memo.visible(&fewer, &everyone, "a"),
        filter_among(&fewer, everyone.rows(&fewer), "a")
    );
}

/// Name parts that put the quick word tests to work: capitals, accents taken off by the
/// matcher, words joined by punctuation, camel case, digits, tabs, characters whose case or
/// accent folding gives an ASCII letter, combining accents, a line too long to vouch for.
const PARTS: &[&str] = &[
    "Okafor",
    "okafor",
    "OKAFOR",
    "Ok",
    "Amara",
    "Zoë",
    "Émile",
    "Ávila",
    "Nguyễn",
    "O'Brien",
    "Anne-Marie",
    "McOk",
    "van der Berg",
    "Kim",
    "Ok2",
    "2ok",
    "ok\tsmith",
    "ﬁona",
    "Ｏｋａ",
    "\u{212A}im",
    "ſok",
    "Ok\u{301}afor",
    "ØkÅ",
    "Kowalski",
    "Brooks",
    "Noor",
    "a.k.o",
    "1010",
];

fn fuzz_caseload(picks: &[(usize, usize, usize)], long: bool) -> Vec<CaseloadRow> {
    let advisors = ["Ms. Rivera", "Mr. Okafor", "Rivera, Ana", "Ms. Ökafor"];
    let mut rows: Vec<CaseloadRow> = picks
        .iter()
        .enumerate()
        .map(|(i, (a, b, c))| {
            row(
                i,
                PARTS[a % PARTS.len()],
                PARTS[b % PARTS.len()],
                advisors[c % advisors.len()],
            )
        })
        .collect();
    if long {
        let mut r = row(rows.len(), "Okafor", &"x o k a ".repeat(80), "Ms. Rivera");
        r.name.push_str(" Okafor");
        rows.push(r);
    }
    rows
}

/// A query edited as a person might: a key typed, one rubbed out, one put in or taken out in
/// the middle.
#[derive(Debug, Clone)]
enum Edit {
    Type(char),
    RubOut,
    Insert(usize, char),
    Remove(usize),
}

fn edit_strategy() -> impl proptest::strategy::Strategy<Value = Edit> {
    use proptest::prelude::*;
    let key = prop::sample::select(vec![
        'o', 'k', 'a', 'f', 'r', 'm', 'i', 'z', 'e', 'n', '1', '0', '2', ' ', 'O', 'K', 'é', '-',
        '!', '^',
    ]);
    prop_oneof![
        6 => key.clone().prop_map(Edit::Type),
        2 => Just(Edit::RubOut),
        1 => (0usize..8, key).prop_map(|(at, c)| Edit::Insert(at, c)),
        1 => (0usize..8).prop_map(Edit::Remove),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]

    /// Whatever is typed, rubbed out or edited in the middle, the remembered filter shows what
    /// scoring the whole view afresh shows, in the same order; the lines it shows first and its
    /// count are right before the rest is ranked.
    #[test]
    fn any_editing_of_the_query_finds_what_scoring_everyone_finds(
        picks in proptest::collection::vec((0usize..64, 0usize..64, 0usize..8), 1..120),
        long in proptest::bool::ANY,
        iep_only in proptest::bool::ANY,
        edits in proptest::collection::vec(edit_strategy(), 1..24),
        first_keys in proptest::bool::ANY,
        next_keys in proptest::bool::ANY,
    ) {
        use plp::tui::filter_keys::FirstKeys;
        let rows = fuzz_caseload(&picks, long);
        let view = CaseloadView {
            flags: if iep_only { FlagView::Iep } else { FlagView::Any },
            ..CaseloadView::default()
        };
        let mut memo = FilterMemo::default();
        if first_keys {
            let hay = memo.index(&rows).hay.clone();
            memo.take_first_keys(&hay, FirstKeys::rank(&hay));
        }
        let mut query: Vec<char> = Vec::new();
        for e in edits {
            match e {
                Edit::Type(c) => query.push(c),
                Edit::RubOut => {
                    query.pop();
                }
                Edit::Insert(at, c) => query.insert(at.min(query.len()), c),
                Edit::Remove(at) => {
                    if !query.is_empty() {
                        query.remove(at.min(query.len() - 1));
                    }
                }
            }
            let q: String = query.iter().collect();
            let expected = filter_among(&rows, view.rows(&rows), &q);
            let found = memo.visible(&rows, &view, &q);
            proptest::prop_assert_eq!(found.len(), expected.len(), "count for {:?}", q);
            let n = 24.min(expected.len());
            proptest::prop_assert_eq!(found.window(0, 24), &expected[..n], "first screen for {:?}", q);
            proptest::prop_assert_eq!(found, expected, "query {:?}", q);
            // The next keys worked out beside the screen, as the app does after a key.
            if next_keys {
                if let Some(job) = memo.ahead() {
                    memo.take_ranked(job.run());
                }
            }
        }
    }
}

#[test]
fn next_keys_worked_out_ahead_find_what_scoring_finds() {
    use plp::tui::filter_keys::{FirstKeys, RankAhead, RankedAhead};
    let rows = caseload();
    let everyone = CaseloadView::default();
    let iep = CaseloadView {
        flags: FlagView::Iep,
        ..CaseloadView::default()
    };
    for view in [everyone.clone(), iep.clone()] {
        for word in ["o", "ok", "OKaf", "ri", "1", "zo"] {
            let mut memo = FilterMemo::default();
            let hay = memo.index(&rows).hay.clone();
            memo.take_first_keys(&hay, FirstKeys::rank(&hay));
            memo.visible(&rows, &view, word);
            let job = memo
                .ahead()
                .expect("a word of letters and digits is followed");
            assert!(memo.ahead().is_none(), "asked for once");
            let RankedAhead::NextKeys {
                keys: Some(keys), ..
            } = job.run()
            else {
                panic!("next keys for {word:?}");
            };
            for c in "abcdefghijklmnopqrstuvwxyz0123456789K".chars() {
                let longer = format!("{word}{c}");
                let expected = filter_among(&rows, view.rows(&rows), &longer);
                let found = keys.get(word, &longer).expect("a key ahead");
                assert_eq!(found.len(), expected.len(), "{longer:?} in {view:?}");
                let n = 24.min(expected.len());
                assert_eq!(found.window(0, 24), &expected[..n], "{longer:?}");
                assert_eq!(found, &expected, "{longer:?} in {view:?}");
            }
        }
    }
    // Worked out for what "o" found in everyone, then handed over after "o" was typed in
    // another view: not used there.
    let mut memo = FilterMemo::default();
    memo.visible(&rows, &everyone, "o");
    let job = memo.ahead().expect("next keys");
    memo.visible(&rows, &iep, "o");
    memo.take_ranked(job.run());
    assert_eq!(
        memo.visible(&rows, &iep, "ok"),
        filter_among(&rows, iep.rows(&rows), "ok")
    );
    // Nor for a query other than one word of letters and digits.
    for query in ["ok ", "o-", "中", "!o"] {
        memo.visible(&rows, &everyone, "");
        memo.visible(&rows, &everyone, query);
        assert!(memo.ahead().is_none(), "{query:?}");
    }
    let _ = RankAhead::FirstKeys(memo.index(&rows).hay.clone());
}
