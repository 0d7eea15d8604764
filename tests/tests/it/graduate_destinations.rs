//! Graduate destinations, the kind added as the proof of a kind in six files: its own checks
//! (declared with its messages in its module) refuse a file at the row and column in Kyrgyz
//! and Russian with nothing written; a good file is written once and unchanged the second
//! time; blank destinations stay NULL (not reported), never 0.

use domain::auth::Caller;
use domain::facts::graduate_destinations::Check;
use domain::import::{Context, Format, ImportKind, ImportReport, RowError};
use domain::messages::{Lang, Msg};
use integration_tests::TestDb;

const HEADER: &str = "school_code,academic_year,grade,graduates,continuing_school,to_university,\
                      to_college,to_vocational,employed,other\n";

async fn import(t: &TestDb, rows: &str) -> Result<ImportReport, Vec<RowError>> {
    let file = format!("{HEADER}{rows}");
    match domain::import::import(
        &t.db,
        &Caller::operator(),
        ImportKind::GraduateDestinations,
        std::io::Cursor::new(file.into_bytes()),
        Format::Csv,
        &Context { ort_main_max: 245 },
        &|_| {},
    )
    .await
    {
        Ok(report) => Ok(report),
        Err(domain::Error::Rejected { errors, .. }) => Err(errors),
        Err(other) => panic!("unexpected error {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn its_own_checks_refuse_the_file_and_good_rows_are_written_once() {
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    let before = t.count("graduate_destination").await;
    // Arrange: row 2 is good; rows 3–5 break one check each.
    let bad = "KG-O-UZG-045,2022-2023,9,40,25,,10,3,1,1\n\
               KG-O-UZG-045,2022-2023,10,30,,,,,,\n\
               KG-O-UZG-045,2021-2022,9,40,20,2,,,,\n\
               KG-O-UZG-045,2021-2022,11,30,,20,8,,,3\n";
    // Act
    let errors = import(&t, bad).await.expect_err("three bad rows");
    // Assert: each at its row and column, with the kind's own message in every language.
    let expected: [(u64, &str, Msg); 3] = [
        (3, "grade", Check::NotFinishingGrade(10).into()),
        (4, "to_university", Check::UniversityAfterGrade9.into()),
        (5, "other", Check::DestinationsAboveGraduates(31, 30).into()),
    ];
    assert_eq!(errors.len(), 3, "{errors:?}");
    for (e, (row, column, message)) in errors.iter().zip(&expected) {
        assert_eq!(
            (e.row, e.column.as_deref(), &e.message),
            (*row, Some(*column), message)
        );
        let (ky, ru) = (e.render(Lang::Ky), e.render(Lang::Ru));
        assert!(ky.contains(&message.render(Lang::Ky)), "{ky}");
        assert!(ru.contains(&message.render(Lang::Ru)), "{ru}");
    }
    assert!(errors[0].render(Lang::Ky).contains("бүтүрүүчү"));
    assert_eq!(
        t.count("graduate_destination").await,
        before,
        "nothing written"
    );

    // A good file: written, then unchanged; a blank destination is NULL.
    let good = "KG-O-UZG-045,2022-2023,9,40,25,,10,3,1,1\n\
                KG-O-UZG-045,2022-2023,11,30,,12,8,,4,\n";
    let first = import(&t, good).await.unwrap();
    let second = import(&t, good).await.unwrap();
    assert_eq!(first.rows, 2);
    assert_eq!(second.unchanged, 2, "{second:?}");
    let nulls = t
        .count(
            "graduate_destination WHERE grade = 11 AND academic_year = 2022 \
             AND to_vocational IS NULL AND other IS NULL AND to_university = 12",
        )
        .await;
    assert_eq!(nulls, 1);
}
