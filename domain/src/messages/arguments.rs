//! The refusals of a GraphQL query's arguments (paging, places, years, indicators and their
//! breakdowns), in Kyrgyz, Russian and English side by side as in [`super::reports`]. A
//! district office's dashboard shows them to its staff, so they follow the request's
//! Accept-Language like every other message. Argument names (`first`, `scopeId`) and codes
//! stay as the schema spells them. The English texts are the ones the API gave before.

use super::{Lang, Quoted};
use crate::Error;
use crate::trend::dims::Dimension;

/// A region, district or school, as an argument's refusal names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Region,
    District,
    School,
}

impl Place {
    /// From the schema's noun (`region`, `district`, `school`).
    pub fn of(noun: &str) -> Place {
        match noun {
            "region" => Place::Region,
            "district" => Place::District,
            _ => Place::School,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgMsg {
    /// `first` and `last` together.
    PageBothEnds,
    /// A negative page size.
    Negative {
        got: i64,
    },
    /// A page over the field's maximum.
    PageTooLarge {
        max: u64,
        got: u64,
    },
    /// A cursor of another list, filter or order.
    NotACursor(Quoted),
    /// An id or code that names no such place.
    NotAPlace {
        id: Quoted,
        place: Place,
    },
    /// A name filter longer than names are.
    NameTooLong {
        max: usize,
    },
    /// A value outside a vocabulary; `valid` lists it.
    NotOneOf {
        value: Quoted,
        valid: String,
    },
    /// A number outside its range.
    OutOfRange {
        value: i64,
        min: i64,
        max: i64,
    },
    /// `fromYear` after `toYear`.
    YearsReversed {
        from: i32,
        to: i32,
    },
    /// `scopeId` with the COUNTRY scope.
    ScopeIdNotForCountry,
    /// No `scopeId` with the DISTRICT or REGION scope.
    ScopeIdRequired,
    /// Too few or too many schools to compare.
    SchoolCount {
        max: usize,
        got: usize,
    },
    /// An empty list of indicator codes.
    NoCodes,
    /// A school id the published data does not have.
    UnknownSchool(i32),
    /// An indicator code outside the catalog; `valid` lists the catalog.
    UnknownIndicator {
        code: Quoted,
        valid: String,
    },
    /// A year asked for before any generation is published.
    NothingPublished {
        year: i32,
    },
    /// A year the published generation does not hold (`year`: "2021 (2021-2022)").
    YearNotPublished {
        year: String,
        valid: String,
    },
    UnknownDistrict {
        id: i32,
        valid: String,
    },
    UnknownRegion {
        id: i32,
        valid: String,
    },
    UnknownSubject {
        code: Quoted,
        valid: String,
    },
    UnknownGradeBand {
        code: Quoted,
        valid: String,
    },
    UnknownPeriod {
        code: Quoted,
        valid: String,
    },
    /// A grade band with a subject or a period.
    BandAlone,
    /// An indicator without the breakdown asked for; `with` lists those that have it.
    NoBreakdown {
        indicator: String,
        dimension: Dimension,
        with: String,
    },
    /// The trend refresh could not be started.
    RefreshNotStarted,
}

/// `field: message` as a refused argument, in the request's language.
pub fn invalid(field: &str, msg: ArgMsg) -> Error {
    Error::Invalid {
        field: field.into(),
        message: msg.render(crate::denied::current_lang()),
    }
}

impl ArgMsg {
    pub fn render(&self, lang: Lang) -> String {
        lang.choose(self.texts())
    }

    /// The message in Kyrgyz, Russian and English.
    pub fn texts(&self) -> [String; 3] {
        use ArgMsg::*;
        match self {
            PageBothEnds => [
                "`first` менен `last` бирге берилбейт: `first` баракты алдыга, `last` артка окуйт"
                    .into(),
                "`first` и `last` нельзя указывать вместе: `first` читает страницу вперёд, `last` — назад"
                    .into(),
                "`first` and `last` cannot be given together: `first` reads a page forward, `last` backward"
                    .into(),
            ],
            Negative { got } => [
                format!("терс сан болбошу керек, {got} берилди"),
                format!("не может быть отрицательным, получено {got}"),
                format!("must not be negative, got {got}"),
            ],
            PageTooLarge { max, got } => [
                format!("бир баракта эң көп {max}, {got} суралды"),
                format!("не больше {max} на странице, запрошено {got}"),
                format!("at most {max} per page, {got} asked"),
            ],
            NotACursor(c) => [
                format!("`{c}` бул тизменин курсору эмес (курсор бир чыпкага жана тартипке таандык)"),
                format!("`{c}` — не курсор этого списка (курсор относится к одному фильтру и порядку)"),
                format!("`{c}` is not a cursor of this list (cursors belong to one filter and order)"),
            ],
            NotAPlace { id, place } => {
                let [ky, ru, en] = match place {
                    Place::Region => ["облустун", "области", "region"],
                    Place::District => ["райондун", "района", "district"],
                    Place::School => ["мектептин", "школы", "school"],
                };
                [
                    format!("`{id}` {ky} идентификатору да, коду да эмес"),
                    format!("`{id}` — не идентификатор и не код {ru}"),
                    format!("`{id}` is neither an id nor the code of a {en}"),
                ]
            }
            NameTooLong { max } => [
                format!("издөө үчүн аталыштын эң көп {max} белгиси берилет"),
                format!("для поиска — не больше {max} символов названия"),
                format!("at most {max} characters of a name to look for"),
            ],
            NotOneOf { value, valid } => [
                format!("`{value}` булардын бири эмес: {valid}"),
                format!("`{value}` — не одно из значений: {valid}"),
                format!("`{value}` is not one of {valid}"),
            ],
            OutOfRange { value, min, max } => [
                format!("{value} {min}..{max} чегинен тышкары"),
                format!("{value} вне диапазона {min}..{max}"),
                format!("{value} is outside {min}..{max}"),
            ],
            YearsReversed { from, to } => [
                format!("fromYear {from} toYear {to} жылынан кийин турат"),
                format!("fromYear {from} позже toYear {to}"),
                format!("fromYear {from} is after toYear {to}"),
            ],
            ScopeIdNotForCountry => [
                "COUNTRY чөйрөсү менен берилбейт".into(),
                "не указывается для области COUNTRY".into(),
                "must be omitted for the COUNTRY scope".into(),
            ],
            ScopeIdRequired => [
                "DISTRICT жана REGION чөйрөлөрү үчүн милдеттүү".into(),
                "обязателен для областей DISTRICT и REGION".into(),
                "is required for the DISTRICT and REGION scopes".into(),
            ],
            SchoolCount { max, got } => [
                format!("1ден {max}ге чейин мектеп бериңиз, {got} берилди"),
                format!("укажите от 1 до {max} школ, получено {got}"),
                format!("give between 1 and {max} schools, got {got}"),
            ],
            NoCodes => [
                "жок дегенде бир көрсөткүчтүн кодун бериңиз".into(),
                "укажите хотя бы один код показателя".into(),
                "give at least one indicator code".into(),
            ],
            UnknownSchool(id) => [
                format!("белгисиз мектеп {id}"),
                format!("неизвестная школа {id}"),
                format!("unknown school {id}"),
            ],
            UnknownIndicator { code, valid } => [
                format!("белгисиз көрсөткүч `{code}`; жарактуу коддор: {valid}"),
                format!("неизвестный показатель `{code}`; допустимые коды: {valid}"),
                format!("unknown indicator `{code}`; valid codes: {valid}"),
            ],
            NothingPublished { year } => [
                format!("тренд маалыматтары азырынча жарыялана элек, ошондуктан {year}-жыл жок"),
                format!("данные трендов ещё не опубликованы, поэтому {year} года нет"),
                format!("no trend data is published yet, so there is no year {year}"),
            ],
            YearNotPublished { year, valid } => [
                format!("{year} жарыяланган маалыматтарда жок; жарактуу жылдар: {valid}"),
                format!("{year} нет в опубликованных данных; допустимые годы: {valid}"),
                format!("{year} is outside the published data; valid years: {valid}"),
            ],
            UnknownDistrict { id, valid } => [
                format!("белгисиз район {id}; жарактуу райондор: {valid}"),
                format!("неизвестный район {id}; допустимые районы: {valid}"),
                format!("unknown district {id}; valid districts: {valid}"),
            ],
            UnknownRegion { id, valid } => [
                format!("белгисиз облус {id}; жарактуу облустар: {valid}"),
                format!("неизвестная область {id}; допустимые области: {valid}"),
                format!("unknown region {id}; valid regions: {valid}"),
            ],
            UnknownSubject { code, valid } => [
                format!("белгисиз предмет `{code}`; жарактуу предметтер: {valid}"),
                format!("неизвестный предмет `{code}`; допустимые предметы: {valid}"),
                format!("unknown subject `{code}`; valid subjects: {valid}"),
            ],
            UnknownGradeBand { code, valid } => [
                format!("белгисиз класстар тобу `{code}`; жарактуу топтор: {valid}"),
                format!("неизвестная группа классов `{code}`; допустимые группы: {valid}"),
                format!("unknown grade band `{code}`; valid grade bands: {valid}"),
            ],
            UnknownPeriod { code, valid } => [
                format!(
                    "белгисиз мезгил `{code}`; жарактуу мезгилдер: {valid} (бүтүндөй жыл үчүн аны бербеңиз)"
                ),
                format!(
                    "неизвестный период `{code}`; допустимые периоды: {valid} (для всего года не указывайте его)"
                ),
                format!(
                    "unknown period `{code}`; valid periods: {valid} (omit it for the whole year)"
                ),
            ],
            BandAlone => [
                "класстар тобу бардык предметтер боюнча бүтүндөй жылга гана сакталат; аны менен \
                 `subject` жана `period` бербеңиз (docs/TRENDS.md)"
                    .into(),
                "группа классов хранится только за весь год по всем предметам; не указывайте с ней \
                 `subject` и `period` (docs/TRENDS.md)"
                    .into(),
                "a grade band is kept for the whole year over all subjects only; omit `subject` \
                 and `period` with it (docs/TRENDS.md)"
                    .into(),
            ],
            NoBreakdown {
                indicator,
                dimension,
                with,
            } => {
                let [ky, ru] = match dimension {
                    Dimension::Subject => ["предметтер", "предметам"],
                    Dimension::GradeBand => ["класстар топтору", "группам классов"],
                    Dimension::Period => ["мезгилдер", "периодам"],
                };
                [
                    format!(
                        "`{indicator}` көрсөткүчүндө {ky} боюнча бөлүнүш жок; бөлүнүшү бар көрсөткүчтөр: {with}"
                    ),
                    format!(
                        "у показателя `{indicator}` нет разбивки по {ru}; показатели с ней: {with}"
                    ),
                    format!(
                        "indicator `{indicator}` has no {} breakdown; indicators with one: {with}",
                        dimension.code()
                    ),
                ]
            }
            RefreshNotStarted => [
                "жаңылоону баштоо мүмкүн болгон жок".into(),
                "обновление не удалось запустить".into(),
                "the refresh could not be started".into(),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples() -> Vec<ArgMsg> {
        use ArgMsg::*;
        let q = Quoted::of;
        vec![
            PageBothEnds,
            Negative { got: -1 },
            PageTooLarge { max: 200, got: 201 },
            NotACursor(q("x")),
            NotAPlace {
                id: q("KG-X"),
                place: Place::District,
            },
            NameTooLong { max: 200 },
            NotOneOf {
                value: q("x"),
                valid: "a, b".into(),
            },
            OutOfRange {
                value: 13,
                min: 1,
                max: 12,
            },
            YearsReversed {
                from: 2021,
                to: 2019,
            },
            ScopeIdNotForCountry,
            ScopeIdRequired,
            SchoolCount { max: 20, got: 0 },
            NoCodes,
            UnknownSchool(7),
            UnknownIndicator {
                code: q("x"),
                valid: "a".into(),
            },
            NothingPublished { year: 2021 },
            YearNotPublished {
                year: "2030 (2030-2031)".into(),
                valid: "2021 (2021-2022)".into(),
            },
            UnknownDistrict {
                id: 9,
                valid: "41 (KG-O-UZG)".into(),
            },
            UnknownRegion {
                id: 9,
                valid: "4 (KG-O)".into(),
            },
            UnknownSubject {
                code: q("x"),
                valid: "mathematics".into(),
            },
            UnknownGradeBand {
                code: q("x"),
                valid: "4-6".into(),
            },
            UnknownPeriod {
                code: q("x"),
                valid: "q1".into(),
            },
            BandAlone,
            NoBreakdown {
                indicator: "ort_mean".into(),
                dimension: Dimension::Subject,
                with: "success_pct".into(),
            },
            RefreshNotStarted,
        ]
    }

    #[test]
    fn every_argument_refusal_has_three_distinct_texts() {
        let samples = samples();
        for m in &samples {
            let [ky, ru, en] = m.texts();
            assert!(!ky.is_empty() && !ru.is_empty() && !en.is_empty(), "{m:?}");
            assert!(ky != ru && ru != en && ky != en, "{m:?}");
            // Kyrgyz and Russian texts are written in Cyrillic.
            for text in [&ky, &ru] {
                assert!(text.chars().any(|c| ('а'..='я').contains(&c)), "{text}");
            }
        }
        // Every variant is among the samples: this match stops compiling until a new one is.
        for m in &samples {
            match m {
                ArgMsg::PageBothEnds
                | ArgMsg::Negative { .. }
                | ArgMsg::PageTooLarge { .. }
                | ArgMsg::NotACursor(_)
                | ArgMsg::NotAPlace { .. }
                | ArgMsg::NameTooLong { .. }
                | ArgMsg::NotOneOf { .. }
                | ArgMsg::OutOfRange { .. }
                | ArgMsg::YearsReversed { .. }
                | ArgMsg::ScopeIdNotForCountry
                | ArgMsg::ScopeIdRequired
                | ArgMsg::SchoolCount { .. }
                | ArgMsg::NoCodes
                | ArgMsg::UnknownSchool(_)
                | ArgMsg::UnknownIndicator { .. }
                | ArgMsg::NothingPublished { .. }
                | ArgMsg::YearNotPublished { .. }
                | ArgMsg::UnknownDistrict { .. }
                | ArgMsg::UnknownRegion { .. }
                | ArgMsg::UnknownSubject { .. }
                | ArgMsg::UnknownGradeBand { .. }
                | ArgMsg::UnknownPeriod { .. }
                | ArgMsg::BandAlone
                | ArgMsg::NoBreakdown { .. }
                | ArgMsg::RefreshNotStarted => {}
            }
        }
        assert_eq!(samples.len(), 25);
    }

    #[test]
    fn a_refusal_is_rendered_in_the_requests_language() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let e = runtime.block_on(crate::denied::in_language(Lang::Ky, async {
            invalid("codes", ArgMsg::NoCodes)
        }));
        assert!(
            e.to_string().contains("жок дегенде бир көрсөткүчтүн"),
            "{e}"
        );
    }
}
