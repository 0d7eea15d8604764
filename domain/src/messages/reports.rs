//! The messages of report downloads (`GET /reports/…`, `sapat report`): a wrong path or
//! parameter, a refusal, a report that cannot be made, in Kyrgyz, Russian and English. As
//! with [`super::Msg`], each variant's three texts sit side by side.

use super::Lang;
use std::fmt;

/// Why a report download is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportMsg {
    /// No bearer token: reports are never anonymous.
    SignInNeeded,
    /// The report kind in the path.
    UnknownKind(String),
    /// The file name is not `<year>.pdf` or `<year>.xlsx`.
    BadFileName(String),
    /// The year is not four digits (`+2021`, `02021`, `2147483647`).
    BadYear(String),
    /// The year has no data in the published generation: the years that have.
    YearNotPublished { year: i32, valid: String },
    /// A query parameter given twice.
    ParamTwice(String),
    /// A query parameter the route does not take: the ones it takes.
    UnknownParam { name: String, allowed: String },
    /// `lang` is not ky or ru.
    BadLang(String),
    /// `indicators` on a school's report.
    IndicatorsOnlyForDistrict,
    /// An indicator code not in the catalog.
    UnknownIndicator(String),
    /// An indicator named twice.
    IndicatorTwice(String),
    /// An empty code in the list (`a,,b`).
    EmptyIndicator,
    /// More indicators than one report takes.
    TooManyIndicators { asked: usize, max: usize },
    /// No school with this code.
    NoSuchSchool(String),
    /// The public school page where anonymous reading is off.
    NotPublished,
    /// No district with this code.
    NoSuchDistrict(String),
    /// The school is outside the token's scope (its role's code).
    SchoolOutOfScope(String),
    /// The district is outside the token's scope, or a school token asked for a district.
    DistrictOutOfScope(String),
    /// Nothing published yet.
    NoGeneration,
    /// The database is down.
    Unavailable,
    /// A bug; the detail is in the log under the request id.
    Internal,
}

impl ReportMsg {
    pub fn render(&self, lang: Lang) -> String {
        lang.choose(self.texts())
    }

    /// The message in Kyrgyz, Russian and English.
    pub fn texts(&self) -> [String; 3] {
        use ReportMsg::*;
        match self {
            SignInNeeded => [
                "Отчеттор токен менен гана берилет: Authorization: Bearer <токен>".into(),
                "Отчёты выдаются только с токеном: Authorization: Bearer <токен>".into(),
                "reports need a bearer token: Authorization: Bearer <token>".into(),
            ],
            UnknownKind(k) => [
                format!("«{k}» деген отчет жок; school, accreditation же district"),
                format!("отчёта «{k}» нет; используйте school, accreditation или district"),
                format!("report `{k}`: use school, accreditation or district"),
            ],
            BadFileName(f) => [
                format!(
                    "«{f}»: файлдын аты <жыл>.pdf же <жыл>.xlsx болушу керек (мисалы 2021.pdf)"
                ),
                format!(
                    "«{f}»: имя файла должно быть <год>.pdf или <год>.xlsx (например, 2021.pdf)"
                ),
                format!("`{f}`: name the file <year>.pdf or <year>.xlsx (e.g. 2021.pdf)"),
            ],
            BadYear(y) => [
                format!(
                    "«{y}» окуу жылы эмес: окуу жылынын башталган жылын төрт сан менен жазыңыз, мисалы 2021 (2021-2022)"
                ),
                format!(
                    "«{y}» — не учебный год: укажите год начала учебного года четырьмя цифрами, например 2021 (2021-2022)"
                ),
                format!(
                    "year `{y}`: give the academic start year as four digits, e.g. 2021 for 2021-2022"
                ),
            ],
            YearNotPublished { year, valid } => [
                format!("{year}-жыл үчүн жарыяланган маалымат жок; бар жылдар: {valid}"),
                format!("за {year} год опубликованных данных нет; есть годы: {valid}"),
                format!("{year} is outside the published data; valid years: {valid}"),
            ],
            ParamTwice(p) => [
                format!("«{p}» параметри эки жолу берилди; бир жолу гана бериңиз"),
                format!("параметр «{p}» указан дважды; укажите его один раз"),
                format!("the parameter `{p}` is given twice; give it once"),
            ],
            UnknownParam { name, allowed } => [
                format!("«{name}» деген параметр жок; болушу мүмкүн: {allowed}"),
                format!("параметра «{name}» нет; допустимы: {allowed}"),
                format!("unknown parameter `{name}`; this route takes: {allowed}"),
            ],
            BadLang(l) => [
                format!("lang «{l}»: ky же ru болушу керек"),
                format!("lang «{l}»: допустимо ky или ru"),
                format!("lang `{l}`: use ky or ru"),
            ],
            IndicatorsOnlyForDistrict => [
                "indicators параметри райондун отчету үчүн гана".into(),
                "параметр indicators — только для отчёта района".into(),
                "`indicators` is for the district report only".into(),
            ],
            UnknownIndicator(c) => [
                format!("«{c}» деген көрсөткүч жок (көрсөткүчтөр тизмеси: indicatorCatalog)"),
                format!("показателя «{c}» нет (список показателей: indicatorCatalog)"),
                format!("unknown indicator `{c}` (the codes are listed by indicatorCatalog)"),
            ],
            IndicatorTwice(c) => [
                format!("«{c}» көрсөткүчү эки жолу аталды"),
                format!("показатель «{c}» назван дважды"),
                format!("the indicator `{c}` is named twice"),
            ],
            EmptyIndicator => [
                "тизмеде бош код бар; коддорду бир үтүр менен бөлүңүз".into(),
                "в списке пустой код; разделяйте коды одной запятой".into(),
                "an empty code in the list; separate codes by single commas".into(),
            ],
            TooManyIndicators { asked, max } => [
                format!("{asked} көрсөткүч суралды; бир отчетко {max} чейин"),
                format!("запрошено показателей: {asked}; в одном отчёте не больше {max}"),
                format!("{asked} indicators asked for; a report takes at most {max}"),
            ],
            NotPublished => [
                "бул сервер мектептердин ачык баракчаларын жарыяламайт (auth.allow_anonymous өчүрүлгөн)".into(),
                "этот сервер не публикует открытые страницы школ (auth.allow_anonymous выключен)".into(),
                "this server does not publish school pages (auth.allow_anonymous is off)".into(),
            ],
            NoSuchSchool(c) => [
                format!("«{c}» коду менен мектеп жок"),
                format!("школы с кодом «{c}» нет"),
                format!("school not found: {c}"),
            ],
            NoSuchDistrict(c) => [
                format!("«{c}» коду менен район жок"),
                format!("района с кодом «{c}» нет"),
                format!("district not found: {c}"),
            ],
            SchoolOutOfScope(r) => {
                let [_, ky, ru] = super::role_names(r);
                [
                    format!("бул мектеп {ky} токенинин чөйрөсүнө кирбейт"),
                    format!("эта школа вне области действия токена {ru}"),
                    format!("this school is outside the scope of your {r} token"),
                ]
            }
            DistrictOutOfScope(r) => {
                let [_, ky, ru] = super::role_names(r);
                [
                    format!(
                        "бул район {ky} токенинин чөйрөсүнө кирбейт (райондун отчету администраторго, облуска жана райондун өзүнө)"
                    ),
                    format!(
                        "этот район вне области действия токена {ru} (отчёт района — администратору, области и самому району)"
                    ),
                    format!(
                        "this district is outside the scope of your {r} token (a district report is for an admin, the region or the district)"
                    ),
                ]
            }
            NoGeneration => [
                "Жарыяланган маалымат азырынча жок: адегенде `sapat jobs run trends`".into(),
                "Опубликованных данных пока нет: сначала `sapat jobs run trends`".into(),
                "no published trend generation yet: run `sapat jobs run trends` first".into(),
            ],
            Unavailable => [
                "Маалымат базасы азыр жеткиликсиз; бир аздан кийин кайталаңыз".into(),
                "База данных сейчас недоступна; повторите чуть позже".into(),
                "the database is unavailable; try again in a moment".into(),
            ],
            Internal => [
                "Ички ката (requestId менен журналда)".into(),
                "Внутренняя ошибка (подробности в журнале по requestId)".into(),
                "internal error".into(),
            ],
        }
    }
}

impl fmt::Display for ReportMsg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for ReportMsg {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_report_message_has_three_distinct_texts() {
        use ReportMsg::*;
        let all = [
            SignInNeeded,
            UnknownKind("x".into()),
            BadFileName("x".into()),
            BadYear("x".into()),
            YearNotPublished {
                year: 1990,
                valid: "2021".into(),
            },
            ParamTwice("lang".into()),
            UnknownParam {
                name: "x".into(),
                allowed: "lang".into(),
            },
            BadLang("x".into()),
            IndicatorsOnlyForDistrict,
            UnknownIndicator("x".into()),
            IndicatorTwice("x".into()),
            EmptyIndicator,
            TooManyIndicators { asked: 13, max: 12 },
            NoSuchSchool("x".into()),
            NotPublished,
            NoSuchDistrict("x".into()),
            SchoolOutOfScope("district".into()),
            DistrictOutOfScope("school".into()),
            NoGeneration,
            Unavailable,
            Internal,
        ];
        for m in all {
            let [ky, ru, en] = m.texts();
            assert!(!ky.is_empty() && !ru.is_empty() && !en.is_empty(), "{m:?}");
            assert!(ky != ru && ru != en, "{m:?}: the same text twice");
        }
    }
}
