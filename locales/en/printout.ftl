# The fixed words of the family printout, in English.
# Placeables: $name, $pronoun (she, he, they or other), $date, $year, $who, $old, $new, $goal, $count, $page, $pages.

language-name = English
document-title = Personal Learning Plan
title-for = { $name }'s Personal Learning Plan
school-year = { $year } school year
advisor = Advisor: { $name }
contact = How to reach the advisor: { $contact }
printed = Printed { $date }
page = Page { $page } of { $pages }
# The back of a student's last sheet, left empty so that the next student starts a sheet of their own.
page-left-blank = This page is left blank.
not-translated = The student's and the advisor's own words are printed as they were written; they are not translated.

# Dates as people read them: 28 May 2027.
date = { $day } { $month } { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
month-short-1 = Jan
month-short-2 = Feb
month-short-3 = Mar
month-short-4 = Apr
month-short-5 = May
month-short-6 = Jun
month-short-7 = Jul
month-short-8 = Aug
month-short-9 = Sep
month-short-10 = Oct
month-short-11 = Nov
month-short-12 = Dec

own-words = In { $name }'s own words
said-on = said on { $date }
no-words = { $name } has not added { $pronoun ->
    [she] her
    [he] his
   *[other] their
} own words yet this year.
about = About { $name }
profile-strengths = Strengths
profile-needs = What is hard right now
profile-learning = How { $name } learns best
profile-interests = Interests
profile-career = Hopes after school
profile-supports = Supports that help
profile-personal_goals = Goals outside school

goals = This year's goals
no-goals = No goals are set for this year yet.
goal-number = Goal { $number }
domain-academic = School work
domain-social-emotional = Getting along and feelings
domain-career = Future and careers
domain-civic = Community
domain-personal = Personal
domain-unknown = Other
why = Why it matters
measure = How we will know
baseline = Where we started
target = Where we are aiming
by-date = by { $date }
goal-met = Goal met. Well done!
goals-met = Goals met this year
progress = Progress at each check-in
no-ratings = Not rated at a check-in yet.
rating-1 = no progress yet
rating-2 = some progress
rating-3 = good progress
rating-4 = goal met
rating-scale = 1 no progress yet · 2 some progress · 3 good progress · 4 goal met
strategies = What { $name } is doing
no-strategies = No steps are set for this goal yet.
strategy-who = Who: { $who }
strategy-how-often = How often: { $often }
# How a strategy was going at the check-in that last rated it ($date), which need not be the latest check-in.
latest = At the check-in on { $date }: { $verdict }
verdict-working = working
verdict-partly = partly working
verdict-not-working = not working yet
verdict-not-tried = not tried yet
verdict-unknown = not known
verdict-none = To be talked over at the next check-in

changes = What we changed this year
# A strategy's own words named in a sentence.
quoted = "{ $text }"
and = and
or = or
change-now = We tried { $old }; now { $new }.
# A strategy kept, done at another time or with someone else: $what, then how now and before.
change-how = We changed { $what }: now { $new }.
change-how-was = We changed { $what }: now { $new } (before: { $old }).
change-stopped = We tried { $old }; we have stopped { $count ->
    [one] it
   *[other] them
}.
change-goal = We set aside the goal "{ $goal }".
change-goal-now = We set aside the goal "{ $goal }"; now { $new }.
change-goal-revised = We rewrote the goal "{ $goal }"; the goals above are the ones we work on now.

next-steps = Next steps
no-next-steps = No next steps are written down yet.
next-steps-agreed = Agreed at the meeting of { $date }; a later meeting may have settled some of them.
step-who = Who: { $who }
next-meeting = Next meeting
next-meeting-on = { $date }
next-meeting-passed = It was planned for { $date }; a new date will be set, and the advisor will be in touch.
next-meeting-none = No date is set yet; the advisor will be in touch.
next-meeting-new-year = When the { $year } school year begins; the advisor will be in touch with a date.

# In place of the next steps and the next meeting, once the plan's final review is held.
final-review = Final review
final-review-held = This was the final review of { $name }'s Personal Learning Plan, held on { $date }.
final-review-done = This was the final review of { $name }'s Personal Learning Plan.
final-review-summary = This year, { $goals }.
final-review-met = { $count ->
    [one] one goal was met
   *[other] { $count } goals were met
}
final-review-dropped = { $count ->
    [one] one goal was set aside
   *[other] { $count } goals were set aside
}

notes = Advisor notes
notes-restricted = Restricted notes
whole-restricted = Restricted check-in

index-title = Personal Learning Plans
index-count = { $count ->
    [one] One printout
   *[other] { $count } printouts
}
# In the index, beside a printout made in English because none exists in the family's language.
language-missing = the family reads { $language }; there is no printout in it yet

# Who does a step or helps with a strategy, when it was typed as a part people play ("parent",
# "the counselor") rather than a name. A student or advisor is named; a name is printed as typed.
owner-advisor = advisor
owner-parent = parent
owner-parents = parents
owner-parent-or-guardian = parent or guardian
owner-family = family
owner-guardian = guardian
owner-guardians = guardians
owner-mom = mom
owner-mum = mum
owner-mother = mother
owner-dad = dad
owner-father = father
owner-stepmom = stepmom
owner-stepdad = stepdad
owner-grandma = grandma
owner-grandpa = grandpa
owner-grandmother = grandmother
owner-grandfather = grandfather
owner-grandparent = grandparent
owner-grandparents = grandparents
owner-aunt = aunt
owner-uncle = uncle
owner-brother = brother
owner-sister = sister
owner-caregiver = caregiver
owner-foster-parent = foster parent
owner-teacher = teacher
owner-teachers = teachers
owner-special-education-teacher = special education teacher
owner-counselor = counselor
owner-coach = coach
owner-case-manager = case manager
owner-mentor = mentor
owner-tutor = tutor
owner-peer-tutor = peer tutor
owner-nurse = school nurse
owner-social-worker = social worker
owner-psychologist = school psychologist
owner-principal = principal
owner-assistant-principal = assistant principal
owner-librarian = librarian
owner-team = the team
owner-school = the school
owner-everyone = everyone
