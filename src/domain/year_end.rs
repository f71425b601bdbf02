//! The year-end decision for each goal: met, carried forward into next year's plan, or dropped.

use std::collections::HashMap;

/// What happens to one of last year's active goals when the year turns over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GoalChoice {
    /// It was reached: marked met in last year's plan, not carried.
    Met,
    /// It goes on: copied into the new plan with its active strategies (the default).
    #[default]
    Carry,
    /// It is let go: marked dropped in last year's plan, not carried.
    Drop,
}

/// The year-end decisions for one student's goals, by goal id; a goal not named is carried.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearEndChoices {
    /// Goal id to decision.
    pub goals: HashMap<String, GoalChoice>,
}

impl YearEndChoices {
    /// Carry every active goal (what `plp rollover` does).
    pub fn carry_all() -> YearEndChoices {
        YearEndChoices::default()
    }

    /// Sets the decision for one goal.
    pub fn with(mut self, goal_id: &str, choice: GoalChoice) -> YearEndChoices {
        self.goals.insert(goal_id.to_string(), choice);
        self
    }

    /// The decision for one goal.
    pub fn choice(&self, goal_id: &str) -> GoalChoice {
        self.goals.get(goal_id).copied().unwrap_or_default()
    }
}
