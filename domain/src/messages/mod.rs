//! The messages an import or a batch of data entry can give a school or a district office, in
//! Kyrgyz, Russian and English.
//!
//! Checks return a [`Msg`] (what went wrong, with its arguments), never finished text; the
//! edge that answers the user renders it in the caller's language ([`Msg::render`]): the
//! GraphQL API by the request's language, `sapat import` by `--lang`. Each variant's three
//! texts sit side by side in [`Msg::texts`], so a message cannot be added without all three.
//! The English text is the one the API gave before the catalog existed.
//!
//! A message only one fact kind's checks give lives in that kind's module, declared with
//! [`kind_messages!`](crate::kind_messages): the same three texts side by side and a sample,
//! reaching the user as [`Msg::Kind`]; so a new kind with new checks needs no line here.

use std::fmt;

pub use kind::{KindMsg, KindText};
pub use quoted::Quoted;

mod kind;
mod quoted;

pub mod arguments;
pub mod exports;
pub mod reports;
pub mod requests;

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
    /// This language's text of a message's three, given as [Kyrgyz, Russian, English] (the
    /// `texts` of every message enum: `Msg`, `ReportMsg`, `ExportMsg`, `RequestMsg`, `Denied`).
    pub fn choose(self, [ky, ru, en]: [String; 3]) -> String {
        match self {
            Lang::Ky => ky,
            Lang::Ru => ru,
            Lang::En => en,
        }
    }

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
    ColumnTwice(Quoted),
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
    UnknownSchoolCode(Quoted),
    SchoolNotNamed,
    UnknownDistrict(Quoted),
    NoNumberOrName,
    /// Several schools (how many) of the district match the number or name.
    AmbiguousSchool {
        count: usize,
        district: Quoted,
    },
    NoSchoolMatches(Quoted),
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
    /// A refused file (`batch`: a refused batch of items) with `total` problems, nothing
    /// written; `first` is the first problem, already rendered.
    Refused {
        total: usize,
        batch: bool,
        first: String,
    },
    /// The CLI's closing line for a refused file: its name and how many problems.
    FileRefused {
        file: String,
        total: usize,
    },
    /// How many more problems follow the listed ones.
    AndMore(usize),
    // Reading a file (`detail`: the reader's own words, English: kept in the English text for
    // the technician, left out of the Kyrgyz and Russian ones, which say what to do instead).
    CannotRead(String),
    Utf16,
    /// No header row: in a sheet (`sheet`) or in a CSV file.
    NoHeaderRow {
        sheet: bool,
    },
    /// A CSV row the reader cannot split into cells.
    BrokenCsv(String),
    SheetUnreadable {
        sheet: String,
        detail: String,
    },
    NoSheets,
    NotSpreadsheet(String),
    /// The workbook unpacks to more than this many MB.
    WorkbookTooBig(u64),
    /// The shared-string table claims this many entries.
    SharedStringsLie(u64),
    /// A shared string longer than any Excel writes.
    SharedStringTooLong,
    /// XML elements nested deeper than this.
    NestedTooDeep(u32),
    /// A cell holding a spreadsheet error (`#DIV/0!`).
    SpreadsheetError(String),
    /// A value right of this column (its letters).
    RightOfColumn(String),
    /// More filled cells than this.
    TooManyCells(usize),
    /// A CSV row wider than this many columns.
    TooManyColumns(usize),
    /// The workbook reader stayed busy with others' files for this many seconds.
    WorkbookReaderBusy(u64),
    /// `school_code` names another school than `field` (`district` or `school_number`) does.
    SchoolCodeDisagrees {
        field: &'static str,
        given: Quoted,
    },
    // Checks of one kind of facts.
    /// The contest was given another value by this earlier row.
    ContestDiffers {
        row: u64,
        value: String,
    },
    // Accreditation records (fields named as the API names them).
    /// A date before the one in this field.
    EarlierThan(String),
    RefusedWithCertificate,
    /// A reference given twice in the commission (`commission`) or a criterion twice in the report.
    AppearsTwice {
        commission: bool,
    },
    CriterionCode,
    // A kind's own.
    /// A message one fact kind's module declares ([`kind_messages!`](crate::kind_messages)).
    Kind(KindText),
}

/// A role's name as messages use it: Kyrgyz, Kyrgyz genitive ("… токенинин") and Russian
/// genitive ("токена …"); an unknown code stands as it is.
pub(crate) fn role_names(code: &str) -> [&str; 3] {
    match code {
        "admin" => ["администратор", "администратордун", "администратора"],
        "region" => ["облус", "облустун", "области"],
        "district" => ["район", "райондун", "района"],
        "school" => ["мектеп", "мектептин", "школы"],
        other => [other; 3],
    }
}

impl Msg {
    /// The message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        lang.choose(self.texts())
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
                    "бул мектеп сиздин {} токениңиздин чегинен тышкары; эч нерсе жазылган жок",
                    role_names(role)[0]
                ),
                format!(
                    "эта школа вне области вашего токена {}; ничего не записано",
                    role_names(role)[2]
                ),
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
                format!(
                    "белгисиз район `{d}`: анын кодун (мисалы, KG-O-UZG) же кыргызча же орусча \
                     аталышын жазыңыз"
                ),
                format!(
                    "неизвестный район `{d}`: укажите его код (например, KG-O-UZG) или название \
                     на кыргызском или русском"
                ),
                format!(
                    "unknown district `{d}`: use its code (e.g. KG-O-UZG) or its Kyrgyz or \
                     Russian name"
                ),
            ],
            NoNumberOrName => [
                "район менен кошо мектептин номерин же аталышын жазыңыз".into(),
                "укажите номер или название школы вместе с районом".into(),
                "give the school number or name with the district".into(),
            ],
            AmbiguousSchool { count, district } => [
                format!("{district} ичинде {count} мектеп дал келет; мектептин кодун жазыңыз"),
                format!("в «{district}» подходит несколько школ ({count}); укажите код школы"),
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
            FileRefused { file, total } => [
                format!("{file}: {total} ката; эч нерсе жазылган жок"),
                format!("{file}: ошибок: {total}; ничего не записано"),
                format!("{file}: {total} problem(s); nothing was written"),
            ],
            AndMore(n) => [
                format!("… жана дагы {n}"),
                format!("… и ещё {n}"),
                format!("… and {n} more"),
            ],
            CannotRead(d) => [
                "файлды окуу мүмкүн эмес; аны кайра жүктөп көрүңүз".into(),
                "не удаётся прочитать файл; попробуйте загрузить его ещё раз".into(),
                format!("cannot read the file: {d}"),
            ],
            Utf16 => [
                "файл UTF-16 коддоосунда; аны «CSV UTF-8» катары сактаңыз (Excel: «Сактоо \
                 катары» → «CSV UTF-8»)"
                    .into(),
                "файл в кодировке UTF-16; сохраните его как «CSV UTF-8» (Excel: «Сохранить \
                 как» → «CSV UTF-8»)"
                    .into(),
                "the file is UTF-16; save it as \"CSV UTF-8\" (Excel: Save As → CSV UTF-8)".into(),
            ],
            NoHeaderRow { sheet } => {
                let (ky, ru, en) = if *sheet {
                    ("барак", "лист", "sheet")
                } else {
                    ("файл", "файл", "file")
                };
                [
                    format!("{ky} бош: мамычалардын аталыштары жазылган сап жок"),
                    format!("{ru} пуст: нет строки с заголовками столбцов"),
                    format!("the {en} is empty: it has no header row"),
                ]
            }
            BrokenCsv(d) => [
                "CSV сабын мамычаларга бөлүү мүмкүн эмес; файлды «CSV UTF-8» катары кайра сактаңыз"
                    .into(),
                "строку CSV не удаётся разделить на столбцы; сохраните файл заново как «CSV UTF-8»"
                    .into(),
                format!("the CSV row cannot be read: {d}"),
            ],
            SheetUnreadable { sheet, detail } => [
                format!("«{sheet}» барагын окуу мүмкүн эмес; файлды Excelде ачып, кайра сактаңыз"),
                format!("не удаётся прочитать лист «{sheet}»; откройте файл в Excel и сохраните заново"),
                format!("sheet `{sheet}` cannot be read: {detail}"),
            ],
            NoSheets => [
                "Excel файлында бир да барак жок".into(),
                "в файле Excel нет ни одного листа".into(),
                "the workbook has no sheets".into(),
            ],
            NotSpreadsheet(d) => [
                "файл окула турган Excel таблицасы (.xlsx) эмес; аны Excelде ачып, .xlsx катары кайра сактаңыз"
                    .into(),
                "файл не является читаемой таблицей Excel (.xlsx); откройте его в Excel и сохраните как .xlsx"
                    .into(),
                format!("the file is not a readable spreadsheet (.xlsx): {d}"),
            ],
            WorkbookTooBig(mb) => [
                format!(
                    "ачылганда Excel файлы {mb} МБдан ашат; аны бөлүңүз же CSV катары сактаңыз"
                ),
                format!(
                    "в распакованном виде файл Excel больше {mb} МБ; разделите его или \
                     сохраните как CSV"
                ),
                format!("the workbook unpacks to more than {mb} MB; split it or save it as CSV"),
            ],
            SharedStringsLie(count) => [
                format!(
                    "файлдын саптар таблицасында {count} жазуу бар деп айтылат, бирок алда \
                     канча аз; файлды Excel же LibreOffice менен кайра сактаңыз"
                ),
                format!(
                    "таблица строк файла заявляет {count} записей, а содержит гораздо меньше; \
                     пересохраните файл в Excel или LibreOffice"
                ),
                format!(
                    "the workbook's shared-string table claims {count} entries but holds far \
                     fewer; save it again from Excel or LibreOffice"
                ),
            ],
            SharedStringTooLong => [
                "Excel файлындагы бир текст Excel уруксат берген узундуктан (32 767 белги) \
                 узун; файлды Excel же LibreOffice менен кайра сактаңыз"
                    .into(),
                "текст в файле Excel длиннее, чем допускает Excel (32 767 символов); \
                 пересохраните файл в Excel или LibreOffice"
                    .into(),
                "a text in the workbook is longer than Excel allows (32,767 characters); save it \
                 again from Excel or LibreOffice"
                    .into(),
            ],
            NestedTooDeep(max) => [
                format!(
                    "Excel файлынын ичиндеги XML {max} деңгээлден терең; файлды Excel же \
                     LibreOffice менен кайра сактаңыз"
                ),
                format!(
                    "XML внутри файла Excel вложен глубже {max} уровней; пересохраните файл в \
                     Excel или LibreOffice"
                ),
                format!(
                    "the workbook's XML nests deeper than {max} levels; save it again from Excel \
                     or LibreOffice"
                ),
            ],
            SpreadsheetError(e) => [
                format!("уячада формуланын катасы бар ({e}); формуланы оңдоңуз"),
                format!("в ячейке ошибка формулы ({e}); исправьте формулу"),
                format!("a cell holds a spreadsheet error ({e}); fix the formula"),
            ],
            RightOfColumn(col) => [
                format!(
                    "{col} мамычасынын оң жагында маани бар: үлгүлөрдө мамычалар алда канча аз"
                ),
                format!("значение правее столбца {col}: в шаблонах гораздо меньше столбцов"),
                format!("a value right of column {col}: the templates have far fewer columns"),
            ],
            TooManyCells(n) => [
                format!("баракта {n} толтурулган уячадан ашык; аны бөлүңүз же CSV катары сактаңыз"),
                format!(
                    "на листе больше {n} заполненных ячеек; разделите его или сохраните как CSV"
                ),
                format!("the sheet has more than {n} filled cells; split it or save it as CSV"),
            ],
            TooManyColumns(n) => [
                format!("файлда {n} мамычадан ашык бар: үлгүлөрдө мамычалар алда канча аз"),
                format!("в файле больше {n} столбцов: в шаблонах гораздо меньше столбцов"),
                format!("the file has more than {n} columns: the templates have far fewer"),
            ],
            WorkbookReaderBusy(s) => [
                format!(
                    "сервер {s} секунд бою башка Excel файлдарын окуп жатты; бир мүнөттөн кийин \
                     кайра жөнөтүңүз же CSV катары сактаңыз"
                ),
                format!(
                    "сервер {s} секунд читал другие файлы Excel; отправьте файл снова через \
                     минуту или сохраните его как CSV"
                ),
                format!(
                    "the server spent {s} seconds reading other workbooks; send the file again \
                     in a minute, or save it as CSV"
                ),
            ],
            SchoolCodeDisagrees { field, given } => [
                format!(
                    "school_code жана {field} `{given}` башка-башка мектептерди көрсөтөт; кодду \
                     гана жазыңыз же экөөнү дал келтириңиз"
                ),
                format!(
                    "school_code и {field} `{given}` указывают на разные школы; укажите только \
                     код или исправьте расхождение"
                ),
                format!(
                    "school_code and {field} `{given}` name different schools; give the code \
                     alone, or make them agree"
                ),
            ],
            ContestDiffers { row, value } => [
                format!(
                    "{row}-сап ушул эле сынак үчүн «{value}» деп жазылган; бир сынакта бул \
                     маани бирөө гана болот"
                ),
                format!(
                    "в строке {row} для того же конкурса указано «{value}»; у одного конкурса \
                     это значение одно"
                ),
                format!(
                    "row {row} gives `{value}` for the same contest; one contest has one value \
                     here"
                ),
            ],
            EarlierThan(field) => [
                format!("{field} күнүнөн мурун"),
                format!("раньше даты {field}"),
                format!("is before {field}"),
            ],
            RefusedWithCertificate => [
                "четке кагылган аккредитацияда күбөлүк да, мөөнөт да болбойт: certificateNo \
                 жана validUntil бош калтырыңыз"
                    .into(),
                "у аккредитации с отказом нет ни свидетельства, ни срока действия: оставьте \
                 certificateNo и validUntil пустыми"
                    .into(),
                "a refused accreditation has no certificate and no validity: leave \
                 certificateNo and validUntil empty"
                    .into(),
            ],
            AppearsTwice { commission } => {
                let (ky, ru, en) = if *commission {
                    ("комиссияда", "в комиссии", "commission")
                } else {
                    ("отчетто", "в отчёте", "report")
                };
                [
                    format!("{ky} эки жолу кездешет"),
                    format!("встречается {ru} дважды"),
                    format!("appears twice in the {en}"),
                ]
            }
            CriterionCode => [
                "<стандарт>.<номер> түрүндө болушу керек: стандарт 1–4, номер 1–9 (мисалы, 2.7)"
                    .into(),
                "должно иметь вид <стандарт>.<номер>: стандарт 1–4, номер 1–9 (например, 2.7)"
                    .into(),
                "must be <standard>.<number>, standard 1–4 and number 1–9 (e.g. 2.7)".into(),
            ],
            Kind(m) => m.0.texts(),
        }
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

#[cfg(test)]
mod tests;
