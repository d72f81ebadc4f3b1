//! The tracker's bar chart, drawn at build time as inline SVG: no script, a
//! text alternative for screen readers, and the numbers written on the bars
//! so colour is never the only cue. The data table beside it on the page
//! holds the same figures.

use std::fmt::Write as _;

use crate::site::tracker::MonthFigure;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 36.0;
const BOTTOM: f64 = 36.0;
const TOP: f64 = 24.0;

/// Posts per month (the last 12 months at most) against the monthly target.
pub fn posts_chart(months: &[MonthFigure], target: u32) -> String {
    let shown = &months[months.len().saturating_sub(12)..];
    let max = shown
        .iter()
        .map(|m| m.posts)
        .max()
        .unwrap_or(0)
        .max(target)
        .max(1) as f64
        * 1.15;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let y = |v: f64| TOP + plot_h - v / max * plot_h;
    let slot = (WIDTH - LEFT) / shown.len().max(1) as f64;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg"><title id="chart-title">Số tin, bài theo tháng so với chỉ tiêu {target} tin, bài</title><desc id="chart-desc">{}</desc>"#,
        describe(shown, target)
    );
    let _ = write!(
        svg,
        r##"<line x1="{LEFT}" y1="{0:.1}" x2="{WIDTH}" y2="{0:.1}" stroke="#4a4a4a"/>"##,
        y(0.0)
    );
    for (i, m) in shown.iter().enumerate() {
        let x = LEFT + i as f64 * slot + slot * 0.15;
        let w = slot * 0.7;
        let top = y(m.posts as f64);
        let (fill, class) = if m.met {
            ("#1e6b2f", "dat")
        } else if m.in_progress {
            ("#0b4f9c", "dang")
        } else {
            ("#a4262c", "thieu")
        };
        let _ = write!(
            svg,
            r##"<rect class="{class}" x="{x:.1}" y="{top:.1}" width="{w:.1}" height="{:.1}" fill="{fill}"/><text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="14" fill="#1b1b1b">{}</text><text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="12" fill="#4a4a4a">{}/{}</text>"##,
            y(0.0) - top,
            x + w / 2.0,
            top - 4.0,
            m.posts,
            x + w / 2.0,
            HEIGHT - BOTTOM + 16.0,
            &m.month[5..],
            &m.month[2..4],
        );
    }
    let ty = y(target as f64);
    let _ = write!(
        svg,
        r##"<line x1="{LEFT}" y1="{ty:.1}" x2="{WIDTH}" y2="{ty:.1}" stroke="#1b1b1b" stroke-width="2" stroke-dasharray="6 4"/><text x="2" y="{:.1}" font-size="12" fill="#1b1b1b">CT {target}</text></svg>"##,
        ty + 4.0
    );
    svg
}

/// The chart's text alternative: what a sighted reader takes from it.
fn describe(months: &[MonthFigure], target: u32) -> String {
    let closed: Vec<&MonthFigure> = months.iter().filter(|m| !m.in_progress).collect();
    let met = closed.iter().filter(|m| m.met).count();
    let short: Vec<String> = closed
        .iter()
        .filter(|m| !m.met)
        .map(|m| {
            format!(
                "tháng {}/{}: {} tin, bài",
                &m.month[5..],
                &m.month[..4],
                m.posts
            )
        })
        .collect();
    let mut text = format!(
        "Biểu đồ cột {} tháng gần nhất; chỉ tiêu {target} tin, bài mỗi tháng. {met} tháng đạt",
        months.len()
    );
    if short.is_empty() {
        text.push('.');
    } else {
        let _ = write!(
            text,
            ", {} tháng không đạt ({}).",
            short.len(),
            short.join("; ")
        );
    }
    if let Some(cur) = months.iter().find(|m| m.in_progress) {
        let _ = write!(
            text,
            " Tháng {}/{} đang thực hiện: {} tin, bài.",
            &cur.month[5..],
            &cur.month[..4],
            cur.posts
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(m: &str, posts: u32, in_progress: bool) -> MonthFigure {
        MonthFigure {
            month: m.into(),
            label: String::new(),
            posts,
            target: 7,
            met: posts >= 7,
            in_progress,
            needed: 7u32.saturating_sub(posts),
        }
    }

    #[test]
    fn chart_has_a_text_alternative_and_one_bar_per_month() {
        let months = vec![
            month("2026-06", 8, false),
            month("2026-07", 4, false),
            month("2026-08", 2, true),
        ];
        let svg = posts_chart(&months, 7);
        assert!(svg.contains(r#"role="img""#));
        assert!(
            svg.contains("1 tháng đạt, 1 tháng không đạt (tháng 07/2026: 4 tin, bài)"),
            "{svg}"
        );
        assert!(svg.contains("Tháng 08/2026 đang thực hiện: 2 tin, bài."));
        assert_eq!(svg.matches("<rect").count(), 3);
    }

    #[test]
    fn shows_at_most_twelve_months() {
        let months: Vec<MonthFigure> = (1..=24)
            .map(|i| {
                month(
                    &format!("20{:02}-{:02}", 24 + (i - 1) / 12, (i - 1) % 12 + 1),
                    7,
                    false,
                )
            })
            .collect();
        assert_eq!(posts_chart(&months, 7).matches("<rect").count(), 12);
    }
}
