//! Targets and results of plan indicators (chỉ tiêu) as plans write them,
//! read far enough to compare: "100%", "≥ 90%", "tối thiểu 80%", "60 văn
//! bản", "không quá 5%". A target with no number ("Hoàn thành", "Đúng quy
//! định") or a result in another unit compares with nothing: no verdict.

/// Which way a target points.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Bound {
    /// At least (the default: "100%", "≥ 90%", "tối thiểu", "từ ... trở lên").
    AtLeast,
    /// At most ("không quá", "tối đa", "dưới", "≤").
    AtMost,
}

/// A number with its unit ("%" or a word such as "văn bản").
#[derive(Debug, Clone, PartialEq)]
struct Amount {
    value: f64,
    percent: bool,
}

fn amount(text: &str) -> Option<Amount> {
    let t = text.replace(',', ".");
    let start = t.find(|c: char| c.is_ascii_digit())?;
    let digits: String = t[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    // "1.000" (a thousand, Vietnamese grouping) vs "12.5".
    let grouped = digits.split('.').skip(1).all(|g| g.len() == 3) && digits.contains('.');
    let value: f64 = if grouped {
        digits.replace('.', "").parse().ok()?
    } else {
        digits.trim_end_matches('.').parse().ok()?
    };
    Some(Amount {
        value,
        percent: t[start..].contains('%'),
    })
}

fn bound(text: &str) -> Bound {
    let folded = deunicode::deunicode(&text.to_lowercase());
    let at_most = ["khong qua", "toi da", "duoi", "<", "≤", "khong vuot"]
        .iter()
        .any(|w| folded.contains(w) || text.contains(w));
    if at_most {
        Bound::AtMost
    } else {
        Bound::AtLeast
    }
}

/// Whether `actual` meets `target`; None when the two do not compare (no
/// number in one of them, or a percentage against a count).
pub fn met(target: &str, actual: &str) -> Option<bool> {
    let (t, a) = (amount(target)?, amount(actual)?);
    if t.percent != a.percent {
        return None;
    }
    Some(match bound(target) {
        Bound::AtLeast => a.value >= t.value,
        Bound::AtMost => a.value <= t.value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_and_results_compare_as_plans_write_them() {
        assert_eq!(met("100%", "100%"), Some(true));
        assert_eq!(met("100%", "98,5%"), Some(false));
        assert_eq!(met("≥ 90%", "92%"), Some(true));
        assert_eq!(met("Tối thiểu 80%", "75%"), Some(false));
        assert_eq!(met("Không quá 5%", "3%"), Some(true));
        assert_eq!(met("60 văn bản", "61"), Some(true));
        assert_eq!(met("1.000 lượt", "999 lượt"), Some(false));
        assert_eq!(
            met("100%", "45 hồ sơ"),
            None,
            "a percentage against a count"
        );
        assert_eq!(met("Hoàn thành", "Đã hoàn thành"), None);
    }
}
