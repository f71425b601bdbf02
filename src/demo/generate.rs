//! N plausible students with a year of plans and check-ins, for load tests.

use chrono::{Datelike, Duration, NaiveDate};

use super::pools::*;
use crate::domain::{
    next_school_day, previous_school_day, school_year_of, CheckInKind, NextStep, Profile, Status,
    Verdict,
};
use crate::portable::*;

/// A small deterministic generator (SplitMix64), so a given N always gives the same caseload.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A document of `n` students, each with last year's and this year's plan and a year of
/// check-ins every four to six weeks up to `today`.
pub fn generate(n: usize, today: NaiveDate) -> Document {
    let mut g = Generator::new(n, today);
    g.next_batch(n)
}

/// The same students as [`generate`], handed out a batch at a time, so that a large caseload is
/// never held whole.
pub struct Generator {
    rng: Rng,
    next: usize,
    n: usize,
    today: NaiveDate,
}

impl Generator {
    /// A generator of `n` students up to `today`.
    pub fn new(n: usize, today: NaiveDate) -> Generator {
        Generator {
            rng: Rng(0x5EED ^ n as u64),
            next: 0,
            n,
            today,
        }
    }

    /// The next (up to) `k` students; an empty document once all `n` were given.
    pub fn next_batch(&mut self, k: usize) -> Document {
        let mut doc = Document::new(self.today);
        let end = (self.next + k).min(self.n);
        for i in self.next..end {
            doc.students.push(student(&mut self.rng, i, self.today));
        }
        self.next = end;
        doc
    }
}

/// A goal's rating at a check-in, each drawn as often as it is listed: most goals move.
const RATINGS: [i64; 8] = [1, 2, 2, 2, 3, 3, 3, 4];

/// A strategy's verdict, each drawn as often as it is listed: most strategies work, some not.
const VERDICTS: &[Verdict] = &[
    Verdict::Working,
    Verdict::Working,
    Verdict::Working,
    Verdict::Working,
    Verdict::Partly,
    Verdict::Partly,
    Verdict::NotWorking,
    Verdict::NotTried,
];

fn student(rng: &mut Rng, i: usize, today: NaiveDate) -> DocStudent {
    let grade = 7 + (i % 6) as i64;
    let this_year = school_year_of(today);
    let start: i64 = this_year[..4].parse().unwrap_or(2026);
    let last_year = format!("{}-{:02}", start - 1, start % 100);
    let mut plans = Vec::new();
    let mut key = 0;
    for year in [&last_year, &this_year] {
        let count = 2 + rng.below(3);
        let mut goals = Vec::new();
        let first = rng.below(GOALS.len());
        for g in 0..count {
            let t = &GOALS[(first + g * 3) % GOALS.len()];
            key += 1;
            let gkey = format!("g{key}");
            let strategies =
                t.6.iter()
                    .map(|(what, owner, freq)| {
                        key += 1;
                        DocStrategy {
                            id: None,
                            key: format!("s{key}"),
                            what: (*what).into(),
                            owner: (*owner).into(),
                            frequency: (*freq).into(),
                            status: Status::Active,
                        }
                    })
                    .collect();
            let done = *year == last_year;
            goals.push(DocGoal {
                id: None,
                key: gkey,
                title: t.1.into(),
                domain: t.0.parse().unwrap_or_default(),
                why: t.2.into(),
                measure: t.3.into(),
                baseline: t.4.into(),
                target: t.5.into(),
                target_date: NaiveDate::from_ymd_opt(start as i32 + i32::from(!done), 5, 29)
                    .map(previous_school_day),
                status: if done && rng.below(3) > 0 {
                    Status::Met
                } else {
                    Status::Active
                },
                strategies,
            });
        }
        plans.push(DocPlan {
            school_year: year.clone(),
            reviewed: *year == last_year,
            goals,
        });
    }

    let mut checkins = Vec::new();
    // The school year whose fall conference was held already.
    let mut conference_in: Option<String> = None;
    let mut date = today - Duration::days(365 - rng.below(20) as i64);
    let last_gap = rng.below(45) as i64;
    while date < today - Duration::days(last_gap) {
        let gap = 28 + rng.below(15) as i64;
        // Held on a school day, and the next one held on the school day it agreed.
        date = super::held_on_a_school_day(date, today);
        let next = next_school_day(date + Duration::days(gap));
        let year = school_year_of(date);
        let Some(plan) = plans.iter().find(|p| p.school_year == year) else {
            date += Duration::days(gap);
            continue;
        };
        let progress = plan
            .goals
            .iter()
            .map(|g| DocProgress {
                goal: g.key.clone(),
                rating: RATINGS[rng.below(RATINGS.len())],
            })
            .collect();
        let verdicts = plan
            .goals
            .iter()
            .flat_map(|g| g.strategies.iter())
            .map(|s| DocVerdict {
                strategy: s.key.clone(),
                verdict: *rng.pick(VERDICTS),
                note: String::new(),
            })
            .collect();
        let (step, owner) = rng.pick(STEPS);
        // The first full check-in of October or November is the fall conference, with a parent.
        let touchpoint = rng.below(8) == 0;
        let conference = !touchpoint
            && matches!(date.month(), 10 | 11)
            && conference_in.as_deref() != Some(year.as_str());
        if conference {
            conference_in = Some(year.clone());
        }
        let mut attended = vec!["student".to_string(), "advisor".to_string()];
        if conference {
            attended.push("parent".into());
        }
        checkins.push(DocCheckIn {
            id: None,
            date: Some(date),
            kind: if touchpoint {
                CheckInKind::Touchpoint
            } else if conference {
                CheckInKind::Parent
            } else {
                CheckInKind::CheckIn
            },
            attended,
            student_words: (*rng.pick(SAID)).into(),
            progress,
            verdicts,
            adjustments: String::new(),
            notes: (*rng.pick(NOTES)).into(),
            restricted: false,
            next_steps: vec![NextStep {
                text: (*step).into(),
                owner: (*owner).into(),
            }],
            next_date: Some(next),
            ..Default::default()
        });
        date = next;
    }

    let given = *rng.pick(GIVEN);
    let family = *rng.pick(FAMILY);
    DocStudent {
        sis_id: format!("{}", 200_000 + i),
        given_name: Some(given.into()),
        family_name: Some(family.into()),
        pronouns: Some(Some((*rng.pick(PRONOUNS)).into())),
        grade: Some(Some(grade)),
        grad_year: Some(Some(start + 1 + (12 - grade))),
        advisor: Some(Some((*rng.pick(ADVISORS)).into())),
        iep: Some(rng.below(8) == 0),
        plan_504: Some(rng.below(10) == 0),
        profile: Profile {
            strengths: (*rng.pick(STRENGTHS)).into(),
            needs: (*rng.pick(NEEDS)).into(),
            learning: (*rng.pick(LEARNING)).into(),
            interests: (*rng.pick(INTERESTS)).into(),
            career: (*rng.pick(CAREERS)).into(),
            supports: (*rng.pick(SUPPORTS)).into(),
            personal_goals: (*rng.pick(PERSONAL)).into(),
        }
        .into(),
        team: vec![{
            let name = format!("{} {}", rng.pick(GIVEN), family);
            let phone = rng.below(10_000);
            DocTeamMember {
                id: None,
                name,
                role: "parent".into(),
                contact: format!("555-{phone:04}"),
                // About one family in six reads Spanish (drawn from the number, so the rest of
                // the demo stays as it was).
                language: phone.is_multiple_of(6).then(|| "es".into()),
            }
        }],
        plans,
        checkins,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_documents_link_and_repeat() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let a = generate(30, today);
        assert_eq!(a, generate(30, today));
        check_links(&a).unwrap();
        assert!(a.students.iter().all(|s| s.checkins.len() >= 6));
        assert!(a.students.iter().all(|s| s.plans.len() == 2));
        // Batch by batch, the same students.
        let mut g = Generator::new(30, today);
        let mut batched = Vec::new();
        loop {
            let b = g.next_batch(7);
            if b.students.is_empty() {
                break;
            }
            batched.extend(b.students);
        }
        assert_eq!(batched, a.students);
    }

    /// Whatever day it is made on, a generated student's meetings are held on school days,
    /// each on the day the one before agreed, and the goals' target dates are school days.
    #[test]
    fn generated_meetings_fall_on_school_days() {
        use crate::domain::no_school_on;
        for day in 20..=30 {
            let today = NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
            for s in generate(40, today).students {
                let held: Vec<NaiveDate> = s.checkins.iter().filter_map(|c| c.date).collect();
                for (i, c) in s.checkins.iter().enumerate() {
                    let (d, next) = (c.date.unwrap(), c.next_date.unwrap());
                    assert!(
                        !no_school_on(d) && !no_school_on(next),
                        "{today}: {d} {next}"
                    );
                    assert!(d < today && next > d, "{today}: {d} {next}");
                    if let Some(after) = held.get(i + 1) {
                        assert_eq!(*after, next, "{today}");
                    }
                }
                for g in s.plans.iter().flat_map(|p| p.goals.iter()) {
                    assert!(g.target_date.is_none_or(|d| !no_school_on(d)), "{today}");
                }
            }
        }
    }

    /// A team looking at the demo sees a school, not every student stuck: most families came to
    /// this year's fall conference, and a strategy not working twice running this year is the
    /// exception.
    #[test]
    fn the_demo_has_family_conferences_and_mostly_working_strategies() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let doc = generate(300, today);
        let this_year = school_year_of(today);
        let met_family = doc
            .students
            .iter()
            .filter(|s| {
                s.checkins.iter().any(|c| {
                    c.kind == CheckInKind::Parent
                        && c.date.is_some_and(|d| school_year_of(d) == this_year)
                        && c.attended.iter().any(|a| a == "parent")
                })
            })
            .count();
        assert!(met_family * 10 >= 300 * 6, "{met_family} of 300");
        let twice_not_working = doc
            .students
            .iter()
            .filter(|s| {
                let this: Vec<_> = s
                    .checkins
                    .iter()
                    .filter(|c| c.date.is_some_and(|d| school_year_of(d) == this_year))
                    .collect();
                this.windows(2).any(|w| {
                    w[0].verdicts.iter().any(|a| {
                        a.verdict == Verdict::NotWorking
                            && w[1]
                                .verdicts
                                .iter()
                                .any(|b| b.strategy == a.strategy && b.verdict == a.verdict)
                    })
                })
            })
            .count();
        assert!(twice_not_working * 3 < 300, "{twice_not_working} of 300");
    }
}
