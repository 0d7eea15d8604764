//! Who the synthetic schools are: the districts they go to (how many per district at each
//! scale), and each school's plan, everything about it that does not change from year to
//! year (code, names, settlement, ownership, type, capacity, languages, typical enrolment, and
//! its latent effect and trend). Pure, but for reading the districts and the schools already
//! there.

use super::ort::ORT_SCHOOL_SD;
use super::rng::{Rng, fnv, purpose};
use super::write::query;
use super::{HOME_DISTRICT, Scale};
use crate::fixture;
use domain::{Error, Result};
use sea_orm::ConnectionTrait;
use std::collections::{BTreeSet, HashMap, HashSet};

// School effects, in the latent units of the marks (see `marks`).

/// School effect: ≈ 8 pp of quality (sd) around the mean.
const SCHOOL_SD: f64 = 0.28;
/// School trend per year: ≈ 1.5 pp of quality (sd).
const TREND_SD: f64 = 0.05;
/// A school's ups and downs around its trend.
const SCHOOL_YEAR_SD: f64 = 0.04;

/// People schools are commonly named after: Kyrgyz name, Russian genitive for "им. …".
const NAMESAKES: [(&str, &str); 14] = [
    ("Чыңгыз Айтматов", "Ч. Айтматова"),
    ("Токтогул Сатылганов", "Т. Сатылганова"),
    ("Алыкул Осмонов", "А. Осмонова"),
    ("Түгөлбай Сыдыкбеков", "Т. Сыдыкбекова"),
    ("Сүйүнбай Эралиев", "С. Эралиева"),
    ("Курманжан Датка", "Курманжан Датки"),
    ("Жусуп Баласагын", "Ж. Баласагына"),
    ("Касым Тыныстанов", "К. Тыныстанова"),
    ("Барпы Алыкулов", "Б. Алыкулова"),
    ("Аалы Токомбаев", "А. Токомбаева"),
    ("Жоомарт Бөкөнбаев", "Дж. Бокенбаева"),
    ("Мукай Элебаев", "М. Элебаева"),
    ("Тоголок Молдо", "Тоголока Молдо"),
    ("Жеңижок", "Женижока"),
];

/// Village names (Kyrgyz, Russian), typical of the south and the north.
const VILLAGES: [(&str, &str); 20] = [
    ("Көк-Жар", "Кок-Жар"),
    ("Жаңы-Арык", "Жаны-Арык"),
    ("Төрт-Көл", "Торт-Куль"),
    ("Үч-Терек", "Уч-Терек"),
    ("Кең-Сай", "Кен-Сай"),
    ("Ак-Төбө", "Ак-Тюбе"),
    ("Сары-Булак", "Сары-Булак"),
    ("Кызыл-Суу", "Кызыл-Суу"),
    ("Бешик-Жон", "Бешик-Джон"),
    ("Өрүктү", "Орукту"),
    ("Күңгөй", "Кунгей"),
    ("Кара-Дөбө", "Кара-Дёбё"),
    ("Жылуу-Булак", "Джылуу-Булак"),
    ("Мырза-Аке", "Мырза-Аке"),
    ("Көл-Үстү", "Кол-Усту"),
    ("Ой-Тал", "Ой-Тал"),
    ("Талдуу-Булак", "Талды-Булак"),
    ("Чоң-Таш", "Чон-Таш"),
    ("Жаңы-Жол", "Джаны-Джол"),
    ("Ак-Терек", "Ак-Терек"),
];

/// Names private schools give themselves.
const PRIVATE_NAMES: [(&str, &str); 8] = [
    ("Билим", "Билим"),
    ("Илим", "Илим"),
    ("Өркүндөө", "Оркундоо"),
    ("Мээрим", "Мээрим"),
    ("Нур", "Нур"),
    ("Айчүрөк", "Айчурек"),
    ("Үмүт", "Умут"),
    ("Ала-Тоо", "Ала-Тоо"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Setting {
    Rural,
    /// A town: a city of oblast significance or a rayon centre.
    Town,
    /// Bishkek and Osh.
    Capital,
}

#[derive(Debug, Clone)]
pub(crate) struct District {
    pub(crate) id: i32,
    pub(crate) code: String,
    pub(crate) kind: String,
    pub(crate) region: String,
    pub(crate) name_ky: String,
}

impl District {
    fn setting(&self) -> Setting {
        match self.kind.as_str() {
            "rayon" => Setting::Rural,
            "city_district" => Setting::Capital,
            _ if self.region == "KG-GO" => Setting::Capital,
            _ => Setting::Town,
        }
    }

    /// Relative number of schools (see the module documentation).
    fn weight(&self) -> f64 {
        match (self.kind.as_str(), self.setting()) {
            ("rayon", _) => 1.0,
            ("city_district", _) => 0.9,
            (_, Setting::Capital) => 1.4,
            _ => 0.22,
        }
    }

    /// Zonal rounds are intra-district clusters of rural schools (seed 003), so only rayons
    /// hold them.
    fn holds_zonal_round(&self) -> bool {
        self.kind == "rayon"
    }
}

/// Languages of instruction by region, main language first.
fn language_mix(region: &str) -> &'static [(&'static [&'static str], f64)] {
    match region {
        "KG-GB" => &[(&["ru"], 0.45), (&["ky", "ru"], 0.35), (&["ky"], 0.20)],
        "KG-C" => &[(&["ru"], 0.25), (&["ky", "ru"], 0.35), (&["ky"], 0.40)],
        "KG-GO" => &[
            (&["ky"], 0.30),
            (&["ky", "ru"], 0.25),
            (&["ru"], 0.20),
            (&["uz"], 0.12),
            (&["ky", "uz"], 0.13),
        ],
        "KG-O" | "KG-J" => &[
            (&["ky"], 0.68),
            (&["ky", "ru"], 0.18),
            (&["uz"], 0.06),
            (&["ky", "uz"], 0.06),
            (&["ru"], 0.02),
        ],
        "KG-B" => &[
            (&["ky"], 0.72),
            (&["ky", "ru"], 0.16),
            (&["uz"], 0.04),
            (&["ky", "tj"], 0.03),
            (&["ru"], 0.05),
        ],
        _ => &[(&["ky"], 0.78), (&["ky", "ru"], 0.17), (&["ru"], 0.05)],
    }
}

/// Typical enrolment: a mixture of uniform bands (share, low, high), rural schools mostly
/// 300–750, capital schools up to 3,000.
fn draw_enrolment(r: &mut Rng, setting: Setting) -> f64 {
    let bands: &[((f64, f64), f64)] = match setting {
        Setting::Rural => &[
            ((100.0, 300.0), 0.25),
            ((300.0, 750.0), 0.60),
            ((750.0, 1200.0), 0.13),
            ((1200.0, 1800.0), 0.02),
        ],
        Setting::Town => &[
            ((250.0, 600.0), 0.30),
            ((600.0, 1200.0), 0.50),
            ((1200.0, 2000.0), 0.20),
        ],
        Setting::Capital => &[
            ((150.0, 500.0), 0.20),
            ((500.0, 1300.0), 0.35),
            ((1300.0, 3000.0), 0.45),
        ],
    };
    let (lo, hi) = r.weighted(bands);
    r.between(lo, hi)
}

/// Everything about a school that does not change from year to year.
#[derive(Debug, Clone)]
pub(crate) struct SchoolPlan {
    /// Set once the school is written.
    pub(crate) id: i32,
    /// Stream key: the hash of the code.
    pub(crate) key: u64,
    pub(crate) code: String,
    pub(crate) number: i32,
    pub(crate) district_id: i32,
    pub(crate) region: String,
    pub(crate) setting: Setting,
    pub(crate) zonal: bool,
    pub(crate) name_ky: String,
    pub(crate) name_ru: String,
    pub(crate) settlement: String,
    pub(crate) ownership: &'static str,
    pub(crate) school_type: &'static str,
    pub(crate) founded_year: i32,
    pub(crate) design_capacity: i32,
    /// Main language first.
    pub(crate) languages: &'static [&'static str],
    /// Typical enrolment (the cohort model scales it per year).
    pub(crate) enrolment: f64,
    /// School effect on the latent mark scale.
    pub(crate) effect: f64,
    /// Latent change per year.
    pub(crate) trend: f64,
    /// ORT points beyond what the school's marks explain.
    pub(crate) ort_effect: f64,
}

impl SchoolPlan {
    fn new(seed: u64, district: &District, number: i32) -> SchoolPlan {
        let code = school_code(&district.code, number);
        let key = fnv(&code);
        let mut r = Rng::keyed(&[seed, purpose::SCHOOL, key]);
        let setting = match district.setting() {
            // Schools in the rayon centre are town schools.
            Setting::Rural if r.chance(0.08) => Setting::Town,
            s => s,
        };
        let private = r.chance(match setting {
            Setting::Rural => 0.02,
            Setting::Town => 0.08,
            Setting::Capital => 0.25,
        });
        // 1,040 state vs 1,099 municipal schools (2019).
        let ownership = match (private, r.chance(0.49)) {
            (true, _) => "private",
            (false, true) => "state",
            (false, false) => "municipal",
        };
        let types: &[(&str, f64)] = match setting {
            Setting::Rural => &[
                ("general", 0.93),
                ("complex", 0.04),
                ("gymnasium", 0.02),
                ("lyceum", 0.01),
            ],
            Setting::Town => &[
                ("general", 0.80),
                ("gymnasium", 0.12),
                ("lyceum", 0.05),
                ("specialised", 0.02),
                ("complex", 0.01),
            ],
            Setting::Capital => &[
                ("general", 0.70),
                ("gymnasium", 0.17),
                ("lyceum", 0.09),
                ("specialised", 0.04),
            ],
        };
        let school_type = r.weighted(types);
        let languages = r.weighted(language_mix(&district.region));
        let mut enrolment = draw_enrolment(&mut r, setting);
        if private {
            enrolment = (enrolment * 0.35).max(100.0);
        }
        // National utilisation ≈ 158%; private schools are not overcrowded.
        let utilisation = match (private, setting) {
            (true, _) => r.between(0.7, 1.2),
            (false, Setting::Rural) => r.between(0.95, 2.1),
            (false, Setting::Town) => r.between(1.2, 2.2),
            (false, Setting::Capital) => r.between(1.6, 3.0),
        };
        let design_capacity = (((enrolment / utilisation) / 5.0).round() as i32 * 5).max(40);
        let (first, last) = if private {
            (1995, 2016)
        } else {
            r.weighted(&[
                ((1930, 1960), 0.30),
                ((1961, 1990), 0.45),
                ((1991, 2016), 0.25),
            ])
        };
        let founded_year = r.int_between(first, last);
        let bonus = match school_type {
            "gymnasium" | "lyceum" => 0.15,
            "specialised" => 0.1,
            _ => 0.0,
        } + if private { 0.1 } else { 0.0 }
            + if setting == Setting::Capital {
                0.05
            } else {
                0.0
            };
        let effect = SCHOOL_SD * r.normal() + bonus;
        let trend = TREND_SD * r.normal();
        let ort_effect = ORT_SCHOOL_SD * r.normal();

        let village = r.pick(&VILLAGES);
        let settlement = match district.kind.as_str() {
            "rayon" => format!("{} айылы", village.0),
            "city_district" => format!("Бишкек шаары, {}", district.name_ky),
            _ => district.name_ky.clone(),
        };
        let n = number;
        let (name_ky, name_ru) = if private {
            let (ky, ru) = r.pick(&PRIVATE_NAMES);
            (
                format!("\"{ky}\" №{n} жеке мектеби"),
                format!("Частная школа №{n} «{ru}»"),
            )
        } else {
            match school_type {
                "gymnasium" => (
                    format!("№{n} гимназия-мектеби"),
                    format!("Школа-гимназия №{n}"),
                ),
                "lyceum" => (format!("№{n} лицей"), format!("Лицей №{n}")),
                "specialised" => (
                    format!("№{n} адистештирилген мектеби"),
                    format!("Специализированная школа №{n}"),
                ),
                "complex" => (
                    format!("№{n} мектеп-бала бакча комплекси"),
                    format!("Учебный комплекс «школа — детский сад» №{n}"),
                ),
                _ => {
                    let (person_ky, person_ru) = r.pick(&NAMESAKES);
                    let by_village = district.kind == "rayon" && r.chance(0.4);
                    if by_village {
                        (
                            format!("\"{}\" №{n} орто мектеби", village.0),
                            format!("Средняя школа №{n} «{}»", village.1),
                        )
                    } else if r.chance(0.5) {
                        (
                            format!("{person_ky} атындагы №{n} орто мектеби"),
                            format!("Средняя школа №{n} им. {person_ru}"),
                        )
                    } else {
                        (format!("№{n} орто мектеби"), format!("Средняя школа №{n}"))
                    }
                }
            }
        };
        SchoolPlan {
            id: 0,
            key,
            code,
            number,
            district_id: district.id,
            region: district.region.clone(),
            setting,
            zonal: district.holds_zonal_round(),
            name_ky,
            name_ru,
            settlement,
            ownership,
            school_type,
            founded_year,
            design_capacity,
            languages,
            enrolment,
            effect,
            trend,
            ort_effect,
        }
    }
}

/// The latent school mean in one year: effect, trend and a year-to-year wobble.
pub(crate) fn school_mean(seed: u64, plan: &SchoolPlan, year: i32) -> f64 {
    let wobble = Rng::keyed(&[seed, purpose::SCHOOL_YEAR, plan.key, year as u64]).normal();
    plan.effect + plan.trend * f64::from(year - 2019) + SCHOOL_YEAR_SD * wobble
}

fn school_code(district_code: &str, number: i32) -> String {
    format!("{district_code}-{number:03}")
}

/// Schools already in the database that are not ours: their numbers and codes are skipped.
/// Ours are the schools the demo owns ([`domain::demo_ownership`]) other than the fixture
/// school: a rerun must find and update them, not skip past them. Any other school, even one
/// whose code follows our `<district>-<number>` convention, is a user's and is left alone.
#[derive(Debug, Default)]
pub(crate) struct Taken {
    /// (district id, number) → the code of the school holding it.
    pub(crate) numbers: HashMap<(i32, i32), String>,
    pub(crate) codes: HashSet<String>,
}

impl Taken {
    pub(crate) async fn load(db: &impl ConnectionTrait) -> Result<Taken> {
        let owned = domain::demo_ownership::owned(db).await?;
        let rows = query(db, "SELECT id, code, district_id, number FROM school").await?;
        let mut taken = Taken::default();
        for row in rows {
            let id: i32 = row.try_get("", "id")?;
            let code: String = row.try_get("", "code")?;
            if owned.contains(&id) && code != fixture::FIXTURE_SCHOOL_CODE {
                continue;
            }
            let district_id: i32 = row.try_get("", "district_id")?;
            if let Some(n) = row.try_get::<Option<i32>>("", "number")? {
                taken.numbers.insert((district_id, n), code.clone());
            }
            taken.codes.insert(code);
        }
        Ok(taken)
    }
}

/// The schools to write, and the codes of the users' schools skipped on the way (the fixture
/// school, the demo's own, is not listed).
#[derive(Debug)]
pub(crate) struct Planned {
    pub(crate) schools: Vec<SchoolPlan>,
    pub(crate) left_alone: Vec<String>,
}

/// How many schools each district gets at a scale (districts in code order).
fn school_counts(scale: Scale, districts: &[District]) -> Vec<(usize, usize)> {
    const NATIONAL_SCHOOLS: f64 = 2400.0;
    let home = districts.iter().position(|d| d.code == HOME_DISTRICT);
    match scale {
        Scale::School => home.map(|i| vec![(i, 3)]).unwrap_or_default(),
        Scale::District => home.map(|i| vec![(i, 60)]).unwrap_or_default(),
        Scale::National => {
            let total: f64 = districts.iter().map(District::weight).sum();
            districts
                .iter()
                .enumerate()
                .map(|(i, d)| (i, (NATIONAL_SCHOOLS * d.weight() / total).round() as usize))
                .collect()
        }
    }
}

pub(crate) fn plan_schools(
    seed: u64,
    scale: Scale,
    districts: &[District],
    taken: &Taken,
) -> Result<Planned> {
    if !districts.iter().any(|d| d.code == HOME_DISTRICT) {
        return Err(Error::NotFound {
            what: "district",
            key: HOME_DISTRICT.into(),
        });
    }
    let mut plans = Vec::new();
    let mut left_alone = BTreeSet::new();
    for (i, count) in school_counts(scale, districts) {
        let district = &districts[i];
        let mut number = 0;
        let mut planned = 0;
        while planned < count {
            number += 1;
            if number > 999 {
                return Err(Error::Invalid {
                    field: "scale".into(),
                    message: format!("no free 3-digit school number left in {}", district.code),
                });
            }
            let code = school_code(&district.code, number);
            let holder = taken
                .numbers
                .get(&(district.id, number))
                .or_else(|| taken.codes.get(&code));
            if let Some(holder) = holder {
                if holder != fixture::FIXTURE_SCHOOL_CODE {
                    left_alone.insert(holder.clone());
                }
                // The code too, when another school holds the number.
                if taken.codes.contains(&code) && code != fixture::FIXTURE_SCHOOL_CODE {
                    left_alone.insert(code);
                }
                continue;
            }
            plans.push(SchoolPlan::new(seed, district, number));
            planned += 1;
        }
    }
    Ok(Planned {
        schools: plans,
        left_alone: left_alone.into_iter().collect(),
    })
}

pub(crate) async fn load_districts(db: &impl ConnectionTrait) -> Result<Vec<District>> {
    let rows = query(
        db,
        "SELECT d.id, d.code, d.kind, d.name_ky, r.code AS region \
         FROM district d JOIN region r ON r.id = d.region_id ORDER BY d.code",
    )
    .await?;
    rows.iter()
        .map(|row| {
            Ok(District {
                id: row.try_get("", "id")?,
                code: row.try_get("", "code")?,
                kind: row.try_get("", "kind")?,
                region: row.try_get("", "region")?,
                name_ky: row.try_get("", "name_ky")?,
            })
        })
        .collect()
}
