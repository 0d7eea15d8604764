//! Turning what a row names (a school by code or by district + number/name, a subject by code
//! or name, a period, a class, an olympiad stage, a contest) into ids, with caches so a large
//! file costs a few queries per school-year rather than per row. Runs inside the import's
//! transaction, so what it creates for a rejected file is rolled back with it.

use crate::error::Result;
use crate::text::search_key;
use crate::year;
use entity::{class_group, contest, district, olympiad, school, subject};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use std::collections::{HashMap, HashSet};

pub struct Resolver {
    school_codes: HashMap<String, i32>,
    /// Each school's district and number, to check what a row says beside the code.
    school_places: HashMap<i32, (i32, Option<i32>)>,
    school_numbers: HashMap<(i32, i32), Vec<i32>>,
    school_names: HashMap<(i32, String), Vec<i32>>,
    districts: HashMap<String, i32>,
    subjects: HashMap<String, i32>,
    /// Subject cells exactly as written, so a large file folds each spelling once.
    subject_cells: std::sync::Mutex<HashMap<String, Option<i32>>>,
    /// The school code cell of the last row resolved by code, and its school.
    last_school_code: std::sync::Mutex<Option<(String, i32)>>,
    years: HashSet<i32>,
    periods: HashMap<(i32, &'static str, i32), i32>,
    class_years: HashSet<i32>,
    classes: HashMap<(i32, i32, i32, String), i32>,
    last_class: Option<((i32, i32, i32, String), i32)>,
    /// Classes named since the last [`Resolver::create_classes`], in stand-in id order.
    new_classes: Vec<NewClass>,
    /// Stand-in id → stored id of the classes this import created.
    created: HashMap<i32, i32>,
    olympiad_years: HashSet<i32>,
    /// (year, subject, kind, level) → olympiad id.
    olympiads: HashMap<(i32, i32, String, String), i32>,
    contest_years: HashSet<i32>,
    /// (year, folded name_ky, level) → the stored contest.
    contests: HashMap<(i32, String, String), contest::Model>,
    /// What rows of this file said about each contest, so two rows cannot disagree silently.
    contest_claims: HashMap<i32, ContestClaims>,
    /// Rows a school already has, by [`Owned`] lookup and school: key → id.
    owned: HashMap<(&'static str, i32), HashMap<String, i64>>,
}

/// A class a row named that is not stored yet.
struct NewClass {
    key: (i32, i32, i32, String),
    stand_in: i32,
    language: Option<String>,
}

/// How a row finds an existing row of its school that it refers to (a teacher by reference,
/// an ORT taker, a training programme): one query per school and lookup, loaded on first use.
pub struct Owned {
    /// What is looked up, naming the cache.
    pub name: &'static str,
    /// `SELECT id, …` of one school's rows, with one `?` for the school id.
    pub sql: &'static str,
    /// A row's key, as [`Owned`]'s caller builds it from a file row.
    pub key: fn(&sea_orm::QueryResult) -> std::result::Result<String, sea_orm::DbErr>,
}

/// A contest as a row names it; the optional attributes are stored when given.
pub struct ContestSpec<'a> {
    pub name_ky: &'a str,
    pub name_ru: Option<&'a str>,
    pub name_en: Option<&'a str>,
    pub category: Option<&'a str>,
    pub level: &'a str,
}

/// The first row of the file that gave each attribute of a contest, and the value.
#[derive(Default)]
struct ContestClaims {
    name_ru: Option<(u64, String)>,
    name_en: Option<(u64, String)>,
    category: Option<(u64, String)>,
}

impl Resolver {
    /// Loads the lookup tables (districts, subjects, schools: a few thousand rows at most).
    pub async fn load(db: &impl ConnectionTrait) -> Result<Self> {
        let mut districts = HashMap::new();
        for d in district::Entity::find().all(db).await? {
            districts.insert(search_key(&d.code), d.id);
            districts.insert(search_key(&d.name_ky), d.id);
            districts.insert(search_key(&d.name_ru), d.id);
            if let Some(en) = &d.name_en {
                districts.insert(search_key(en), d.id);
            }
        }
        let mut subjects = HashMap::new();
        for s in subject::Entity::find().all(db).await? {
            subjects.insert(search_key(&s.code), s.id);
            subjects.insert(search_key(&s.name_ky), s.id);
            subjects.insert(search_key(&s.name_ru), s.id);
            if let Some(en) = &s.name_en {
                subjects.insert(search_key(en), s.id);
            }
        }
        let mut r = Resolver {
            school_codes: HashMap::new(),
            school_places: HashMap::new(),
            school_numbers: HashMap::new(),
            school_names: HashMap::new(),
            districts,
            subjects,
            subject_cells: Default::default(),
            last_school_code: Default::default(),
            years: HashSet::new(),
            periods: HashMap::new(),
            class_years: HashSet::new(),
            classes: HashMap::new(),
            last_class: None,
            new_classes: Vec::new(),
            created: HashMap::new(),
            olympiad_years: HashSet::new(),
            olympiads: HashMap::new(),
            contest_years: HashSet::new(),
            contests: HashMap::new(),
            contest_claims: HashMap::new(),
            owned: HashMap::new(),
        };
        for s in school::Entity::find().all(db).await? {
            r.add_school(&s);
        }
        Ok(r)
    }

    fn add_school(&mut self, s: &school::Model) {
        self.school_codes.insert(search_key(&s.code), s.id);
        self.school_places.insert(s.id, (s.district_id, s.number));
        if let Some(n) = s.number {
            self.school_numbers
                .entry((s.district_id, n))
                .or_default()
                .push(s.id);
        }
        let ky = search_key(&s.name_ky);
        let ru = search_key(&s.name_ru);
        if ru != ky {
            self.school_names
                .entry((s.district_id, ru))
                .or_default()
                .push(s.id);
        }
        self.school_names
            .entry((s.district_id, ky))
            .or_default()
            .push(s.id);
    }

    pub fn district(&self, code_or_name: &str) -> Option<i32> {
        self.districts.get(&search_key(code_or_name)).copied()
    }

    pub fn subject(&self, code_or_name: &str) -> Option<i32> {
        let mut cells = self
            .subject_cells
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Looked up before an entry is made: a key is allocated once per spelling, not per row.
        if let Some(id) = cells.get(code_or_name) {
            return *id;
        }
        let id = self.subjects.get(&search_key(code_or_name)).copied();
        cells.insert(code_or_name.to_owned(), id);
        id
    }

    /// A school by code, else by district + number, else by district + name. `Err` says why
    /// it could not be matched (none, or which several). The code identifies the school; a
    /// district or a number given beside it must be that school's (a name is not checked: it
    /// is written in too many ways to contradict a code).
    pub fn school(
        &self,
        code: Option<&str>,
        district: Option<&str>,
        number: Option<i64>,
        name: Option<&str>,
    ) -> std::result::Result<i32, crate::messages::Msg> {
        use crate::messages::Msg;
        if let Some(code) = code {
            // Rows of one school come together: the last code as written skips the folding.
            let mut last = self
                .last_school_code
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let id = match last.as_ref() {
                Some((cell, id)) if cell == code => *id,
                _ => {
                    let id = self
                        .school_codes
                        .get(&search_key(code))
                        .copied()
                        .ok_or_else(|| Msg::UnknownSchoolCode(code.into()))?;
                    *last = Some((code.to_owned(), id));
                    id
                }
            };
            let (district_id, stored_number) = self.school_places.get(&id).copied().unzip();
            let disagrees = |field, given: &str| Msg::SchoolCodeDisagrees {
                field,
                given: given.into(),
            };
            if let Some(d) = district
                && self.district(d) != district_id
            {
                return Err(disagrees("district", d));
            }
            if let Some(n) = number
                && stored_number.flatten().map(i64::from) != Some(n)
            {
                return Err(disagrees("school_number", &n.to_string()));
            }
            return Ok(id);
        }
        let Some(district_text) = district else {
            return Err(Msg::SchoolNotNamed);
        };
        let district_id = self
            .district(district_text)
            .ok_or_else(|| Msg::UnknownDistrict(district_text.into()))?;
        let found: Option<&Vec<i32>> = match (number, name) {
            (Some(n), _) => i32::try_from(n)
                .ok()
                .and_then(|n| self.school_numbers.get(&(district_id, n))),
            (None, Some(name)) => self.school_names.get(&(district_id, search_key(name))),
            (None, None) => return Err(Msg::NoNumberOrName),
        };
        match found.map(Vec::as_slice) {
            Some([id]) => Ok(*id),
            Some(ids) if ids.len() > 1 => Err(Msg::AmbiguousSchool {
                count: ids.len(),
                district: district_text.into(),
            }),
            _ => Err(Msg::NoSchoolMatches(district_text.into())),
        }
    }

    /// The id of the school's row with `key` under `lookup` (`None`: the school has none).
    pub async fn owned(
        &mut self,
        db: &impl ConnectionTrait,
        lookup: &'static Owned,
        school_id: i32,
        key: &str,
    ) -> Result<Option<i64>> {
        let ids = match self.owned.entry((lookup.name, school_id)) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let mut ids = HashMap::new();
                for row in db
                    .query_all_raw(crate::db::stmt(db, lookup.sql, vec![school_id.into()]))
                    .await?
                {
                    let id = row
                        .try_get::<i64>("", "id")
                        .or_else(|_| row.try_get::<i32>("", "id").map(i64::from))?;
                    ids.insert((lookup.key)(&row)?, id);
                }
                e.insert(ids)
            }
        };
        Ok(ids.get(key).copied())
    }

    /// Makes sure the academic year (and its periods) exists.
    pub async fn year(&mut self, db: &impl ConnectionTrait, start_year: i32) -> Result<()> {
        if self.years.insert(start_year) {
            year::ensure(db, start_year).await?;
        }
        Ok(())
    }

    pub async fn period(
        &mut self,
        db: &impl ConnectionTrait,
        start_year: i32,
        kind: &'static str,
        idx: i32,
    ) -> Result<i32> {
        self.year(db, start_year).await?;
        if let Some(id) = self.periods.get(&(start_year, kind, idx)) {
            return Ok(*id);
        }
        let id = year::period_id(db, start_year, kind, idx).await?;
        self.periods.insert((start_year, kind, idx), id);
        Ok(id)
    }

    /// The class (school, year, grade, letter), created when it is new. A language or size
    /// given in the file is stored when the class is created.
    pub async fn class(
        &mut self,
        db: &impl ConnectionTrait,
        school_id: i32,
        start_year: i32,
        grade: i32,
        letter: &str,
        language: Option<&str>,
    ) -> Result<i32> {
        self.year(db, start_year).await?;
        if self.class_years.insert(start_year) {
            for c in class_group::Entity::find()
                .filter(class_group::Column::AcademicYear.eq(start_year))
                .all(db)
                .await?
            {
                self.classes.insert(
                    (c.school_id, c.academic_year, c.grade, c.letter.clone()),
                    c.id,
                );
            }
        }
        // A file lists a class's subjects and periods together: the last class answers most
        // rows without building a key.
        if let Some((k, id)) = &self.last_class
            && k.0 == school_id
            && k.1 == start_year
            && k.2 == grade
            && k.3 == letter
        {
            return Ok(*id);
        }
        let key = (school_id, start_year, grade, letter.to_owned());
        if let Some(id) = self.classes.get(&key) {
            self.last_class = Some((key, *id));
            return Ok(*id);
        }
        // A new class: a stand-in id (negative) until `create_classes` writes the batch's new
        // classes in one statement; a national year names about 100,000 of them.
        // It stays the class's id for the rest of the import (so keys compare alike in every
        // batch); `stored_class` gives the stored one.
        let id = -i32::try_from(self.created.len() + self.new_classes.len() + 1)
            .map_err(|_| crate::Error::Internal("too many new classes".into()))?;
        self.new_classes.push(NewClass {
            key: key.clone(),
            stand_in: id,
            language: language.map(str::to_owned),
        });
        self.classes.insert(key.clone(), id);
        self.last_class = Some((key, id));
        Ok(id)
    }

    /// Writes the classes rows have named since the last call (stand-in ids, below zero) in
    /// one statement (`ON CONFLICT DO NOTHING`, so a class created meanwhile is taken as it
    /// is); [`Resolver::stored_class`] then gives their stored ids.
    pub async fn create_classes(&mut self, db: &impl ConnectionTrait) -> Result<()> {
        if self.new_classes.is_empty() {
            return Ok(());
        }
        const CLASS_GROUP: crate::bulk::Target = crate::bulk::Target {
            table: "class_group",
            columns: &["school_id", "academic_year", "grade", "letter", "language"],
            key: &["school_id", "academic_year", "grade", "letter"],
            year_column: Some("academic_year"),
        };
        let new = std::mem::take(&mut self.new_classes);
        let rows: Vec<Vec<sea_orm::Value>> = new
            .iter()
            .map(|c| {
                let (school_id, year, grade, letter) = c.key.clone();
                vec![
                    school_id.into(),
                    year.into(),
                    grade.into(),
                    letter.into(),
                    c.language.clone().into(),
                ]
            })
            .collect();
        crate::bulk::insert_new(db, &CLASS_GROUP, &rows).await?;
        // Read back by school and year: a batch's new classes belong to a few schools.
        let mut by_year: std::collections::BTreeMap<i32, std::collections::BTreeSet<i32>> =
            Default::default();
        for c in &new {
            by_year.entry(c.key.1).or_default().insert(c.key.0);
        }
        let mut stored = HashMap::new();
        for (year, schools) in by_year {
            let ids: Vec<i32> = schools.into_iter().collect();
            for chunk in ids.chunks(1_000) {
                for c in class_group::Entity::find()
                    .filter(class_group::Column::AcademicYear.eq(year))
                    .filter(class_group::Column::SchoolId.is_in(chunk.iter().copied()))
                    .all(db)
                    .await?
                {
                    stored.insert((c.school_id, c.academic_year, c.grade, c.letter), c.id);
                }
            }
        }
        for c in new {
            let id = *stored.get(&c.key).ok_or_else(|| crate::Error::NotFound {
                what: "class",
                key: format!("{}/{}/{}{}", c.key.0, c.key.1, c.key.2, c.key.3),
            })?;
            self.created.insert(c.stand_in, id);
        }
        Ok(())
    }

    /// The stored id of a class: a stand-in id (below zero) of a class created by
    /// [`Resolver::create_classes`] becomes the class's id; any other id is returned as it is.
    pub fn stored_class(&self, id: i32) -> Result<i32> {
        if id >= 0 {
            return Ok(id);
        }
        self.created
            .get(&id)
            .copied()
            .ok_or_else(|| crate::Error::Internal(format!("class {id} was not created")))
    }

    /// The olympiad stage (year, subject, kind, level), created when it is new.
    pub async fn olympiad(
        &mut self,
        db: &impl ConnectionTrait,
        start_year: i32,
        subject_id: i32,
        kind: &str,
        level: &str,
    ) -> Result<i32> {
        self.year(db, start_year).await?;
        if self.olympiad_years.insert(start_year) {
            for o in olympiad::Entity::find()
                .filter(olympiad::Column::AcademicYear.eq(start_year))
                .all(db)
                .await?
            {
                self.olympiads
                    .insert((o.academic_year, o.subject_id, o.kind, o.level), o.id);
            }
        }
        let key = (start_year, subject_id, kind.to_owned(), level.to_owned());
        if let Some(id) = self.olympiads.get(&key) {
            return Ok(*id);
        }
        olympiad::Entity::insert(olympiad::ActiveModel {
            academic_year: Set(start_year),
            subject_id: Set(subject_id),
            kind: Set(kind.to_owned()),
            level: Set(level.to_owned()),
            ..Default::default()
        })
        .on_conflict_do_nothing_on([
            olympiad::Column::AcademicYear,
            olympiad::Column::SubjectId,
            olympiad::Column::Kind,
            olympiad::Column::Level,
        ])
        .exec_without_returning(db)
        .await?;
        let id = olympiad::Entity::find()
            .filter(olympiad::Column::AcademicYear.eq(start_year))
            .filter(olympiad::Column::SubjectId.eq(subject_id))
            .filter(olympiad::Column::Kind.eq(kind))
            .filter(olympiad::Column::Level.eq(level))
            .one(db)
            .await?
            .map(|o| o.id)
            .ok_or(crate::Error::NotFound {
                what: "olympiad",
                key: format!("{start_year}/{subject_id}/{kind}/{level}"),
            })?;
        self.olympiads.insert(key, id);
        Ok(id)
    }

    /// The contest (year, Kyrgyz name, level), matched by name regardless of case and
    /// spacing, created when it is new; a Russian or English name or a category the row gives
    /// is stored (an upsert). `Ok(Err((column, message)))` when an earlier row of the same
    /// file gave that attribute another value.
    pub async fn contest(
        &mut self,
        db: &impl ConnectionTrait,
        start_year: i32,
        spec: &ContestSpec<'_>,
        line: u64,
    ) -> Result<std::result::Result<i32, (&'static str, crate::messages::Msg)>> {
        self.year(db, start_year).await?;
        if self.contest_years.insert(start_year) {
            for c in contest::Entity::find()
                .filter(contest::Column::AcademicYear.eq(start_year))
                .all(db)
                .await?
            {
                self.contests.insert(
                    (c.academic_year, search_key(&c.name_ky), c.level.clone()),
                    c,
                );
            }
        }
        let key = (start_year, search_key(spec.name_ky), spec.level.to_owned());
        let stored = match self.contests.get(&key) {
            Some(c) => c.clone(),
            None => {
                let c = contest::ActiveModel {
                    academic_year: Set(start_year),
                    name_ky: Set(spec.name_ky.to_owned()),
                    name_ru: Set(spec.name_ru.map(str::to_owned)),
                    name_en: Set(spec.name_en.map(str::to_owned)),
                    category: Set(spec.category.unwrap_or("intellectual").to_owned()),
                    level: Set(spec.level.to_owned()),
                    ..Default::default()
                }
                .insert(db)
                .await?;
                self.contests.insert(key, c.clone());
                c
            }
        };
        let claims = self.contest_claims.entry(stored.id).or_default();
        for (column, given, claim) in [
            ("contest_name_ru", spec.name_ru, &mut claims.name_ru),
            ("contest_name_en", spec.name_en, &mut claims.name_en),
            ("category", spec.category, &mut claims.category),
        ] {
            let Some(given) = given else { continue };
            match claim {
                Some((first, value)) if value != given => {
                    return Ok(Err((
                        column,
                        crate::messages::Msg::ContestDiffers {
                            row: *first,
                            value: value.clone(),
                        },
                    )));
                }
                Some(_) => {}
                None => *claim = Some((line, given.to_owned())),
            }
        }
        let differs =
            |given: Option<&str>, stored: Option<&str>| given.is_some_and(|g| Some(g) != stored);
        if differs(spec.name_ru, stored.name_ru.as_deref())
            || differs(spec.name_en, stored.name_en.as_deref())
            || differs(spec.category, Some(&stored.category))
        {
            let mut c: contest::ActiveModel = stored.clone().into();
            if let Some(v) = spec.name_ru {
                c.name_ru = Set(Some(v.to_owned()));
            }
            if let Some(v) = spec.name_en {
                c.name_en = Set(Some(v.to_owned()));
            }
            if let Some(v) = spec.category {
                c.category = Set(v.to_owned());
            }
            let updated = c.update(db).await?;
            self.contests.insert(
                (
                    start_year,
                    search_key(&updated.name_ky),
                    updated.level.clone(),
                ),
                updated,
            );
        }
        Ok(Ok(stored.id))
    }
}
