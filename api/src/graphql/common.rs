//! Types shared by every area: the language of `name`, coded-value labels, subjects, periods.

use async_graphql::{Context, Enum, Object, SimpleObject};
use domain::labels::Vocabulary;

/// The language a `name` field answers in.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
#[graphql(name = "Lang")]
pub enum Lang {
    /// Kyrgyz, the state language.
    #[default]
    Ky,
    /// Russian, the official language.
    Ru,
    /// English (falls back to Russian where no English name is stored).
    En,
}

/// The request's default language (from Accept-Language), used where `name` has no `lang`.
#[derive(Clone, Copy, Debug, Default)]
pub struct RequestLang(pub Lang);

impl Lang {
    /// The same language for the messages of the domain's checks.
    pub fn messages(self) -> domain::messages::Lang {
        match self {
            Lang::Ky => domain::messages::Lang::Ky,
            Lang::Ru => domain::messages::Lang::Ru,
            Lang::En => domain::messages::Lang::En,
        }
    }

    /// The best of ky/ru/en in an Accept-Language header (`ky-KG,ru;q=0.8`), if any.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, usize, Lang)> = None;
        for (pos, part) in header.split(',').enumerate() {
            let mut pieces = part.split(';');
            let tag = pieces
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q=").map(str::to_owned))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let lang = match tag.split('-').next().unwrap_or_default() {
                "ky" | "kir" => Lang::Ky,
                "ru" | "rus" => Lang::Ru,
                "en" | "eng" => Lang::En,
                _ => continue,
            };
            // Highest q wins; among equal q, the earlier one.
            if q > 0.0 && best.is_none_or(|(bq, _, _)| q > bq) {
                best = Some((q, pos, lang));
            }
        }
        best.map(|(_, _, l)| l)
    }
}

/// The language `name` answers in: the argument, else the request's, else Kyrgyz.
pub fn lang_of(ctx: &Context<'_>, lang: Option<Lang>) -> Lang {
    lang.or_else(|| ctx.data_opt::<RequestLang>().map(|l| l.0))
        .unwrap_or_default()
}

pub fn pick(lang: Lang, ky: &str, ru: &str, en: Option<&str>) -> String {
    match lang {
        Lang::Ky => ky.to_owned(),
        Lang::Ru => ru.to_owned(),
        Lang::En => en.unwrap_or(ru).to_owned(),
    }
}

/// A coded value (`state`, `gymnasium`, `period_marks` …) with its names.
pub struct Label {
    code: String,
    ky: String,
    ru: String,
    en: String,
}

impl Label {
    /// The label of `code`; a code the vocabulary does not know is named by itself.
    pub fn of(vocabulary: Vocabulary, code: &str) -> Label {
        match vocabulary.label(code) {
            Some(l) => Label {
                code: code.to_owned(),
                ky: l.ky.to_owned(),
                ru: l.ru.to_owned(),
                en: l.en.to_owned(),
            },
            None => Label {
                code: code.to_owned(),
                ky: code.to_owned(),
                ru: code.to_owned(),
                en: code.to_owned(),
            },
        }
    }

    pub fn code_str(&self) -> &str {
        &self.code
    }

    pub fn opt(vocabulary: Vocabulary, code: Option<&str>) -> Option<Label> {
        code.map(|c| Label::of(vocabulary, c))
    }
}

/// A coded value (`state`, `gymnasium`, `period_marks` …) with its names in Kyrgyz, Russian and
/// English.
#[Object(name = "Label")]
impl Label {
    /// The stored code, stable across languages.
    async fn code(&self) -> &str {
        &self.code
    }
    /// The name in `lang`.
    async fn name(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The language to answer in; default: the request's Accept-Language, else Kyrgyz."
        )]
        lang: Option<Lang>,
    ) -> String {
        pick(lang_of(ctx, lang), &self.ky, &self.ru, Some(&self.en))
    }
    /// The name in Kyrgyz.
    async fn name_ky(&self) -> &str {
        &self.ky
    }
    /// The name in Russian.
    async fn name_ru(&self) -> &str {
        &self.ru
    }
    /// The name in English.
    async fn name_en(&self) -> &str {
        &self.en
    }
}

/// A school subject.
pub struct Subject(pub domain::entity::subject::Model);

/// A school subject.
#[Object(name = "Subject")]
impl Subject {
    /// Stable code, e.g. `math`, `kyrgyz_language`.
    async fn code(&self) -> &str {
        &self.0.code
    }
    /// The subject's name in `lang` (English falls back to Russian where none is stored).
    async fn name(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The language to answer in; default: the request's Accept-Language, else Kyrgyz."
        )]
        lang: Option<Lang>,
    ) -> String {
        pick(
            lang_of(ctx, lang),
            &self.0.name_ky,
            &self.0.name_ru,
            self.0.name_en.as_deref(),
        )
    }
    /// The subject's name in Kyrgyz.
    async fn name_ky(&self) -> &str {
        &self.0.name_ky
    }
    /// The subject's name in Russian.
    async fn name_ru(&self) -> &str {
        &self.0.name_ru
    }
    /// The subject's name in English; null = none stored.
    async fn name_en(&self) -> Option<&str> {
        self.0.name_en.as_deref()
    }
}

/// A marking period of an academic year.
#[derive(SimpleObject)]
pub struct Period {
    /// Start year of the academic year (2024 = 2024-2025).
    academic_year: i32,
    /// quarter (1–4), half_year (1–2) or year (1).
    kind: Label,
    /// The period's number within its kind: 1-4 for quarters, 1-2 for half-years, 1 for the year.
    index: i32,
    /// The period's first day; null = not recorded.
    start_date: Option<chrono::NaiveDate>,
    /// The period's last day; null = not recorded.
    end_date: Option<chrono::NaiveDate>,
}

impl From<domain::entity::period::Model> for Period {
    fn from(p: domain::entity::period::Model) -> Self {
        Period {
            academic_year: p.academic_year,
            kind: Label::of(Vocabulary::PeriodKind, &p.kind),
            index: p.idx,
            start_date: p.start_date,
            end_date: p.end_date,
        }
    }
}

/// The database, for a resolver that reads or writes it. Every resolver reaches it here, so
/// the request records that its answer depends on more than the trend snapshot (such answers
/// are never served from the answer cache).
pub(crate) fn db<'a>(ctx: &Context<'a>) -> super::error::Result<&'a domain::Db> {
    let request = ctx.data::<std::sync::Arc<super::RequestDb>>()?;
    request
        .used
        .store(true, std::sync::atomic::Ordering::Relaxed);
    Ok(&request.db)
}

/// The error for an argument that names no region, district or school (`noun`), whether it
/// was read from the database or from the trend snapshot.
pub(crate) fn not_a_place(
    field: &str,
    noun: &str,
    id: &async_graphql::ID,
) -> super::error::ApiError {
    super::error::invalid(
        field,
        domain::messages::arguments::ArgMsg::NotAPlace {
            id: id.as_str().into(),
            place: domain::messages::arguments::Place::of(noun),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn accept_language_picks_the_best_known_language() {
        assert_eq!(
            Lang::from_accept_language("ru-RU,ru;q=0.9,en;q=0.8"),
            Some(Lang::Ru)
        );
        assert_eq!(
            Lang::from_accept_language("de;q=1, en;q=0.5, ky;q=0.7"),
            Some(Lang::Ky)
        );
        assert_eq!(Lang::from_accept_language("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("de, fr"), None);
    }
}
