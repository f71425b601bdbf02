//! Link fields said in words: the record a version of a goal's plan, a strategy's goal or a
//! record's student names, as a person reading that student's record may see it.

use serde_json::Value;

use super::schema::Entity;
use super::versions::Conflict;
use super::{Result, Store};
use crate::domain::Linked;

impl Store {
    /// What the id `id` of a record of kind `to` names, for a person reading a record of the
    /// student `whose`.
    pub fn linked(&self, to: Entity, id: &str, whose: Option<&str>) -> Result<Linked> {
        let record = self.get::<Value>(to, id)?;
        Ok(Linked::of(to, record.as_ref(), whose))
    }

    /// Says both versions of a conflict on a link field in words; any other field is left as
    /// it is.
    pub(super) fn name_links(&self, c: &mut Conflict) -> Result<()> {
        let (Some(entity), Some(to)) = (Entity::from_name(&c.entity), c.links_to()) else {
            return Ok(());
        };
        let whose = self.student_of(entity, &c.entity_id)?;
        for rev in [&mut c.shown, &mut c.other] {
            rev.words = match rev.value.as_str() {
                Some(id) if !id.is_empty() => Some(self.linked(to, id, whose.as_deref())?.words()),
                _ => None,
            };
        }
        Ok(())
    }
}
