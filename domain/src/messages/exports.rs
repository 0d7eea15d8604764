//! The messages of data exports (`GET /exports/…`, `sapat export`) that are not refusals of
//! scope ([`crate::denied`] has those): a wrong file name, kind, format, year or language, a
//! scope that does not fit the kind, a sheet too long. Kyrgyz, Russian and English side by
//! side, as in [`super::reports`].

use super::Lang;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportMsg {
    /// The file is not `<kind>.csv` or `<kind>.xlsx`.
    BadFileName(String),
    /// Not a kind of data: the kinds there are.
    UnknownKind { kind: String, known: String },
    /// Not csv or xlsx.
    BadFormat(String),
    /// Not a start year (2021) or a label (2021-2022).
    BadYear(String),
    /// `lang` is not ky, ru or en.
    BadLang(String),
    /// National reference data asked for one school or district.
    NationalData { kind: String },
    /// More rows than an XLSX sheet holds.
    TooManyRows { rows: u64, max: u64 },
    /// As many exports as the server runs at once are running (`server.max_concurrent_exports`).
    Busy { limit: u32 },
    /// The caller already runs as many exports as one caller may (fewer than the server's
    /// limit, so that one caller never holds them all).
    YoursRunning { limit: u32 },
    /// Both `school` and `district`.
    SchoolAndDistrict,
    /// A year outside 1990..=2100.
    YearOutOfRange(String),
}

impl ExportMsg {
    pub fn render(&self, lang: Lang) -> String {
        lang.choose(self.texts())
    }

    /// The message in Kyrgyz, Russian and English.
    pub fn texts(&self) -> [String; 3] {
        use ExportMsg::*;
        match self {
            BadFileName(f) => [
                format!(
                    "«{f}»: файлдын аты <түрү>.csv же <түрү>.xlsx болушу керек (мисалы mark-summaries.csv)"
                ),
                format!(
                    "«{f}»: имя файла должно быть <вид>.csv или <вид>.xlsx (например, mark-summaries.csv)"
                ),
                format!(
                    "`{f}`: name the file as <kind>.csv or <kind>.xlsx (e.g. mark-summaries.csv)"
                ),
            ],
            UnknownKind { kind, known } => [
                format!("«{kind}» деген маалымат түрү жок; түрлөрү: {known}"),
                format!("вида данных «{kind}» нет; виды: {known}"),
                format!("unknown kind of data `{kind}`; one of: {known}"),
            ],
            BadFormat(x) => [
                format!("«{x}» форматы жок; csv же xlsx"),
                format!("формата «{x}» нет; csv или xlsx"),
                format!("format `{x}`: csv or xlsx"),
            ],
            BadYear(y) => [
                format!("year «{y}»: окуу жылы башталган жылы (2021) же 2021-2022 түрүндө жазылат"),
                format!(
                    "year «{y}»: учебный год указывается годом начала (2021) или как 2021-2022"
                ),
                format!(
                    "year `{y}`: the academic year's start year (2021) or its label (2021-2022)"
                ),
            ],
            BadLang(l) => [
                format!("lang «{l}»: ky, ru же en болушу керек"),
                format!("lang «{l}»: допустимо ky, ru или en"),
                format!("lang `{l}`: ky, ru or en"),
            ],
            NationalData { kind } => [
                format!(
                    "{kind} — улуттук маалымдама маалыматтары, мектептики эмес: аларды мектепсиз жана районсуз экспорттоңуз"
                ),
                format!(
                    "{kind} — национальные справочные данные, а не данные школы: экспортируйте их без школы и района"
                ),
                format!(
                    "{kind} are national reference data, not a school's: export them without a school or district"
                ),
            ],
            TooManyRows { rows, max } => [
                format!(
                    "XLSX барагына эң көп {max} сап батат, бул экспортто {rows} сап; CSV алыңыз же бир районду же бир жылды экспорттоңуз"
                ),
                format!(
                    "лист XLSX вмещает не более {max} строк, а в этом экспорте {rows}; выгрузите CSV или один район или один год"
                ),
                format!(
                    "an XLSX sheet holds at most {max} rows and this export has {rows}; export CSV, or one district or one year"
                ),
            ],
            Busy { limit } => [
                format!(
                    "сервер бир убакта {limit} экспорт гана жасайт, азыр алардын баары бош эмес; бир аздан кийин кайталаңыз"
                ),
                format!(
                    "сервер выполняет не более {limit} выгрузок одновременно, сейчас все заняты; повторите чуть позже"
                ),
                format!(
                    "the server runs at most {limit} exports at once and all are busy; try again in a moment"
                ),
            ],
            YoursRunning { limit } => [
                format!(
                    "сиздин {limit} экспортуңуз азыр жүрүп жатат (бир колдонуучуга бир убакта {limit}); ал бүткөндөн кийин кайталаңыз"
                ),
                format!(
                    "у вас уже выполняется выгрузок: {limit} (не более {limit} одновременно на одного пользователя); повторите, когда она закончится"
                ),
                format!(
                    "you already have {limit} export(s) running, the most one caller may run at once; try again when it has finished"
                ),
            ],
            SchoolAndDistrict => [
                "school жана district бирге берилбейт: мектепти же районду гана бериңиз".into(),
                "school и district вместе не указываются: укажите школу или район".into(),
                "school and district: give one, not both".into(),
            ],
            YearOutOfRange(y) => [
                format!("year «{y}»: жыл 1990дон 2100гө чейин болушу керек"),
                format!("year «{y}»: год должен быть от 1990 до 2100"),
                format!("year `{y}`: a year from 1990 to 2100"),
            ],
        }
    }
}

impl fmt::Display for ExportMsg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_export_message_has_three_distinct_texts() {
        use ExportMsg::*;
        let all = [
            BadFileName("x".into()),
            UnknownKind {
                kind: "x".into(),
                known: "schools".into(),
            },
            BadFormat("x".into()),
            BadYear("x".into()),
            BadLang("x".into()),
            NationalData {
                kind: "subjects".into(),
            },
            TooManyRows { rows: 2, max: 1 },
            Busy { limit: 2 },
            YoursRunning { limit: 1 },
            SchoolAndDistrict,
            YearOutOfRange("1".into()),
        ];
        for m in all {
            let [ky, ru, en] = m.texts();
            assert!(ky != ru && ru != en && ky != en, "{m:?}");
            for text in [&ky, &ru] {
                assert!(text.chars().any(|c| ('а'..='я').contains(&c)), "{m:?}");
            }
        }
    }
}
