//! Why a caller may not read or do something ([`Error::Forbidden`]), in Kyrgyz, Russian and
//! English, and the language of the request being answered.
//!
//! Unlike [`crate::messages`], whose checks return a [`crate::messages::Msg`] that the edge
//! renders, a refusal is rendered where it is made: every edge (GraphQL, report downloads, the
//! console) shows `Error::Forbidden`'s text as it is. The API sets the request's language
//! around each request ([`in_language`]); outside one (the console, tests), English.

use crate::error::Error;
use crate::messages::Lang;

tokio::task_local! {
    /// The language of the request's messages (import, validation, refusals).
    static LANG: Lang;
}

/// Runs `f` (a request's work) with its messages in `lang`.
pub async fn in_language<F: std::future::Future>(lang: Lang, f: F) -> F::Output {
    LANG.scope(lang, f).await
}

/// The language of the request being answered; English outside one.
pub fn current_lang() -> Lang {
    LANG.try_with(|l| *l).unwrap_or_default()
}

/// What only an admin (the ministry) may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminOnly {
    AuditLog,
    TrendRefresh,
    JobHistory,
    /// Writing a kind of national reference data (its CLI name).
    NationalData(&'static str),
}

impl AdminOnly {
    fn texts(self) -> [String; 3] {
        match self {
            AdminOnly::AuditLog => [
                "өзгөртүүлөр журналы".into(),
                "журнал изменений".into(),
                "the audit log".into(),
            ],
            AdminOnly::TrendRefresh => [
                "тренд таблицаларын кайра эсептөө".into(),
                "пересчёт таблиц трендов".into(),
                "refreshing the trend tables".into(),
            ],
            AdminOnly::JobHistory => [
                "тапшырмалардын тарыхы".into(),
                "история запусков задач".into(),
                "the job history".into(),
            ],
            AdminOnly::NationalData(kind) => [
                format!("{kind} жазуу (улуттук маалымдама маалыматтары)"),
                format!("запись {kind} (национальные справочные данные)"),
                format!("writing {kind} (national reference data)"),
            ],
        }
    }
}

/// Why a caller is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied<'a> {
    /// Rows about one pupil or teacher, asked with a grant for counts.
    PeopleRows,
    /// A school's reported data, asked with a grant for the public tier.
    SchoolReported,
    NeedsAdmin(AdminOnly),
    /// An anonymous write.
    NeedsToken,
    /// An anonymous export (every export is audited under its token).
    ExportNeedsToken,
    DistrictAnonymous,
    /// A district outside the scope of a token of this role (its code).
    DistrictOutOfScope(&'a str),
    SchoolAnonymous,
    SchoolOutOfScope(&'a str),
}

impl Denied<'_> {
    /// The refusal in Kyrgyz, Russian and English.
    pub fn texts(&self) -> [String; 3] {
        use Denied::*;
        match self {
            PeopleRows => [
                "айрым окуучулар жана мугалимдер тууралуу жазуулар мектептин өзүнө жана министрликке гана көрүнөт; сандарды жана көрсөткүчтөрдү колдонуңуз".into(),
                "строки об отдельных учениках и учителях видны только самой школе и министерству; используйте количества и показатели".into(),
                "rows about individual pupils and teachers are visible only to the school itself and to the ministry; use the counts and indicators".into(),
            ],
            SchoolReported => [
                "мектептин отчеттук маалыматтары үчүн мектепти камтыган токен керек; аноним колдонуучулар жарыяланган көрсөткүчтөрдү көрүшөт".into(),
                "для отчётных данных школы нужен токен, в область действия которого входит школа; анонимные пользователи видят опубликованные показатели".into(),
                "a school's reported data needs a token whose scope holds the school; anonymous callers see the published indicators".into(),
            ],
            NeedsAdmin(what) => {
                let [ky, ru, en] = what.texts();
                [
                    format!("{ky}: администратордун токени керек"),
                    format!("{ru}: нужен токен администратора"),
                    format!("{en} needs an admin token"),
                ]
            }
            NeedsToken => [
                "маалымат киргизүү үчүн токен керек (sapat token create)".into(),
                "для ввода данных нужен токен (sapat token create)".into(),
                "data entry needs a token (sapat token create)".into(),
            ],
            ExportNeedsToken => [
                "экспорт үчүн токен керек (sapat token create); аноним колдонуучулар жарыяланган көрсөткүчтөрдү көрүшөт".into(),
                "для выгрузки нужен токен (sapat token create); анонимные пользователи видят опубликованные показатели".into(),
                "an export needs a token (sapat token create); anonymous callers see the published indicators".into(),
            ],
            DistrictAnonymous => [
                "райондун отчеттук маалыматтары үчүн районду камтыган токен керек; аноним колдонуучулар жарыяланган көрсөткүчтөрдү көрүшөт".into(),
                "для отчётных данных района нужен токен, в область действия которого входит район; анонимные пользователи видят опубликованные показатели".into(),
                "a district's reported data needs a token whose scope holds the district; anonymous callers see the published indicators".into(),
            ],
            DistrictOutOfScope(role) => [
                format!("бул район сиздин токениңиздин чегинен тышкары (ролу `{role}`)"),
                format!("этот район вне области действия вашего токена (роль `{role}`)"),
                format!("this district is outside the scope of your {role} token"),
            ],
            SchoolAnonymous => [
                "мектептин отчеттук маалыматтары үчүн токен керек; аноним колдонуучулар жарыяланган көрсөткүчтөрдү көрүшөт".into(),
                "для отчётных данных школы нужен токен; анонимные пользователи видят опубликованные показатели".into(),
                "a school's reported data needs a token; anonymous callers see the published indicators".into(),
            ],
            SchoolOutOfScope(role) => [
                format!("бул мектеп сиздин токениңиздин чегинен тышкары (ролу `{role}`)"),
                format!("эта школа вне области действия вашего токена (роль `{role}`)"),
                format!("this school is outside the scope of your {role} token"),
            ],
        }
    }

    pub fn render(&self, lang: Lang) -> String {
        lang.choose(self.texts())
    }

    /// The FORBIDDEN error, in the language of the request being answered.
    pub fn error(&self) -> Error {
        Error::Forbidden {
            message: self.render(current_lang()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_has_three_distinct_texts() {
        let all = [
            Denied::PeopleRows,
            Denied::SchoolReported,
            Denied::NeedsAdmin(AdminOnly::AuditLog),
            Denied::NeedsAdmin(AdminOnly::TrendRefresh),
            Denied::NeedsAdmin(AdminOnly::JobHistory),
            Denied::NeedsAdmin(AdminOnly::NationalData("ort-thresholds")),
            Denied::NeedsToken,
            Denied::ExportNeedsToken,
            Denied::DistrictAnonymous,
            Denied::DistrictOutOfScope("district"),
            Denied::SchoolAnonymous,
            Denied::SchoolOutOfScope("school"),
        ];
        for d in all {
            let [ky, ru, en] = d.texts();
            assert!(ky != ru && ru != en && ky != en, "{d:?}");
            for text in [&ky, &ru] {
                assert!(text.chars().any(|c| ('а'..='я').contains(&c)), "{d:?}");
            }
        }
    }

    #[tokio::test]
    async fn the_request_language_chooses_the_text() {
        let outside = Denied::NeedsToken.error().to_string();
        let inside = in_language(Lang::Ru, async { Denied::NeedsToken.error().to_string() }).await;
        assert_eq!(outside, "data entry needs a token (sapat token create)");
        assert_eq!(inside, "для ввода данных нужен токен (sapat token create)");
    }
}
