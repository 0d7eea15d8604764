//! The school register: one row per school, by its code; the languages of instruction replace the stored set when given.

use super::columns::*;
use super::{Entry, FactKind, Fields, Outcome, RowInput, RowScope, by_name};
use crate::bulk::Target;
use crate::error::Result;
use crate::export::{Export, Read};
use crate::import::Row;
use crate::import::cell::V;
use crate::import::resolve::Resolver;
use crate::messages::Msg;
use sea_orm::Value;

pub(super) static KIND: FactKind = FactKind {
    name: "schools",
    about: "A school's registration (natural key: its code): creates the school or updates it.",
    columns,
    key_columns: &["school_code"],
    target: Target {
        table: "school",
        columns: &[
            "code",
            "district_id",
            "number",
            "name_ky",
            "name_ru",
            "name_en",
            "name_search",
            "settlement",
            "address",
            "ownership",
            "school_type",
            "founded_year",
            "design_capacity",
            "phone",
            "email",
            "website",
            "license_no",
            "registration_no",
        ],
        key: &["code"],
        year_column: None,
    },
    tier: None,
    scope: RowScope::Directory,
    names_of_people: &[],
    provenance: &[],
    export: Export::Read(Read {
        from: "school s",
        values: &[
            ("name_ky", "s.name_ky"),
            ("name_ru", "s.name_ru"),
            ("name_en", "s.name_en"),
            ("settlement", "s.settlement"),
            ("address", "s.address"),
            ("ownership", "s.ownership"),
            ("school_type", "s.school_type"),
            (
                "languages",
                "(SELECT string_agg(l.language, ',' ORDER BY l.language) FROM school_language l WHERE l.school_id = s.id)",
            ),
            ("founded_year", "s.founded_year"),
            ("design_capacity", "s.design_capacity"),
            ("phone", "s.phone"),
            ("email", "s.email"),
            ("website", "s.website"),
            ("license_no", "s.license_no"),
            ("registration_no", "s.registration_no"),
        ],
        year: None,
        order: "s.code",
        people: &[],
    }),
    build: |i| Box::pin(build(i)),
    entry: Entry {
        mutation: "upsertSchools",
        input: "SchoolInput",
        about: "Creates or updates schools by code; a repeated batch changes nothing. Who may write: an\n\
          admin, or a region, district or school token for schools within its scope.",
        lists: &["languages"],
    },
    messages: Check::samples,
};

fn columns() -> Vec<Col> {
    vec![
        col(
            "school_code",
            "мектептин коду",
            "код школы",
            Ty::Text { max: 64 },
            true,
            "stable code, e.g. KG-O-UZG-045",
        ),
        col(
            "district",
            "район",
            "район",
            Ty::Name,
            true,
            "district code (KG-O-UZG) or name (Өзгөн району)",
        ),
        col(
            "school_number",
            "мектептин номери",
            "номер школы",
            Ty::Int {
                min: 1,
                max: 100_000,
            },
            false,
            "number within the district",
        ),
        col(
            "name_ky",
            "аталышы (кыргызча)",
            "название (кыргызское)",
            Ty::Name,
            true,
            "name in Kyrgyz",
        ),
        col(
            "name_ru",
            "аталышы (орусча)",
            "название (русское)",
            Ty::Name,
            true,
            "name in Russian",
        ),
        col(
            "name_en",
            "аталышы (англисче)",
            "название (английское)",
            Ty::Name,
            false,
            "name in English",
        ),
        col(
            "settlement",
            "калктуу пункт",
            "населённый пункт",
            Ty::Name,
            false,
            "village or town",
        ),
        col(
            "address",
            "дареги",
            "адрес",
            Ty::Text { max: 500 },
            false,
            "street address",
        ),
        col(
            "ownership",
            "менчик түрү",
            "форма собственности",
            Ty::Enum(&[
                ("state", &["мамлекеттик", "государственная"]),
                ("municipal", &["муниципалдык", "муниципальная"]),
                ("private", &["жеке", "частная"]),
            ]),
            true,
            "state, municipal or private",
        ),
        col(
            "school_type",
            "мектептин түрү",
            "тип школы",
            Ty::Enum(&[
                (
                    "general",
                    &["жалпы билим берүүчү", "общеобразовательная", "орто мектеп"],
                ),
                ("gymnasium", &["гимназия"]),
                ("lyceum", &["лицей"]),
                ("specialised", &["адистештирилген", "специализированная"]),
                ("correspondence", &["сырттан окуу", "заочная"]),
                ("complex", &["комплекс", "комплекс"]),
            ]),
            true,
            "general, gymnasium, lyceum, specialised, correspondence or complex",
        ),
        col(
            "languages",
            "окутуу тилдери",
            "языки обучения",
            Ty::Text { max: 100 },
            false,
            "comma-separated: ky, ru, uz, tj, en (or кыргыз, орус …)",
        ),
        col(
            "founded_year",
            "негизделген жылы",
            "год основания",
            Ty::Int {
                min: 1800,
                max: 2100,
            },
            false,
            "calendar year the school was founded",
        ),
        col(
            "design_capacity",
            "долбоордук кубаттуулук",
            "проектная мощность",
            Ty::Int {
                min: 1,
                max: 20_000,
            },
            false,
            "seats the building was designed for",
        ),
        col(
            "phone",
            "телефон",
            "телефон",
            Ty::Text { max: 100 },
            false,
            "phone number",
        ),
        col(
            "email",
            "электрондук почта",
            "электронная почта",
            Ty::Text { max: 200 },
            false,
            "e-mail address",
        ),
        col(
            "website",
            "веб-сайт",
            "веб-сайт",
            Ty::Text { max: 200 },
            false,
            "website address",
        ),
        col(
            "license_no",
            "лицензиянын номери",
            "номер лицензии",
            Ty::Text { max: 100 },
            false,
            "number of the education licence",
        ),
        col(
            "registration_no",
            "каттоо номери",
            "регистрационный номер",
            Ty::Text { max: 100 },
            false,
            "state registration number",
        ),
    ]
}

async fn build(i: RowInput<'_>) -> Result<Outcome> {
    school_row(i.f, i.r)
}

fn school_row(f: &Fields<'_>, r: &Resolver) -> Result<Outcome> {
    let mut errors = Vec::new();
    let district = f.text("district").unwrap_or_default();
    let district_id = r.district(district);
    if district_id.is_none() {
        errors.push(f.error("district", Msg::UnknownDistrict(district.into())));
    }
    let mut languages = Vec::new();
    if let Some(list) = f.text("languages") {
        for part in list
            .split([',', ';', '/'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match crate::import::cell::parse(LANG, part) {
                Ok(V::Text(code)) => languages.push(code),
                _ => errors.push(f.error("languages", Check::NotLanguage(part.to_owned()))),
            }
        }
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let name_ky = f.text("name_ky").unwrap_or_default();
    let name_ru = f.text("name_ru").unwrap_or_default();
    let search = crate::school::search_key(name_ky, name_ru, f.text("name_en"));
    // The template's columns are the table's, but for these four.
    let values = KIND.target.columns.iter().map(|&c| {
        let v = match c {
            "code" => f.value("school_code"),
            "district_id" => Value::Int(district_id),
            "number" => f.value("school_number"),
            "name_search" => Value::String(Some(search.clone())),
            other => f.value(other),
        };
        (c, v)
    });
    let values = by_name(&KIND.target, values)?;
    Ok(Ok(Row {
        year: None,
        values,
        // A blank column leaves the stored languages as they are; a list replaces them.
        languages: f.text("languages").map(|_| languages),
        // The school when it exists already (an update), for the scope check.
        school_id: f
            .text("school_code")
            .and_then(|code| r.school(Some(code), None, None, None).ok()),
    }))
}

crate::kind_messages! {
    /// What the checks of the school directory say.
    pub enum Check {
        /// Not a language code (the text given).
        NotLanguage(part: String = "kz".into()) => [
            format!("`{part}` тил эмес: ky, ru, uz, tj, en колдонуңуз"),
            format!("`{part}` не язык: используйте ky, ru, uz, tj, en"),
            format!("`{part}` is not a language: use ky, ru, uz, tj, en"),
        ],
    }
}
