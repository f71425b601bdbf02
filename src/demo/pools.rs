//! Words the generator draws from: names, goals with their strategies, what students say.

pub const GIVEN: &[&str] = &[
    "Amara",
    "Liam",
    "Sofia",
    "Mateo",
    "Aisha",
    "Noah",
    "Mei",
    "Elijah",
    "Priya",
    "Diego",
    "Hana",
    "Caleb",
    "Zoë",
    "Jamal",
    "Ingrid",
    "Kofi",
    "Valentina",
    "Rohan",
    "Leila",
    "Tomás",
    "Nia",
    "Owen",
    "Yuki",
    "Samir",
    "Freya",
    "Malik",
    "Camila",
    "Arjun",
    "Esme",
    "Dmitri",
    "Fatima",
    "Julian",
    "Ximena",
    "Kai",
    "Naledi",
    "Ezra",
    "Mariam",
    "Hugo",
    "Thandiwe",
    "Luca",
    "Anh",
    "Gabriel",
    "Sakura",
    "Isaiah",
    "Lucía",
    "Bashir",
    "Maya",
    "Oskar",
    "Imani",
    "Rafael",
];

pub const FAMILY: &[&str] = &[
    "Okafor",
    "Nguyen",
    "García",
    "Johansson",
    "Patel",
    "Kim",
    "Haddad",
    "O'Brien",
    "Mensah",
    "Rossi",
    "Smith-Okoye",
    "Novak",
    "Tanaka",
    "Morales",
    "Ibrahim",
    "Larsen",
    "Chen",
    "Dubois",
    "Kowalski",
    "Abebe",
    "Fernández",
    "Murphy",
    "Sato",
    "Cohen",
    "Adeyemi",
    "Silva",
    "Horvath",
    "Reyes",
    "Lindqvist",
    "Park",
    "Mwangi",
    "Schmidt",
    "Alvarez",
    "Begum",
    "Walker",
    "Yilmaz",
    "Nakamura",
    "Brooks",
    "Petrov",
    "Osei",
];

pub const PRONOUNS: &[&str] = &["she/her", "he/him", "she/her", "he/him", "they/them"];

pub const ADVISORS: &[&str] = &[
    "Ms. Lindqvist",
    "Mr. Baptiste",
    "Ms. Achebe",
    "Mr. Ortiz",
    "Dr. Whitfield",
    "Ms. Tran",
];

pub const STRENGTHS: &[&str] = &[
    "Curious and asks good questions in science; strong visual memory.",
    "Kind to younger students; a natural leader in group work.",
    "Explains math steps out loud clearly; persistent with hard problems.",
    "Creative writer with a strong voice; loves drawing and design.",
    "Reliable and organized when the week has a routine; great with hands-on tasks.",
    "Funny, well liked, and reads the room well; strong at sports and teamwork.",
];

pub const NEEDS: &[&str] = &[
    "Loses track of assignments across classes; missing work piles up quickly.",
    "Shuts down when called on cold; needs a heads-up before speaking in class.",
    "Reading stamina is low for long texts; avoids starting essays.",
    "Gets anxious before tests and sometimes stays home on test days.",
    "Struggles to ask for help; waits until the grade has dropped.",
    "Late to first period often; sleep schedule is irregular.",
];

pub const LEARNING: &[&str] = &[
    "Learns best with worked examples and a checklist to follow.",
    "Needs movement breaks; works well standing or with headphones.",
    "Prefers to show learning through projects and talking rather than timed tests.",
    "Does best with written instructions and a quiet corner.",
    "Engages when work connects to music or sports.",
];

pub const INTERESTS: &[&str] = &[
    "Soccer, cooking with grandma, anime. Dislikes group chats that get mean.",
    "Video editing, skateboarding, fixing bikes.",
    "Drawing, K-pop, volunteering at the animal shelter.",
    "Basketball, robotics club, building things from scrap.",
    "Reading fantasy, theatre, babysitting cousins.",
];

pub const CAREERS: &[&str] = &[
    "Interested in nursing; wants to visit the community college health program.",
    "Thinking about engineering or being an electrician.",
    "Wants to work with animals; maybe a vet tech.",
    "Graphic design or game art; would like an internship.",
    "Not sure yet; open to exploring trades and the military.",
];

pub const SUPPORTS: &[&str] = &[
    "Check-ins with the advisor on Mondays; extended time on tests.",
    "Older sister helps with homework; quiet space in the library after school.",
    "Counselor knows the family; tutoring on Thursdays.",
    "Phone reminders; a printed weekly planner.",
];

pub const PERSONAL: &[&str] = &[
    "Make the varsity team next year.",
    "Save up for a laptop.",
    "Get a part-time job this summer.",
    "Learn to drive.",
    "Read one book a month for fun.",
];

/// (domain, title, why, measure, baseline, target, strategies)
pub type GoalTemplate = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str, &'static str)],
);

pub const GOALS: &[GoalTemplate] = &[
    (
        "academic",
        "Turn in all assignments on time",
        "Missing work is what pulls grades down.",
        "Missing assignments in the grade portal",
        "6 missing",
        "0–1 missing per quarter",
        &[
            (
                "Check the grade portal every Monday with the advisor",
                "student",
                "weekly",
            ),
            (
                "Use a planner and write every assignment down before leaving class",
                "student",
                "daily",
            ),
            (
                "Email the teacher the same day when something is late",
                "student",
                "as needed",
            ),
        ],
    ),
    (
        "academic",
        "Raise the math grade to a B",
        "Wants to take chemistry next year.",
        "Math grade",
        "D+",
        "B by June",
        &[
            (
                "Go to math help sessions on Tuesdays",
                "math teacher",
                "weekly",
            ),
            (
                "Redo missed quiz problems within a week",
                "student",
                "after each quiz",
            ),
            (
                "Practise with Khan Academy for 20 minutes",
                "student",
                "3 times a week",
            ),
        ],
    ),
    (
        "academic",
        "Read more, and read longer texts",
        "Reading stamina makes every class easier.",
        "Reading level / minutes read",
        "grade level 6.2",
        "7.5 by May",
        &[
            ("Read 20 minutes before bed and log it", "student", "daily"),
            (
                "Choose books from the graphic-novel shelf first",
                "librarian",
                "every two weeks",
            ),
        ],
    ),
    (
        "social-emotional",
        "Speak up in class once a day",
        "Participation is part of every grade.",
        "Times spoken in class per week",
        "0–1",
        "5",
        &[
            (
                "Get a heads-up question from the teacher before class",
                "English teacher",
                "daily",
            ),
            (
                "Practise the answer with a friend first",
                "student",
                "as needed",
            ),
        ],
    ),
    (
        "social-emotional",
        "Manage test anxiety",
        "Misses tests and falls behind.",
        "Tests missed per quarter",
        "3",
        "0",
        &[
            (
                "Breathing routine before tests",
                "counselor",
                "before each test",
            ),
            ("Take tests in the quiet room", "case manager", "each test"),
            (
                "Study plan made three days before",
                "student",
                "before each test",
            ),
        ],
    ),
    (
        "career",
        "Explore two careers in health care",
        "Wants to know if nursing fits.",
        "Career activities done",
        "none",
        "2 job shadows",
        &[
            ("Sign up for the hospital job-shadow day", "student", "once"),
            ("Interview a nurse in the family", "student", "once"),
        ],
    ),
    (
        "personal",
        "Get to first period on time",
        "Tardies are hurting the first-period grade.",
        "Tardies per month",
        "9",
        "2 or fewer",
        &[
            (
                "Alarm and phone charger across the room",
                "student",
                "daily",
            ),
            (
                "Text check-in with the advisor on late days",
                "advisor",
                "as needed",
            ),
        ],
    ),
    (
        "civic",
        "Complete 20 service hours",
        "Required for the service award; likes helping.",
        "Service hours logged",
        "4",
        "20 by April",
        &[
            (
                "Volunteer at the food bank on Saturdays",
                "student",
                "weekly",
            ),
            ("Log hours in the service tracker", "student", "weekly"),
        ],
    ),
];

pub const SAID: &[&str] = &[
    "Honestly the planner thing isn't working, I forget to look at it.",
    "I turned in everything for bio this week!",
    "Math is still hard but the help sessions make it less scary.",
    "I've been reading before bed, mostly. Like four nights a week.",
    "I talked in English twice because Ms. Park told me the question first.",
    "Test last week went okay, I did the breathing thing.",
    "I missed a few days because I was sick so I'm behind again.",
    "I don't really know what I want to do after school yet.",
    "Soccer is taking a lot of time but my grades are fine I think.",
    "I asked for help in chemistry which I never do.",
];

pub const NOTES: &[&str] = &[
    "Seemed tired. Follow up with counselor about sleep.",
    "Good energy today; proud of the bio work.",
    "Grades portal shows 2 missing in history; made a plan.",
    "Parent emailed last week asking about math; share progress.",
    "",
    "Quieter than usual. Check in again next week.",
];

pub const STEPS: &[(&str, &str)] = &[
    (
        "Email the history teacher about the missing essay",
        "student",
    ),
    ("Set up tutoring on Thursdays", "advisor"),
    ("Call home to share the good news about math", "advisor"),
    ("Bring the planner to the next check-in", "student"),
    ("Ask the counselor about the quiet testing room", "advisor"),
    ("Finish the job-shadow form", "student"),
];
