//! Typst as a library: a minimal [`World`] that holds the one template and the report's data
//! (`data.json`), with the embedded fonts only. No system fonts, no files, no network, so a
//! report renders the same on every machine.

use std::sync::LazyLock;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// DejaVu Sans Condensed (regular and bold; Bitstream Vera licence, fonts/LICENSE-DejaVu.txt):
/// full Cyrillic including the Kyrgyz letters ң ө ү, narrow enough for five-year tables.
const FONT_FILES: [&[u8]; 2] = [
    include_bytes!("../fonts/DejaVuSansCondensed.ttf"),
    include_bytes!("../fonts/DejaVuSansCondensed-Bold.ttf"),
];

/// The family name the template sets.
pub const FONT_FAMILY: &str = "DejaVu Sans";

/// The one template every report is set with; it reads `data.json`.
const TEMPLATE: &str = include_str!("../templates/report.typ");

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect();
    Fonts {
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

fn file_id(path: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("a valid virtual path"),
    )
    .intern()
}

struct ReportWorld {
    main: Source,
    data_id: FileId,
    data: Bytes,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    // The template prints the date it is given; it never asks for today.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// Renders `data` (the report's JSON, see `model::Document`) with the template into a PDF.
pub fn pdf(data: &serde_json::Value, ident: &str) -> Result<Vec<u8>, String> {
    let world = ReportWorld {
        main: Source::new(file_id("/report.typ"), TEMPLATE.to_owned()),
        data_id: file_id("/data.json"),
        data: Bytes::new(serde_json::to_vec(data).map_err(|e| e.to_string())?),
    };
    let document: PagedDocument = typst::compile(&world)
        .output
        .map_err(|errors| diagnostics(&errors))?;
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(ident.to_owned()),
        creator: typst::foundations::Smart::Custom(Some("Sapat".to_owned())),
        ..Default::default()
    };
    let bytes = typst_pdf::pdf(&document, &options).map_err(|errors| diagnostics(&errors));
    // Typst memoizes layout in a process-wide cache (comemo) that nothing empties: without
    // this a server's memory grew with every report (1.16 GB after 450). Results unused for
    // two renders are of no use to the next report, whose data differ.
    typst::comemo::evict(2);
    bytes
}

fn diagnostics(errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| e.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use crate::model::{Cell, Chart, Document, Lang, Section, Series, Table};

    #[test]
    fn renders_kyrgyz_letters_with_the_embedded_font() {
        let mut table = Table::new("t", &[("Көрсөткүч", false), ("2021-22", true)]);
        table.push(vec![Cell::text("Деңгээли ө ү ң"), Cell::num(Some(35.0), 1)]);
        let doc = Document {
            lang: Lang::Ky,
            title: "Сапат".into(),
            subtitle: "Өзгөн району".into(),
            meta: vec![("Окуу жылы".into(), "2021-2022".into())],
            sections: vec![Section {
                heading: "Билим сапаты".into(),
                reading: Some("туруктуу: 34 → 35 %".into()),
                table: Some(table),
                chart: Some(Chart {
                    title: "Билим сапаты".into(),
                    unit: "%".into(),
                    years: vec!["2020-21".into(), "2021-22".into()],
                    series: vec![Series {
                        label: "мектеп".into(),
                        values: vec![Some(34.0), None],
                    }],
                }),
                ..Section::default()
            }],
            footer: "Сапат".into(),
        };
        let pdf = crate::pdf(&doc, "test").expect("renders");
        assert!(pdf.starts_with(b"%PDF"));
        // The font is embedded (a subset), not referenced from the system.
        let raw = String::from_utf8_lossy(&pdf);
        assert!(
            raw.contains("DejaVu"),
            "the embedded font is named in the PDF"
        );
        assert!(raw.contains("FontFile2"), "the font program is embedded");
    }
}
