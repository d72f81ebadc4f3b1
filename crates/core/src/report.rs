//! `congkhai report`: the tracker's figures as a terminal table, stable JSON
//! (documented in the README) and CSV for the department's periodic reports.

#![expect(
    missing_docs,
    reason = "fields of the data model not documented yet; the lint fails once they are"
)]

use chrono::NaiveDate;
use serde::Serialize;

use crate::content::dates::vn_date;
pub use crate::site::tracker::PeriodFigures;
use crate::site::tracker::{
    feedback_figures_in, period_figures, FeedbackFigures, GuidanceItem, IndicatorRow, MonthFigure,
    OverdueTask, Period, PlanFigures, ProcedureFigures, Tracker,
};
use crate::site::Site;

/// One month in the JSON report.
#[derive(Debug, Serialize)]
pub struct JsonMonth {
    pub month: String,
    pub posts: u32,
    pub target: u32,
    pub met: bool,
    pub in_progress: bool,
    pub needed: u32,
}

/// Guidance documents of one reporting year in the JSON report.
#[derive(Debug, Serialize)]
pub struct JsonYear {
    pub year: i32,
    pub count: u32,
    pub target: u32,
    pub documents: u32,
    pub plans: u32,
    /// The dates counted (the calendar year, "trong năm"), dd/mm/yyyy.
    pub from: String,
    pub to: String,
    /// Whether the year is judged against the target (not before
    /// `targets.since`).
    pub judged: bool,
    /// What was counted (url, number, title, kind, date), newest first.
    pub items: Vec<GuidanceItem>,
}

/// The whole report; its JSON form is a stable interface.
#[derive(Debug, Serialize)]
pub struct Report {
    pub today: String,
    pub months: Vec<JsonMonth>,
    pub guidance_docs: Vec<JsonYear>,
    pub feedback: FeedbackFigures,
    pub procedures: ProcedureFigures,
    pub plans: PlanFigures,
    /// Every plan's indicators with their latest results.
    pub indicators: Vec<IndicatorRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<PeriodFigures>,
    #[serde(skip)]
    missing_names: Vec<(String, String)>,
    #[serde(skip)]
    overdue_tasks: Vec<OverdueTask>,
    #[serde(skip)]
    unreported_tasks: Vec<OverdueTask>,
    #[serde(skip)]
    title: String,
    #[serde(skip)]
    month_end: String,
    #[serde(skip)]
    today_date: NaiveDate,
}

impl Report {
    /// The report for months within `range` (all months when None).
    pub fn new(site: &Site, tracker: &Tracker, range: Option<Period>) -> Report {
        let in_range = |m: &MonthFigure| range.is_none_or(|p| p.contains_month(&m.month));
        let months: Vec<&MonthFigure> = tracker.months.iter().filter(|m| in_range(m)).collect();
        let years = tracker
            .guidance_docs
            .iter()
            .filter(|y| range.is_none_or(|p| p.years().contains(&y.year)));
        Report {
            today: tracker.today.clone(),
            months: months
                .iter()
                .map(|m| JsonMonth {
                    month: m.month.clone(),
                    posts: m.posts,
                    target: m.target,
                    met: m.met,
                    in_progress: m.in_progress,
                    needed: m.needed,
                })
                .collect(),
            guidance_docs: years
                .map(|y| JsonYear {
                    year: y.year,
                    count: y.count,
                    target: y.target,
                    documents: y.documents,
                    plans: y.plans,
                    from: y.from.clone(),
                    to: y.to.clone(),
                    judged: y.judged,
                    items: y.items.clone(),
                })
                .collect(),
            feedback: feedback_figures_in(site, site.today, range),
            procedures: tracker.procedures.clone(),
            plans: tracker.plans.clone(),
            indicators: tracker.indicators.clone(),
            period: range.map(|p| period_figures(site, &tracker.months, p)),
            missing_names: tracker
                .missing_procedures
                .iter()
                .map(|e| (e.code.clone(), e.name.clone()))
                .collect(),
            overdue_tasks: tracker.overdue_tasks.clone(),
            unreported_tasks: tracker.unreported_tasks.clone(),
            title: site.config.title.clone(),
            month_end: tracker.month_end_display.clone(),
            today_date: site.today,
        }
    }

    /// Catalogue codes not listed on the site (for `--fail-under`).
    pub fn missing_procedures(&self) -> &[String] {
        &self.procedures.missing
    }

    /// Closed months that missed their target (for `--fail-under`).
    pub fn short_months(&self) -> Vec<&JsonMonth> {
        self.months
            .iter()
            .filter(|m| !m.met && !m.in_progress)
            .collect()
    }

    /// The terminal table; `color` adds ANSI colours.
    pub fn to_text(&self, color: bool) -> String {
        let paint = |code: &str, s: String| {
            if color {
                format!("\x1b[{code}m{s}\x1b[0m")
            } else {
                s
            }
        };
        let mut out = format!(
            "Theo dõi chỉ tiêu – {} – ngày {}\n",
            self.title,
            vn_date(self.today_date)
        );
        if let Some(p) = &self.period {
            out += &format!("Kỳ báo cáo: {} ({} – {})\n", p.label, p.from, p.to);
        }
        let target = self.months.first().map_or(0, |m| m.target);
        out += &format!("\nTin, bài theo tháng (chỉ tiêu {target} tin, bài/tháng)\n  Tháng     Số tin, bài  Kết quả\n");
        for m in &self.months {
            let result = if m.met {
                paint("32", "đạt".into())
            } else if m.in_progress {
                paint(
                    "33",
                    format!(
                        "đang thực hiện: cần thêm {} đến hết ngày {}",
                        m.needed, self.month_end
                    ),
                )
            } else {
                paint("31", format!("KHÔNG ĐẠT (thiếu {})", m.needed))
            };
            out += &format!(
                "  {}/{}  {:>11}  {result}\n",
                &m.month[5..],
                &m.month[..4],
                m.posts
            );
        }
        out += "\nVăn bản hướng dẫn, chỉ đạo (văn bản và kế hoạch), theo năm dương lịch\n";
        for y in &self.guidance_docs {
            out += &format!(
                "  {} ({} – {}): {}/{}{}\n",
                y.year,
                y.from,
                y.to,
                y.count,
                y.target,
                self.year_pace(y)
            );
        }
        out += "  (danh sách văn bản được tính: report --json, hoặc trang Theo dõi chỉ tiêu)\n";
        if let Some(p) = &self.period {
            out += &format!(
                "\nTrong kỳ ({} – {}): {} tin, bài ({} tháng đạt, {} tháng không đạt); {} văn bản hướng dẫn, chỉ đạo ({} văn bản, {} kế hoạch); {} phản ánh, kiến nghị tiếp nhận\n",
                p.from, p.to, p.posts, p.months_met, p.months_short, p.guidance_docs, p.documents, p.plans, p.feedback_received
            );
        }
        let f = &self.feedback;
        let rate = f
            .on_time_percent
            .map_or("chưa có phản ánh đến hạn".to_string(), |r| {
                format!("{r}%")
            });
        out += &format!(
            "\nPhản ánh, kiến nghị: tiếp nhận {}, đã trả lời {} (công khai {}), đúng hạn {}, trễ hạn {}, chưa trả lời đã quá hạn {}; tỷ lệ xử lý đúng hạn {rate}\n",
            f.received, f.answered, f.published, f.answered_on_time, f.answered_late,
            if f.overdue_open > 0 { paint("31", f.overdue_open.to_string()) } else { f.overdue_open.to_string() }
        );
        let p = &self.procedures;
        out += &format!(
            "Thủ tục hành chính: công khai {}, trực tuyến toàn trình {}, một phần {}, không phụ thuộc địa giới hành chính {}, thiếu thành phần {}, đã bãi bỏ {}\n",
            p.total, p.online_full, p.online_partial, p.boundary_free, p.incomplete, p.abolished
        );
        if let (Some(all), Some(listed)) = (p.catalogue, p.listed_of_catalogue) {
            out += &format!("  Theo danh mục đã công bố: {listed}/{all} thủ tục đã công khai\n");
            for (code, name) in &self.missing_names {
                out += &format!(
                    "  {} {code} {name}\n",
                    paint("31", "chưa công khai:".into())
                );
            }
        }
        let t = &self.plans;
        out += &format!(
            "Nhiệm vụ trong kế hoạch: {}, quá hạn chưa hoàn thành {}\n",
            t.tasks,
            if t.tasks_overdue > 0 {
                paint("31", t.tasks_overdue.to_string())
            } else {
                "0".into()
            }
        );
        for task in &self.overdue_tasks {
            out += &format!(
                "  quá hạn {}: {} (nhiệm vụ {} – {}; chủ trì: {})\n",
                task.deadline, task.title, task.number, task.plan_number, task.lead
            );
        }
        if t.tasks_status_unknown > 0 {
            out += &format!(
                "Đã đến hạn, chưa cập nhật kết quả: {} (ghi tình trạng của từng nhiệm vụ)\n",
                paint("33", t.tasks_status_unknown.to_string())
            );
        }
        for task in &self.unreported_tasks {
            out += &format!(
                "  hạn {}: {} (nhiệm vụ {} – {}; chủ trì: {})\n",
                task.deadline, task.title, task.number, task.plan_number, task.lead
            );
        }
        out
    }

    /// "; cần thêm 8 trong 40 ngày còn lại" for the current reporting year.
    fn year_pace(&self, y: &JsonYear) -> String {
        let today = self.today_date;
        if !y.judged {
            return " – không đánh giá (nội dung trang chưa bao quát cả năm)".into();
        }
        if y.count >= y.target {
            return " – đạt".into();
        }
        let end = NaiveDate::parse_from_str(&y.to, "%d/%m/%Y").unwrap_or(today);
        if end < today {
            return format!(" – không đạt (thiếu {})", y.target - y.count);
        }
        let days_left = (end - today).num_days() + 1;
        format!(
            " – cần thêm {} văn bản trong {} ngày còn lại của năm",
            y.target - y.count,
            days_left
        )
    }

    /// CSV for the periodic report: UTF-8 with BOM (so Excel reads
    /// Vietnamese correctly), CRLF line ends, one row per figure.
    pub fn to_csv(&self) -> String {
        let mut rows: Vec<[String; 4]> = vec![[
            "Nội dung".into(),
            "Số liệu".into(),
            "Chỉ tiêu".into(),
            "Đánh giá".into(),
        ]];
        for m in &self.months {
            let verdict = if m.met {
                "Đạt".to_string()
            } else if m.in_progress {
                format!("Đang thực hiện, cần thêm {}", m.needed)
            } else {
                format!("Không đạt, thiếu {}", m.needed)
            };
            rows.push([
                format!("Tin, bài tháng {}/{}", &m.month[5..], &m.month[..4]),
                m.posts.to_string(),
                m.target.to_string(),
                verdict,
            ]);
        }
        for y in &self.guidance_docs {
            let verdict = if !y.judged {
                "Không đánh giá".into()
            } else if y.count >= y.target {
                "Đạt".into()
            } else {
                format!("Thiếu {}", y.target - y.count)
            };
            rows.push([
                format!("Văn bản hướng dẫn, chỉ đạo năm {}", y.year),
                y.count.to_string(),
                y.target.to_string(),
                verdict,
            ]);
        }
        if let Some(p) = &self.period {
            rows.push([
                format!("Tin, bài trong kỳ ({})", p.label),
                p.posts.to_string(),
                String::new(),
                format!(
                    "{} tháng đạt, {} tháng không đạt",
                    p.months_met, p.months_short
                ),
            ]);
            rows.push([
                format!("Văn bản hướng dẫn, chỉ đạo trong kỳ ({})", p.label),
                p.guidance_docs.to_string(),
                String::new(),
                String::new(),
            ]);
        }
        let f = &self.feedback;
        for (label, value, target) in [
            ("Phản ánh, kiến nghị tiếp nhận", f.received, ""),
            ("Phản ánh, kiến nghị đã trả lời", f.answered, ""),
            (
                "Phản ánh, kiến nghị đã công khai",
                f.published,
                "100% số đã trả lời",
            ),
            (
                "Phản ánh, kiến nghị trả lời đúng hạn",
                f.answered_on_time,
                "100%",
            ),
            ("Phản ánh, kiến nghị trả lời trễ hạn", f.answered_late, "0"),
            (
                "Phản ánh, kiến nghị quá hạn chưa trả lời",
                f.overdue_open,
                "0",
            ),
        ] {
            rows.push([
                label.into(),
                value.to_string(),
                target.into(),
                String::new(),
            ]);
        }
        rows.push([
            "Tỷ lệ xử lý phản ánh, kiến nghị đúng hạn (%)".into(),
            f.on_time_percent.map_or(String::new(), |r| r.to_string()),
            "100".into(),
            if f.on_time_percent.is_none() {
                "Chưa có phản ánh, kiến nghị đến hạn".into()
            } else {
                String::new()
            },
        ]);
        let p = &self.procedures;
        if let (Some(all), Some(listed)) = (p.catalogue, p.listed_of_catalogue) {
            rows.push([
                "Thủ tục trong danh mục đã công bố được công khai".into(),
                listed.to_string(),
                all.to_string(),
                if p.missing.is_empty() {
                    "Đạt".into()
                } else {
                    format!("Chưa công khai: {}", p.missing.join(", "))
                },
            ]);
        }
        rows.push([
            "Nhiệm vụ trong kế hoạch quá hạn chưa hoàn thành".into(),
            self.plans.tasks_overdue.to_string(),
            "0".into(),
            String::new(),
        ]);
        for (label, value) in [
            ("Thủ tục hành chính công khai", p.total),
            ("Thủ tục trực tuyến toàn trình", p.online_full),
            ("Thủ tục trực tuyến một phần", p.online_partial),
            (
                "Thủ tục không phụ thuộc địa giới hành chính",
                p.boundary_free,
            ),
            ("Thủ tục thiếu thành phần theo quy định", p.incomplete),
            ("Thủ tục đã bãi bỏ (không tính)", p.abolished),
        ] {
            rows.push([
                label.into(),
                value.to_string(),
                String::new(),
                String::new(),
            ]);
        }
        csv_document(rows.iter().map(|r| r.as_slice()))
    }
}

/// A CSV file as Excel opens Vietnamese text correctly: UTF-8 with a BOM,
/// CRLF line ends, fields quoted by [`csv_field`].
pub fn csv_document<'a, R: AsRef<str> + 'a>(rows: impl IntoIterator<Item = &'a [R]>) -> String {
    let mut out = String::from("\u{feff}");
    for row in rows {
        let fields: Vec<String> = row.iter().map(|c| csv_field(c.as_ref())).collect();
        out += &fields.join(",");
        out += "\r\n";
    }
    out
}

/// Quotes a CSV field when it holds a comma, quote or line break; a field
/// starting with `=`, `+`, `-` or `@` gets a leading `'` so spreadsheets do
/// not run it as a formula.
pub fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("plain"), "plain");
    }
}
