//! `sapat report`: one report to a file, or every school's report of a district into a
//! directory with a progress bar. The operator at the console reads as an admin; every file
//! written is audited as a download is.

use crate::cli::ReportArgs;
use anyhow::{Context as _, bail};
use domain::Config;
use domain::auth::Caller;
use domain::trend::snapshot::Snapshot;
use report::district::District;
use report::{Kind, Rendered, Subject};
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub async fn run(db: &domain::Db, config: &Config, args: ReportArgs) -> anyhow::Result<()> {
    // Usage errors first (exit 2), before anything is read, rendered or audited.
    let district_report = args.kind == Kind::District;
    match (&args.school, &args.district, &args.out_dir) {
        _ if district_report && (args.school.is_some() || args.out_dir.is_some()) => {
            return Err(usage(
                "the district report takes --district CODE (and --out FILE, not --out-dir or --school)",
            ));
        }
        (_, None, _) if district_report => {
            return Err(usage("the district report takes --district CODE"));
        }
        _ if district_report => {}
        _ if args.indicators.is_some() => {
            return Err(usage("--indicators is for the district report only"));
        }
        (Some(_), None, None) | (None, Some(_), Some(_)) => {}
        (None, Some(_), None) => {
            return Err(usage(
                "--district with a school or accreditation report writes every school's file: give --out-dir DIR",
            ));
        }
        _ => {
            return Err(usage(
                "give --school CODE (one report) or --district CODE --out-dir DIR (every school of the district)",
            ));
        }
    }
    if let Some(out) = &args.out
        && out.exists()
        && !args.force
    {
        return Err(crate::output::exists(out));
    }
    let snapshot = Snapshot::load(db)
        .await
        .context("while loading the published trend generation")?;
    match (&args.school, &args.district, &args.out_dir) {
        (None, Some(code), None) if district_report => {
            district(db, config, &snapshot, &args, code).await
        }
        (Some(code), None, None) => {
            let caller = Caller::operator();
            let started = Instant::now();
            let subject = Subject::resolve(db, &caller, code).await?;
            let rendered = school(db, &snapshot, &caller, &subject, &args).await?;
            let out = args
                .out
                .clone()
                .unwrap_or_else(|| PathBuf::from(&rendered.file_name));
            write(&out, &rendered, args.force)?;
            println!("{}", line(&out, &args, code, &rendered, started));
            Ok(())
        }
        (None, Some(code), Some(dir)) => all_schools(db, &snapshot, &args, code, dir).await,
        _ => unreachable!("every other combination is refused above"),
    }
}

/// An argument combination clap cannot check (exit 2).
fn usage(message: &str) -> anyhow::Error {
    crate::output::Usage(message.to_owned()).into()
}

fn write(out: &Path, rendered: &Rendered, force: bool) -> anyhow::Result<()> {
    use std::io::Write as _;
    crate::output::create(out, force)?
        .write_all(&rendered.bytes)
        .with_context(|| format!("while writing {}", out.display()))
}

fn line(out: &Path, args: &ReportArgs, code: &str, r: &Rendered, started: Instant) -> String {
    format!(
        "{}: {} report of {} for {} ({}, {} bytes, generation {}) in {:.2}s",
        out.display(),
        args.kind.code(),
        code,
        domain::year::label(args.year),
        args.lang.code(),
        r.bytes.len(),
        r.generation,
        started.elapsed().as_secs_f64()
    )
}

/// One school's report, rendered and audited.
async fn school(
    db: &domain::Db,
    snapshot: &Snapshot,
    caller: &Caller,
    subject: &Subject,
    args: &ReportArgs,
) -> anyhow::Result<Rendered> {
    let rendered = report::render(
        db,
        snapshot,
        subject,
        args.kind,
        args.year,
        args.format,
        args.lang,
    )
    .await?;
    report::audit(
        db,
        caller,
        subject,
        args.kind,
        args.year,
        args.format,
        args.lang,
        rendered.generation,
    )
    .await?;
    Ok(rendered)
}

async fn district(
    db: &domain::Db,
    config: &Config,
    snapshot: &Snapshot,
    args: &ReportArgs,
    code: &str,
) -> anyhow::Result<()> {
    let caller = Caller::operator();
    let started = Instant::now();
    let indicators = report::district::indicators(args.indicators.as_deref())
        .map_err(|m| anyhow::anyhow!("--indicators: {m}"))?;
    let district = District::resolve(snapshot, &caller, code)?;
    let rendered = report::render_district(
        db,
        snapshot,
        &config.alerts,
        &district,
        args.year,
        &indicators,
        args.format,
        args.lang,
    )
    .await?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(&rendered.file_name));
    write(&out, &rendered, args.force)?;
    report::audit_district(
        db,
        &caller,
        &district,
        args.year,
        &indicators,
        args.format,
        args.lang,
        rendered.generation,
    )
    .await?;
    println!("{}", line(&out, args, code, &rendered, started));
    Ok(())
}

/// Every school of the district, one file each under its own name in `dir`; a school that
/// fails is named at the end and the others are still written. A progress bar on a
/// terminal; one line per school otherwise (a log or a pipe keeps every line).
async fn all_schools(
    db: &domain::Db,
    snapshot: &Snapshot,
    args: &ReportArgs,
    code: &str,
    dir: &Path,
) -> anyhow::Result<()> {
    let caller = Caller::operator();
    let started = Instant::now();
    let district = District::resolve(snapshot, &caller, code)?;
    snapshot.check_year("--year", args.year)?;
    std::fs::create_dir_all(dir).with_context(|| format!("while creating {}", dir.display()))?;
    let mut schools: Vec<String> = snapshot
        .schools_of(district.district.id)
        .iter()
        .filter_map(|id| snapshot.school(*id).map(|p| p.code.clone()))
        .collect();
    schools.sort();
    let total = schools.len() as u64;
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(total);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:30} {pos}/{len} {wide_msg} [{elapsed}, ~{eta} left]",
            )
            .expect("a valid template"),
        );
        bar
    });
    let (mut written, mut bytes) = (0usize, 0usize);
    let mut failed: Vec<(String, String)> = Vec::new();
    // Files already there, kept (without --force).
    let mut kept = 0;
    for (k, code) in schools.iter().enumerate() {
        if let Some(bar) = &bar {
            bar.set_message(code.clone());
        }
        let result = async {
            let subject = Subject::resolve(db, &caller, code).await?;
            let rendered = school(db, snapshot, &caller, &subject, args).await?;
            let out = dir.join(&rendered.file_name);
            write(&out, &rendered, args.force)?;
            anyhow::Ok((out, rendered.bytes.len()))
        }
        .await;
        match result {
            Ok((out, n)) => {
                written += 1;
                bytes += n;
                if bar.is_none() {
                    eprintln!("[{}/{total}] {code}: {}", k + 1, out.display());
                }
            }
            Err(e) => {
                kept += usize::from(e.is::<crate::output::Usage>());
                let e = format!("{e:#}");
                match &bar {
                    Some(bar) => bar.println(format!("{code}: failed: {e}")),
                    None => eprintln!("[{}/{total}] {code}: failed: {e}", k + 1),
                }
                failed.push((code.clone(), e));
            }
        }
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    println!(
        "{}: {written} of {total} {} reports of {code} for {} written ({} bytes) in {:.1}s{}",
        dir.display(),
        args.kind.code(),
        domain::year::label(args.year),
        bytes,
        started.elapsed().as_secs_f64(),
        if failed.is_empty() {
            String::new()
        } else {
            format!(
                "; {} failed: {}",
                failed.len(),
                failed
                    .iter()
                    .map(|(c, e)| format!("{c} ({e})"))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        }
    );
    if failed.is_empty() {
        Ok(())
    } else if kept == failed.len() {
        Err(crate::output::Usage(format!(
            "{kept} of {total} files were already in {} and were kept; give --force to replace them",
            dir.display()
        ))
        .into())
    } else {
        bail!("{} of {total} reports failed", failed.len())
    }
}
