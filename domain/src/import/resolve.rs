//! Turning what a row names (a school by code or by district + number/name, a subject by code
//! or name, a period, a class) into ids, with caches so a large file costs a few queries per
//! school-year rather than per row. Runs inside the import's transaction.

use crate::error::Result;
use crate::text::search_key;
use crate::year;
use entity::{class_group, district, school, subject};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use std::collections::{HashMap, HashSet};

pub struct Resolver {
    school_codes: HashMap<String, i32>,
    school_numbers: HashMap<(i32, i32), Vec<i32>>,
    school_names: HashMap<(i32, String), Vec<i32>>,
    districts: HashMap<String, i32>,
    subjects: HashMap<String, i32>,
    /// Subject cells exactly as written, so a large file folds each spelling once.
    subject_cells: std::sync::Mutex<HashMap<String, Option<i32>>>,
    years: HashSet<i32>,
    periods: HashMap<(i32, &'static str, i32), i32>,
    class_years: HashSet<i32>,
    classes: HashMap<(i32, i32, i32, String), i32>,
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
            school_numbers: HashMap::new(),
            school_names: HashMap::new(),
            districts,
            subjects,
            subject_cells: Default::default(),
            years: HashSet::new(),
            periods: HashMap::new(),
            class_years: HashSet::new(),
            classes: HashMap::new(),
        };
        for s in school::Entity::find().all(db).await? {
            r.add_school(&s);
        }
        Ok(r)
    }

    fn add_school(&mut self, s: &school::Model) {
        self.school_codes.insert(search_key(&s.code), s.id);
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
        *cells
            .entry(code_or_name.to_owned())
            .or_insert_with(|| self.subjects.get(&search_key(code_or_name)).copied())
    }

    /// A school by code, else by district + number, else by district + name. `Err` says why
    /// it could not be matched (none, or which several).
    pub fn school(
        &self,
        code: Option<&str>,
        district: Option<&str>,
        number: Option<i64>,
        name: Option<&str>,
    ) -> std::result::Result<i32, String> {
        if let Some(code) = code {
            return self
                .school_codes
                .get(&search_key(code))
                .copied()
                .ok_or_else(|| format!("no school has the code `{code}`"));
        }
        let Some(district_text) = district else {
            return Err(
                "give the school code, or the district with the school number or name".into(),
            );
        };
        let district_id = self
            .district(district_text)
            .ok_or_else(|| format!("unknown district `{district_text}`"))?;
        let found: Option<&Vec<i32>> = match (number, name) {
            (Some(n), _) => i32::try_from(n)
                .ok()
                .and_then(|n| self.school_numbers.get(&(district_id, n))),
            (None, Some(name)) => self.school_names.get(&(district_id, search_key(name))),
            (None, None) => return Err("give the school number or name with the district".into()),
        };
        match found.map(Vec::as_slice) {
            Some([id]) => Ok(*id),
            Some(ids) if ids.len() > 1 => Err(format!(
                "{} schools in {district_text} match; use the school code instead",
                ids.len()
            )),
            _ => Err(format!("no school in {district_text} matches")),
        }
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
        let key = (school_id, start_year, grade, letter.to_owned());
        if let Some(id) = self.classes.get(&key) {
            return Ok(*id);
        }
        class_group::Entity::insert(class_group::ActiveModel {
            school_id: Set(school_id),
            academic_year: Set(start_year),
            grade: Set(grade),
            letter: Set(letter.to_owned()),
            language: Set(language.map(str::to_owned)),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([
                class_group::Column::SchoolId,
                class_group::Column::AcademicYear,
                class_group::Column::Grade,
                class_group::Column::Letter,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
        let id = class_group::Entity::find()
            .filter(class_group::Column::SchoolId.eq(school_id))
            .filter(class_group::Column::AcademicYear.eq(start_year))
            .filter(class_group::Column::Grade.eq(grade))
            .filter(class_group::Column::Letter.eq(letter))
            .one(db)
            .await?
            .map(|c| c.id)
            .ok_or(crate::Error::NotFound {
                what: "class",
                key: format!("{school_id}/{start_year}/{grade}{letter}"),
            })?;
        self.classes.insert(key, id);
        Ok(id)
    }
}
