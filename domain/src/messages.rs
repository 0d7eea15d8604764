//! The messages an import or a batch of data entry can give a school or a district office, in
//! Kyrgyz, Russian and English.
//!
//! Checks return a [`Msg`] (what went wrong, with its arguments), never finished text; the
//! edge that answers the user renders it in the caller's language ([`Msg::render`]): the
//! GraphQL API by the request's language, `sapat import` by `--lang`. Each variant's three
//! texts sit side by side in [`Msg::texts`], so a message cannot be added without all three.
//! The English text is the one the API gave before the catalog existed.

use std::fmt;

/// A language messages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Kyrgyz, the state language.
    Ky,
    /// Russian, the official language.
    Ru,
    /// English: the default of the API's and the command line's messages.
    #[default]
    En,
}

impl Lang {
    /// `ky`, `ru` or `en` (also `ky-KG`, `ru_RU.UTF-8`, as `LANG` holds them).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag
            .split(['-', '_', '.'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "ky" | "kir" => Some(Lang::Ky),
            "ru" | "rus" => Some(Lang::Ru),
            "en" | "eng" => Some(Lang::En),
            _ => None,
        }
    }
}

/// One template column's three headers: how a message lists the template's columns.
pub type Headers = [&'static str; 3];

/// What went wrong with a cell, a row or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    // A cell.
    /// A control character (the code point) in a cell.
    ControlChar(u32),
    /// A number outside `min..=max` (both as the template shows them).
    OutOfRange {
        min: String,
        max: String,
    },
    NegativeCount,
    /// A count above what any school reports in this column.
    CountTooLarge(i64),
    /// Text longer than this many characters.
    TooLong(usize),
    /// Not one of the choices (listed as the template's help does).
    NotOneOf(String),
    NotYesNo,
    NotYear,
    NotWholeNumber,
    /// A number written with more than one decimal separator.
    TwoSeparators,
    NotNumber,
    NotDate,
    Required,
    // The file.
    /// A value under a column (1-based) that has no header.
    NoHeader(usize),
    /// Two columns of the file map to one template column (named as the file named it).
    ColumnTwice(String),
    /// A header (at this 1-based position) matching no template column.
    UnknownColumn {
        position: usize,
        columns: Vec<Headers>,
    },
    /// A required column is absent: its headers.
    MissingColumn(Headers),
    NoDataRows,
    NotUtf8,
    // A row.
    /// The row repeats an earlier one's natural key (`item`: a batch item, not a file row).
    Repeats {
        earlier: u64,
        item: bool,
        keys: String,
    },
    /// The row's school is outside the scope of the caller's token (of this role).
    OutOfScope(String),
    NeedsToken,
    UnknownSchoolCode(String),
    SchoolNotNamed,
    UnknownDistrict(String),
    NoNumberOrName,
    /// Several schools (how many) of the district match the number or name.
    AmbiguousSchool {
        count: usize,
        district: String,
    },
    NoSchoolMatches(String),
    UnknownSubject,
    /// Counts (joined as `n5 + n4`) add up to `total`, more than the pupils `enrolled`.
    CountsAboveEnrolled {
        counts: String,
        total: i64,
        enrolled: i64,
    },
    /// More than the pupils enrolled (this many).
    AboveEnrolled(i64),
    /// Above the ORT maximum score.
    AboveOrtMax(i64),
    /// More than the participants (this many).
    AboveParticipants(i64),
    LowestAboveHighest,
    /// Above the maximum score (this) the row gives for the test.
    AboveMaxScore(i64),
    /// The school has no teacher with this reference (import the register first).
    UnknownTeacher(String),
    /// The school has no ORT result of this taker in the year and session.
    UnknownOrtTaker(String),
    /// The school has no training programme of this name and provider in the year.
    UnknownTraining(String),
    /// A refused file (`batch`: a refused batch of items) with `total` problems, nothing
    /// written; `first` is the first problem, already rendered.
    Refused {
        total: usize,
        batch: bool,
        first: String,
    },
    /// A check whose text is not yet in the catalog: English in every language.
    Untranslated(String),
}

impl Msg {
    /// The message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let [ky, ru, en] = self.texts();
        match lang {
            Lang::Ky => ky,
            Lang::Ru => ru,
            Lang::En => en,
        }
    }

    /// The message in Kyrgyz, Russian and English.
    pub fn texts(&self) -> [String; 3] {
        use Msg::*;
        match self {
            ControlChar(c) => [
                format!("U+{c:04X} башкаруучу белгиси бар; аны өчүрүңүз"),
                format!("содержит управляющий символ U+{c:04X}; удалите его"),
                format!("contains the control character U+{c:04X}; remove it"),
            ],
            OutOfRange { min, max } => [
                format!("{min} жана {max} ортосунда болушу керек"),
                format!("должно быть от {min} до {max}"),
                format!("must be between {min} and {max}"),
            ],
            NegativeCount => [
                "сан терс боло албайт".into(),
                "количество не может быть отрицательным".into(),
                "a count cannot be negative".into(),
            ],
            CountTooLarge(max) => [
                format!("{max} чегинен ашат; мектептер мындай санды бул жерге жазбайт"),
                format!("больше {max}; такого числа здесь не бывает"),
                format!("is more than {max}, which no school reports here"),
            ],
            TooLong(max) => [
                format!("{max} белгиден узун"),
                format!("длиннее {max} символов"),
                format!("is longer than {max} characters"),
            ],
            NotOneOf(choices) => [
                format!("тизмеде жок; болушу мүмкүн: {choices}"),
                format!("нет в списке; допустимо: {choices}"),
                format!("is not one of: {choices}"),
            ],
            NotYesNo => [
                "ооба же жок болушу керек (да/нет, yes/no)".into(),
                "должно быть да или нет (ооба/жок, yes/no)".into(),
                "must be yes or no (ооба/жок, да/нет)".into(),
            ],
            NotYear => [
                "2017-2018 сыяктуу окуу жылы эмес (2017-2018-о.ж. жана 2017-18 да кабыл алынат)"
                    .into(),
                "не учебный год вида 2017-2018 (принимаются также 2017-2018-о.ж. и 2017-18)".into(),
                "is not an academic year like 2017-2018 (2017-2018-о.ж. and 2017-18 are accepted)"
                    .into(),
            ],
            NotWholeNumber => [
                "бүтүн сан эмес".into(),
                "не целое число".into(),
                "is not a whole number".into(),
            ],
            TwoSeparators => [
                "сан эмес (бир гана ондук бөлгүч колдонуңуз, мисалы 91,78)".into(),
                "не число (используйте один десятичный разделитель, например 91,78)".into(),
                "is not a number (use one decimal separator, e.g. 91,78)".into(),
            ],
            NotNumber => [
                "сан эмес".into(),
                "не число".into(),
                "is not a number".into(),
            ],
            NotDate => [
                "15.10.2023 сыяктуу дата эмес".into(),
                "не дата вида 15.10.2023".into(),
                "is not a date like 15.10.2023".into(),
            ],
            Required => [
                "толтурулушу керек".into(),
                "обязательно для заполнения".into(),
                "is required".into(),
            ],
            NoHeader(n) => [
                format!("{n}-мамычада маани бар, бирок мамычанын аталышы жок"),
                format!("значение в столбце {n}, у которого нет заголовка"),
                format!("a value in column {n} which has no header"),
            ],
            ColumnTwice(c) => [
                format!("«{c}» мамычасы эки жолу кездешет"),
                format!("столбец «{c}» встречается дважды"),
                format!("column {c} appears twice"),
            ],
            UnknownColumn { position, columns } => {
                let list = |i: usize| columns.iter().map(|h| h[i]).collect::<Vec<_>>().join(", ");
                [
                    format!(
                        "белгисиз мамыча ({position}-мамыча); үлгүнүн мамычалары: {}",
                        list(0)
                    ),
                    format!(
                        "неизвестный столбец (столбец {position}); столбцы шаблона: {}",
                        list(1)
                    ),
                    format!(
                        "unknown column (column {position}); the template's columns are: {}",
                        list(2)
                    ),
                ]
            }
            MissingColumn([ky, ru, key]) => [
                format!("милдеттүү «{ky}» мамычасы жок (аталышы: {ky} / {ru} / {key})"),
                format!("нет обязательного столбца «{ru}» (заголовок: {ru} / {ky} / {key})"),
                format!("required column is missing (header: {key} / {ky} / {ru})"),
            ],
            NoDataRows => [
                "файлда маалыматы бар сап жок".into(),
                "в файле нет строк с данными".into(),
                "the file has no data rows".into(),
            ],
            NotUtf8 => [
                "файл UTF-8 коддоосунда эмес (Windows-1251 болушу мүмкүн); аны «CSV UTF-8» \
                 катары сактаңыз"
                    .into(),
                "файл не в кодировке UTF-8 (возможно, Windows-1251); сохраните его как \
                 «CSV UTF-8»"
                    .into(),
                "the file is not UTF-8 (it may be Windows-1251); save it as \"CSV UTF-8\"".into(),
            ],
            Repeats {
                earlier,
                item,
                keys,
            } => {
                let (ky, ru, en) = if *item {
                    ("элементти", "элемент", "item")
                } else {
                    ("сапты", "строку", "row")
                };
                [
                    format!("{earlier}-{ky} кайталайт (бирдей: {keys}): экөөнүн бирин калтырыңыз"),
                    format!("повторяет {ru} {earlier} (те же {keys}): оставьте одну из двух"),
                    format!("repeats {en} {earlier} (same {keys}): keep one of the two"),
                ]
            }
            OutOfScope(role) => [
                format!(
                    "бул мектеп сиздин {role} токениңиздин чегинен тышкары; эч нерсе жазылган жок"
                ),
                format!("эта школа вне области вашего токена {role}; ничего не записано"),
                format!(
                    "this school is outside the scope of your {role} token; nothing was written"
                ),
            ],
            NeedsToken => [
                "маалымат киргизүү үчүн токен керек".into(),
                "для ввода данных нужен токен".into(),
                "data entry needs a token".into(),
            ],
            UnknownSchoolCode(code) => [
                format!("`{code}` коду менен мектеп жок"),
                format!("нет школы с кодом `{code}`"),
                format!("no school has the code `{code}`"),
            ],
            SchoolNotNamed => [
                "мектептин кодун же районду жана мектептин номерин же аталышын жазыңыз".into(),
                "укажите код школы или район с номером или названием школы".into(),
                "give the school code, or the district with the school number or name".into(),
            ],
            UnknownDistrict(d) => [
                format!("белгисиз район `{d}`"),
                format!("неизвестный район `{d}`"),
                format!("unknown district `{d}`"),
            ],
            NoNumberOrName => [
                "район менен кошо мектептин номерин же аталышын жазыңыз".into(),
                "укажите номер или название школы вместе с районом".into(),
                "give the school number or name with the district".into(),
            ],
            AmbiguousSchool { count, district } => [
                format!("{district} ичинде {count} мектеп дал келет; мектептин кодун жазыңыз"),
                format!("в «{district}» подходят {count} школы; укажите код школы"),
                format!("{count} schools in {district} match; use the school code instead"),
            ],
            NoSchoolMatches(d) => [
                format!("{d} ичинде дал келген мектеп жок"),
                format!("в «{d}» нет подходящей школы"),
                format!("no school in {d} matches"),
            ],
            UnknownSubject => [
                "белгисиз сабак: кодун (мисалы, mathematics) же кыргызча/орусча аталышын жазыңыз"
                    .into(),
                "неизвестный предмет: укажите код (например, mathematics) или название на \
                 кыргызском/русском"
                    .into(),
                "unknown subject: use a code such as mathematics or the Kyrgyz/Russian name".into(),
            ],
            CountsAboveEnrolled {
                counts,
                total,
                enrolled,
            } => [
                format!(
                    "сандардын ({counts}) жыйындысы {total}, бул катталган {enrolled} окуучудан көп"
                ),
                format!(
                    "сумма чисел ({counts}) равна {total}, это больше {enrolled} учеников в \
                     контингенте"
                ),
                format!(
                    "the counts ({counts}) add up to {total}, more than the {enrolled} pupils \
                     enrolled"
                ),
            ],
            AboveEnrolled(total) => [
                format!("катталган {total} окуучудан көп"),
                format!("больше {total} учеников в контингенте"),
                format!("is more than the {total} pupils enrolled"),
            ],
            AboveOrtMax(max) => [
                format!("ЖРТ боюнча эң жогорку баллдан ({max}) жогору"),
                format!("выше максимального балла ОРТ ({max})"),
                format!("is above the ORT maximum of {max}"),
            ],
            AboveParticipants(n) => [
                format!("{n} катышуучудан көп"),
                format!("больше {n} участников"),
                format!("is more than the {n} participants"),
            ],
            LowestAboveHighest => [
                "эң төмөнкү балл эң жогорку баллдан жогору".into(),
                "наименьший балл выше наибольшего".into(),
                "the lowest score is above the highest".into(),
            ],
            AboveMaxScore(max) => [
                format!("тесттин эң жогорку баллынан ({max}) жогору"),
                format!("выше максимального балла теста ({max})"),
                format!("is above the test's maximum of {max}"),
            ],
            UnknownTeacher(r) => [
                format!(
                    "мектепте «{r}» коду менен мугалим жок; адегенде мугалимдердин тизмесин \
                     (teachers) жүктөңүз"
                ),
                format!(
                    "в школе нет учителя с кодом «{r}»; сначала загрузите список учителей \
                     (teachers)"
                ),
                format!(
                    "the school has no teacher with reference `{r}`; import the teacher \
                     register (teachers) first"
                ),
            ],
            UnknownOrtTaker(r) => [
                format!(
                    "мектепте ушул жылы жана сессияда «{r}» коду менен ЖРТ жыйынтыгы жок; \
                     адегенде ЖРТ жыйынтыктарын (ort-results) жүктөңүз"
                ),
                format!(
                    "в школе нет результата ОРТ с кодом «{r}» за этот год и сессию; сначала \
                     загрузите результаты ОРТ (ort-results)"
                ),
                format!(
                    "the school has no ORT result of `{r}` in this year and session; import \
                     the ORT results (ort-results) first"
                ),
            ],
            UnknownTraining(name) => [
                format!(
                    "мектепте ушул жылы ушул уюштуруучунун «{name}» программасы жок; \
                     адегенде окутууларды (training) жүктөңүз"
                ),
                format!(
                    "в школе нет программы «{name}» этого организатора за этот год; сначала \
                     загрузите обучения (training)"
                ),
                format!(
                    "the school has no programme `{name}` of this provider in this year; \
                     import the training (training) first"
                ),
            ],
            Refused {
                total,
                batch,
                first,
            } => {
                let (ky, ru, en) = if *batch {
                    ("топтомдо", "в пакете", "batch")
                } else {
                    ("файлда", "в файле", "file")
                };
                [
                    format!("{ky} {total} ката бар; эч нерсе жазылган жок. Биринчиси: {first}"),
                    format!("{ru} ошибок: {total}; ничего не записано. Первая: {first}"),
                    format!("{total} problem(s) in the {en}; nothing was written. First: {first}"),
                ]
            }
            Untranslated(en) => [en.clone(), en.clone(), en.clone()],
        }
    }

    /// One of each variant (for the test that every message has its three texts).
    #[cfg(test)]
    fn samples() -> Vec<Msg> {
        use Msg::*;
        let headers: Headers = ["мектептин коду", "код школы", "school_code"];
        vec![
            ControlChar(0),
            OutOfRange {
                min: "1".into(),
                max: "12".into(),
            },
            NegativeCount,
            CountTooLarge(1_000_000),
            TooLong(300),
            NotOneOf("zonal (зоналык)".into()),
            NotYesNo,
            NotYear,
            NotWholeNumber,
            TwoSeparators,
            NotNumber,
            NotDate,
            Required,
            NoHeader(3),
            ColumnTwice("n5".into()),
            UnknownColumn {
                position: 2,
                columns: vec![headers],
            },
            MissingColumn(headers),
            NoDataRows,
            NotUtf8,
            Repeats {
                earlier: 2,
                item: false,
                keys: "school".into(),
            },
            Repeats {
                earlier: 2,
                item: true,
                keys: "school".into(),
            },
            OutOfScope("school".into()),
            NeedsToken,
            UnknownSchoolCode("KG-1".into()),
            SchoolNotNamed,
            UnknownDistrict("Ноокат".into()),
            NoNumberOrName,
            AmbiguousSchool {
                count: 2,
                district: "Өзгөн району".into(),
            },
            NoSchoolMatches("Өзгөн району".into()),
            UnknownSubject,
            CountsAboveEnrolled {
                counts: "n5 + n4".into(),
                total: 30,
                enrolled: 25,
            },
            AboveEnrolled(25),
            AboveOrtMax(245),
            AboveParticipants(10),
            LowestAboveHighest,
            AboveMaxScore(200),
            UnknownTeacher("Т-07".into()),
            UnknownOrtTaker("G045-2019-003".into()),
            UnknownTraining("Сынчыл ойлом".into()),
            Refused {
                total: 2,
                batch: false,
                first: "n5".into(),
            },
            Refused {
                total: 2,
                batch: true,
                first: "n5".into(),
            },
        ]
    }
}

/// English: logs, `Debug`-free display, and the API's answer when no language was asked for.
impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// In English where a message is serialised without a language (logs, JSON reports).
impl serde::Serialize for Msg {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.render(Lang::En))
    }
}

/// Text from a check not yet in the catalog.
impl From<String> for Msg {
    fn from(en: String) -> Self {
        Msg::Untranslated(en)
    }
}

impl From<&str> for Msg {
    fn from(en: &str) -> Self {
        Msg::Untranslated(en.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The samples hold every variant but `Untranslated`: a new variant must be added there
    /// (this match stops compiling until it is).
    #[test]
    fn every_message_has_three_distinct_non_empty_texts() {
        let samples = Msg::samples();
        for m in &samples {
            let [ky, ru, en] = m.texts();
            assert!(!ky.is_empty() && !ru.is_empty() && !en.is_empty(), "{m:?}");
            assert!(
                ky != ru && ru != en && ky != en,
                "{m:?}: {ky} / {ru} / {en}"
            );
            assert_eq!(m.to_string(), en);
            assert_eq!(m.render(Lang::Ky), ky);
            assert_eq!(m.render(Lang::Ru), ru);
        }
        // Every variant (but the English-only fallback) is among the samples.
        let count = |m: &Msg| -> u8 {
            use Msg::*;
            match m {
                ControlChar(_)
                | OutOfRange { .. }
                | NegativeCount
                | CountTooLarge(_)
                | TooLong(_)
                | NotOneOf(_)
                | NotYesNo
                | NotYear
                | NotWholeNumber
                | TwoSeparators
                | NotNumber
                | NotDate
                | Required
                | NoHeader(_)
                | ColumnTwice(_)
                | UnknownColumn { .. }
                | MissingColumn(_)
                | NoDataRows
                | NotUtf8
                | Repeats { .. }
                | OutOfScope(_)
                | NeedsToken
                | UnknownSchoolCode(_)
                | SchoolNotNamed
                | UnknownDistrict(_)
                | NoNumberOrName
                | AmbiguousSchool { .. }
                | NoSchoolMatches(_)
                | UnknownSubject
                | CountsAboveEnrolled { .. }
                | AboveEnrolled(_)
                | AboveOrtMax(_)
                | AboveParticipants(_)
                | LowestAboveHighest
                | AboveMaxScore(_)
                | UnknownTeacher(_)
                | UnknownOrtTaker(_)
                | UnknownTraining(_)
                | Refused { .. } => 1,
                Untranslated(_) => 0,
            }
        };
        let kinds: std::collections::HashSet<_> = samples
            .iter()
            .filter(|m| count(m) == 1)
            .map(std::mem::discriminant)
            .collect();
        assert_eq!(kinds.len(), 39, "one sample of every variant");
    }

    #[test]
    fn kyrgyz_letters_survive_and_languages_parse_from_lang_tags() {
        let ky = Msg::ControlChar(0).render(Lang::Ky);
        assert!(
            ky.contains('ө') && ky.contains('ү') && ky.contains('ң'),
            "{ky}"
        );
        assert_eq!(Lang::from_tag("ru_RU.UTF-8"), Some(Lang::Ru));
        assert_eq!(Lang::from_tag("ky-KG"), Some(Lang::Ky));
        assert_eq!(Lang::from_tag("C.UTF-8"), None);
    }
}
