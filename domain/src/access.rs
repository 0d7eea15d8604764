//! Who may read and write what, in the region → district → school hierarchy.
//!
//! Three tiers of data:
//! - public: places, the school directory (names, codes, types) and the published trend
//!   generation (indicators, trends, comparisons, rankings). Everyone, anonymous included
//!   (unless `auth.allow_anonymous` is off).
//! - reported: the facts a school reports (snapshots, marks, ORT summaries, counts,
//!   trainings, accreditation). An admin; a region, district or school token within its scope.
//! - people: rows about one pupil or teacher (pseudonymous ORT, olympiad and contest
//!   entries, teachers, commission members). An admin and the school's own token only;
//!   everyone else sees the counts and indicators.
//!
//! Writes follow the reported tier (anonymous never writes). The profile reads take a
//! [`Grant`], which only [`grant`] and [`grant_for`] make, so no caller can read a school's
//! data unchecked; a fact kind's read refuses a grant below the tier its kind declares
//! ([`crate::facts::FactKind::tier`], the one place a kind's tier is written).

use crate::auth::{Caller, Role};
pub use crate::denied::AdminOnly;
use crate::denied::Denied;
use crate::error::{Error, Result};
use crate::facts::ImportKind;

/// Where a school sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub school_id: i32,
    pub district_id: i32,
    pub region_id: i32,
}

/// What is asked about a school.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Reported,
    People,
}

impl Tier {
    /// Who may read the tier, in words (for the schema's descriptions).
    pub fn readers(self) -> &'static str {
        match self {
            Tier::Reported => "an admin, or a region, district or school token within its scope",
            Tier::People => "an admin or the school's own token",
        }
    }
}

/// Proof that the caller may read one school's data up to a tier (`None`: the public tier
/// only, which every caller has).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    school_id: i32,
    tier: Option<Tier>,
}

impl Grant {
    pub fn school_id(&self) -> i32 {
        self.school_id
    }

    /// Refuses a read that needs `tier` (a kind's declared tier; `None`: public) with a
    /// grant for less: person-level rows with a grant for counts only, say.
    pub fn require(&self, tier: Option<Tier>) -> Result<()> {
        if self.tier >= tier {
            return Ok(());
        }
        Err(match tier {
            Some(Tier::People) => Denied::PeopleRows,
            _ => Denied::SchoolReported,
        }
        .error())
    }

    /// Whether the grant covers `tier` (for sections that leave out what it does not).
    pub fn covers(&self, tier: Tier) -> bool {
        self.require(Some(tier)).is_ok()
    }

    /// A grant for tests and internal jobs that read on no caller's behalf.
    pub fn internal(school_id: i32) -> Grant {
        Grant {
            school_id,
            tier: Some(Tier::People),
        }
    }
}

/// The restriction a caller's scope puts on a list of schools (`None`: no restriction).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeFilter {
    Region(i32),
    District(i32),
    School(i32),
}

impl Caller {
    /// The operator at the console (`sapat import`, `sapat jobs`, tests): an admin without a
    /// token, audited as `cli`.
    pub fn operator() -> Caller {
        Caller(Some(crate::auth::Principal {
            token_id: None,
            subject: None,
            role: Role::Admin,
            scope_id: None,
        }))
    }

    pub fn is_admin(&self) -> bool {
        matches!(&self.0, Some(p) if p.role == Role::Admin)
    }

    pub fn is_anonymous(&self) -> bool {
        self.0.is_none()
    }

    /// Whether the caller's scope holds the school (admin: every school; anonymous: none).
    pub fn covers(&self, place: Place) -> bool {
        let Some(p) = &self.0 else { return false };
        match (p.role, p.scope_id) {
            (Role::Admin, _) => true,
            (Role::Region, Some(id)) => place.region_id == id,
            (Role::District, Some(id)) => place.district_id == id,
            (Role::School, Some(id)) => place.school_id == id,
            _ => false,
        }
    }

    /// Whether the caller's scope holds the whole district (a school token holds no district).
    pub fn covers_district(&self, district_id: i32, region_id: i32) -> bool {
        let Some(p) = &self.0 else { return false };
        match (p.role, p.scope_id) {
            (Role::Admin, _) => true,
            (Role::Region, Some(id)) => region_id == id,
            (Role::District, Some(id)) => district_id == id,
            _ => false,
        }
    }

    pub fn may_read(&self, place: Place, tier: Tier) -> bool {
        match tier {
            Tier::Reported => self.covers(place),
            Tier::People => match &self.0 {
                Some(p) if p.role == Role::Admin => true,
                Some(p) if p.role == Role::School => p.scope_id == Some(place.school_id),
                _ => false,
            },
        }
    }

    /// The restriction on school lists: a token sees the schools of its scope; anonymous
    /// callers and admins see the whole (public) directory.
    pub fn list_scope(&self) -> Option<ScopeFilter> {
        let p = self.0.as_ref()?;
        match (p.role, p.scope_id) {
            (Role::Region, Some(id)) => Some(ScopeFilter::Region(id)),
            (Role::District, Some(id)) => Some(ScopeFilter::District(id)),
            (Role::School, Some(id)) => Some(ScopeFilter::School(id)),
            _ => None,
        }
    }

    /// Refuses what only the ministry may do.
    pub fn require_admin(&self, what: AdminOnly) -> Result<()> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(Denied::NeedsAdmin(what).error())
        }
    }

    /// Refuses anonymous writes.
    pub fn require_writer(&self) -> Result<()> {
        if self.is_anonymous() {
            Err(Denied::NeedsToken.error())
        } else {
            Ok(())
        }
    }

    /// The audit log's name for the role.
    pub fn audit_role(&self) -> &'static str {
        match &self.0 {
            None => "anonymous",
            Some(p) if p.token_id.is_none() && p.subject.is_none() => "cli",
            Some(p) => p.role.code(),
        }
    }

    /// The API token behind the caller (none for anonymous callers, single sign-on and the
    /// operator).
    pub fn token_id(&self) -> Option<i32> {
        self.0.as_ref().and_then(|p| p.token_id)
    }

    /// The single sign-on subject behind the caller.
    pub fn subject(&self) -> Option<&str> {
        self.0.as_ref().and_then(|p| p.subject.as_deref())
    }
}

/// A grant to read one school's data of `tier`, or FORBIDDEN naming the scope.
pub fn grant(caller: &Caller, place: Place, tier: Tier) -> Result<Grant> {
    if caller.may_read(place, tier) {
        return Ok(Grant {
            school_id: place.school_id,
            tier: Some(tier),
        });
    }
    // A caller who may see the reported data still gets it with a counts-only grant.
    if tier == Tier::People && caller.may_read(place, Tier::Reported) {
        return Ok(Grant {
            school_id: place.school_id,
            tier: Some(Tier::Reported),
        });
    }
    Err(forbidden_school(caller))
}

/// A grant to read one school's rows of `kind`, at the tier the kind declares: the same
/// answers as [`grant`] for that tier (a public kind, the directory, needs no scope).
pub fn grant_for(caller: &Caller, place: Place, kind: ImportKind) -> Result<Grant> {
    match kind.def().tier {
        Some(tier) => grant(caller, place, tier),
        None => Ok(Grant {
            school_id: place.school_id,
            tier: None,
        }),
    }
}

/// Proof that the caller may read one district's reported data summed over its schools (an
/// admin, or a region or district token whose scope holds the district); only
/// [`district_grant`] makes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DistrictGrant {
    district_id: i32,
}

impl DistrictGrant {
    pub fn district_id(&self) -> i32 {
        self.district_id
    }
}

/// A grant to read a district's reported data, or FORBIDDEN naming the scope.
pub fn district_grant(caller: &Caller, district_id: i32, region_id: i32) -> Result<DistrictGrant> {
    if caller.covers_district(district_id, region_id) {
        return Ok(DistrictGrant { district_id });
    }
    Err(match &caller.0 {
        None => Denied::DistrictAnonymous,
        Some(p) => Denied::DistrictOutOfScope(p.role.code()),
    }
    .error())
}

pub fn forbidden_school(caller: &Caller) -> Error {
    match &caller.0 {
        None => Denied::SchoolAnonymous,
        Some(p) => Denied::SchoolOutOfScope(p.role.code()),
    }
    .error()
}

/// Refuses a write to a school outside the caller's scope.
pub fn check_write(caller: &Caller, place: Place) -> Result<()> {
    caller.require_writer()?;
    if caller.covers(place) {
        Ok(())
    } else {
        Err(forbidden_school(caller))
    }
}

/// Every school's and district's place, for checking many rows (an import) without a query
/// per row.
pub struct Places {
    schools: std::collections::HashMap<i32, Place>,
    districts: std::collections::HashMap<i32, i32>,
}

impl Places {
    pub async fn load(db: &impl sea_orm::ConnectionTrait) -> Result<Places> {
        use crate::db::stmt;
        use sea_orm::FromQueryResult;
        #[derive(FromQueryResult)]
        struct District {
            id: i32,
            region_id: i32,
        }
        #[derive(FromQueryResult)]
        struct School {
            id: i32,
            district_id: i32,
        }
        let districts: std::collections::HashMap<i32, i32> =
            District::find_by_statement(stmt(db, "SELECT id, region_id FROM district", vec![]))
                .all(db)
                .await?
                .into_iter()
                .map(|d| (d.id, d.region_id))
                .collect();
        let mut schools = std::collections::HashMap::new();
        for School {
            id: school_id,
            district_id,
        } in School::find_by_statement(stmt(db, "SELECT id, district_id FROM school", vec![]))
            .all(db)
            .await?
        {
            let region_id = districts.get(&district_id).copied().unwrap_or_default();
            schools.insert(
                school_id,
                Place {
                    school_id,
                    district_id,
                    region_id,
                },
            );
        }
        Ok(Places { schools, districts })
    }

    pub fn school(&self, id: i32) -> Option<Place> {
        self.schools.get(&id).copied()
    }

    pub fn region_of_district(&self, id: i32) -> Option<i32> {
        self.districts.get(&id).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grant_covers_its_tier_and_those_below_it() {
        let tiers = [None, Some(Tier::Reported), Some(Tier::People)];
        for (i, held) in tiers.into_iter().enumerate() {
            let grant = Grant {
                school_id: 1,
                tier: held,
            };
            for (j, needed) in tiers.into_iter().enumerate() {
                let got = grant.require(needed);
                if j <= i {
                    assert!(got.is_ok(), "{held:?} for {needed:?}");
                } else {
                    assert!(
                        matches!(got, Err(Error::Forbidden { .. })),
                        "{held:?} for {needed:?}"
                    );
                }
            }
        }
    }
}
