//! The public page's HTML: escaped text, tables, and one inline SVG chart (presentation
//! attributes only, so the page's CSP needs no inline style or script).

use super::{LEARNING, OLYMPIADS, ORT};
use domain::entity::accreditation;
use domain::labels::Vocabulary;
use domain::school::SchoolWithPlace;
use domain::trend::catalog::{self, Indicator, Unit};
use domain::trend::snapshot::{EntityKind, Flag, Point, Snapshot};
use report::Lang;
use report::text;
use std::fmt::Write as _;

pub(super) struct Input<'a> {
    pub school: &'a SchoolWithPlace,
    pub languages: &'a [String],
    pub accreditation: &'a [accreditation::Model],
    pub snapshot: &'a Snapshot,
    pub year: i32,
    pub lang: Lang,
}

/// Text for HTML (element content and quoted attribute values).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn label(v: Vocabulary, code: &str, lang: Lang) -> String {
    v.label(code)
        .map_or(code, |l| lang.pick(l.ky, l.ru))
        .to_owned()
}

fn indicator(code: &str) -> (&'static Indicator, domain::trend::snapshot::IndicatorRef) {
    let r = Snapshot::indicators(&[code.to_owned()]).expect("a catalog code")[0];
    (catalog::find(code).expect("a catalog code"), r)
}

/// A value as printed: the figure with its unit's decimals and the flags' marks, `X` when
/// withheld for small numbers, `—` when missing.
fn figure(p: Option<&Point>, ind: &Indicator, seen: &mut Vec<Flag>) -> String {
    let Some(p) = p else {
        return "—".into();
    };
    for f in p.flags.iter() {
        if !seen.contains(&f) {
            seen.push(f);
        }
    }
    let marks: Vec<&str> = p
        .flags
        .iter()
        .filter(|f| *f != Flag::Suppressed)
        .map(|f| text::flag(Lang::Ky, f).0)
        .collect();
    let value = match p.value {
        Some(v) => report::model::number(v, text::decimals(ind.unit)),
        None if p.flags.contains(Flag::Suppressed) => "X".into(),
        None => "—".into(),
    };
    if marks.is_empty() {
        value
    } else {
        format!("{value} {}", marks.join(""))
    }
}

pub(super) fn render(i: &Input<'_>) -> String {
    let lang = i.lang;
    let s = &i.school.school;
    let name = lang.pick(&s.name_ky, &s.name_ru);
    let district = lang.pick(&i.school.district.name_ky, &i.school.district.name_ru);
    let region = lang.pick(&i.school.region.name_ky, &i.school.region.name_ru);
    let years: Vec<i32> = (i.year - 4..=i.year).collect();
    let mut flags = Vec::new();
    let mut h = String::with_capacity(24 * 1024);
    let _ = write!(
        h,
        "<!doctype html><html lang=\"{code}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"/public/school.css\"></head><body>\
         <header><nav class=\"lang\">{switch}</nav><h1>{title}</h1>\
         <p class=\"where\">{district}, {region} · {year_label}</p></header><main>",
        code = lang.code(),
        title = esc(name),
        switch = switch(i),
        district = esc(district),
        region = esc(region),
        year_label = esc(&format!(
            "{} {}",
            lang.pick("окуу жылы", "учебный год"),
            domain::year::label(i.year)
        )),
    );
    passport(&mut h, i);
    let _ = write!(
        h,
        "<section><h2>{}</h2>",
        lang.pick(
            "Билим сапаты жана жетишүү",
            "Качество знаний и успеваемость"
        )
    );
    table(&mut h, i, &years, &LEARNING, true, &mut flags);
    chart(&mut h, i, &years);
    h.push_str("</section>");
    let _ = write!(
        h,
        "<section><h2>{}</h2>",
        lang.pick(
            "Олимпиадалардын байгелүү орундары",
            "Призовые места на олимпиадах"
        )
    );
    table(&mut h, i, &years, &OLYMPIADS, false, &mut flags);
    h.push_str("</section>");
    let _ = write!(
        h,
        "<section><h2>{}</h2>",
        lang.pick(
            "Жалпы республикалык тестирлөө (ЖРТ)",
            "Общереспубликанское тестирование (ОРТ)"
        )
    );
    table(&mut h, i, &years, &ORT, true, &mut flags);
    h.push_str("</section>");
    accreditation(&mut h, i);
    method(&mut h, i, &years, &flags);
    h.push_str("</main></body></html>");
    h
}

fn switch(i: &Input<'_>) -> String {
    let code = esc(&i.school.school.code);
    let link = |l: Lang, text: &str| {
        if l == i.lang {
            format!("<strong>{text}</strong>")
        } else {
            format!(
                "<a href=\"/schools/{code}?year={}&amp;lang={}\" hreflang=\"{}\">{text}</a>",
                i.year,
                l.code(),
                l.code()
            )
        }
    };
    format!(
        "{} · {}",
        link(Lang::Ky, "Кыргызча"),
        link(Lang::Ru, "Русский")
    )
}

fn passport(h: &mut String, i: &Input<'_>) {
    let lang = i.lang;
    let s = &i.school.school;
    let mut rows: Vec<(&str, String)> = vec![
        (lang.pick("Мектептин коду", "Код школы"), s.code.clone()),
        (
            lang.pick("Мектептин түрү", "Тип школы"),
            label(Vocabulary::SchoolType, &s.school_type, lang),
        ),
        (
            lang.pick("Менчик түрү", "Форма собственности"),
            label(Vocabulary::Ownership, &s.ownership, lang),
        ),
    ];
    if let Some(n) = s.number {
        rows.insert(1, (lang.pick("Номери", "Номер"), n.to_string()));
    }
    if !i.languages.is_empty() {
        let names: Vec<String> = i
            .languages
            .iter()
            .map(|l| label(Vocabulary::Language, l, lang))
            .collect();
        rows.push((
            lang.pick("Окутуу тилдери", "Языки обучения"),
            names.join(", "),
        ));
    }
    let optional = [
        (
            lang.pick("Калктуу пункт", "Населённый пункт"),
            s.settlement.clone(),
        ),
        (lang.pick("Дареги", "Адрес"), s.address.clone()),
        (
            lang.pick("Негизделген жылы", "Год основания"),
            s.founded_year.map(|y| y.to_string()),
        ),
        (
            lang.pick("Долбоордук кубаттуулук", "Проектная мощность"),
            s.design_capacity.map(|c| c.to_string()),
        ),
        (lang.pick("Телефон", "Телефон"), s.phone.clone()),
        (lang.pick("Веб-сайт", "Веб-сайт"), s.website.clone()),
    ];
    rows.extend(optional.into_iter().filter_map(|(k, v)| Some((k, v?))));
    let _ = write!(
        h,
        "<section><h2>{}</h2><dl class=\"passport\">",
        lang.pick("Мектептин паспорту", "Паспорт школы")
    );
    for (k, v) in rows {
        let _ = write!(h, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(&v));
    }
    h.push_str("</dl></section>");
}

/// One indicator per row group: the school's row and, for `with_district`, the district's.
fn table(
    h: &mut String,
    i: &Input<'_>,
    years: &[i32],
    codes: &[&str],
    with_district: bool,
    flags: &mut Vec<Flag>,
) {
    let lang = i.lang;
    let snap = i.snapshot;
    let _ = write!(
        h,
        "<div class=\"scroll\"><table><thead><tr><th>{}</th>",
        lang.pick("Көрсөткүч", "Показатель")
    );
    for y in years {
        let provisional = if snap.is_provisional(*y) { "*" } else { "" };
        let _ = write!(h, "<th class=\"num\">{}{provisional}</th>", short_year(*y));
    }
    let _ = write!(
        h,
        "<th>{}</th></tr></thead><tbody>",
        lang.pick("Тренд", "Тренд")
    );
    let s = &i.school.school;
    for code in codes {
        let (ind, r) = indicator(code);
        let unit = text::unit(lang, ind.unit);
        let name = if unit.is_empty() {
            text::indicator_name(lang, ind).to_owned()
        } else {
            format!("{}, {unit}", text::indicator_name(lang, ind))
        };
        let mut entities = vec![(EntityKind::School, s.id, name)];
        if with_district && ind.unit != Unit::Count {
            entities.push((
                EntityKind::District,
                i.school.district.id,
                lang.pick(&i.school.district.name_ky, &i.school.district.name_ru)
                    .to_owned(),
            ));
        }
        for (kind, id, row_name) in entities {
            let class = if kind == EntityKind::School {
                ""
            } else {
                " class=\"area\""
            };
            let _ = write!(
                h,
                "<tr{class} data-indicator=\"{code}\" data-entity=\"{}\"><th scope=\"row\">{}</th>",
                kind.code(),
                esc(&row_name)
            );
            for y in years {
                let _ = write!(
                    h,
                    "<td class=\"num\" data-year=\"{y}\">{}</td>",
                    esc(&figure(snap.point(kind, id, r, *y), ind, flags))
                );
            }
            let direction = snap
                .trend(kind, id, r)
                .map(|t| text::direction(lang, t.direction))
                .unwrap_or("—");
            let _ = write!(h, "<td>{}</td></tr>", esc(direction));
        }
    }
    h.push_str("</tbody></table></div>");
}

fn short_year(y: i32) -> String {
    format!("{y}-{:02}", (y + 1) % 100)
}

/// Knowledge quality and success, the school's (solid) and the district's (dashed), 0–100 %.
fn chart(h: &mut String, i: &Input<'_>, years: &[i32]) {
    const W: f64 = 640.0;
    const H: f64 = 220.0;
    const LEFT: f64 = 40.0;
    const BOTTOM: f64 = 190.0;
    const TOP: f64 = 10.0;
    let lang = i.lang;
    // Room on the right for the last year's label.
    let step = (W - LEFT - 45.0) / (years.len().max(2) - 1) as f64;
    let x = |k: usize| LEFT + step * k as f64;
    let y = |v: f64| BOTTOM - (BOTTOM - TOP) * v.clamp(0.0, 100.0) / 100.0;
    let _ = write!(
        h,
        "<figure><svg viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        esc(lang.pick(
            "Билим сапаты жана жетишүү, %",
            "Качество знаний и успеваемость, %"
        ))
    );
    for v in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let _ = write!(
            h,
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{y0}\" y2=\"{y0}\" stroke=\"#ddd\" stroke-width=\"1\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"end\" fill=\"#555\">{v}</text>",
            W - 10.0,
            LEFT - 6.0,
            y(v) + 4.0,
            y0 = y(v),
        );
    }
    for (k, yr) in years.iter().enumerate() {
        let _ = write!(
            h,
            "<text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"middle\" fill=\"#555\">{}</text>",
            x(k),
            BOTTOM + 18.0,
            short_year(*yr)
        );
    }
    let series = [
        (LEARNING[0], EntityKind::School, "#1f5fa8", ""),
        (LEARNING[0], EntityKind::District, "#1f5fa8", "6 4"),
        (LEARNING[1], EntityKind::School, "#2e8540", ""),
        (LEARNING[1], EntityKind::District, "#2e8540", "6 4"),
    ];
    for (code, kind, colour, dash) in series {
        let (_, r) = indicator(code);
        let id = match kind {
            EntityKind::School => i.school.school.id,
            _ => i.school.district.id,
        };
        let points: Vec<(f64, f64)> = years
            .iter()
            .enumerate()
            .filter_map(|(k, yr)| {
                let v = i.snapshot.point(kind, id, r, *yr)?.value?;
                Some((x(k), y(v)))
            })
            .collect();
        if points.len() > 1 {
            let path: Vec<String> = points
                .iter()
                .map(|(a, b)| format!("{a:.1},{b:.1}"))
                .collect();
            let _ = write!(
                h,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\" stroke-dasharray=\"{}\"/>",
                path.join(" "),
                if dash.is_empty() { "none" } else { dash }
            );
        }
        if kind == EntityKind::School {
            for (a, b) in &points {
                let _ = write!(
                    h,
                    "<circle cx=\"{a:.1}\" cy=\"{b:.1}\" r=\"3.5\" fill=\"{colour}\"/>"
                );
            }
        }
    }
    let name = |code: &str| text::indicator_name(lang, indicator(code).0).to_owned();
    let _ = write!(
        h,
        "</svg><figcaption><span class=\"key quality\"></span>{} <span class=\"key success\"></span>{} · \
         {}</figcaption></figure>",
        esc(&name(LEARNING[0])),
        esc(&name(LEARNING[1])),
        esc(lang.pick(
            "тутуш сызык — мектеп, үзүк сызык — район",
            "сплошная линия — школа, пунктир — район"
        ))
    );
}

fn accreditation(h: &mut String, i: &Input<'_>) {
    let lang = i.lang;
    let _ = write!(
        h,
        "<section><h2>{}</h2>",
        lang.pick("Аккредитация", "Аккредитация")
    );
    if i.accreditation.is_empty() {
        let _ = write!(
            h,
            "<p>{}</p></section>",
            lang.pick(
                "Аккредитация тууралуу маалымат жок.",
                "Сведений об аккредитации нет."
            )
        );
        return;
    }
    h.push_str("<ul>");
    for a in i.accreditation {
        let until = a
            .valid_until
            .map(|d| {
                format!(
                    ", {} {}",
                    lang.pick("мөөнөтү", "действует до"),
                    d.format("%d.%m.%Y")
                )
            })
            .unwrap_or_default();
        let _ = write!(
            h,
            "<li data-accreditation=\"{}\">{}: {} ({}{})</li>",
            esc(&a.decision),
            esc(&label(
                Vocabulary::AccreditationType,
                &a.accreditation_type,
                lang
            )),
            esc(&label(Vocabulary::AccreditationDecision, &a.decision, lang)),
            a.decision_year,
            esc(&until)
        );
    }
    h.push_str("</ul></section>");
}

/// Each indicator's method, the district's coverage per year, the flags met, the generation.
fn method(h: &mut String, i: &Input<'_>, years: &[i32], flags: &[Flag]) {
    let lang = i.lang;
    let _ = write!(
        h,
        "<section class=\"method\"><h2>{}</h2><ul>",
        lang.pick("Эсептөө ыкмасы жана камтуу", "Методика и охват")
    );
    for code in LEARNING.iter().chain(&OLYMPIADS).chain(&ORT) {
        let (ind, r) = indicator(code);
        let coverage: Vec<String> = years
            .iter()
            .filter_map(|y| {
                let c = i
                    .snapshot
                    .point(EntityKind::District, i.school.district.id, r, *y)?
                    .coverage?;
                Some(format!("{} {}/{}", short_year(*y), c.schools, c.expected))
            })
            .collect();
        // The English formula (the analysts') only where the catalog has no words for it.
        let (formula, formula_lang) = match ind.formula_local {
            Some([ky, ru]) => (lang.pick(ky, ru), lang.code()),
            None => (ind.formula, "en"),
        };
        let _ = write!(
            h,
            "<li><strong>{}</strong> — {}; <span class=\"formula\" lang=\"{formula_lang}\">{}</span>.",
            esc(text::indicator_name(lang, ind)),
            esc(text::method(lang, ind.method)),
            esc(formula)
        );
        if !coverage.is_empty() {
            let _ = write!(
                h,
                " {}: {}.",
                esc(lang.pick(
                    "Райондун көрсөткүчү камтыган мектептер",
                    "Показатель района охватывает школ"
                )),
                esc(&coverage.join(", "))
            );
        }
        h.push_str("</li>");
    }
    h.push_str("</ul><p>");
    h.push_str(&esc(lang.pick(
        "Райондун пайызы мектептердин алымдары менен бөлүмдөрүн кошуп, анан бөлүү менен эсептелет (пайыздардын орточосу эмес). «X» — аз сандагы адамдар үчүн жашырылган маани (5тен аз), «—» — маалымат жок. * — алдын ала жыл (камтуу толук эмес).",
        "Процент района считается по суммам числителей и знаменателей школ (не как среднее процентов). «X» — значение скрыто из-за малого числа людей (меньше 5), «—» — данных нет. * — предварительный год (охват неполный).",
    )));
    h.push_str("</p>");
    if !flags.is_empty() {
        h.push_str("<p class=\"flags\">");
        for f in flags.iter().filter(|f| **f != Flag::Suppressed) {
            let (mark, meaning) = text::flag(lang, *f);
            let _ = write!(h, "<span>{} — {}</span> ", esc(mark), esc(meaning));
        }
        h.push_str("</p>");
    }
    if let Some(g) = &i.snapshot.generation {
        let _ = write!(
            h,
            "<p class=\"generation\">{} {} · {}</p>",
            esc(lang.pick("Маалымат мууну", "Поколение данных")),
            g.id,
            g.published_at
                .map(|t| t.format("%d.%m.%Y").to_string())
                .unwrap_or_default()
        );
    }
    h.push_str("</section>");
}
